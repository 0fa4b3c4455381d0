import { type Request, type RequestHandler, Router } from 'express';
import { mayManage, readableHabilitations } from '../auth/habilitations/habilitation';
import type { HabilitationFilter, HabilitationStore } from '../auth/habilitations/habilitation-store';
import type { Actor } from '../domain/lifecycle/actor';
import { actorOf, requireHabilitation } from './authenticate';
import {
  grantHabilitationBodySchema,
  habilitationIdParamsSchema,
  listHabilitationsQuerySchema,
  toChangeResource,
  toHabilitationResource,
} from './habilitation-api-schemas';
import { invalidPayload } from './post-refusals';
import { ProblemError } from './problem-details';

export const HABILITATIONS_PATH = '/api/v1/habilitations';

export interface HabilitationsRouterDeps {
  authenticate: RequestHandler;
  habilitations: HabilitationStore;
}

function forbidden(decision: { code: string; message: string }): ProblemError {
  return new ProblemError(403, decision.code, 'Accès non autorisé', decision.message);
}

function notFound(id: string): ProblemError {
  return new ProblemError(404, 'habilitation.not_found', 'Habilitation introuvable', `L’habilitation ${id} n’existe pas.`);
}

/** The id a route names; one that cannot be a habilitation's (too long, say) is just not found. */
function parseHabilitationId(req: Request): string {
  const parsed = habilitationIdParamsSchema.safeParse(req.params);
  if (!parsed.success) throw notFound(String(req.params.id));
  return parsed.data.id;
}

/** The filter of a list or history request, narrowed to what this actor may read. */
function readFilter(req: Request, actor: Actor): HabilitationFilter & { page: number; pageSize: number } {
  const readable = readableHabilitations(actor);
  if (!readable.ok) throw forbidden(readable);
  const parsed = listHabilitationsQuerySchema.safeParse(req.query);
  if (!parsed.success) {
    const refusal = invalidPayload('Les paramètres de la requête ne sont pas valides.', parsed.error.issues);
    throw new ProblemError(400, 'query.invalid', 'Paramètres invalides', refusal.message, { issues: refusal.kind === 'invalid_payload' ? refusal.issues : [] });
  }
  const { email, clientId, role, siret, active, page, pageSize } = parsed.data;
  if (readable.siret && siret && siret !== readable.siret) {
    throw forbidden({ code: 'habilitation.scope', message: `Une structure ne consulte que les habilitations de son SIRET (${readable.siret}).` });
  }
  return {
    siret: readable.siret ?? siret,
    role: readable.siret ? 'structure' : role,
    active: active === undefined ? undefined : active === 'true',
    principal: email ? { kind: 'person', email } : clientId ? { kind: 'program', clientId } : undefined,
    page,
    pageSize,
  };
}

/**
 * Habilitations, managed through the API: ANCT grants and revokes any; a structure's habilitated
 * staff invite colleagues for their SIRET (rules: `auth/habilitations/habilitation.ts`). Every
 * change is written with who made it, and listed in its own history.
 */
export function habilitationsRouter({ authenticate, habilitations }: HabilitationsRouterDeps): Router {
  const router = Router();
  router.use(authenticate, requireHabilitation(habilitations));
  const by = (actor: Actor) => ({ id: actor.id, role: actor.role, via: 'api' as const });

  router.get('/', async (req, res) => {
    const { page, pageSize, ...filter } = readFilter(req, actorOf(res));
    const found = await habilitations.list(filter, { page, pageSize });
    res.json({ items: found.items.map(toHabilitationResource), page, pageSize, total: found.total });
  });

  router.get('/history', async (req, res) => {
    const { page, pageSize, ...filter } = readFilter(req, actorOf(res));
    const found = await habilitations.history(filter, { page, pageSize });
    res.json({
      items: found.items.map(({ habilitation, change }) => ({
        habilitationId: habilitation.id,
        principal: habilitation.principal,
        scope: habilitation.scope,
        change: toChangeResource(change),
      })),
      page,
      pageSize,
      total: found.total,
    });
  });

  router.get('/:id', async (req, res) => {
    const actor = actorOf(res);
    const readable = readableHabilitations(actor);
    if (!readable.ok) throw forbidden(readable);
    const id = parseHabilitationId(req);
    const found = await habilitations.find(id);
    if (!found || (readable.siret && !(found.scope.role === 'structure' && found.scope.siret === readable.siret))) throw notFound(id);
    res.json(toHabilitationResource(found));
  });

  router.post('/', async (req, res) => {
    const actor = actorOf(res);
    if (!req.is('application/json')) {
      throw new ProblemError(415, 'request.unsupported_media_type', 'Type de contenu non pris en charge', 'Le corps de la requête doit être du JSON (Content-Type: application/json).');
    }
    const parsed = grantHabilitationBodySchema.safeParse(req.body);
    if (!parsed.success) {
      const refusal = invalidPayload('L’habilitation demandée n’est pas valide.', parsed.error.issues);
      throw new ProblemError(422, 'habilitation.invalid', 'Habilitation invalide', refusal.message, { issues: refusal.kind === 'invalid_payload' ? refusal.issues : [] });
    }
    const { principal, scope } = parsed.data;
    const decision = mayManage(actor, principal, scope, 'grant');
    if (!decision.ok) throw forbidden(decision);
    const { habilitation, changed } = await habilitations.grant(principal, scope, by(actor));
    res
      .status(changed ? 201 : 200)
      .location(`${HABILITATIONS_PATH}/${habilitation.id}`)
      .json(toHabilitationResource(habilitation));
  });

  router.delete('/:id', async (req, res) => {
    const actor = actorOf(res);
    const id = parseHabilitationId(req);
    const found = await habilitations.find(id);
    if (!found) throw notFound(id);
    const decision = mayManage(actor, found.principal, found.scope, 'revoke');
    if (!decision.ok) throw forbidden(decision);
    const revoked = await habilitations.revoke(id, by(actor));
    if (!revoked) throw notFound(id);
    res.json(toHabilitationResource(revoked.habilitation));
  });

  return router;
}
