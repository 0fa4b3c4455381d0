import type { RequestHandler, Response } from 'express';
import type { Actor } from '../domain/lifecycle/actor';
import { ProblemError } from './problem-details';
import { AccessTokenError, type AccessTokenVerifier } from './verify-access-token';

const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)$/;
const REALM = 'cnum-orchestrator';

function unauthorized(res: Response, code: string, detail: string, error?: string): ProblemError {
  res.setHeader('WWW-Authenticate', error ? `Bearer realm="${REALM}", error="${error}"` : `Bearer realm="${REALM}"`);
  return new ProblemError(401, code, 'Authentification requise', detail);
}

/** `Authorization: Bearer <jwt>` → `res.locals.actor`, or 401 with a `WWW-Authenticate` header. */
export function authenticate(verifier: AccessTokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization');
    if (!header) {
      next(unauthorized(res, 'auth.missing_token', 'Un jeton porteur (Authorization: Bearer …) est requis.'));
      return;
    }
    const match = BEARER.exec(header.trim());
    if (!match) {
      next(unauthorized(res, 'auth.invalid_token', 'L’en-tête Authorization doit être « Bearer <jeton JWT> ».', 'invalid_request'));
      return;
    }
    try {
      res.locals.actor = await verifier.verify(match[1]!);
      next();
    } catch (error) {
      if (!(error instanceof AccessTokenError)) {
        next(error);
        return;
      }
      const code = error.problem === 'expired' ? 'auth.expired_token' : 'auth.invalid_token';
      next(unauthorized(res, code, error.message, 'invalid_token'));
    }
  };
}

/** The authenticated caller; only routes behind `authenticate` call it. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('actorOf() called on a route without authenticate()');
  return actor;
}
