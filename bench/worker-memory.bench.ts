import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createPostWorkflowClient, type PostWorkflowClient } from '../api/post-workflow-client';
import type { BusinessDate } from '../domain/calendar/business-date';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startMailpitServer } from '../runtime/mailpit-server';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';
import { waitUntil } from '../runtime/wait-until';
import { benchArg, benchOption } from './bench-support';
import { aYearAhead, driveToTraining } from './drive-to-training';
import { floorClient } from './floor/floor-worker';
import { spawnNodeScript } from './spawn-node-script';
import { heapGrowth, type HeapSummary, summarizeHeapSnapshot } from './heap-snapshot-summary';

/**
 * Issue 16, goal 1: what a cached post costs the worker, measured in one run (no assertion).
 * A real worker process (`worker.ts`, as `npm start` runs it, with bench/worker-memory-probe.cjs
 * loaded) on the dev server, FerretDB and Mailpit. Three readings, each after a full collection:
 * the worker ready with no post (its baseline), after `--warmup` posts driven to training (code
 * compiled, caches filled), and after `--posts` more, all kept in the workflow cache. Per cached
 * post = (third − second) / posts, for the resident memory and for the heaps of every isolate
 * (the workflows' sandbox runs in a worker thread of its own), the heap growth grouped by
 * constructor so that docs/worker-memory.md can say where it goes.
 * `npm run bench:worker-memory -- [--posts 200] [--warmup 10] [--concurrency 8] [--floor-updates 11,44] [--floor-activity-bytes 0,2500] [--cache N] [--evicted-reference 20] [--keep] [--no-snapshot]`
 */
const posts = benchArg('posts', 200);
const warmup = benchArg('warmup', 10);
const concurrency = benchArg('concurrency', 8);
/**
 * `--cache N`: the workflow cache's bound, for both workers. Default: every workflow of the run
 * stays cached. A small N measures what the same drive leaves in the resident memory once the
 * runs are evicted: what a cached run really costs is the difference.
 */
const cache = benchArg('cache', posts + warmup + 10);
/**
 * `--evicted-reference N`: the same drive again, in a second worker whose cache holds N runs, and
 * what the cache holds per post: the first drive's growth less this one's, per run cached beyond N.
 * Driving posts takes pages the worker keeps whether or not they stay cached (docs/worker-memory.md).
 */
const evictedReference = process.argv.includes('--evicted-reference') ? benchArg('evicted-reference', 20) : null;
const keepSnapshots = process.argv.includes('--keep');
/** `--no-snapshot`: the resident memory alone, which the heap snapshots' own buffers would inflate. */
const withSnapshots = !process.argv.includes('--no-snapshot');
const KiB = 1024;
const MiB = 1024 * KiB;
/** The goals of issue 16. */
const GOAL_PER_POST_BYTES = 200 * KiB;
const GOAL_BASELINE_RSS_BYTES = 300 * MiB;
/**
 * Updates per floor workflow, the first with its start; one floor run per number. 11 is a post's
 * count from application to training; a larger count gives the floor a history as long as a
 * post's, to tell what a cached workflow costs per history event from what a post's state costs.
 */
const POST_UPDATES_TO_TRAINING = 11;
const floorUpdateCounts = benchOption('floor-updates', String(POST_UPDATES_TO_TRAINING)).split(',').map(Number);
/**
 * `--floor-activity-bytes 0,2500`: one more floor run per number, of 11 updates that each await
 * an activity with an input that long (a post's read-model write carries 1 to 3 KB): what the
 * activities' events and inputs cost a cached workflow, with none of our code.
 */
const floorActivityInputs = benchOption('floor-activity-bytes', '').split(',').filter(Boolean).map(Number);
interface FloorRun {
  updates: number;
  activityInputBytes?: number;
}
const floorRuns: FloorRun[] = [
  ...floorUpdateCounts.map((updates) => ({ updates })),
  ...floorActivityInputs.map((activityInputBytes) => ({ updates: POST_UPDATES_TO_TRAINING, activityInputBytes })),
];

async function drive(client: PostWorkflowClient, count: number, offset: number, on: BusinessDate): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) ids.push(await driveToTraining(client, offset + next++, on));
    }),
  );
  return ids;
}

/** The length of a workflow's history: what the SDK's native core replays and keeps state machines for. */
async function historyEvents(client: Client, workflowId: string): Promise<number> {
  return (await client.workflow.getHandle(workflowId).fetchHistory()).events?.length ?? 0;
}

