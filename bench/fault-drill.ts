/**
 * Faults under load: posts driven through the real API at a steady rate while the worker, FerretDB
 * and the Temporal dev server are killed with SIGKILL, one after the other, and restarted on the
 * same ports and data. Then every request the API answered 2xx is checked against the workflow's
 * state, the timeline and the read model: each transition there exactly once, no notification
 * twice. Used by `npm run bench:faults` and, smaller, by an integration test.
 *
 * Everything runs on loopback: a Temporal dev server (SQLite file) and FerretDB of its own in a
 * temporary folder, `worker.ts` and `server.ts` as processes, the way `npm start` runs them, and
 * the local OpenID Connect provider (of its own, or the one it is given: it is not killed). Each
 * caller is a program, as in production: a client at the provider, whose access token the API
 * checks, and a habilitation in the drill's database, granted before its first request. The
 * client behaves as the API asks: it sends an `Idempotency-Key` with every request, and after a
 * 503 it sends the same request again after `Retry-After`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import mongoose from 'mongoose';
import { createPostWorkflowClient } from '../api/post-workflow-client';
import { roleScopeOf } from '../auth/habilitations/habilitation';
import { createHabilitationStore } from '../auth/habilitations/habilitation-store';
import { programClientMetadata, registerLocalClient, relyingPartyClientMetadata } from '../auth/local-provider/register-local-client';
import { requestProgramAccessToken } from '../auth/program-access-token';
import { configSchema } from '../config/config';
import type { Actor } from '../domain/lifecycle/actor';
import { siretWithCheckDigit } from '../domain/identity/siret';
import type { Structure } from '../domain/lifecycle/post-events';
import { createModels } from '../models/create-models';
import { type FerretDbServer, startFerretDbServer } from '../runtime/ferretdb-server';
import { freePort } from '../runtime/free-port';
import { type LocalOidcProvider, startLocalOidcProvider } from '../runtime/local-oidc-provider';
import { type MailpitServer, startMailpitServer } from '../runtime/mailpit-server';
import { type ManagedProcess, spawnManaged } from '../runtime/spawn-managed';
import { startTemporalDevServer, type TemporalDevServer } from '../runtime/temporal-dev-server';
import { toolPaths } from '../runtime/tool-paths';
import { waitUntil } from '../runtime/wait-until';
import { withDatabase } from '../runtime/with-database';
import { BENCH_CONTACT } from './bench-support';

export interface FaultDrillOptions {
  /** Requests started per second, retries included. */
  rate: number;
  /** Load before the first kill, between two kills and after the last one. */
  calmMs: number;
  /** How long each killed process stays dead. */
  outageMs: number;
  /**
   * A local OpenID Connect provider to sign in at and get tokens from (the test run's); without
   * it, the drill starts one of its own.
   */
  identityProvider?: { issuer: string; registrationToken: string };
  log?: (line: string) => void;
}

export interface Recovery {
  what: string;
  /** From the SIGKILL until the restarted process serves again (a worker: polls). */
  downMs: number;
  /** From the restart until the first 2xx of a request sent after it. */
  recoveredMs: number | null;
}

export interface FaultDrillReport {
  sent: number;
  ok: number;
  unavailable: number;
  other: number;
  /** Status (or `no answer`) → count, for the answers that were neither 2xx nor 503. */
  otherAnswers: Record<string, number>;
  /** The first unexpected answers, to see why. */
  unexpected: string[];
  /** Transitions answered 2xx and missing from the workflow, the timeline or the read model. */
  lost: number;
  /** Transitions applied twice, posts created twice, notifications written twice. */
  doubled: number;
  problems: string[];
  recoveries: Recovery[];
  posts: number;
  transitions: number;
  seconds: number;
}

const repoRoot = toolPaths.repoRoot;
/** A request in flight when the worker dies waits for its activity's timeout (30 s), then the retry. */
const ATTEMPT_TIMEOUT_MS = 90_000;
/** A logical request gives up after this long: the drill stops by itself, whatever hangs. */
const REQUEST_BUDGET_MS = 180_000;
const DEPARTMENT = '974';
/** At most this many seconds' worth of requests wait at once. */
const MAX_SECONDS_IN_FLIGHT = 4;
const AUDIENCE = configSchema.shape.API_AUDIENCE.parse(undefined);

