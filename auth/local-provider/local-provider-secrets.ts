import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/**
 * What the local provider keeps in its folder (`data/oidc-provider/` under `npm start`, a temporary
 * folder in the tests): its signing keys, generated once so that tokens and sessions outlive a
 * restart, the keys of its cookies, and the initial access token that lets local tools register
 * clients. Files readable by their owner only.
 */
export interface LocalProviderSecrets {
  /** Private JWKs: RS256 (ID tokens and userinfo, as ProConnect signs them) and ES256 (access tokens). */
  jwks: { keys: JWK[] };
  cookieKeys: string[];
  registrationToken: string;
}

const FILE = 'secrets.json';

async function privateJwk(alg: 'RS256' | 'ES256'): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) };
}

export async function loadOrCreateLocalProviderSecrets(dataDir: string): Promise<LocalProviderSecrets> {
  const file = path.join(dataDir, FILE);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalProviderSecrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secrets: LocalProviderSecrets = {
    jwks: { keys: [await privateJwk('RS256'), await privateJwk('ES256')] },
    cookieKeys: [randomBytes(32).toString('base64url')],
    registrationToken: randomBytes(32).toString('base64url'),
  };
  // `wx`: when two starts race, the first file wins and the second reads it.
  try {
    fs.writeFileSync(file, JSON.stringify(secrets), { mode: 0o600, flag: 'wx' });
    return secrets;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LocalProviderSecrets;
  }
}

/** The initial access token of a running local provider's folder, for the tools that register clients. */
export function readRegistrationToken(dataDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(dataDir, FILE), 'utf8')) as LocalProviderSecrets).registrationToken;
}
