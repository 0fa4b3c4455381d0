import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { startFerretDbServer } from '../../runtime/ferretdb-server';
import { startLocalOidcProvider } from '../../runtime/local-oidc-provider';
import { missingPostSearchAttributes, registerPostSearchAttributes } from '../../runtime/post-search-attributes';
import { startMailpitServer } from '../../runtime/mailpit-server';
import { buildPostWorkflowBundle } from '../../runtime/post-workflow-bundle';
import { startTemporalDevServer } from '../../runtime/temporal-dev-server';
import { timeSkippingServerPath } from '../../runtime/time-skipping-server';
import { withDatabase } from '../../runtime/with-database';
import { saveRuntimeState, type RuntimeState } from './runtime-state';

const exported = [
  'TEMPORAL_ADDRESS',
  'MONGODB_URI',
  'TEMPORAL_TEST_SERVER_PATH',
  'OIDC_ISSUER',
  'API_TOKEN_ISSUER',
  'LOCAL_OIDC_REGISTRATION_TOKEN',
  'SMTP_URL',
  'MAILPIT_URL',
  'WORKFLOW_BUNDLE_PATH',
] as const;

/**
 * Integration tests get real servers, started once per run on free loopback ports with temporary
 * data: the Temporal dev server (SQLite file in a temp dir) and FerretDB (SQLite files in a temp
 * dir), or the servers that TEMPORAL_ADDRESS / MONGODB_URI name, in which case nothing is started.
 * Test files read TEMPORAL_ADDRESS, MONGODB_URI (a database of this run's own) and
 * TEMPORAL_TEST_SERVER_PATH (for `createTimeSkippingEnv`) from process.env, which jest's workers
 * inherit. The local OpenID Connect provider is started too, unless OIDC_ISSUER and API_TOKEN_ISSUER
 * are both set: its issuer goes to OIDC_ISSUER and API_TOKEN_ISSUER, and the initial access token
 * with which the tests register their clients to LOCAL_OIDC_REGISTRATION_TOKEN. Mailpit is started
 * too, its SMTP server in SMTP_URL and the HTTP API the tests read delivered mail from in
 * MAILPIT_URL; with SMTP_URL set, that server is used and MAILPIT_URL must name its Mailpit API.
 * The workflow bundle is built once, beside the servers, into WORKFLOW_BUNDLE_PATH: every worker
 * of the run loads it, in the test files (test/support/post-harness.ts) and in the worker
 * processes they start, instead of bundling the workflows again (seconds of CPU each).
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
  if (process.env.SMTP_URL && !process.env.MAILPIT_URL) {
    throw new Error('SMTP_URL is set: set MAILPIT_URL to the HTTP API of its Mailpit too, which the tests read delivered mail from (or unset SMTP_URL)');
  }
  const [temporal, mongo, oidc, mailpit, bundle] = await Promise.allSettled([
    startTemporalDevServer({ dbFile: path.join(tempDir, 'temporal.db'), logLevel: 'error' }),
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database }),
    wantsLocalProvider ? startLocalOidcProvider({ dataDir: path.join(tempDir, 'oidc-provider') }) : Promise.resolve(undefined),
    process.env.SMTP_URL ? Promise.resolve(undefined) : startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') }),
    buildPostWorkflowBundle(path.join(tempDir, 'post-workflows.bundle.js')),
  ]);
  if (temporal.status === 'fulfilled') state.temporal = temporal.value;
  if (mongo.status === 'fulfilled') state.mongo = mongo.value;
  if (oidc.status === 'fulfilled') state.oidcProvider = oidc.value;
  if (mailpit.status === 'fulfilled') state.mailpit = mailpit.value;
  if (temporal.status === 'rejected' || mongo.status === 'rejected' || oidc.status === 'rejected' || mailpit.status === 'rejected' || bundle.status === 'rejected') {
    await Promise.allSettled([state.temporal?.stop(), state.mongo?.stop(), state.oidcProvider?.stop(), state.mailpit?.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
    const reasons = [temporal, mongo, oidc, mailpit, bundle].flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    throw new Error(`integration test servers did not start:\n${reasons.join('\n')}`);
  }

  if (temporal.value.external) {
    // A server of the user's: the workflows' upserts need the attributes that start-dev registers on ours.
    const connection = await Connection.connect({ address: temporal.value.address });
    try {
      await registerPostSearchAttributes(connection.operatorService, 'default', await missingPostSearchAttributes(connection.operatorService, 'default'));
    } finally {
      await connection.close();
    }
  }

  const mongoUri = withDatabase(mongo.value.uri, database);
  if (mongo.value.kind === 'external') state.externalDatabaseUri = mongoUri;
  process.env.TEMPORAL_ADDRESS = temporal.value.address;
  process.env.WORKFLOW_BUNDLE_PATH = bundle.value.bundlePath;
  process.env.MONGODB_URI = mongoUri;
  process.env.TEMPORAL_TEST_SERVER_PATH = process.env.TEMPORAL_TEST_SERVER_PATH || timeSkippingServerPath;
  if (state.oidcProvider) {
    process.env.OIDC_ISSUER ||= state.oidcProvider.issuer;
    process.env.API_TOKEN_ISSUER ||= state.oidcProvider.issuer;
    process.env.LOCAL_OIDC_REGISTRATION_TOKEN = state.oidcProvider.registrationToken;
  }
  if (state.mailpit) {
    process.env.SMTP_URL = state.mailpit.smtpUrl;
    process.env.MAILPIT_URL = state.mailpit.apiUrl;
  }

  const temporalWhat = temporal.value.external ? 'TEMPORAL_ADDRESS' : 'dev server';
  process.stderr.write(
    `\nintegration servers ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `Temporal ${temporal.value.address} (${temporalWhat}), MongoDB ${mongoUri} (${mongo.value.kind}), ` +
      `OpenID Connect ${state.oidcProvider ? `${state.oidcProvider.issuer} (local provider)` : 'OIDC_ISSUER and API_TOKEN_ISSUER'}, ` +
      `SMTP ${process.env.SMTP_URL?.replace(/\/\/[^@/]*@/, '//***@')} (${state.mailpit ? `Mailpit, API ${state.mailpit.apiUrl}` : 'SMTP_URL'})\n`,
  );
}
