import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { Client, Connection } from '@temporalio/client';
import { createPostWorkflowClient } from '../../../api/post-workflow-client';
import { type FerretDbServer, startFerretDbServer } from '../../../runtime/ferretdb-server';
import { freePort } from '../../../runtime/free-port';
import { type ManagedProcess, spawnManaged } from '../../../runtime/spawn-managed';
import { startTemporalDevServer, type TemporalDevServer } from '../../../runtime/temporal-dev-server';
import { eventually } from '../../support/eventually';
import { testAppAuth } from '../../support/test-identity-provider';
import { actors, structures, today } from '../../support/post-fixtures';

/**
 * `worker.ts` and `server.ts` as real processes, on a Temporal dev server and a FerretDB of this
 * file's own, so that stopping them here leaves the other test files' servers alone.
 */
const repoRoot = path.resolve(__dirname, '../../..');
// node itself with tsx's loader, not the tsx CLI: the CLI kills its child if it does not confirm a signal within 30 ms.
const node = (script: string) => ({ command: process.execPath, args: ['--import', 'tsx', script] });

describe('worker.ts and server.ts', () => {
  let tempDir: string;
  let temporal: TemporalDevServer;
  let mongo: FerretDbServer;
  let mongoPort: number;
  let worker: ManagedProcess;
  let server: ManagedProcess;
  let apiUrl: string;
  let env: NodeJS.ProcessEnv;

  const startMongo = () =>
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'cnum_health', port: mongoPort, env: {} });

  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-health-'));
    mongoPort = await freePort();
    [temporal, mongo] = await Promise.all([startTemporalDevServer({ env: {}, logLevel: 'error' }), startMongo()]);
    const httpPort = await freePort();
    apiUrl = `http://127.0.0.1:${httpPort}`;
    const { oidc } = await testAppAuth(apiUrl);
    env = {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      MONGODB_URI: mongo.uri,
      TEMPORAL_TASK_QUEUE: `health-${randomUUID()}`,
      HTTP_PORT: String(httpPort),
      LOG_LEVEL: 'warn',
      PUBLIC_URL: apiUrl,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
    };
    [worker, server] = await Promise.all([
      spawnManaged({ name: 'worker', ...node('worker.ts'), cwd: repoRoot, env }),
      spawnManaged({ name: 'server', ...node('server.ts'), cwd: repoRoot, env }),
    ]);
    await eventually('the API answers /health', async () => (await fetch(`${apiUrl}/health`)).status === 200, {
      timeoutMs: 45_000,
      intervalMs: 250,
    });
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([worker?.stop(), server?.stop()]);
    await Promise.allSettled([temporal?.stop(), mongo?.stop()]);
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  });

  it('reports every dependency up, and the worker moves a post submitted through Temporal', async () => {
    const health = await fetch(`${apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({
      status: 'up',
      dependencies: { temporal: { status: 'up' }, mongodb: { status: 'up' } },
    });

    const connection = await Connection.connect({ address: temporal.address });
    try {
      const posts = createPostWorkflowClient(new Client({ connection }), env.TEMPORAL_TASK_QUEUE!);
      const structure = structures.association;
      const created = await posts.submitApplication({
        actor: actors.structureOf(structure),
        requestId: randomUUID(),
        event: { type: 'SUBMIT_APPLICATION', structure, appliedOn: today() },
      });
      expect(created).toMatchObject({ status: 'concertation', version: 1 });
      expect((await posts.view(created.postId)).policy).toBe('2022-private');
    } finally {
      await connection.close();
    }
  });

  it('answers 503 naming MongoDB while it is stopped, and recovers when it is back', async () => {
    await mongo.stop();
    const down = await fetch(`${apiUrl}/health`);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toContain('application/problem+json');
    const body = (await down.json()) as { failing: string[]; dependencies: Record<string, unknown> };
    expect(body).toMatchObject({ code: 'dependency.unavailable', failing: ['mongodb'], status: 503 });
    expect(body.dependencies.temporal).toEqual({ status: 'up' });

    mongo = await startMongo();
    await eventually('the API sees MongoDB again', async () => (await fetch(`${apiUrl}/health`)).status === 200, {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
  });

  it('answers 503 naming Temporal once it is stopped', async () => {
    await temporal.stop();
    const down = await fetch(`${apiUrl}/health`);
    expect(down.status).toBe(503);
    const body = (await down.json()) as { failing: string[]; dependencies: Record<string, unknown> };
    expect(body.failing).toEqual(['temporal']);
    expect(body.dependencies.mongodb).toEqual({ status: 'up' });
  });

  it('stops both processes gracefully on SIGTERM', async () => {
    await Promise.all([server.stop(), worker.stop()]);
    expect(server.exitStatus()).toMatchObject({ code: 0 });
    expect(worker.exitStatus()).toMatchObject({ code: 0 });
  });

  it('refuses to start without sign-in settings and names each missing variable', () => {
    const { OIDC_ISSUER, API_TOKEN_ISSUER, OIDC_CLIENT_SECRET, ...withoutSignIn } = env;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], { cwd: repoRoot, env: withoutSignIn, encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    for (const name of ['OIDC_ISSUER', 'OIDC_CLIENT_SECRET', 'API_TOKEN_ISSUER']) expect(result.stderr).toContain(name);
    expect(result.stderr).not.toContain('OIDC_CLIENT_ID');
    expect([OIDC_ISSUER, API_TOKEN_ISSUER, OIDC_CLIENT_SECRET].every(Boolean)).toBe(true);
  });

  it('refuses to start with a bad variable and names it', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server.ts'], {
      cwd: repoRoot,
      env: { ...process.env, HTTP_PORT: 'quatre-vingt', MONGODB_URI: 'postgres://nope' },
      encoding: 'utf8',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('HTTP_PORT');
    expect(result.stderr).toContain('MONGODB_URI');
  });
});
