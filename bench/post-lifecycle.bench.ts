import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { createPostWorkflowClient, type PostWorkflowClient } from '../api/post-workflow-client';
import type { BusinessDate } from '../domain/calendar/business-date';
import { benchArg, benchOption, percentile } from './bench-support';
import { aYearAhead, driveToTraining, structureActor } from './drive-to-training';
import { floorClient, startFloorWorker } from './floor/floor-worker';
import { cpuProfileTable } from './cpu-profile-table';
import { cpuMeter } from './process-cpu';
import { databaseProfileTable } from './database-profile-table';
import { breakdownTable, type TimedCall, updateBreakdown } from './update-breakdown';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startMailpitServer } from '../runtime/mailpit-server';
import { spawnManaged } from '../runtime/spawn-managed';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';

/**
 * Issue 4's and issue 16's figures, measured in one run on the dev server (not a test, no assertion):
 *   - the worker process's resident memory per 1 000 cached posts (in training, timers armed);
 *   - how long driving N posts (default 4 000, the whole programme) from application to training
 *     takes, its transitions/s and p50, and the same for the floor (bench/floor/: a workflow whose
 *     update returns at once, driven the same way on the same server), with their ratios;
 *   - where an update's time goes, read from sampled histories (bench/update-breakdown.ts);
 *   - with a cache (`--cache`, the worker's WORKER_MAX_CACHED_WORKFLOWS) smaller than the posts, the
 *     p50/p99 of an update to a post evicted from it, beside one to a cached post.
 * `npm run bench:lifecycle -- [--posts 4000] [--concurrency 64] [--cache 500] [--floor-posts 400] [--sqlite-pragmas default] [--db-profile] [--cpu-profile]`
 */
const posts = benchArg('posts', 4000);
const concurrency = benchArg('concurrency', 64);
const cache = benchArg('cache', 500);
const floorPosts = benchArg('floor-posts', Math.min(posts, 400));
/** `--sqlite-pragmas default` measures SQLite's own settings, to see what the dev server's pragmas buy. */
const sqliteDefaults = benchOption('sqlite-pragmas', 'durable-against-process-crash') === 'default';
const dbProfile = process.argv.includes('--db-profile');
/** `--cpu-profile`: the worker runs under `node --cpu-prof`, and its CPU is summed per part of the program. */
const cpuProfile = process.argv.includes('--cpu-profile');
const repoRoot = path.resolve(__dirname, '..');
/** Updates per post from application to training: the application and the ten steps below. */
const UPDATES_PER_POST = 11;

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** Every update's client-side timing, for the p50 and the breakdown. */
class Timings {
  readonly calls: TimedCall[] = [];
  readonly latenciesMs: number[] = [];
  async time<T>(workflowId: string, call: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const sentAt = Date.now();
    const result = await call();
    this.latenciesMs.push(performance.now() - t0);
    this.calls.push({ workflowId, sentAt, answeredAt: Date.now() });
    return result;
  }
  p(q: number): number {
    return percentile([...this.latenciesMs].sort((a, b) => a - b), q);
  }
}