/** What bench/worker-memory-probe.cjs writes. */
interface ProbeReading {
  rssBytes: number;
  mainHeapUsedBytes: number;
  snapshots: string[];
}

interface Reading extends ProbeReading {
  /** Every isolate's heap, as its snapshot counts it (live objects only: a snapshot collects first); null with --no-snapshot. */
  heaps: { main: HeapSummary; sandbox: HeapSummary[] } | null;
}

interface PostWorkerReadings {
  secondsToStart: number;
  baseline: Reading;
  warm: Reading;
  loaded: Reading;
  postIds: string[];
}

/**
 * A probed `worker.ts` on a task queue of its own, its cache bounded at `cacheBound`: the three
 * readings around `--warmup` then `--posts` posts driven to training (their numbers from `offset`).
 */
async function measurePostWorker(
  servers: { temporalAddress: string; mongoUri: string; smtpUrl: string; connection: Connection },
  options: { tempDir: string; taskQueue: string; cacheBound: number; offset: number; snapshots: boolean },
): Promise<PostWorkerReadings> {
  const probeDir = fs.mkdtempSync(path.join(options.tempDir, 'probe-'));
  const { worker, started: workerStarted, exited } = await spawnProbedWorker('worker.ts', '"worker started"', probeDir, {
    TEMPORAL_ADDRESS: servers.temporalAddress,
    MONGODB_URI: servers.mongoUri,
    SMTP_URL: servers.smtpUrl,
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    WORKER_MAX_CACHED_WORKFLOWS: String(options.cacheBound),
    WORKER_MEMORY_PROBE_SNAPSHOTS: options.snapshots ? '1' : '0',
    LOG_LEVEL: 'info',
  });
  const client = createPostWorkflowClient(new Client({ connection: servers.connection }), options.taskQueue);
  let readings = 0;
  const read = async (): Promise<Reading> => {
    const file = path.join(probeDir, `${readings++}.json`);
    process.kill(worker.pid, 'SIGHUP');
    await waitUntil('the worker memory probe', async () => void fs.statSync(file), { timeoutMs: 600_000, giveUp: exited });
    const reading = JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeReading;
    if (reading.snapshots.length === 0) return { ...reading, heaps: null };
    const [main, ...sandbox] = reading.snapshots.map(summarizeHeapSnapshot);
    if (!keepSnapshots) for (const snapshot of reading.snapshots) fs.rmSync(snapshot);
    return { ...reading, heaps: { main: main!, sandbox } };
  };
  try {
    const started = performance.now();
    await workerStarted;
    const secondsToStart = (performance.now() - started) / 1000;
    const baseline = await read();
    const on = aYearAhead();
    await drive(client, warmup, options.offset, on);
    const warm = await read();
    const postIds = await drive(client, posts, options.offset + 1000, on);
    const loaded = await read();
    return { secondsToStart, baseline, warm, loaded, postIds };
  } finally {
    await worker.stop();
  }
}

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-worker-memory-'));
  const [temporal, mongo, mailpit] = await Promise.all([
    startTemporalDevServer({ env: {}, dbFile: path.join(tempDir, 'temporal.db'), logLevel: 'error' }),
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench', env: {} }),
    startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') }),
  ]);
  const connection = await Connection.connect({ address: temporal.address });
  const servers = { temporalAddress: temporal.address, mongoUri: mongo.uri, smtpUrl: mailpit.smtpUrl, connection };
  try {
    const { secondsToStart, baseline, warm, loaded, postIds } = await measurePostWorker(servers, {
      tempDir,
      taskQueue: 'bench-memory',
      cacheBound: cache,
      offset: 0,
      snapshots: withSnapshots,
    });
    const reference =
      evictedReference === null
        ? null
        : await measurePostWorker(servers, { tempDir, taskQueue: 'bench-memory-evicted', cacheBound: evictedReference, offset: 1_000_000, snapshots: false });

    const rssPerPost = (loaded.rssBytes - warm.rssBytes) / posts;
    const temporalClient = new Client({ connection });
    const postEvents = await historyEvents(temporalClient, postIds[0]!);
    const floors = [];
    for (const run of floorRuns) floors.push(await floorRssPerCachedWorkflow(temporal.address, tempDir, temporalClient, run));
    const [floor] = floors;
    const result = {
      posts,
      warmup,
      cache,
      cpus: os.cpus().length,
      workerBundle: process.env.WORKFLOW_BUNDLE_PATH ? `WORKFLOW_BUNDLE_PATH=${process.env.WORKFLOW_BUNDLE_PATH}` : 'as worker.ts chooses (see its "worker started" log)',
      secondsToStart: Number(secondsToStart.toFixed(1)),
      heapSnapshots: withSnapshots,
      baselineRssMiB: Number((baseline.rssBytes / MiB).toFixed(1)),
      baselineRssRatioToGoal300MiB: Number((baseline.rssBytes / GOAL_BASELINE_RSS_BYTES).toFixed(2)),
      warmRssMiB: Number((warm.rssBytes / MiB).toFixed(1)),
      loadedRssMiB: Number((loaded.rssBytes / MiB).toFixed(1)),
      rssKiBPerCachedPost: Number((rssPerPost / KiB).toFixed(1)),
      rssPerPostRatioToGoal200KiB: Number((rssPerPost / GOAL_PER_POST_BYTES).toFixed(2)),
      ...(reference && evictedReference !== null ? heldByTheCache(loaded.rssBytes - warm.rssBytes, reference, evictedReference) : {}),
      historyEventsPerPost: postEvents,
      rssBytesPerPostHistoryEvent: Math.round(rssPerPost / postEvents),
      // The same reading for the floor's workflow, which keeps next to nothing: the SDK's own cost.
      floorRssKiBPerCachedWorkflow: Number((floor!.rssBytes / KiB).toFixed(1)),
      rssPerPostRatioToFloor: Number((rssPerPost / floor!.rssBytes).toFixed(2)),
      floors: floors.map((f) => ({
        updates: f.updates,
        activityInputBytes: f.activityInputBytes ?? null,
        historyEvents: f.events,
        rssKiBPerCachedWorkflow: Number((f.rssBytes / KiB).toFixed(1)),
        rssBytesPerHistoryEvent: Math.round(f.rssBytes / f.events),
      })),
      ...(baseline.heaps && warm.heaps && loaded.heaps ? heapFigures(baseline.heaps, warm.heaps, loaded.heaps) : {}),
      ...(keepSnapshots ? { snapshots: tempDir } : {}),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await connection.close();
    await Promise.allSettled([temporal.stop(), mongo.stop(), mailpit.stop()]);
    // --keep leaves the snapshots (and the servers' small files) for DevTools, not the database.
    if (keepSnapshots) fs.rmSync(path.join(tempDir, 'ferretdb'), { recursive: true, force: true });
    else fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

/**
 * What the cache holds per post: the drive's growth with every run cached (`growth`), less the
 * same drive's in the reference worker, whose cache kept `referenceCache` runs.
 */
function heldByTheCache(growth: number, reference: PostWorkerReadings, referenceCache: number) {
  const referenceGrowth = reference.loaded.rssBytes - reference.warm.rssBytes;
  const held = (growth - referenceGrowth) / (Math.min(cache, posts) - Math.min(referenceCache, posts));
  return {
    evictedReference: {
      cache: referenceCache,
      warmRssMiB: Number((reference.warm.rssBytes / MiB).toFixed(1)),
      loadedRssMiB: Number((reference.loaded.rssBytes / MiB).toFixed(1)),
      rssKiBPerPostDriven: Number((referenceGrowth / posts / KiB).toFixed(1)),
    },
    rssKiBHeldPerCachedPost: Number((held / KiB).toFixed(1)),
    heldPerCachedPostRatioToGoal200KiB: Number((held / GOAL_PER_POST_BYTES).toFixed(2)),
  };
}

/** `script` run by node with the memory probe (bench/worker-memory-probe.cjs) writing into `probeDir`. */
async function spawnProbedWorker(script: string, readyLine: string, probeDir: string, env: NodeJS.ProcessEnv) {
  const { child, started, exited } = await spawnNodeScript(script, {
    readyLine,
    env: { ...env, WORKER_MEMORY_PROBE_DIR: probeDir },
    nodeArgs: ['--expose-gc', '--require', './bench/worker-memory-probe.cjs'],
  });
  return { worker: child, started, exited };
}

/**
 * What a cached workflow costs a worker when the workflow keeps next to nothing: the floor's
 * worker (bench/floor/) alone in a process, with the probe, driven like the posts (`--warmup`
 * workflows, then `--posts` more, each an update-with-start and `updates - 1` updates), resident
 * bytes per workflow between the two readings, and the length of one workflow's history.
 */
async function floorRssPerCachedWorkflow(temporalAddress: string, tempDir: string, client: Client, run: FloorRun): Promise<FloorRun & { rssBytes: number; events: number }> {
  const { updates } = run;
  const probeDir = fs.mkdtempSync(path.join(tempDir, 'floor-probe-'));
  const taskQueue = `bench-memory-floor-${updates}-${run.activityInputBytes ?? 'none'}`;
  const { worker, started, exited } = await spawnProbedWorker('bench/floor/floor-worker-process.ts', 'floor worker started', probeDir, {
    TEMPORAL_ADDRESS: temporalAddress,
    FLOOR_TASK_QUEUE: taskQueue,
    FLOOR_MAX_CACHED_WORKFLOWS: String(cache),
    WORKER_MEMORY_PROBE_SNAPSHOTS: '0',
  });
  let readings = 0;
  const rss = async (): Promise<number> => {
    const file = path.join(probeDir, `${readings++}.json`);
    process.kill(worker.pid, 'SIGHUP');
    await waitUntil('the floor worker memory probe', async () => void fs.statSync(file), { timeoutMs: 120_000, giveUp: exited });
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeReading).rssBytes;
  };
  const floor = floorClient(client, taskQueue, { activityInputBytes: run.activityInputBytes });
  let lastId = '';
  const drive = async (count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next++ < count) {
          const id = await floor.create();
          for (let n = 1; n < updates; n++) await floor.update(id, n);
          lastId = id;
        }
      }),
    );
  };
  try {
    await started;
    await drive(warmup);
    const warm = await rss();
    await drive(posts);
    const rssBytes = ((await rss()) - warm) / posts;
    return { ...run, rssBytes, events: await historyEvents(client, lastId) };
  } finally {
    await worker.stop();
  }
}

