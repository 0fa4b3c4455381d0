import type { AppAuth } from '../../api/create-app';
import { programClientMetadata, registerLocalClient, relyingPartyClientMetadata } from '../../auth/local-provider/register-local-client';
import { requestProgramAccessToken } from '../../auth/program-access-token';
import { configSchema } from '../../config/config';

/** The API's audience in the tests: the product's default. */
export const TEST_API_AUDIENCE = configSchema.shape.API_AUDIENCE.parse(undefined);

/**
 * The identity provider of the test run (the global setup's local provider): its issuer, and the
 * initial access token with which the tests register their clients there.
 */
export function testIdentityProvider(): { oidcIssuer: string; tokenIssuer: string; registrationToken: string } {
  const { OIDC_ISSUER, API_TOKEN_ISSUER, LOCAL_OIDC_REGISTRATION_TOKEN } = process.env;
  if (!OIDC_ISSUER || !API_TOKEN_ISSUER) throw new Error('OIDC_ISSUER / API_TOKEN_ISSUER are not set: run the integration tests through jest’s global setup');
  if (!LOCAL_OIDC_REGISTRATION_TOKEN) {
    throw new Error('LOCAL_OIDC_REGISTRATION_TOKEN is not set: the tests register their clients at the local provider (unset OIDC_ISSUER and API_TOKEN_ISSUER to let the global setup start it)');
  }
  return { oidcIssuer: OIDC_ISSUER, tokenIssuer: API_TOKEN_ISSUER, registrationToken: LOCAL_OIDC_REGISTRATION_TOKEN };
}

/**
 * A real access token for the program `clientId`, by the client-credentials grant at the test
 * run's authorization server: the client is registered first (again, harmlessly, if it exists).
 * `lifetimeSeconds` may be negative (a token already expired); `audience` another resource's.
 */
export async function programToken(clientId: string, options: { lifetimeSeconds?: number; audience?: string; issuer?: string; registrationToken?: string } = {}): Promise<string> {
  const provider = testIdentityProvider();
  const issuer = options.issuer ?? provider.tokenIssuer;
  const registrationToken = options.registrationToken ?? provider.registrationToken;
  const client = await registerLocalClient(issuer, registrationToken, programClientMetadata(clientId, options.lifetimeSeconds));
  return requestProgramAccessToken({ issuer, clientId: client.clientId, clientSecret: client.clientSecret, resource: options.audience ?? TEST_API_AUDIENCE });
}

/** Sign-in settings of an API served at `publicUrl`, with a relying-party client registered for it. */
export async function testAppAuth(publicUrl: string, overrides: Partial<AppAuth['apiTokens']> = {}): Promise<AppAuth> {
  const provider = testIdentityProvider();
  const client = await registerLocalClient(provider.oidcIssuer, provider.registrationToken, relyingPartyClientMetadata(`test-rp-${new URL(publicUrl).port}`, publicUrl));
  return {
    publicUrl,
    oidc: { issuer: provider.oidcIssuer, clientId: client.clientId, clientSecret: client.clientSecret },
    apiTokens: { issuer: provider.tokenIssuer, audience: TEST_API_AUDIENCE, ...overrides },
    sessionTtlMinutes: 60,
  };
}
