/**
 * Transitions per second and p50/p99 latency through the staff API (HTTP → Express → Temporal
 * update → workflow → activity writing MongoDB → read model and allowed-events query → JSON),
 * against bare `executeUpdate` calls on the same workflows, same servers, same run. The ratio is
 * the figure: what the API costs on top of the workflow's own work.
 *
 *   npx tsx bench/api-throughput.ts [--posts 8] [--transitions 25] [--rounds 2] [--max-seconds 600] [--sqlite-pragmas default] [--no-eager-activities] [--worker-in-process]
 *
 * Starts its own Temporal dev server, FerretDB (or mongod) and local OpenID Connect provider on free
 * loopback ports, `worker.ts` in a process of its own (as `npm start` runs it; `--worker-in-process`
 * puts a worker inside this one) and the API in this process; stops them all at the end. The API checks
 * real access tokens (client credentials at the local provider) and reads habilitations. Each post alternates REQUEST_INFORMATION
 * (prefecture) and PROVIDE_INFORMATION (structure), a loop the rules allow forever. `--posts`
 * posts run at once, each sending its transitions one after the other.
 */
import { BENCH_CONTACT, percentile } from './bench-support';
import { spawnNodeScript } from './spawn-node-script';
import { floorClient, startFloorWorker } from './floor/floor-worker';
import { breakdownTable, type TimedCall, updateBreakdown } from './update-breakdown';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { bundlePostWorkflows } from '../runtime/post-workflow-bundle';
import mongoose from 'mongoose';
import pino from 'pino';
import { createPostActivities } from '../activities/post-activities';
import { createApp } from '../api/create-app';
import { prepareAuthStorage } from '../auth/auth-storage';
import { roleScopeOf } from '../auth/habilitations/habilitation';
import { createHabilitationStore } from '../auth/habilitations/habilitation-store';
import { programClientMetadata, registerLocalClient, relyingPartyClientMetadata } from '../auth/local-provider/register-local-client';
import { requestProgramAccessToken } from '../auth/program-access-token';
import { configSchema } from '../config/config';
import { createPostWorkflowClient } from '../api/post-workflow-client';
import type { Actor } from '../domain/lifecycle/actor';
import type { Structure } from '../domain/lifecycle/post-events';
import { createModels, type Models, syncModelIndexes } from '../models/create-models';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startMailpitServer } from '../runtime/mailpit-server';
import { startLocalOidcProvider } from '../runtime/local-oidc-provider';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';
import { waitUntil } from '../runtime/wait-until';
import { withDatabase } from '../runtime/with-database';
import { postEventUpdate } from '../workflows/post-messages';

const AUDIENCE = configSchema.shape.API_AUDIENCE.parse(undefined);

const { values: args } = parseArgs({
  options: {
    posts: { type: 'string', default: '8' },
    transitions: { type: 'string', default: '25' },
    rounds: { type: 'string', default: '2' },
    'max-seconds': { type: 'string', default: '600' },
    // `default` measures SQLite's own settings, to see what the dev server's pragmas buy.
    'sqlite-pragmas': { type: 'string', default: 'durable-against-process-crash' },
    // Measures what the dev server's eager activity execution buys.
    'no-eager-activities': { type: 'boolean', default: false },
    // The worker inside this process, beside the API and the clients, as the bench ran it before.
    'worker-in-process': { type: 'boolean', default: false },
  },
});
const POSTS = Math.max(1, Math.min(200, Number(args.posts)));
const TRANSITIONS = Math.max(2, Math.min(1000, Number(args.transitions)));
const ROUNDS = Math.max(1, Math.min(10, Number(args.rounds)));
/** The whole run stops by itself after this long, whatever hangs (a server that died, say). */
const MAX_SECONDS = Math.max(30, Math.min(3600, Number(args['max-seconds'])));

const structure: Structure = {
  name: 'Commune du banc d’essai',
  siret: '21971120100018',
  sector: 'public',
  kind: 'territorial-authority',
  department: '971',
};
const contact = BENCH_CONTACT;
const agent: Actor = { id: 'bench-structure', role: 'structure', siret: structure.siret };
const prefecture: Actor = { id: 'bench-prefecture', role: 'prefecture', department: '971' };

