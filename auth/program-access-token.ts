import * as oidc from 'openid-client';
import { isLoopbackUrl } from './loopback-url';

/**
 * How a program gets an access token for the API: the OAuth 2 client-credentials grant at the
 * authorization server (API_TOKEN_ISSUER), for the API's resource (RFC 8707 `resource`, the
 * API_AUDIENCE). Used by `npm run token`, the tests and the benchmark; nothing signs tokens itself.
 */
export async function requestProgramAccessToken(args: { issuer: string; clientId: string; clientSecret: string; resource: string }): Promise<string> {
  const config = await oidc.discovery(new URL(args.issuer), args.clientId, args.clientSecret, undefined, {
    execute: isLoopbackUrl(args.issuer) ? [oidc.allowInsecureRequests] : [],
  });
  const response = await oidc.clientCredentialsGrant(config, { resource: args.resource });
  return response.access_token;
}
