import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import { clientIdSchema } from '../auth/habilitations/habilitation';
import { isLoopbackUrl } from '../auth/loopback-url';

/**
 * The one module that checks a program's bearer token: a JWT access token from the OAuth 2
 * authorization server (API_TOKEN_ISSUER), signed with one of the keys its JWKS publishes, with an
 * asymmetric algorithm only, for this API (API_AUDIENCE), not expired. It says which client the
 * token speaks for, never what it may do: that is its habilitation's business.
 */
export interface AccessTokenVerifier {
  /** The OAuth client id the token was issued to; throws `AccessTokenError` when it cannot be trusted. */
  verify(token: string): Promise<{ clientId: string }>;
}

export type AccessTokenProblem = 'invalid' | 'expired' | 'unavailable';

export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  constructor(
    readonly problem: AccessTokenProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Asymmetric signatures only: an HS* token could be forged by anyone who knows the public key. */
export const ACCESS_TOKEN_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/** Small clock differences between the authorization server and this machine. */
export const CLOCK_TOLERANCE_S = 30;

export interface AccessTokenVerifierSettings {
  issuer: string;
  audience: string;
  clockToleranceSeconds?: number;
}

/** The authorization server's metadata: OpenID Connect discovery, else RFC 8414. */
async function discoverJwksUri(issuer: string): Promise<URL> {
  const base = issuer.replace(/\/$/, '');
  const { origin, pathname } = new URL(base);
  const candidates = [`${base}/.well-known/openid-configuration`, `${origin}/.well-known/oauth-authorization-server${pathname === '/' ? '' : pathname}`];
  let lastProblem = '';
  for (const candidate of candidates) {
    const response = await fetch(candidate, { signal: AbortSignal.timeout(5_000), headers: { accept: 'application/json' } });
    if (!response.ok) {
      lastProblem = `${candidate} answered ${response.status}`;
      continue;
    }
    const metadata = (await response.json()) as { issuer?: string; jwks_uri?: string };
    if (metadata.issuer !== issuer) throw new Error(`${candidate} names issuer ${JSON.stringify(metadata.issuer)}, not ${issuer}`);
    if (!metadata.jwks_uri) throw new Error(`${candidate} gives no jwks_uri`);
    const jwksUri = new URL(metadata.jwks_uri);
    if (jwksUri.protocol !== 'https:' && !isLoopbackUrl(jwksUri)) throw new Error(`jwks_uri ${jwksUri.href} is not HTTPS`);
    return jwksUri;
  }
  throw new Error(`no authorization server metadata for ${issuer} (${lastProblem})`);
}

export function createAccessTokenVerifier(settings: AccessTokenVerifierSettings): AccessTokenVerifier {
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;
  // Discovered at the first token, again after a failure: the API starts while the server is away.
  const jwks = () => {
    keys ??= discoverJwksUri(settings.issuer)
      .then((uri) => createRemoteJWKSet(uri, { timeoutDuration: 5_000, cooldownDuration: 30_000 }))
      .catch((error: unknown) => {
        keys = undefined;
        throw error;
      });
    return keys;
  };

  return {
    async verify(token) {
      let keySet;
      try {
        keySet = await jwks();
      } catch {
        throw new AccessTokenError('unavailable', 'Le serveur d’autorisation des programmes ne répond pas : le jeton ne peut pas être vérifié maintenant.');
      }
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(token, keySet, {
          issuer: settings.issuer,
          audience: settings.audience,
          algorithms: ACCESS_TOKEN_ALGORITHMS,
          requiredClaims: ['exp', 'client_id'],
          clockTolerance: settings.clockToleranceSeconds ?? CLOCK_TOLERANCE_S,
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) throw new AccessTokenError('expired', 'Le jeton a expiré.');
        if (error instanceof joseErrors.JWKSTimeout) {
          throw new AccessTokenError('unavailable', 'Le serveur d’autorisation des programmes ne répond pas : le jeton ne peut pas être vérifié maintenant.');
        }
        throw new AccessTokenError('invalid', 'Le jeton n’est pas valide (émetteur, audience, signature, algorithme, format ou dates).');
      }
      const clientId = clientIdSchema.safeParse(payload.client_id);
      if (!clientId.success) throw new AccessTokenError('invalid', 'Le jeton ne nomme pas de client OAuth valide (client_id).');
      return { clientId: clientId.data };
    },
  };
}