/** The n-th transition of the loop: odd ones by the prefecture, even ones by the structure. */
function step(n: number): { actor: Actor; event: Record<string, unknown> } {
  return n % 2 === 0
    ? { actor: prefecture, event: { type: 'REQUEST_INFORMATION', questions: `Question ${n}` } }
    : { actor: agent, event: { type: 'PROVIDE_INFORMATION', answers: `Réponse ${n}` } };
}

interface Sample {
  mode: string;
  transitions: number;
  seconds: number;
  latenciesMs: number[];
  calls: TimedCall[];
}

async function runMode(mode: string, postIds: string[], transition: (postId: string, n: number) => Promise<void>): Promise<Sample> {
  const latenciesMs: number[] = [];
  const calls: TimedCall[] = [];
  const started = performance.now();
  await Promise.all(
    postIds.map(async (postId) => {
      for (let n = 0; n < TRANSITIONS; n++) {
        const t0 = performance.now();
        const sentAt = Date.now();
        await transition(postId, n);
        latenciesMs.push(performance.now() - t0);
        calls.push({ workflowId: postId, sentAt, answeredAt: Date.now() });
      }
    }),
  );
  return { mode, transitions: latenciesMs.length, seconds: (performance.now() - started) / 1000, latenciesMs, calls };
}

function summary(samples: Sample[]) {
  const transitions = samples.reduce((s, x) => s + x.transitions, 0);
  const seconds = samples.reduce((s, x) => s + x.seconds, 0);
  const sorted = samples.flatMap((x) => x.latenciesMs).sort((a, b) => a - b);
  return { transitions, tps: transitions / seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/**
 * `worker.ts` in a process of its own, as `npm start` runs it apart from the API: the API's event
 * loop then waits for nobody else's work, and the worker has its mail worker (with a Mailpit of
 * its own) and its configured limits.
 */
async function runWorkerProcess(options: { temporalAddress: string; mongoUri: string; taskQueue: string; tempDir: string }, cleanups: (() => Promise<unknown>)[]): Promise<void> {
  const mailpit = await startMailpitServer({ dbFile: path.join(options.tempDir, 'mailpit.db') });
  cleanups.push(() => mailpit.stop());
  const worker = await spawnNodeScript('worker.ts', {
    readyLine: '"worker started"',
    env: {
      TEMPORAL_ADDRESS: options.temporalAddress,
      MONGODB_URI: options.mongoUri,
      SMTP_URL: mailpit.smtpUrl,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      LOG_LEVEL: 'info',
    },
  });
  cleanups.push(() => worker.child.stop());
  await worker.started;
}

/** The post worker inside this process, with the read-model activities only (no mail worker). */
async function runWorkerInProcess(connection: NativeConnection, taskQueue: string, models: Models, cleanups: (() => Promise<unknown>)[]): Promise<void> {
  const worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: await bundlePostWorkflows(),
    activities: createPostActivities({ models, logger: pino({ level: 'silent' }) }),
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentActivityTaskExecutions: 100,
  });
  const running = worker.run();
  cleanups.push(async () => {
    worker.shutdown();
    await running;
  });
}

