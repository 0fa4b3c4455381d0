import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startLocalOidcProvider } from './runtime/local-oidc-provider';
import { registerLocalClient, programClientMetadata } from './auth/local-provider/register-local-client';
import { requestProgramAccessToken } from './auth/program-access-token';
(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'op-'));
  const op = await startLocalOidcProvider({ dataDir: dir, echo: true });
  try {
    const c = await registerLocalClient(op.issuer, op.registrationToken, programClientMetadata('dev-anct', -60));
    console.log(c.clientId);
    const t = await requestProgramAccessToken({ issuer: op.issuer, clientId: c.clientId, clientSecret: c.clientSecret, resource: 'urn:cnum-orchestrator:api' });
    console.log(decodeProtectedHeader(t), decodeJwt(t), Date.now()/1000);
  } finally { await op.stop(); fs.rmSync(dir, { recursive: true }); }
})();
