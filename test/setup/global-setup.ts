import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFerretDbServer } from '../../runtime/ferretdb-server';
import { startLocalOidcProvider } from '../../runtime/local-oidc-provider';
import { startTemporalDevServer } from '../../runtime/temporal-dev-server';
import { timeSkippingServerPath } from '../../runtime/time-skipping-server';
import { withDatabase } from '../../runtime/with-database';
import { saveRuntimeState, type RuntimeState } from './runtime-state';

const exported = ['TEMPORAL_ADDRESS', 'MONGODB_URI', 'TEMPORAL_TEST_SERVER_PATH', 'OIDC_ISSUER', 'API_TOKEN_ISSUER', 'LOCAL_OIDC_REGISTRATION_TOKEN'] as const;

/**
 * Integration tests get real servers, started once per run on free loopback ports with temporary
 * data: the Temporal dev server (SQLite file in a temp dir) and FerretDB (SQLite files in a temp
 * dir), or the servers that TEMPORAL_ADDRESS / MONGODB_URI name, in which case nothing is started.
 * Test files read TEMPORAL_ADDRESS, MONGODB_URI (a database of this run's own) and
 * TEMPORAL_TEST_SERVER_PATH (for `createTimeSkippingEnv`) from process.env, which jest's workers
 * inherit. The local OpenID Connect provider is started too, unless OIDC_ISSUER and API_TOKEN_ISSUER
 * are both set: its issuer goes to OIDC_ISSUER and API_TOKEN_ISSUER, and the initial access token
 * with which the tests register their clients to LOCAL_OIDC_REGISTRATION_TOKEN.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const savedEnv = Object.fromEntries(exported.map((name) => [name, process.env[name]]));
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-test-'));
  const state: RuntimeState = { tempDir, savedEnv };
  saveRuntimeState(state);

  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const database = `cnum_test_${runId}`;
  const wantsLocalProvider = !process.env.OIDC_ISSUER || !process.env.API_TOKEN_ISSUER;
  const [temporal, mongo, oidc] = await Promise.allSettled([
    startTemporalDevServer({ dbFile: path.join(tempDir, 'temporal.db'), logLevel: 'error' }),
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database }),
    wantsLocalProvider ? startLocalOidcProvider({ dataDir: path.join(tempDir, 'oidc-provider') }) : Promise.resolve(undefined),
  ]);
  if (temporal.status === 'fulfilled') state.temporal = temporal.value;
  if (mongo.status === 'fulfilled') state.mongo = mongo.value;
  if (oidc.status === 'fulfilled') state.oidcProvider = oidc.value;
  if (temporal.status === 'rejected' || mongo.status === 'rejected' || oidc.status === 'rejected') {
    await Promise.allSettled([state.temporal?.stop(), state.mongo?.stop(), state.oidcProvider?.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
    const reasons = [temporal, mongo, oidc].flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    throw new Error(`integration test servers did not start:\n${reasons.join('\n')}`);
  }

  const mongoUri = withDatabase(mongo.value.uri, database);
  if (mongo.value.kind === 'external') state.externalDatabaseUri = mongoUri;
  process.env.TEMPORAL_ADDRESS = temporal.value.address;
  process.env.MONGODB_URI = mongoUri;
  process.env.TEMPORAL_TEST_SERVER_PATH = process.env.TEMPORAL_TEST_SERVER_PATH || timeSkippingServerPath;
  if (state.oidcProvider) {
    process.env.OIDC_ISSUER ||= state.oidcProvider.issuer;
    process.env.API_TOKEN_ISSUER ||= state.oidcProvider.issuer;
    process.env.LOCAL_OIDC_REGISTRATION_TOKEN = state.oidcProvider.registrationToken;
  }

  const temporalWhat = temporal.value.external ? 'TEMPORAL_ADDRESS' : 'dev server';
  process.stderr.write(
    `\nintegration servers ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `Temporal ${temporal.value.address} (${temporalWhat}), MongoDB ${mongoUri} (${mongo.value.kind}), ` +
      `OpenID Connect ${state.oidcProvider ? `${state.oidcProvider.issuer} (local provider)` : 'OIDC_ISSUER and API_TOKEN_ISSUER'}\n`,
  );
}