type Heaps = NonNullable<Reading['heaps']>;

/** Where the heap goes per cached post, from the snapshots of the three readings. */
function heapFigures(baseline: Heaps, warm: Heaps, loaded: Heaps) {
  const heapBytes = (h: Heaps) => h.main.totalBytes + h.sandbox.reduce((sum, s) => sum + s.totalBytes, 0);
  const heapPerPost = (heapBytes(loaded) - heapBytes(warm)) / posts;
  const sandboxGrowth = heapGrowth(mergeSummaries(warm.sandbox), mergeSummaries(loaded.sandbox));
  const mainGrowth = heapGrowth(warm.main, loaded.main);
  const top = (growth: ReturnType<typeof heapGrowth>) =>
    growth.slice(0, 15).map(({ group, bytes, count }) => ({ group, bytesPerPost: Math.round(bytes / posts), countPerPost: Number((count / posts).toFixed(1)) }));
  return {
    baselineHeapMiB: { main: Number((baseline.main.totalBytes / MiB).toFixed(1)), sandbox: Number((heapBytes(baseline) / MiB - baseline.main.totalBytes / MiB).toFixed(1)) },
    heapKiBPerCachedPost: Number((heapPerPost / KiB).toFixed(1)),
    heapPerPostRatioToGoal200KiB: Number((heapPerPost / GOAL_PER_POST_BYTES).toFixed(2)),
    heapKiBPerCachedPostByIsolate: {
      sandbox: Number((sandboxGrowth.reduce((s, g) => s + g.bytes, 0) / posts / KiB).toFixed(1)),
      main: Number((mainGrowth.reduce((s, g) => s + g.bytes, 0) / posts / KiB).toFixed(1)),
    },
    sandboxGrowthPerPost: top(sandboxGrowth),
    mainGrowthPerPost: top(mainGrowth),
  };
}

function mergeSummaries(summaries: HeapSummary[]): HeapSummary {
  const byConstructor = new Map<string, { bytes: number; count: number }>();
  for (const summary of summaries) {
    for (const [group, { bytes, count }] of summary.byConstructor) {
      const entry = byConstructor.get(group) ?? { bytes: 0, count: 0 };
      byConstructor.set(group, { bytes: entry.bytes + bytes, count: entry.count + count });
    }
  }
  return { totalBytes: summaries.reduce((s, h) => s + h.totalBytes, 0), nodes: summaries.reduce((s, h) => s + h.nodes, 0), byConstructor };
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
