import * as oidc from 'openid-client';
import { isLoopbackUrl } from '../loopback-url';
import type { SignedInIdentity } from '../sessions/session-store';
import { professionalEmailSchema } from '../habilitations/habilitation';

/** The scopes ProConnect is asked for (its `idp_id` comes with `openid`). */
export const PROCONNECT_SCOPES = 'openid email given_name usual_name siret uid';

export interface RelyingPartySettings {
  /** OIDC_ISSUER: ProConnect's issuer (`https://<domain>/api/v2`), or the local provider's. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL: the callback is `<publicUrl>/auth/callback`. */
  publicUrl: string;
}

export class SignInError extends Error {
  override name = 'SignInError';
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;

/**
 * The product as an OpenID Connect relying party (openid-client 6): authorization code with PKCE,
 * `state` and `nonce`; the ID token and the userinfo (a JWT at ProConnect) checked, signatures
 * included, against the provider's keys. Discovery happens at the first sign-in and again after a
 * failure, so that the API starts even while the provider is unreachable.
 */
export function createRelyingParty(settings: RelyingPartySettings) {
  const base = settings.publicUrl.replace(/\/$/, '');
  const redirectUri = `${base}/auth/callback`;
  const postLogoutRedirectUri = `${base}/auth/logout/callback`;
  let discovered: Promise<oidc.Configuration> | undefined;

  function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        { client_secret: settings.clientSecret, id_token_signed_response_alg: 'RS256', userinfo_signed_response_alg: 'RS256' },
        oidc.ClientSecretPost(settings.clientSecret),
        { execute: [oidc.enableNonRepudiationChecks, ...(isLoopbackUrl(settings.issuer) ? [oidc.allowInsecureRequests] : [])] },
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  }

  return {
    redirectUri,

    async authorizationUrl(checks: { state: string; nonce: string; codeVerifier: string }): Promise<URL> {
      return oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: redirectUri,
        scope: PROCONNECT_SCOPES,
        state: checks.state,
        nonce: checks.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
      });
    },

    /** Redeems the code; returns who signed in, and the ID token kept for the logout. */
    async signIn(callbackUrl: URL, checks: { state: string; nonce: string; codeVerifier: string }): Promise<{ identity: SignedInIdentity; idToken: string }> {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims()!;
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      const email = professionalEmailSchema.safeParse(userinfo.email);
      if (!email.success) throw new SignInError('Le fournisseur d’identité n’a pas transmis d’adresse électronique professionnelle valide.');
      const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
      return {
        idToken: tokens.id_token!,
        identity: {
          email: email.data,
          sub: claims.sub,
          idpId: text(userinfo.idp_id ?? claims.idp_id),
          givenName: text(userinfo.given_name),
          usualName: text(userinfo.usual_name),
          siret: text(userinfo.siret),
          uid: text(userinfo.uid),
        },
      };
    },

    /** The provider's end-session URL, or null when it has none. */
    async endSessionUrl(args: { idToken: string; state: string }): Promise<URL | null> {
      const config = await configuration();
      if (!config.serverMetadata().end_session_endpoint) return null;
      return oidc.buildEndSessionUrl(config, { id_token_hint: args.idToken, state: args.state, post_logout_redirect_uri: postLogoutRedirectUri });
    },
  };
}
