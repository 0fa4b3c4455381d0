import express, { type CookieOptions, type Request, type RequestHandler, type Response, Router } from 'express';
import { randomNonce, randomPKCECodeVerifier, randomState } from 'openid-client';
import type { Logger } from 'pino';
import type { HabilitationStore } from '../auth/habilitations/habilitation-store';
import { type SessionStore, sameToken, SIGN_IN_ATTEMPT_MS } from '../auth/sessions/session-store';
import { type RelyingParty, SignInError } from '../auth/sign-in/relying-party';
import { CSRF_FIELD, CSRF_HEADER, readCookie, SESSION_COOKIE, sentCsrfToken } from './authenticate';
import { ME_PATH } from './me.router';
import { ProblemError } from './problem-details';

export const AUTH_PATH = '/auth';
/** The sign-in attempt under way (state, nonce, PKCE verifier), from /auth/login to /auth/callback. */
export const ATTEMPT_COOKIE = 'cnum_sign_in';

export interface AuthRouterDeps {
  logger: Logger;
  relyingParty: RelyingParty;
  sessions: SessionStore;
  habilitations: HabilitationStore;
  /** Secure cookies: everywhere but on loopback (PUBLIC_URL). */
  secureCookies: boolean;
  sessionTtlMinutes: number;
  /** Renders the end of a sign-out (the console's page); a plain page otherwise. */
  signedOut?: RequestHandler[];
}

/** A path of this site to go back to after signing in; anything else (another site) is ignored. */
function safeReturnTo(value: unknown): string | null {
  return typeof value === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) && value.length <= 500 ? value : null;
}

