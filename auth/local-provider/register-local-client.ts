import { createHmac } from 'node:crypto';
import * as oidc from 'openid-client';

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
}

/**
 * The secret of a local client, derived from the provider's registration token: whoever registers
 * the same client again (another test process, the next `npm run token`) gives the same secret.
 */
export function localClientSecret(registrationToken: string, clientId: string): string {
  return createHmac('sha256', registrationToken).update(`client-secret\n${clientId}`).digest('base64url');
}

/** What a program needs: the client-credentials grant only. */
export function programClientMetadata(clientId: string, lifetimeSeconds?: number): Record<string, unknown> & { client_id: string } {
  return {
    client_id: clientId,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_post',
    ...(lifetimeSeconds !== undefined ? { access_token_lifetime: lifetimeSeconds } : {}),
  };
}

/** What the product needs to sign people in, registered as ProConnect registers a service. */
export function relyingPartyClientMetadata(clientId: string, publicUrl: string): Record<string, unknown> & { client_id: string } {
  const base = publicUrl.replace(/\/$/, '');
  return {
    client_id: clientId,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: [`${base}/auth/callback`],
    post_logout_redirect_uris: [`${base}/auth/logout/callback`],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
  };
}

/**
 * Registers (or registers again, with the same secret) a client at the local provider, through
 * dynamic client registration (RFC 7591) behind its initial access token. The local provider keeps
 * clients in memory: tools register theirs each time they need it.
 */
export async function registerLocalClient(issuer: string, registrationToken: string, metadata: Record<string, unknown> & { client_id: string }): Promise<RegisteredClient> {
  const withSecret = { ...metadata, client_secret: localClientSecret(registrationToken, metadata.client_id) };
  const config = await oidc.dynamicClientRegistration(new URL(issuer), withSecret as Partial<oidc.ClientMetadata>, undefined, {
    initialAccessToken: registrationToken,
    execute: [oidc.allowInsecureRequests],
  });
  const registered = config.clientMetadata();
  if (typeof registered.client_secret !== 'string') throw new Error(`the local provider gave client ${registered.client_id} no secret`);
  return { clientId: registered.client_id, clientSecret: registered.client_secret };
}