/** The life each post goes through: who sends what, one step after the other. */
const chain: { actor: (structure: Structure) => Actor; event: Record<string, unknown> | null }[] = [
  { actor: (structure) => ({ id: `agent-${structure.siret}`, role: 'structure', siret: structure.siret }), event: null },
  { actor: () => ({ id: 'drill-prefecture', role: 'prefecture', department: DEPARTMENT }), event: { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Avis favorable' } },
  { actor: () => ({ id: 'drill-anct', role: 'anct' }), event: { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: new Date().toISOString().slice(0, 10) } },
  {
    actor: (structure) => ({ id: `agent-${structure.siret}`, role: 'structure', siret: structure.siret }),
    event: { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Inès', lastName: 'Roux', email: 'ines.roux@example.fr' } },
  },
];
const chainTypes = ['SUBMIT_APPLICATION', ...chain.slice(1).map((step) => step.event!.type as string)];

interface DrilledPost {
  structure: Structure;
  id?: string;
  /** Steps answered 2xx: the post's version must equal it. */
  done: number;
  busy: boolean;
  failed: boolean;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The drill's callers, each a program: its client at the provider and its habilitation in the
 * drill's database, made once, before its first request. A habilitation granted while FerretDB is
 * away waits for it to be back: as in production, a structure is habilitated before it applies.
 */
function createCallers(provider: { issuer: string; registrationToken: string }, mongoUri: string) {
  const connection = mongoose.createConnection(mongoUri, { serverSelectionTimeoutMS: 5_000 });
  const habilitations = createHabilitationStore(connection);
  const tokens = new Map<string, Promise<string>>();
  async function habilitate(actor: Actor, deadline: number): Promise<void> {
    for (;;) {
      try {
        await habilitations.grant({ kind: 'program', clientId: actor.id }, roleScopeOf(actor), { id: 'fault-drill', role: null, via: 'local-development' });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  }
  async function onboard(actor: Actor): Promise<string> {
    await habilitate(actor, Date.now() + REQUEST_BUDGET_MS);
    const client = await registerLocalClient(provider.issuer, provider.registrationToken, programClientMetadata(actor.id));
    return requestProgramAccessToken({ issuer: provider.issuer, clientId: client.clientId, clientSecret: client.clientSecret, resource: AUDIENCE });
  }
  return {
    /** The actor's access token, once it is habilitated. */
    tokenOf(actor: Actor): Promise<string> {
      let token = tokens.get(actor.id);
      if (!token) {
        token = onboard(actor);
        tokens.set(actor.id, token);
        token.catch(() => tokens.delete(actor.id));
      }
      return token;
    },
    close: () => connection.close(),
  };
}

export async function runFaultDrill(options: FaultDrillOptions): Promise<FaultDrillReport> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-faults-'));
  const temporalPort = await freePort();
  const mongoPort = await freePort();
  const httpPort = await freePort();
  const database = 'cnum_faults';
  const startTemporal = () => startTemporalDevServer({ port: temporalPort, dbFile: path.join(tempDir, 'temporal.db'), env: {}, logLevel: 'error' });
  const startMongo = () => startFerretDbServer({ port: mongoPort, dataDir: path.join(tempDir, 'ferretdb'), database, env: {} });
  let temporal: TemporalDevServer | undefined;
  let mongo: FerretDbServer | undefined;
  let worker: ManagedProcess | undefined;
  let api: ManagedProcess | undefined;
  let ownProvider: LocalOidcProvider | undefined;
  // The worker mails the notices (issue 11): an SMTP server of the drill's own, never killed.
  let mailpit: MailpitServer | undefined;
  const servers = await Promise.allSettled([
    startTemporal().then((started) => (temporal = started)),
    startMongo().then((started) => (mongo = started)),
    startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') }).then((started) => (mailpit = started)),
    options.identityProvider ? undefined : startLocalOidcProvider({ dataDir: path.join(tempDir, 'oidc-provider') }).then((started) => (ownProvider = started)),
  ]);
  const notStarted = servers.flatMap((server) => (server.status === 'rejected' ? [server.reason as unknown] : []));
  if (!temporal || !mongo || !mailpit || notStarted.length > 0) {
    await Promise.allSettled([temporal?.stop(), mongo?.stop(), mailpit?.stop(), ownProvider?.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw new Error(`the drill's servers did not start: ${notStarted.map(String).join('; ')}`);
  }
  const provider = options.identityProvider ?? ownProvider!;
  const apiUrl = `http://127.0.0.1:${httpPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporal.address,
    MONGODB_URI: withDatabase(mongo.uri, database),
    TEMPORAL_TASK_QUEUE: 'post-lifecycle',
    SMTP_URL: mailpit.smtpUrl,
    HTTP_PORT: String(httpPort),
    PUBLIC_URL: apiUrl,
    OIDC_ISSUER: provider.issuer,
    API_TOKEN_ISSUER: provider.issuer,
    API_AUDIENCE: AUDIENCE,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  };
  const callers = createCallers(provider, env.MONGODB_URI!);
  // node itself, not the tsx CLI: the SIGKILL must reach the worker, not a wrapper.
  /** What the API logged at error level: a 500's cause. */
  const apiErrors: string[] = [];
  const startApi = () =>
    spawnManaged({
      name: 'api',
      command: process.execPath,
      args: ['--import', 'tsx', 'server.ts'],
      cwd: repoRoot,
      env,
      echo: Boolean(process.env.FAULT_DRILL_ECHO),
      onLine: (line) => void (/"level":50/.test(line) && !line.includes('"status":503') && apiErrors.length < 5 && apiErrors.push(line.slice(0, 3000))),
    });
  /** A worker counts as back once it polls: after it has bundled the workflows, which takes seconds. */
  const startWorker = async () => {
    let polling = false;
    const child = await spawnManaged({
      name: 'worker',
      command: process.execPath,
      args: ['--import', 'tsx', 'worker.ts'],
      cwd: repoRoot,
      env: { ...env, LOG_LEVEL: 'info' },
      echo: Boolean(process.env.FAULT_DRILL_ECHO),
      onLine: (line) => (polling ||= line.includes('"worker started"')),
    });
    await waitUntil('the worker polls', async () => {
      if (!polling) throw new Error('not yet');
    }, { timeoutMs: 120_000, intervalMs: 100, giveUp: () => (child.exitStatus() ? `exited:\n${child.recentOutput()}` : undefined) });
    return child;
  };

  const report: FaultDrillReport = {
    sent: 0, ok: 0, unavailable: 0, other: 0, otherAnswers: {}, unexpected: [], lost: 0, doubled: 0, problems: [], recoveries: [], posts: 0, transitions: 0, seconds: 0,
  };
  /** When each 2xx came back, and when its attempt was sent: what tells a recovery. */
  const successes: { sentAt: number; at: number }[] = [];

  async function attempt(method: string, url: string, token: string, body: unknown, key: string) {
    report.sent += 1;
    const sentAt = Date.now();
    try {
      const response = await fetch(`${apiUrl}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const text = await response.text();
      if (response.status >= 200 && response.status < 300) {
        report.ok += 1;
        successes.push({ sentAt, at: Date.now() });
      } else if (response.status === 503) {
        report.unavailable += 1;
      } else {
        report.other += 1;
        report.otherAnswers[response.status] = (report.otherAnswers[response.status] ?? 0) + 1;
        if (report.unexpected.length < 10) report.unexpected.push(`${method} ${url} → ${response.status} ${text.slice(0, 300)} at +${((Date.now() - started) / 1000).toFixed(1)} s`);
      }
      return { status: response.status, body: text ? (JSON.parse(text) as { id?: string }) : {}, retryAfter: Number(response.headers.get('retry-after') ?? 1) };
    } catch (error) {
      report.other += 1;
      report.otherAnswers['no answer'] = (report.otherAnswers['no answer'] ?? 0) + 1;
      const cause = (error as { cause?: unknown }).cause;
      if (report.unexpected.length < 10) report.unexpected.push(`${method} ${url} → no answer (${String(error)}${cause ? `: ${String(cause)}` : ''}) at +${((Date.now() - started) / 1000).toFixed(1)} s`);
      return { status: 0, body: {}, retryAfter: 1 };
    }
  }

  /** One step of a post, sent again with its key after each 503, until another answer. */
  async function advance(post: DrilledPost): Promise<void> {
    const step = chain[post.done]!;
    const token = await callers.tokenOf(step.actor(post.structure)).catch((error: unknown) => {
      report.problems.push(`no access token for ${JSON.stringify(step.actor(post.structure))}: ${String(error)}`);
      return null;
    });
    if (!token) {
      post.failed = true;
      return;
    }
    const key = randomUUID();
    const [url, body] = post.id ? [`/api/v1/posts/${post.id}/events`, step.event] : ['/api/v1/posts', { structure: post.structure, contact: BENCH_CONTACT }];
    const deadline = Date.now() + REQUEST_BUDGET_MS;
    for (;;) {
      const answer = await attempt('POST', url, token, body, key);
      if (answer.status >= 200 && answer.status < 300) {
        post.id ??= answer.body.id;
        post.done += 1;
        return;
      }
      if (answer.status !== 503 || Date.now() > deadline) {
        post.failed = true;
        return;
      }
      await sleep(answer.retryAfter * 1000);
    }
  }

  // The load: one request started per tick, for the next step of an idle post, or a new post.
  const posts: DrilledPost[] = [];
  const inFlight = new Set<Promise<void>>();
  let loading = true;
  const startLoad = async () => {
    let serial = Number(String(process.pid).slice(-5)) * 1_000_000;
    while (loading) {
      // A steady rate, not an ever-growing crowd: while requests wait for a dependency, no more are added.
      if (inFlight.size >= options.rate * MAX_SECONDS_IN_FLIGHT) {
        await sleep(1000 / options.rate);
        continue;
      }
      const idle = posts.find((p) => !p.busy && !p.failed && p.done > 0 && p.done < chain.length);
      const post = idle ?? { structure: { name: `Commune ${posts.length + 1}`, siret: siretWithCheckDigit(`2${String(serial++).padStart(12, '0')}`), sector: 'public', kind: 'territorial-authority', department: DEPARTMENT }, done: 0, busy: false, failed: false };
      if (!idle) posts.push(post as DrilledPost);
      post.busy = true;
      const running: Promise<void> = advance(post as DrilledPost).finally(() => {
        post.busy = false;
        inFlight.delete(running);
      });
      inFlight.add(running);
      await sleep(1000 / options.rate);
    }
  };

  async function kill(what: string, child: ManagedProcess | undefined, restart: () => Promise<void>): Promise<void> {
    await sleep(options.calmMs);
    log(`faults: SIGKILL ${what}`);
    const killedAt = Date.now();
    if (child) process.kill(child.pid, 'SIGKILL');
    await child?.exited;
    await sleep(options.outageMs);
    await restart();
    const restartedAt = Date.now();
    const downMs = restartedAt - killedAt;
    const back = await waitUntil(`requests succeed again after ${what} restarted`, async () => {
      const first = successes.find((s) => s.sentAt >= restartedAt);
      if (!first) throw new Error('no 2xx yet');
      return first.at;
    }, { timeoutMs: REQUEST_BUDGET_MS, intervalMs: 100 }).catch(() => null);
    const recovery = { what, downMs, recoveredMs: back === null ? null : back - restartedAt };
    report.recoveries.push(recovery);
    log(`faults: ${what} back after ${(downMs / 1000).toFixed(1)} s, requests succeed ${recovery.recoveredMs === null ? 'never' : `${(recovery.recoveredMs / 1000).toFixed(1)} s after its restart`}`);
  }

  try {
    // The API signs people in at the provider, as the relying party registered for its URL.
    const relyingParty = await registerLocalClient(provider.issuer, provider.registrationToken, relyingPartyClientMetadata(`fault-drill-${httpPort}`, apiUrl));
    Object.assign(env, { OIDC_CLIENT_ID: relyingParty.clientId, OIDC_CLIENT_SECRET: relyingParty.clientSecret });
    [worker, api] = await Promise.all([startWorker(), startApi()]);
    await waitUntil('the API answers /health', async () => {
      if ((await fetch(`${apiUrl}/health`)).status !== 200) throw new Error('not up');
    }, { timeoutMs: 60_000, intervalMs: 250 });
    log(`faults: stack up in ${((Date.now() - started) / 1000).toFixed(1)} s; load at ${options.rate} requests/s`);
    const load = startLoad();

    await kill('the worker', worker, async () => {
      worker = await startWorker();
    });
    await kill('FerretDB', mongo.process, async () => {
      mongo = await startMongo();
    });
    await kill('the Temporal dev server', temporal.process, async () => {
      temporal = await startTemporal();
    });
    await sleep(options.calmMs);
    loading = false;
    await load;
    while (inFlight.size > 0) await Promise.all([...inFlight]);

    if (api.exitStatus()) report.problems.push(`the API exited (${JSON.stringify(api.exitStatus())}):\n${api.recentOutput()}`);
    if (report.other > 0) report.unexpected.push(...apiErrors.map((line) => `the API logged: ${line}`));
    await verify(posts, env, report);
    report.seconds = (Date.now() - started) / 1000;
    return report;
  } finally {
    loading = false;
    await Promise.allSettled([api?.stop(), worker?.stop(), callers.close()]);
    await Promise.allSettled([temporal?.stop(), mongo?.stop(), mailpit?.stop(), ownProvider?.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/** Every post against the workflow, the timeline and the read model, once the stack is calm. */
async function verify(posts: DrilledPost[], env: NodeJS.ProcessEnv, report: FaultDrillReport): Promise<void> {
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS! });
  const mongo = await mongoose.createConnection(env.MONGODB_URI!).asPromise();
  try {
    const workflows = createPostWorkflowClient(new Client({ connection }), env.TEMPORAL_TASK_QUEUE!);
    const models = createModels(mongo);
    const problem = (kind: 'lost' | 'doubled', text: string) => {
      report[kind] += 1;
      report.problems.push(`${kind}: ${text}`);
    };
    const views = new Map<string, Awaited<ReturnType<typeof workflows.view>>>();
    for (const post of posts) if (post.id) views.set(post.id, await workflows.view(post.id));
    // The read model catches up with the workflows: give it the time an activity retry takes.
    const readModel = await waitUntil('the read model reaches the workflows', async () => {
      const docs = new Map((await models.Post.find({}).lean()).map((doc) => [doc._id as string, doc]));
      const behind = [...views].filter(([id, view]) => (docs.get(id)?.version ?? 0) < view.version);
      if (behind.length > 0) throw new Error(`${behind.length} posts behind, ${behind[0]![0]} first`);
      return docs;
    }, { timeoutMs: 90_000, intervalMs: 1_000 }).catch(async () => new Map((await models.Post.find({}).lean()).map((doc) => [doc._id as string, doc])));
    const group = <T extends { postId?: string | null }>(rows: T[]) => {
      const byPost = new Map<string, T[]>();
      for (const row of rows) byPost.set(row.postId ?? '', [...(byPost.get(row.postId ?? '') ?? []), row]);
      return byPost;
    };
    const timelines = group(await models.PostEvent.find({ outcome: 'accepted' }).lean());
    const notifications = group(await models.Notification.find({}).lean());
    const postsBySiret = new Map<string, number>();
    for (const doc of readModel.values()) postsBySiret.set(doc.siret, (postsBySiret.get(doc.siret) ?? 0) + 1);

    for (const post of posts) {
      const created = postsBySiret.get(post.structure.siret) ?? 0;
      if (created > 1) problem('doubled', `${created} posts for the application of ${post.structure.siret}`);
      if (post.done === 0) continue;
      const view = post.id ? views.get(post.id) : undefined;
      if (!post.id || !view) {
        problem('lost', `the application of ${post.structure.siret} was answered 2xx, and no workflow has it`);
        continue;
      }
      report.posts += 1;
      report.transitions += post.done;
      if (view.version < post.done) problem('lost', `${post.id}: the workflow is at version ${view.version}, ${post.done} transitions were answered 2xx`);
      // A post whose last request got no 2xx may or may not have had that transition: the answer said so.
      const asked = post.failed ? post.done + 1 : post.done;
      if (post.failed && view.version === asked) report.problems.push(`${post.id}: ${chainTypes[post.done]} was applied, yet answered other than 2xx`);
      if (view.version > asked) problem('doubled', `${post.id}: the workflow is at version ${view.version}, only ${asked} transitions were asked`);

      const timeline = (timelines.get(post.id) ?? []).sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
      const types = timeline.map((row) => row.type);
      const expected = chainTypes.slice(0, post.done);
      if (types.length < expected.length || expected.some((type, i) => types[i] !== type)) {
        problem('lost', `${post.id}: the timeline holds ${types.join(', ')}; ${expected.join(', ')} were answered 2xx`);
      }
      if (types.length > asked || new Set(timeline.map((row) => row.version)).size !== types.length) {
        problem('doubled', `${post.id}: the timeline holds ${types.join(', ')}`);
      }

      const stored = readModel.get(post.id);
      if (!stored || stored.version < view.version) problem('lost', `${post.id}: the read model is at version ${stored?.version ?? 'none'}, the workflow at ${view.version}`);
      else if (stored.version > view.version) problem('doubled', `${post.id}: the read model is at version ${stored.version}, the workflow at ${view.version}`);
      else if (stored.status !== view.status) problem('lost', `${post.id}: the read model says ${stored.status}, the workflow ${view.status}`);

      const seen = new Set<string>();
      for (const n of notifications.get(post.id) ?? []) {
        const what = `${n.topic}|${n.recipientRole}|${n.recipientScope ?? ''}|${n.deadlineKind ?? ''}|${n.dueOn ?? ''}`;
        if (seen.has(what)) problem('doubled', `${post.id}: notification ${n.topic} to ${n.recipientRole} written twice`);
        seen.add(what);
      }
    }
  } finally {
    await mongo.close();
    await connection.close();
  }
}