const signedOutPage = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Déconnecté</title></head>
<body><main><h1>Vous êtes déconnecté(e).</h1><p><a href="${AUTH_PATH}/login">Se reconnecter</a></p></main></body></html>`;

/**
 * Sign-in with OpenID Connect (ProConnect in production, the local provider in development):
 * `GET /auth/login` → the provider → `GET /auth/callback` → a session in MongoDB behind an httpOnly,
 * SameSite=Lax cookie; `POST /auth/logout` ends it here, then at the provider.
 */
export function authRouter(deps: AuthRouterDeps): Router {
  const router = Router();
  const cookie = (maxAgeMs: number, path = '/'): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: deps.secureCookies, path, maxAge: maxAgeMs });
  const attemptCookie = cookie(SIGN_IN_ATTEMPT_MS, AUTH_PATH);
  const providerUnavailable = (error: unknown) => {
    deps.logger.warn({ reason: (error as Error).name }, 'identity provider unreachable');
    return new ProblemError(503, 'auth.provider_unavailable', 'Service indisponible', 'Le fournisseur d’identité ne répond pas : réessayez dans quelques instants.');
  };
  const noStore = (_req: Request, res: Response, next: () => void) => {
    res.set('cache-control', 'no-store');
    next();
  };

  router.get(`${AUTH_PATH}/login`, noStore, async (req, res) => {
    const checks = { state: randomState(), nonce: randomNonce(), codeVerifier: randomPKCECodeVerifier() };
    let url: URL;
    try {
      url = await deps.relyingParty.authorizationUrl(checks);
    } catch (error) {
      throw providerUnavailable(error);
    }
    const attempt = await deps.sessions.startAttempt({ kind: 'login', ...checks, returnTo: safeReturnTo(req.query.returnTo) });
    res.cookie(ATTEMPT_COOKIE, attempt, attemptCookie).redirect(303, url.href);
  });

  router.get(`${AUTH_PATH}/callback`, noStore, async (req, res) => {
    const attemptCookieValue = readCookie(req, ATTEMPT_COOKIE);
    const attempt = attemptCookieValue ? await deps.sessions.takeAttempt(attemptCookieValue, 'login') : null;
    res.clearCookie(ATTEMPT_COOKIE, { ...attemptCookie, maxAge: undefined });
    if (!attempt) {
      throw new ProblemError(400, 'auth.sign_in_expired', 'Connexion expirée', 'Cette connexion n’a pas été commencée ici, ou a expiré : recommencez (GET /auth/login).');
    }
    if (typeof req.query.error === 'string') {
      throw new ProblemError(401, 'auth.sign_in_refused', 'Connexion refusée', `Le fournisseur d’identité a refusé la connexion (${req.query.error}).`);
    }
    let signedIn;
    try {
      signedIn = await deps.relyingParty.signIn(new URL(req.originalUrl, deps.relyingParty.redirectUri), {
        state: attempt.state,
        nonce: attempt.nonce!,
        codeVerifier: attempt.codeVerifier!,
      });
    } catch (error) {
      if (error instanceof SignInError) throw new ProblemError(401, 'auth.sign_in_failed', 'Connexion impossible', error.message);
      if (error instanceof TypeError && /fetch/i.test(error.message)) throw providerUnavailable(error);
      deps.logger.warn({ reason: (error as { code?: string }).code ?? (error as Error).name }, 'sign-in refused');
      throw new ProblemError(401, 'auth.sign_in_failed', 'Connexion impossible', 'La réponse du fournisseur d’identité n’a pas pu être vérifiée (état, nonce, signature ou code) : recommencez la connexion.');
    }
    const { identity, idToken } = signedIn;
    const { cookieValue } = await deps.sessions.create(identity, idToken);
    await deps.habilitations.recordSignIn(identity.email, identity.sub, identity.idpId);
    res.cookie(SESSION_COOKIE, cookieValue, cookie(deps.sessionTtlMinutes * 60_000)).redirect(303, attempt.returnTo ?? ME_PATH);
  });

  router.post(`${AUTH_PATH}/logout`, noStore, express.urlencoded({ extended: false, limit: '4kb' }), async (req, res) => {
    const sessionCookie = readCookie(req, SESSION_COOKIE);
    const session = sessionCookie ? await deps.sessions.find(sessionCookie) : null;
    if (session) {
      if (!sameToken(sentCsrfToken(req), session.csrfToken)) {
        throw new ProblemError(403, 'auth.csrf', 'Jeton anti-falsification absent ou invalide', `La déconnexion doit porter le jeton CSRF de la session (champ ${CSRF_FIELD} ou en-tête ${CSRF_HEADER}).`);
      }
      await deps.sessions.destroy(sessionCookie!);
    }
    res.clearCookie(SESSION_COOKIE, { ...cookie(0), maxAge: undefined });
    if (!session) {
      res.redirect(303, `${AUTH_PATH}/logout/callback`);
      return;
    }
    const state = randomState();
    let url: URL | null;
    try {
      url = await deps.relyingParty.endSessionUrl({ idToken: session.idToken, state });
    } catch (error) {
      // Signed out here already; the provider's own session will end when it expires.
      deps.logger.warn({ reason: (error as Error).name }, 'identity provider unreachable at logout');
      url = null;
    }
    if (!url) {
      res.redirect(303, `${AUTH_PATH}/logout/callback`);
      return;
    }
    const attempt = await deps.sessions.startAttempt({ kind: 'logout', state, nonce: null, codeVerifier: null, returnTo: null });
    res.cookie(ATTEMPT_COOKIE, attempt, attemptCookie).redirect(303, url.href);
  });

  router.get(`${AUTH_PATH}/logout/callback`, noStore, async (req, res, next) => {
    const attemptCookieValue = readCookie(req, ATTEMPT_COOKIE);
    if (attemptCookieValue) {
      const attempt = await deps.sessions.takeAttempt(attemptCookieValue, 'logout');
      res.clearCookie(ATTEMPT_COOKIE, { ...attemptCookie, maxAge: undefined });
      if (attempt && req.query.state !== attempt.state) {
        throw new ProblemError(400, 'auth.logout_state', 'Déconnexion non reconnue', 'Le retour du fournisseur d’identité ne correspond pas à la déconnexion demandée.');
      }
    }
    if (deps.signedOut) {
      next();
      return;
    }
    res.set('content-security-policy', "default-src 'none'").type('html').send(signedOutPage);
  }, ...(deps.signedOut ?? []));

  return router;
}
