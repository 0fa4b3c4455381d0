import { createHash, randomBytes, randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import Provider, { type Configuration, errors, type KoaContextWithOIDC } from 'oidc-provider';
import { siretSchema } from '../../domain/identity/siret';
import { describeRoleScope, professionalEmailSchema } from '../habilitations/habilitation';
import { type DevelopmentAccount, developmentAccounts, LOCAL_IDP_ID } from './development-accounts';
import type { LocalProviderSecrets } from './local-provider-secrets';

/**
 * The identity provider of development and tests, built on `oidc-provider`. It plays both parts
 * the product meets in production:
 * - ProConnect for people: authorization code with PKCE, ProConnect's scopes and claims
 *   (`given_name`, `usual_name`, `email`, `uid`, `siret`, `idp_id`), ID token and userinfo signed
 *   with RS256, RP-initiated logout; a plain sign-in page lists the development accounts and lets
 *   anyone sign in with another email and SIRET, as any agent may with ProConnect;
 * - the OAuth authorization server for programs: client credentials, JWT access tokens (RFC 9068,
 *   ES256) for the resource named by `resource` (RFC 8707).
 * Clients are registered through dynamic client registration, behind the initial access token of
 * its folder; a registration may name its `client_id` and `client_secret`, so that local tools and
 * parallel test processes registering the same client again do not undo each other.
 */

/** Claims by scope, as ProConnect gives them; `idp_id` comes with `openid`. */
const claims = {
  openid: ['sub', 'idp_id'],
  email: ['email'],
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  siret: ['siret'],
  uid: ['uid'],
};

/** Seconds an access token for programs lives unless its client asks otherwise (`access_token_lifetime`). */
const DEFAULT_PROGRAM_TOKEN_SECONDS = 3600;
const LIFETIME_METADATA = 'access_token_lifetime';

type AccountClaims = Omit<DevelopmentAccount, 'habilitation'> & { idp_id: string };

/** ProConnect's `sub` differs for each identity provider: here, a hash of the provider and the email. */
export function localSubject(email: string): string {
  return createHash('sha256').update(`${LOCAL_IDP_ID}\n${email}`).digest('base64url').slice(0, 32);
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}li{margin:.4rem 0}label{display:block;margin:.5rem 0}</style></head>
<body><main>${body}</main></body>
</html>`;
}

export function createLocalProvider(options: { issuer: string; secrets: LocalProviderSecrets }): { provider: Provider; app: Express } {
  const accounts = new Map<string, AccountClaims>();
  const remember = (account: Omit<DevelopmentAccount, 'habilitation'>) => {
    const sub = localSubject(account.email);
    accounts.set(sub, { email: account.email, given_name: account.given_name, usual_name: account.usual_name, siret: account.siret, uid: account.uid, idp_id: LOCAL_IDP_ID });
    return sub;
  };
  for (const account of developmentAccounts) remember(account);

  const configuration: Configuration = {
    jwks: options.secrets.jwks as Configuration['jwks'],
    cookies: { keys: options.secrets.cookieKeys },
    claims,
    scopes: Object.keys(claims),
    pkce: { required: () => true },
    clientDefaults: { id_token_signed_response_alg: 'RS256', grant_types: ['authorization_code'], response_types: ['code'] },
    // ProConnect's access tokens live 60 s and serve its userinfo only.
    ttl: { ClientCredentials: DEFAULT_PROGRAM_TOKEN_SECONDS, AccessToken: 60, AuthorizationCode: 30, IdToken: 3600, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600 },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    extraClientMetadata: {
      properties: [LIFETIME_METADATA],
      validator(_ctx, key, value) {
        if (key === LIFETIME_METADATA && value !== undefined && !(Number.isInteger(value) && Math.abs(value as number) <= 366 * 86400)) {
          throw new errors.InvalidClientMetadata(`${LIFETIME_METADATA} must be an integer number of seconds`);
        }
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      jwtUserinfo: { enabled: true },
      registration: {
        enabled: true,
        initialAccessToken: options.secrets.registrationToken,
        idFactory: (ctx: KoaContextWithOIDC) => {
          const requested = (ctx.oidc.body as Record<string, unknown> | undefined)?.client_id;
          return typeof requested === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(requested) ? requested : `client-${randomUUID()}`;
        },
        secretFactory: async (ctx: KoaContextWithOIDC) => {
          const requested = (ctx.oidc.body as Record<string, unknown> | undefined)?.client_secret;
          return typeof requested === 'string' && requested.length >= 32 ? requested : randomBytes(32).toString('base64url');
        },
      },
      resourceIndicators: {
        enabled: true,
        // Any resource server: the product's API, or another one that a test names to get a token
        // of the wrong audience.
        getResourceServerInfo: async (_ctx, resource) => ({
          scope: 'api',
          audience: resource,
          accessTokenFormat: 'jwt',
          accessTokenTTL: DEFAULT_PROGRAM_TOKEN_SECONDS,
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => {
          ctx.body = page(
            'Déconnexion',
            `<h1>Se déconnecter du fournisseur d’identité local ?</h1>${form.replace('</form>', '<button type="submit" name="logout" value="yes" autofocus>Se déconnecter</button></form>')}`,
          );
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté(e) du fournisseur d’identité local.</h1>');
        },
      },
    },
    formats: {
      customizers: {
        // A client may ask for another lifetime, negative included: `npm run token -- --expires -1h`
        // prints a token already expired, to see how a program handles it.
        async jwt(_ctx, token, jwt) {
          const lifetime = (token.client as unknown as Record<string, unknown> | undefined)?.[LIFETIME_METADATA];
          if (token.kind === 'ClientCredentials' && typeof lifetime === 'number' && typeof jwt.payload.iat === 'number') {
            jwt.payload.exp = jwt.payload.iat + lifetime;
          }
        },
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = page(
        'Erreur',
        `<h1>Le fournisseur d’identité local refuse la demande</h1>${Object.entries(out)
          .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong> : ${escapeHtml(String(value))}</p>`)
          .join('')}`,
      );
    },
  };

  const provider = new Provider(options.issuer, configuration);
  const app = express();
  app.disable('x-powered-by');
  const form = express.urlencoded({ extended: false, limit: '8kb' });
  const noStore = (_req: Request, res: Response, next: NextFunction) => {
    res.set('cache-control', 'no-store');
    next();
  };

  app.get('/interaction/:uid', noStore, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') {
        // Agents are never asked to consent at ProConnect: the grant is what the client asked.
        const grant = details.grantId
          ? (await provider.Grant.find(details.grantId))!
          : new provider.Grant({ accountId: details.session!.accountId, clientId: details.params.client_id as string });
        const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; missingResourceScopes?: Record<string, string[]> };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: details.grantId ? {} : { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      res.type('html').send(signInPage(String(req.params.uid)));
    } catch (error) {
      next(error);
    }
  });

  app.post('/interaction/:uid/login', noStore, form, async (req, res, next) => {
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name !== 'login') throw new Error(`interaction ${details.prompt.name} is not a sign-in`);
      const body = req.body as Record<string, string | undefined>;
      const email = professionalEmailSchema.safeParse(body.email);
      const siret = siretSchema.safeParse(body.siret?.replace(/\s/g, ''));
      const known = developmentAccounts.find((a) => a.email === email.data);
      if (!email.success || (!known && !siret.success)) {
        res.status(400).type('html').send(signInPage(String(req.params.uid), 'Indiquez une adresse électronique valide et un SIRET de 14 chiffres valide.'));
        return;
      }
      const sub = remember(
        known ?? {
          email: email.data,
          given_name: body.given_name?.trim() || email.data.split('@')[0]!,
          usual_name: body.usual_name?.trim() || '',
          siret: siret.data!,
          uid: email.data,
        },
      );
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    } catch (error) {
      next(error);
    }
  });

  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (error instanceof errors.SessionNotFound) {
      res.status(400).type('html').send(page('Session expirée', '<h1>Cette demande de connexion a expiré : recommencez depuis l’application.</h1>'));
      return;
    }
    next(error);
  });
  app.use(provider.callback());
  return { provider, app };
}