/** `count` jobs, `concurrency` at a time; resolves with the seconds taken. */
async function runPool(count: number, job: (i: number) => Promise<unknown>, width = concurrency): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await job(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  Runtime.install({ logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: (m: string) => process.stderr.write(`${m}\n`) } });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-bench-'));
  const [temporal, mongo, mailpit] = await Promise.all([
    startTemporalDevServer({ env: {}, dbFile: path.join(tempDir, 'temporal.db'), logLevel: 'error', ...(sqliteDefaults ? { sqlitePragmas: [] } : {}) }),
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench', env: {} }),
    startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') }),
  ]);
  const taskQueue = 'bench';
  const dbProfileFile = path.join(tempDir, 'database-commands.json');
  // Outside tempDir, which is removed at the end: the profiles stay for Chrome's DevTools.
  const cpuProfileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-worker-cpu-'));
  const worker = await spawnManaged({
    name: 'worker',
    // node itself with tsx's loader: its pid is the worker's, whose memory is measured below.
    command: process.execPath,
    args: [
      ...(dbProfile ? ['--require', './bench/database-command-profile.cjs'] : []),
      ...(cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []),
      '--import', 'tsx', 'worker.ts',
    ],
    cwd: repoRoot,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      MONGODB_URI: mongo.uri,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: mailpit.smtpUrl,
      WORKER_MAX_CACHED_WORKFLOWS: String(cache),
      LOG_LEVEL: 'error',
      ...(dbProfile ? { DATABASE_COMMAND_PROFILE_FILE: dbProfileFile } : {}),
    },
  });
  const connection = await Connection.connect({ address: temporal.address });
  const temporalClient = new Client({ connection });
  const client = createPostWorkflowClient(temporalClient, taskQueue);
  const nativeConnection = await NativeConnection.connect({ address: temporal.address });
  const floorQueue = 'bench-floor';
  const floorWorker = await startFloorWorker(nativeConnection, { taskQueue: floorQueue, maxCachedWorkflows: cache });
  const floor = floorClient(temporalClient, floorQueue);
  const on = aYearAhead();
  try {
    // The first post also waits for the worker process to bundle the workflows and start polling.
    await driveToTraining(client, 0, on);
    await runPool(20, (i) => driveToTraining(client, 1 + i, on));
    global.gc?.();
    const baseline = rssMiB(worker.pid);

    const timings = new Timings();
    const postIds: string[] = [];
    const servers = { worker: worker.pid, 'Temporal dev server': temporal.process?.pid, FerretDB: mongo.process?.pid, Mailpit: mailpit.process.pid };
    const postsCpu = cpuMeter(servers);
    const seconds = await runPool(posts, async (i) => void (postIds[i] = await driveToTraining(client, 100 + i, on, (postId, send) => timings.time(postId, send))));
    const postsCpuPerUpdate = postsCpu.perUpdate(posts * UPDATES_PER_POST);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = rssMiB(worker.pid);

    const floorTimings = new Timings();
    // The floor's worker runs in this bench's process, beside its client.
    const floorCpu = cpuMeter({ 'Temporal dev server': temporal.process?.pid });
    const floorSeconds = await runPool(floorPosts, async () => {
      const id = await floor.create();
      for (let n = 1; n < UPDATES_PER_POST; n++) await floorTimings.time(id, () => floor.update(id, n));
    });
    const floorCpuPerUpdate = floorCpu.perUpdate(floorPosts * UPDATES_PER_POST);

    // Read before the eviction's updates, which would shift the match of calls to history events.
    const breakdowns = [
      breakdownTable('Where an update’s time goes, posts', await updateBreakdown(temporalClient, timings.calls)),
      breakdownTable('Where an update’s time goes, floor', await updateBreakdown(temporalClient, floorTimings.calls)),
    ];
    const tps = (posts * UPDATES_PER_POST) / seconds;
    const floorTps = (floorPosts * UPDATES_PER_POST) / floorSeconds;
    const cached = Math.min(posts, cache);
    const result = {
      posts,
      concurrency,
      cache,
      cpus: os.cpus().length,
      sqlitePragmas: sqliteDefaults ? 'SQLite defaults' : 'journal_mode=wal, synchronous=normal',
      secondsToTraining: Number(seconds.toFixed(1)),
      postsPerSecond: Number((posts / seconds).toFixed(1)),
      updatesPerSecond: Number(tps.toFixed(1)),
      updateP50Ms: Number(timings.p(50).toFixed(1)),
      updateP99Ms: Number(timings.p(99).toFixed(1)),
      floorPosts,
      floorUpdatesPerSecond: Number(floorTps.toFixed(1)),
      floorUpdateP50Ms: Number(floorTimings.p(50).toFixed(1)),
      throughputVsFloor: Number((tps / floorTps).toFixed(2)),
      // Every process's CPU per update: at that cost, the machine's cores allow cpuBoundUpdatesPerSecond.
      postsCpu: postsCpuPerUpdate,
      floorCpu: floorCpuPerUpdate,
      p50VsFloor: Number((timings.p(50) / floorTimings.p(50)).toFixed(2)),
      workerRssBaselineMiB: Number(baseline.toFixed(1)),
      workerRssAfterMiB: Number(after.toFixed(1)),
      workerMiBPer1000CachedPosts: Number((((after - baseline) / cached) * 1000).toFixed(1)),
      ...(posts > cache ? await evictionFigures(client, postIds, cache) : { eviction: 'not measured: every post fits in the cache (--cache ≥ --posts)' }),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${breakdowns.join('\n')}\n`);
    if (dbProfile) process.stdout.write(`\n${databaseProfileTable(dbProfileFile)}\n`);
  } catch (error) {
    // Said before the cleanup, whose closed connections fail the calls still retrying.
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    throw error;
  } finally {
    await floorWorker.stop();
    await nativeConnection.close();
    await connection.close();
    await worker.stop();
    // Written by the worker as it exits.
    if (cpuProfile) process.stdout.write(`\n${cpuProfileTable(cpuProfileDir)}\n(the profiles: ${cpuProfileDir})\n`);
    await Promise.allSettled([temporal.stop(), mongo.stop(), mailpit.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/**
 * One CHANGE_CONTACT (allowed whenever the post is open) to the posts driven first, long evicted
 * from the worker's cache, interleaved with one to the posts driven last, still cached.
 */
async function evictionFigures(client: PostWorkflowClient, postIds: string[], cacheSize: number) {
  const k = Math.max(1, Math.min(200, Math.floor(cacheSize / 2), postIds.length - cacheSize));
  const evicted = new Timings();
  const cachedTimings = new Timings();
  const targets = Array.from({ length: k }, (_, i) => [
    { postId: postIds[i]!, n: 100 + i, timings: evicted },
    { postId: postIds[postIds.length - 1 - i]!, n: 100 + postIds.length - 1 - i, timings: cachedTimings },
  ]).flat();
  await runPool(targets.length, async (i) => {
    const { postId, n, timings } = targets[i]!;
    await timings.time(postId, () =>
      client.sendEvent(postId, { requestId: randomUUID(), actor: structureActor(n), event: { type: 'CHANGE_CONTACT', contact: { name: 'Nouvelle référente', email: `nouvelle${n}@example.fr` } } }),
    );
  }, Math.min(concurrency, 16));
  return {
    evictionSample: k,
    evictedUpdateP50Ms: Number(evicted.p(50).toFixed(1)),
    evictedUpdateP99Ms: Number(evicted.p(99).toFixed(1)),
    cachedUpdateP50Ms: Number(cachedTimings.p(50).toFixed(1)),
    cachedUpdateP99Ms: Number(cachedTimings.p(99).toFixed(1)),
  };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
