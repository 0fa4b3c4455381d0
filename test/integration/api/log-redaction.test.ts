import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../../runtime/free-port';
import { REDACTED } from '../../../runtime/redact-log-line';
import { type ManagedProcess, spawnManaged } from '../../../runtime/spawn-managed';
import { withDatabase } from '../../../runtime/with-database';
import { eventually } from '../../support/eventually';
import { commune, staffOf } from './api-fixtures';
import { TEST_JWT_SECRET, tokenFor } from './api-harness';

/**
 * `server.ts` and `worker.ts` as real processes, logging at `info` as in production, on the test
 * run's servers: every line they write is captured, and none may hold a credential a request
 * carried.
 */
const repoRoot = path.resolve(__dirname, '../../..');

describe('logs of the API and the worker', () => {
  const lines: string[] = [];
  let server: ManagedProcess;
  let worker: ManagedProcess;
  let apiUrl: string;

  beforeAll(async () => {
    const httpPort = await freePort();
    apiUrl = `http://127.0.0.1:${httpPort}`;
    const env = {
      ...process.env,
      MONGODB_URI: withDatabase(process.env.MONGODB_URI!, `cnum_logs_${randomUUID().slice(0, 8)}`),
      TEMPORAL_TASK_QUEUE: `logs-${randomUUID()}`,
      HTTP_PORT: String(httpPort),
      AUTH_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'info',
    };
    const start = (name: string, file: string) =>
      spawnManaged({ name, command: process.execPath, args: ['--import', 'tsx', file], cwd: repoRoot, env, onLine: (line) => lines.push(line) });
    [server, worker] = await Promise.all([start('api', 'server.ts'), start('worker', 'worker.ts')]);
    await eventually('the API answers /health', async () => (await fetch(`${apiUrl}/health`)).status === 200, { timeoutMs: 45_000, intervalMs: 250 });
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([server?.stop(), worker?.stop()]);
  });

  it('hold no bearer token, cookie or idempotency key of a real request, yet log the request', async () => {
    const structure = commune('974');
    const token = await tokenFor(staffOf.structure(structure));
    const forged = `${token.slice(0, -4)}AAAA`;
    const cookie = `session=${randomUUID()}`;
    const key = `key-${randomUUID()}`;

    const created = await fetch(`${apiUrl}/api/v1/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, cookie, 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ structure }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const refused = await fetch(`${apiUrl}/api/v1/posts/${id}?access_token=${token}`, { headers: { authorization: `Bearer ${forged}` } });
    expect(refused.status).toBe(401);

    // The request logger writes its line once the answer is sent.
    const requestLines = () => lines.filter((line) => line.includes('"req":'));
    await eventually('both requests are logged', async () => requestLines().length >= 2, { timeoutMs: 10_000 });
    const records = requestLines().map((line) => JSON.parse(line) as { req: { method: string; url: string; headers: Record<string, string> }; res: { statusCode: number } });
    const post = records.find((r) => r.req.method === 'POST' && r.res.statusCode === 201);
    expect(post?.req.headers).toMatchObject({ authorization: REDACTED, cookie: REDACTED, 'idempotency-key': REDACTED });
    const get = records.find((r) => r.res.statusCode === 401);
    expect(get?.req.url).toBe(`/api/v1/posts/${id}?access_token=${REDACTED}`);

    expect(lines.some((line) => line.includes('worker started'))).toBe(true);
    const tokenParts = token.split('.');
    for (const line of lines) {
      for (const secret of [token, forged, tokenParts[1]!, tokenParts[2]!, cookie, key, TEST_JWT_SECRET]) {
        expect({ line, leaks: line.includes(secret) }).toEqual({ line, leaks: false });
      }
    }
  });
});
