import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createPostWorkflowClient, type PostWorkflowClient } from '../api/post-workflow-client';
import type { BusinessDate } from '../domain/calendar/business-date';
import { benchArg } from './bench-support';
import { aYearAhead, driveToTraining } from './drive-to-training';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { spawnManaged } from '../runtime/spawn-managed';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';

/**
 * Issue 4's figures, measured in one run on the dev server (not a test, no assertion):
 *   - the worker process's resident memory per 1 000 open posts (in training, timers armed);
 *   - how long driving N posts (default 4 000, the whole programme) from application to training takes.
 * `npx tsx bench/post-lifecycle.bench.ts [--posts 4000] [--concurrency 64]`
 */
const posts = benchArg('posts', 4000);
const concurrency = benchArg('concurrency', 64);
const repoRoot = path.resolve(__dirname, '..');

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function runPool(count: number, offset: number, client: PostWorkflowClient, on: BusinessDate): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) await driveToTraining(client, offset + next++, on);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-bench-'));
  const [temporal, mongo] = await Promise.all([
    startTemporalDevServer({ env: {}, dbFile: path.join(tempDir, 'temporal.db'), logLevel: 'error' }),
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench', env: {} }),
  ]);
  const taskQueue = 'bench';
  const worker = await spawnManaged({
    name: 'worker',
    // node itself with tsx's loader: its pid is the worker's, whose memory is measured below.
    command: process.execPath,
    args: ['--import', 'tsx', 'worker.ts'],
    cwd: repoRoot,
    env: { ...process.env, TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: mongo.uri, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'error' },
  });
  const connection = await Connection.connect({ address: temporal.address });
  const client = createPostWorkflowClient(new Client({ connection }), taskQueue);
  const on = aYearAhead();
  try {
    // The first post also waits for the worker process to bundle the workflows and start polling.
    await driveToTraining(client, 0, on);
    await runPool(20, 1, client, on);
    global.gc?.();
    const baseline = rssMiB(worker.pid);

    const seconds = await runPool(posts, 100, client, on);
    await new Promise((r) => setTimeout(r, 2_000));
    const after = rssMiB(worker.pid);
    const updates = posts * 11;
    const result = {
      posts,
      concurrency,
      cpus: os.cpus().length,
      secondsToTraining: Number(seconds.toFixed(1)),
      postsPerSecond: Number((posts / seconds).toFixed(1)),
      updatesPerSecond: Number((updates / seconds).toFixed(1)),
      workerRssBaselineMiB: Number(baseline.toFixed(1)),
      workerRssAfterMiB: Number(after.toFixed(1)),
      workerMiBPer1000OpenPosts: Number((((after - baseline) / posts) * 1000).toFixed(1)),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await connection.close();
    await worker.stop();
    await Promise.allSettled([temporal.stop(), mongo.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
