import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createPostWorkflowClient, type PostWorkflowClient } from '../api/post-workflow-client';
import type { BusinessDate } from '../domain/calendar/business-date';
import type { Actor } from '../domain/lifecycle/actor';
import { benchArg, benchSiret } from './bench-support';
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

async function driveToTraining(client: PostWorkflowClient, n: number, on: BusinessDate): Promise<void> {
  const structure = { name: `Association ${n}`, siret: benchSiret(n, '4'), sector: 'private', kind: 'association', department: '69' };
  const s: Actor = { id: `s-${n}`, role: 'structure', siret: structure.siret };
  const of: Actor = { id: 'of', role: 'training_org', trainingOrgId: 'OF-BENCH' };
  const bdt: Actor = { id: 'bdt', role: 'bdt' };
  const { postId } = await client.submitApplication({
    actor: s,
    requestId: randomUUID(),
    event: { type: 'SUBMIT_APPLICATION', structure, appliedOn: on },
  });
  const steps: [Actor, Record<string, unknown>][] = [
    [{ id: 'p', role: 'prefecture', department: '69' }, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'bench' }],
    [{ id: 'a', role: 'anct' }, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: on }],
    [s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'A', lastName: `B${n}`, email: `a${n}@example.fr` } }],
    [s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-BENCH', enrolledOn: on }],
    [of, { type: 'RECORD_POSITIONING', hours: 280 }],
    [s, { type: 'SIGN_CONTRACT', contractType: 'private-cdi', signedOn: on, startsOn: on }],
    [s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: `B-${n}`, submittedOn: on }],
    [bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: on }],
    [bdt, { type: 'SIGN_CONVENTION', signedOn: on }],
    [of, { type: 'START_TRAINING', startedOn: on }],
  ];
  for (const [actor, event] of steps) await client.sendEvent(postId, { requestId: randomUUID(), actor, event });
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
  // Dates in the future: tranches and reminders stay armed, as for posts really in training.
  const on = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10) as BusinessDate;
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
