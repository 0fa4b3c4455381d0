import { type RequestHandler, Router } from 'express';
import type { z } from 'zod';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { callerOf, whomToAsk } from './authenticate';
import { type meSchema, toHabilitationResource } from './habilitation-api-schemas';

export const ME_PATH = '/api/v1/me';

/**
 * `GET /api/v1/me`: who is calling and with which habilitations, and for a session its CSRF token,
 * which pages and scripts send back with each change. Answers a valid identity without any
 * habilitation too (with whom to ask), so that a console can tell the person.
 */
export function meRouter({ authenticate, habilitations }: { authenticate: RequestHandler; habilitations: HabilitationStore }): Router {
  const router = Router();
  router.get(ME_PATH, authenticate, async (_req, res) => {
    const caller = callerOf(res);
    const session = caller.session;
    const siret = session?.siret ?? null;
    const me: z.infer<typeof meSchema> = {
      via: caller.via,
      principal: caller.principal,
      person: session
        ? { email: session.email, givenName: session.givenName, usualName: session.usualName, siret, uid: session.uid, idpId: session.idpId }
        : null,
      habilitations: caller.habilitations.map(toHabilitationResource),
      csrfToken: session?.csrfToken ?? null,
      sessionExpiresAt: session?.expiresAt.toISOString() ?? null,
      noHabilitation: caller.habilitations.length > 0 ? null : await whomToAsk(caller, habilitations),
    };
    res.set('cache-control', 'no-store').json(me);
  });
  return router;
}
