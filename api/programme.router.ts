import { type RequestHandler, Router } from 'express';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import type { Models } from '../models/create-models';
import { createAttributionPhaseStore } from './attribution-phase-store';
import { actorOf, requireHabilitation } from './authenticate';
import { invalidPayload, refusalProblem } from './post-refusals';
import { ProblemError } from './problem-details';
import { ATTRIBUTION_PHASE_ROUTE, setAttributionPhaseBodySchema } from './programme-api-schemas';

export interface ProgrammeRouterDeps {
  models: Models;
  /** `authenticate(…)`: a program's bearer token or a person's session. */
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

/**
 * The programme's own settings (RULES.md §2.5): every signed-in role may read the attribution
 * phase, which tells a structure whether it may apply; only ANCT opens and closes it.
 */
export function programmeRouter({ models, authenticate, habilitations }: ProgrammeRouterDeps): Router {
  const router = Router();
  const attributionPhase = createAttributionPhaseStore(models);
  router.use(authenticate, requireHabilitation(habilitations));

  router.get(ATTRIBUTION_PHASE_ROUTE, async (_req, res) => {
    res.json(await attributionPhase.read());
  });

  router.put(ATTRIBUTION_PHASE_ROUTE, async (req, res) => {
    const actor = actorOf(res);
    if (actor.role !== 'anct') {
      throw new ProblemError(
        403,
        'role.forbidden',
        'Action non autorisée',
        `Le rôle ${actor.role} ne peut ni ouvrir ni clore la phase d’attribution des postes : l’ANCT l’ouvre et la clôt (réservé à : anct).`,
      );
    }
    if (!req.is('application/json')) {
      throw new ProblemError(415, 'request.unsupported_media_type', 'Type de contenu non pris en charge', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
    }
    const parsed = setAttributionPhaseBodySchema.safeParse(req.body);
    if (!parsed.success) throw refusalProblem(invalidPayload('La décision sur la phase d’attribution n’est pas valide.', parsed.error.issues));
    res.json(await attributionPhase.set(actor, parsed.data.open, parsed.data.reason));
  });

  return router;
}