async function main(): Promise<void> {
  Runtime.install({ logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: (m: string) => process.stderr.write(`${m}\n`) } });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-bench-'));
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(tempDir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((e) => process.stderr.write(`cleanup: ${String(e)}\n`));
  };
  const watchdog = setTimeout(() => {
    process.stderr.write(`benchmark still running after ${MAX_SECONDS} s: stopping\n`);
    const hardStop = setTimeout(() => process.exit(1), 20_000);
    hardStop.unref();
    void cleanup().finally(() => process.exit(1));
  }, MAX_SECONDS * 1000);
  watchdog.unref();
  const loadBefore = os.loadavg()[0]!;
  try {
    process.stderr.write('starting Temporal dev server, FerretDB and the local OpenID Connect provider…\n');
    const [temporal, mongoServer, oidc] = await Promise.all([
      // On a file, as `npm start` runs it: in memory, SQLite's settings would not count.
      startTemporalDevServer({ env: {}, logLevel: 'error', dbFile: path.join(tempDir, 'temporal.db'), ...(args['sqlite-pragmas'] === 'default' ? { sqlitePragmas: [] } : {}), eagerActivities: !args['no-eager-activities'] }),
      startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench', env: {} }),
      startLocalOidcProvider({ dataDir: path.join(tempDir, 'oidc-provider') }),
    ]);
    cleanups.push(() => temporal.stop(), () => mongoServer.stop(), () => oidc.stop());

    const mongo = await mongoose.createConnection(withDatabase(mongoServer.uri, 'bench'), { serverSelectionTimeoutMS: 5_000 }).asPromise();
    let closing = false;
    cleanups.push(async () => {
      closing = true;
      await mongo.close();
    });
    mongo.on('disconnected', () => {
      if (!closing) process.stderr.write('MongoDB disconnected during the run: its figures are not trustworthy\n');
    });
    const models = createModels(mongo);
    await syncModelIndexes(models);
    await prepareAuthStorage(mongo, { bootstrapAnctEmails: [] });

    const taskQueue = `bench-${randomUUID()}`;
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    cleanups.push(() => nativeConnection.close());
    if (args['worker-in-process']) await runWorkerInProcess(nativeConnection, taskQueue, models, cleanups);
    else await runWorkerProcess({ temporalAddress: temporal.address, mongoUri: withDatabase(mongoServer.uri, 'bench'), taskQueue, tempDir }, cleanups);
    const floorQueue = `floor-${randomUUID()}`;
    const floorWorker = await startFloorWorker(nativeConnection, { taskQueue: floorQueue });
    cleanups.push(() => floorWorker.stop());

    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection });
    const posts = createPostWorkflowClient(client, taskQueue);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const rp = await registerLocalClient(oidc.issuer, oidc.registrationToken, relyingPartyClientMetadata('bench-rp', url));
    const app = createApp({
      logger: pino({ level: 'silent' }),
      temporal: client,
      mongo,
      models,
      posts,
      namespace: 'default',
      taskQueue,
      auth: {
        publicUrl: url,
        oidc: { issuer: oidc.issuer, clientId: rp.clientId, clientSecret: rp.clientSecret },
        apiTokens: { issuer: oidc.issuer, audience: AUDIENCE },
        sessionTtlMinutes: 60,
      },
    });
    server.on('request', app);
    // Each actor is a program: its client at the local provider, its habilitation in the database.
    const habilitations = createHabilitationStore(mongo);
    const tokens = new Map<string, string>();
    for (const actor of [agent, prefecture]) {
      await habilitations.grant({ kind: 'program', clientId: actor.id }, roleScopeOf(actor), { id: 'bench', role: null, via: 'local-development' });
      const registered = await registerLocalClient(oidc.issuer, oidc.registrationToken, programClientMetadata(actor.id));
      tokens.set(actor.id, await requestProgramAccessToken({ issuer: oidc.issuer, clientId: registered.clientId, clientSecret: registered.clientSecret, resource: AUDIENCE }));
    }
    const http = async (method: string, route: string, actor: Actor, body: unknown, key?: string) => {
      const response = await fetch(`${url}${route}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(actor.id)}`,
          'content-type': 'application/json',
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as { id: string };
      if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    };

    const bare = async (postId: string, n: number) => {
      const { actor, event } = step(n);
      const requestId = randomUUID();
      await client.workflow
        .getHandle(postId)
        .executeUpdate(postEventUpdate, { args: [{ requestId, actor, event, receivedAt: new Date().toISOString() }], updateId: requestId });
    };
    const viaApi = (withKey: boolean) => async (postId: string, n: number) => {
      const { actor, event } = step(n);
      await http('POST', `/api/v1/posts/${postId}/events`, actor, event, withKey ? randomUUID() : undefined);
    };
    const newPostsBare = () =>
      Promise.all(
        Array.from({ length: POSTS }, async () => {
          const { postId } = await posts.submitApplication({
            actor: agent,
            requestId: randomUUID(),
            event: { type: 'SUBMIT_APPLICATION', structure, contact, appliedOn: new Date().toISOString().slice(0, 10) },
          });
          return postId;
        }),
      );
    const newPostsApi = () => Promise.all(Array.from({ length: POSTS }, async () => (await http('POST', '/api/v1/posts', agent, { structure, contact })).id));

    const floor = floorClient(client, floorQueue);
    const modes = [
      { name: 'floor (update returns at once)', newPosts: () => Promise.all(Array.from({ length: POSTS }, () => floor.create())), transition: floor.update },
      { name: 'bare executeUpdate', newPosts: newPostsBare, transition: bare },
      { name: 'API, no Idempotency-Key', newPosts: newPostsApi, transition: viaApi(false) },
      { name: 'API, Idempotency-Key', newPosts: newPostsApi, transition: viaApi(true) },
    ];

    process.stderr.write('warming up…\n');
    for (const mode of modes) {
      const ids = await mode.newPosts();
      for (let n = 0; n < 4; n++) await Promise.all(ids.map((id) => mode.transition(id, n)));
    }

    const samples = new Map<string, Sample[]>(modes.map((m) => [m.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order of the modes, so that neither always runs on a fresher database.
      for (const mode of round % 2 === 0 ? modes : [...modes].reverse()) {
        // The mails of the mode before are still being delivered by the worker: each mode starts on a quiet worker.
        await waitUntil('the outbox delivered', async () => {
          if ((await models.Notification.countDocuments({ 'delivery.state': 'pending' })) > 0) throw new Error('mails still pending');
        }, { timeoutMs: 120_000, intervalMs: 250 });
        const ids = await mode.newPosts();
        const sample = await runMode(mode.name, ids, mode.transition);
        samples.get(mode.name)!.push(sample);
        process.stderr.write(`round ${round + 1}, ${mode.name}: ${(sample.transitions / sample.seconds).toFixed(1)} transitions/s\n`);
      }
    }

    const results = modes.map((m) => ({ mode: m.name, ...summary(samples.get(m.name)!) }));
    const [floorResult, base, , api] = results as [typeof results[number], typeof results[number], typeof results[number], typeof results[number]];
    const cpus = os.cpus();
    console.log(
      `\nAPI throughput: ${POSTS} posts at once × ${TRANSITIONS} transitions each, ${ROUNDS} round(s); ` +
        `Temporal dev server ${temporal.address} (SQLite file, pragmas: ${args['sqlite-pragmas']}, eager activities: ${args['no-eager-activities'] ? 'off' : 'on'}), worker ${args['worker-in-process'] ? 'in this process' : 'in its own process'}, ${mongoServer.kind}; node ${process.version}, ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}; ` +
        `1-min load average ${loadBefore.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after\n`,
    );
    console.log('| mode | transitions | transitions/s | p50 ms | p99 ms | throughput vs bare | p50 vs bare | throughput vs floor | p50 vs floor |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const r of results) {
      console.log(
        `| ${r.mode} | ${r.transitions} | ${r.tps.toFixed(1)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${(r.tps / base.tps).toFixed(2)} | ${(r.p50 / base.p50).toFixed(2)} | ${(r.tps / floorResult.tps).toFixed(2)} | ${(r.p50 / floorResult.p50).toFixed(2)} |`,
      );
    }
    for (const mode of modes) {
      const calls = samples.get(mode.name)!.at(-1)!.calls;
      console.log(breakdownTable(`Where an update's time goes, ${mode.name} (last round)`, await updateBreakdown(client, calls)));
    }
    console.log(`\nratio (API with Idempotency-Key / bare executeUpdate): throughput ${(api.tps / base.tps).toFixed(2)}, p50 latency ${(api.p50 / base.p50).toFixed(2)}×, p99 latency ${(api.p99 / base.p99).toFixed(2)}×`);
    console.log(`ratio (bare executeUpdate / floor): throughput ${(base.tps / floorResult.tps).toFixed(2)}, p50 latency ${(base.p50 / floorResult.p50).toFixed(2)}×`);
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
