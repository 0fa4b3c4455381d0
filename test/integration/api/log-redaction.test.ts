import path from 'node:path';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { SESSION_COOKIE } from '../../../api/authenticate';
import { createHabilitationStore } from '../../../auth/habilitations/habilitation-store';
import { freePort } from '../../../runtime/free-port';
import { REDACTED } from '../../../runtime/redact-log-line';
import { type ManagedProcess, spawnManaged } from '../../../runtime/spawn-managed';
import { withDatabase } from '../../../runtime/with-database';
import { Browser, formsOf } from '../../support/browser';
import { eventually } from '../../support/eventually';
import { testAppAuth } from '../../support/test-identity-provider';
import { applicationOf, commune, staffOf } from './api-fixtures';
import { habilitator, tokenFor } from './api-harness';

/**
 * `server.ts` and `worker.ts` as real processes, logging at `info` as in production, on the test
 * run's servers and its local OpenID Connect provider: every line they write is captured, and
 * none may hold a credential a request carried or the API was configured with.
 */
const repoRoot = path.resolve(__dirname, '../../..');

describe('logs of the API and the worker', () => {
  const lines: string[] = [];
  let server: ManagedProcess;
  let worker: ManagedProcess;
  let mongo: mongoose.Connection;
  let apiUrl: string;
  let clientSecret: string;
  let habilitate: ReturnType<typeof habilitator>;

  beforeAll(async () => {
    const httpPort = await freePort();
    apiUrl = `http://127.0.0.1:${httpPort}`;
    const { oidc, apiTokens } = await testAppAuth(apiUrl);
    clientSecret = oidc.clientSecret;
    const mongoUri = withDatabase(process.env.MONGODB_URI!, `cnum_logs_${randomUUID().slice(0, 8)}`);
    mongo = await mongoose.createConnection(mongoUri).asPromise();
    habilitate = habilitator(createHabilitationStore(mongo));
    const env = {
      ...process.env,
      MONGODB_URI: mongoUri,
      TEMPORAL_TASK_QUEUE: `logs-${randomUUID()}`,
      HTTP_PORT: String(httpPort),
      PUBLIC_URL: apiUrl,
      OIDC_ISSUER: oidc.issuer,
      OIDC_CLIENT_ID: oidc.clientId,
      OIDC_CLIENT_SECRET: oidc.clientSecret,
      API_TOKEN_ISSUER: apiTokens.issuer,
      API_AUDIENCE: apiTokens.audience,
      LOG_LEVEL: 'info',
    };
    const start = (name: string, file: string) =>
      spawnManaged({ name, command: process.execPath, args: ['--import', 'tsx', file], cwd: repoRoot, env, onLine: (line) => lines.push(line) });
    [server, worker] = await Promise.all([start('api', 'server.ts'), start('worker', 'worker.ts')]);
    await eventually('the API answers /health', async () => (await fetch(`${apiUrl}/health`)).status === 200, { timeoutMs: 45_000, intervalMs: 250 });
  }, 90_000);

  afterAll(async () => {
    await Promise.allSettled([server?.stop(), worker?.stop()]);
    await mongo?.close();
  });

  /** The request logger's records; it writes each once the answer is sent. */
  const requestRecords = () =>
    lines.filter((line) => line.includes('"req":')).map((line) => JSON.parse(line) as { req: { method: string; url: string; headers: Record<string, string> }; res: { statusCode: number; headers?: Record<string, string> } });

  const expectNoLineHolds = (secrets: string[]) => {
    for (const line of lines) {
      for (const secret of secrets) expect({ line, leaks: line.includes(secret) }).toEqual({ line, leaks: false });
    }
  };

  it('hold no bearer token, cookie or idempotency key of a real request, yet log the request', async () => {
    const structure = commune('974');
    const agent = staffOf.structure(structure);
    await habilitate(agent);
    const token = await tokenFor(agent);
    const forged = `${token.slice(0, -4)}AAAA`;
    const cookie = `session=${randomUUID()}`;
    const key = `key-${randomUUID()}`;

    const created = await fetch(`${apiUrl}/api/v1/posts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, cookie, 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(applicationOf(structure)),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const refused = await fetch(`${apiUrl}/api/v1/posts/${id}?access_token=${token}`, { headers: { authorization: `Bearer ${forged}` } });
    expect(refused.status).toBe(401);

    await eventually('both requests are logged', async () => requestRecords().filter((r) => r.req.url.startsWith('/api/v1/posts')).length >= 2, { timeoutMs: 10_000 });
    const post = requestRecords().find((r) => r.req.method === 'POST' && r.res.statusCode === 201);
    expect(post?.req.headers).toMatchObject({ authorization: REDACTED, cookie: REDACTED, 'idempotency-key': REDACTED });
    const get = requestRecords().find((r) => r.res.statusCode === 401);
    expect(get?.req.url).toBe(`/api/v1/posts/${id}?access_token=${REDACTED}`);

    expect(lines.some((line) => line.includes('worker started'))).toBe(true);
    const tokenParts = token.split('.');
    expectNoLineHolds([token, forged, tokenParts[1]!, tokenParts[2]!, cookie, key]);
  });

  it('hold no authorization code, state, session cookie or client secret of a sign-in, yet log its steps', async () => {
    const browser = new Browser();
    const signInPage = await browser.visit(`${apiUrl}/auth/login`);
    const form = formsOf(signInPage).find((candidate) => 'siret' in candidate.fields)!;
    const me = await browser.visit(form.action, { form: { email: `sam.agent-${randomUUID().slice(0, 8)}@logs.test`, given_name: 'Sam', usual_name: 'Agent', siret: commune('974').siret } });
    expect({ url: me.url, status: me.status }).toEqual({ url: `${apiUrl}/api/v1/me`, status: 200 });
    const callback = new URL(me.visited.find((url) => url.startsWith(`${apiUrl}/auth/callback?`))!);
    const [code, state] = [callback.searchParams.get('code')!, callback.searchParams.get('state')!];
    const session = browser.cookie(apiUrl, SESSION_COOKIE)!.value;
    const { csrfToken } = JSON.parse(me.body) as { csrfToken: string };
    const out = await browser.visit(`${apiUrl}/auth/logout`, { form: { _csrf: csrfToken } });
    expect(out.status).toBe(200);

    await eventually('the sign-in and the sign-out are logged', async () => requestRecords().some((r) => r.req.url.startsWith('/auth/logout')), { timeoutMs: 10_000 });
    const callbackRecord = requestRecords().find((r) => r.req.url.startsWith('/auth/callback'))!;
    const logged = new URL(callbackRecord.req.url, apiUrl).searchParams;
    expect([logged.get('code'), logged.get('state')]).toEqual([REDACTED, REDACTED]);
    expect(callbackRecord.res.headers?.['set-cookie']).toBe(REDACTED);
    const loginRecord = requestRecords().find((r) => r.req.url.startsWith('/auth/login'));
    expect(loginRecord?.res.headers?.location).toContain(`state=${REDACTED}`);
    expect(requestRecords().find((r) => r.req.url === '/api/v1/me')?.req.headers.cookie).toBe(REDACTED);

    expect([code, state, session, csrfToken, clientSecret].every((secret) => secret.length >= 16)).toBe(true);
    expectNoLineHolds([code, state, session, csrfToken, clientSecret]);
  });
});
