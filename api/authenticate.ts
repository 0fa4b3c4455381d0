import type { Request, RequestHandler, Response } from 'express';
import type { Actor } from '../domain/lifecycle/actor';
import { actorOf as actorOfHabilitation, noHabilitationMessage, type Principal } from '../auth/habilitations/habilitation';
import type { Habilitation, HabilitationStore } from '../auth/habilitations/habilitation-store';
import { type Session, type SessionStore, sameToken } from '../auth/sessions/session-store';
import { ProblemError } from './problem-details';
import { AccessTokenError, type AccessTokenVerifier } from './verify-access-token';

const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/;
const REALM = 'cnum-orchestrator';
export const SESSION_COOKIE = 'cnum_session';
export const CSRF_HEADER = 'x-csrf-token';
/** The form field a server-rendered form carries the CSRF token in. */
export const CSRF_FIELD = '_csrf';
/** Chooses the habilitation to act with, for a caller who holds several. */
export const HABILITATION_HEADER = 'cnum-habilitation';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling, as authenticated for this request, and what they hold right now. */
export interface Caller {
  principal: Principal;
  via: 'bearer' | 'session';
  /** The session of a signed-in person (`via: 'session'`). */
  session: Session | null;
  /** Habilitations in force, read at this request. */
  habilitations: Habilitation[];
}

export interface AuthenticateDeps {
  verifier: AccessTokenVerifier;
  sessions: SessionStore;
  habilitations: HabilitationStore;
}

function unauthorized(res: Response, code: string, detail: string, error?: string): ProblemError {
  res.setHeader('WWW-Authenticate', error ? `Bearer realm="${REALM}", error="${error}"` : `Bearer realm="${REALM}"`);
  return new ProblemError(401, code, 'Authentification requise', detail);
}

/** One cookie's value from the Cookie header. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      try {
        return decodeURIComponent(part.slice(at + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The CSRF token a request carries: in its header, or in the field of a form. */
export function sentCsrfToken(req: Request): string | undefined {
  const sent = req.get(CSRF_HEADER) ?? (req.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
  return typeof sent === 'string' ? sent : undefined;
}

/**
 * Every API route's authentication, two ways and only two: a program's bearer access token
 * (`Authorization: Bearer`), or a signed-in person's session cookie. A request that carries a bearer
 * token is judged on it alone. A cookie-authenticated request that changes something must carry
 * the session's CSRF token (header `X-CSRF-Token`, or the `_csrf` field of a form): a cookie
 * travels with requests other sites make, a bearer header does not. The caller's habilitations
 * are read from MongoDB here, at every request.
 */
export function authenticate(deps: AuthenticateDeps): RequestHandler {
  return async (req, res, next) => {
    try {
      const caller = await identify(req, res, deps);
      if (caller.via === 'session' && !SAFE_METHODS.has(req.method)) {
        if (!sameToken(sentCsrfToken(req), caller.session!.csrfToken)) {
          throw new ProblemError(
            403,
            'auth.csrf',
            'Jeton anti-falsification absent ou invalide',
            `Une requête qui modifie quelque chose avec la session doit porter son jeton CSRF (en-tête ${CSRF_HEADER}, ou champ ${CSRF_FIELD} d’un formulaire) : GET /api/v1/me le donne.`,
          );
        }
      }
      res.locals.caller = caller;
      next();
    } catch (error) {
      next(error);
    }
  };
}

async function identify(req: Request, res: Response, deps: AuthenticateDeps): Promise<Caller> {
  const header = req.get('authorization');
  if (header) {
    const match = BEARER.exec(header.trim());
    if (!match) throw unauthorized(res, 'auth.invalid_token', 'L’en-tête Authorization doit être « Bearer <jeton JWT> ».', 'invalid_request');
    let clientId: string;
    try {
      ({ clientId } = await deps.verifier.verify(match[1]!));
    } catch (error) {
      if (!(error instanceof AccessTokenError)) throw error;
      if (error.problem === 'unavailable') {
        res.setHeader('Retry-After', '5');
        throw new ProblemError(503, 'auth.issuer_unavailable', 'Service indisponible', error.message);
      }
      throw unauthorized(res, error.problem === 'expired' ? 'auth.expired_token' : 'auth.invalid_token', error.message, 'invalid_token');
    }
    const principal: Principal = { kind: 'program', clientId };
    return { principal, via: 'bearer', session: null, habilitations: await deps.habilitations.activeFor(principal) };
  }
  const cookie = readCookie(req, SESSION_COOKIE);
  if (cookie) {
    const session = await deps.sessions.find(cookie);
    if (!session) throw unauthorized(res, 'auth.session_expired', 'La session a expiré ou a pris fin : reconnectez-vous (GET /auth/login).');
    const principal: Principal = { kind: 'person', email: session.email };
    return { principal, via: 'session', session, habilitations: await deps.habilitations.activeFor(principal) };
  }
  throw unauthorized(res, 'auth.missing_token', 'Un jeton porteur (Authorization: Bearer …) ou une session (GET /auth/login) est requis.');
}

/** The authenticated caller; only routes behind `authenticate` call it. */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error('callerOf() called on a route without authenticate()');
  return caller;
}

