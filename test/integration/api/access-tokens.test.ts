import { createPublicKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { base64url, decodeJwt, decodeProtectedHeader, generateKeyPair, type JWK, SignJWT } from 'jose';
import { type LocalOidcProvider, startLocalOidcProvider } from '../../../runtime/local-oidc-provider';
import { programToken, TEST_API_AUDIENCE, testIdentityProvider } from '../../support/test-identity-provider';
import { staffOf } from './api-fixtures';
import { type ApiHarness, startApiHarness } from './api-harness';

/**
 * Programs' bearer tokens, over HTTP, against the test run's local provider: a real token of a
 * habilitated client passes; every token below is refused with 401, whatever its claims say.
 */
describe('bearer access tokens', () => {
  let api: ApiHarness;
  let otherProvider: LocalOidcProvider;
  let otherDir: string;
  const anct = staffOf.anct;

  beforeAll(async () => {
    otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-other-idp-'));
    [api, otherProvider] = await Promise.all([startApiHarness(), startLocalOidcProvider({ dataDir: otherDir })]);
    await api.habilitate(anct);
  });
  afterAll(async () => {
    await Promise.allSettled([api?.close(), otherProvider?.stop()]);
    fs.rmSync(otherDir, { recursive: true, force: true });
  });

  const list = (token: string) => api.request('GET', '/api/v1/posts', { as: token });
  async function expectRefused(token: string, code = 'auth.invalid_token') {
    const answer = await list(token);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 401, code });
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
  }

  /** The provider's published signing keys. */
  async function publishedKeys(): Promise<JWK[]> {
    const { tokenIssuer } = testIdentityProvider();
    const discovery = (await (await fetch(`${tokenIssuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string };
    return ((await (await fetch(discovery.jwks_uri)).json()) as { keys: JWK[] }).keys;
  }

  /** The claims of a real token of the habilitated client, to forge around them. */
  async function genuineClaims() {
    const token = await programToken(anct.id);
    return { token, header: decodeProtectedHeader(token), claims: decodeJwt(token) };
  }

  it('accepts a real token of a habilitated client: ES256, at+jwt, issuer, audience and expiry checked', async () => {
    const { token, header, claims } = await genuineClaims();
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(claims).toMatchObject({ iss: testIdentityProvider().tokenIssuer, aud: TEST_API_AUDIENCE, client_id: anct.id });
    expect((await list(token)).status).toBe(200);
  });

  it('refuses a token of another issuer, even for a client of the same id', async () => {
    const foreign = await programToken(anct.id, { issuer: otherProvider.issuer, registrationToken: otherProvider.registrationToken });
    expect(decodeJwt(foreign).iss).toBe(otherProvider.issuer);
    await expectRefused(foreign);
  });

  it('refuses a token for another audience', async () => {
    const elsewhere = await programToken(anct.id, { audience: 'urn:another-programme:api' });
    expect(decodeJwt(elsewhere).aud).toBe('urn:another-programme:api');
    await expectRefused(elsewhere);
  });

  it('refuses an expired token as expired', async () => {
    const expired = await programToken('access-tokens-expired', { lifetimeSeconds: -120 });
    expect(decodeJwt(expired).exp! * 1000).toBeLessThan(Date.now() - 60_000);
    await expectRefused(expired, 'auth.expired_token');
  });

  it('refuses alg "none", with the genuine claims', async () => {
    const { claims } = await genuineClaims();
    const encode = (value: object) => base64url.encode(JSON.stringify(value));
    await expectRefused(`${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(claims)}.`);
  });

  it('refuses HS256 signed with the provider’s public key as the secret (algorithm confusion)', async () => {
    const { claims, header } = await genuineClaims();
    for (const jwk of await publishedKeys()) {
      const pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string;
      for (const secret of [pem, JSON.stringify(jwk)]) {
        const confused = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: header.kid }).sign(new TextEncoder().encode(secret));
        await expectRefused(confused);
      }
    }
  });

  it('refuses a token signed with a key the provider never published, whatever kid it names', async () => {
    const { claims, header } = await genuineClaims();
    const { privateKey } = await generateKeyPair('ES256');
    for (const kid of [header.kid!, 'unknown-key']) {
      await expectRefused(await new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid }).sign(privateKey));
    }
  });
});