function signInPage(uid: string, problem?: string): string {
  const action = `/interaction/${encodeURIComponent(uid)}/login`;
  const listed = developmentAccounts
    .map(
      (account) => `<li><form method="post" action="${action}"><input type="hidden" name="email" value="${escapeHtml(account.email)}">
<button type="submit">${escapeHtml(`${account.given_name} ${account.usual_name}`)}</button> ${escapeHtml(account.email)} — ${escapeHtml(account.habilitation ? describeRoleScope(account.habilitation) : 'aucune habilitation')}</form></li>`,
    )
    .join('\n');
  return page(
    'Connexion — fournisseur d’identité local',
    `<h1>Fournisseur d’identité local (développement)</h1>
<p>Il joue le rôle de ProConnect : il dit qui vous êtes, l’application décide de ce que vous pouvez faire.</p>
${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}
<h2>Comptes de développement</h2>
<ul>${listed}</ul>
<h2>Un autre compte</h2>
<form method="post" action="${action}">
<label>Adresse électronique professionnelle <input name="email" type="email" required></label>
<label>Prénom <input name="given_name"></label>
<label>Nom d’usage <input name="usual_name"></label>
<label>SIRET de votre organisation <input name="siret" inputmode="numeric" required></label>
<button type="submit">Se connecter</button>
</form>`,
  );
}