/** Whom a caller without habilitation should ask: colleagues of its SIRET, or ANCT. */
export async function whomToAsk(caller: Caller, habilitations: HabilitationStore): Promise<string> {
  const siret = caller.session?.siret ?? null;
  const colleagues = siret ? await habilitations.colleaguesOf(siret) : [];
  return noHabilitationMessage({ principal: caller.principal, siret, colleagues });
}

/** The 403 for a valid identity that holds no habilitation: it says whom to ask. */
export async function noHabilitation(caller: Caller, habilitations: HabilitationStore): Promise<ProblemError> {
  return new ProblemError(403, 'auth.no_habilitation', 'Aucune habilitation', await whomToAsk(caller, habilitations));
}

/**
 * The habilitation the caller acts with: the only one it holds, or the one its
 * `Cnum-Habilitation` header names when it holds several. Throws 403 (none) or 400 (ambiguous).
 */
export function actingHabilitation(req: Request, caller: Caller): Habilitation | null {
  if (caller.habilitations.length === 0) return null;
  const chosen = req.get(HABILITATION_HEADER);
  if (chosen) {
    const found = caller.habilitations.find((h) => h.id === chosen);
    if (!found) {
      throw new ProblemError(403, 'auth.habilitation_unknown', 'Habilitation inconnue', `L’habilitation ${chosen} (en-tête Cnum-Habilitation) n’est pas, ou plus, la vôtre.`);
    }
    return found;
  }
  if (caller.habilitations.length === 1) return caller.habilitations[0]!;
  throw new ProblemError(400, 'auth.habilitation_choice_required', 'Habilitation à préciser', 'Vous avez plusieurs habilitations : indiquez celle avec laquelle vous agissez dans l’en-tête Cnum-Habilitation (GET /api/v1/me les liste).', {
    habilitations: caller.habilitations.map((h) => h.id),
  });
}

/** The actor of the request, or the 403 that says whom to ask for a habilitation. */
export async function requireActor(req: Request, res: Response, habilitations: HabilitationStore): Promise<Actor> {
  const caller = callerOf(res);
  const acting = actingHabilitation(req, caller);
  if (!acting) throw await noHabilitation(caller, habilitations);
  return actorOfHabilitation(caller.principal, acting.scope);
}

/** Middleware form of `requireActor`: sets `res.locals.actor` for `actorOf`. */
export function requireHabilitation(habilitations: HabilitationStore): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.actor = await requireActor(req, res, habilitations);
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** The actor of a route behind `requireHabilitation`. */
export function actorOf(res: Response): Actor {
  const actor = res.locals.actor as Actor | undefined;
  if (!actor) throw new Error('actorOf() called on a route without requireHabilitation()');
  return actor;
}
