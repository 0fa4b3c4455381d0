import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import mongoose from 'mongoose';
import { createPostWorkflowClient, type PostWorkflowClient } from '../api/post-workflow-client';
import { auditPost } from '../audit/audit-post';
import { allPostIds, auditPostsFromServers } from '../audit/audit-posts';
import { postRunHistories } from '../audit/post-workflow-history';
import { auditWorkflowBundle, type ReplayedRun, replayPostRuns, type RunToReplay } from '../audit/replay-post-runs';
import { readStoredPosts } from '../audit/stored-post';
import type { BusinessDate } from '../domain/calendar/business-date';
import type { Actor } from '../domain/lifecycle/actor';
import { createModels } from '../models/create-models';
import { benchArg, benchSiret } from './bench-support';
import { startFerretDbServer } from '../runtime/ferretdb-server';
import { startMailpitServer } from '../runtime/mailpit-server';
import { spawnManaged } from '../runtime/spawn-managed';
import { startTemporalDevServer } from '../runtime/temporal-dev-server';

/**
 * Issue 12's figure, measured in one run (not a test, no assertion): `npm run audit -- --all` over
 * N lifecycles (default 1 000) made on a dev server by the real worker, three lengths of life
 * mixed (a post rejected by the committee; one driven to training; one renewed, whose workflow
 * continued as new, then trained). Printed:
 *   - the audit of every post as the CLI runs it (Temporal and MongoDB read, replay, comparisons);
 *   - the replay alone, histories per second, overall and per history length;
 *   - where the audit's time goes, each part alone: Temporal's histories read, MongoDB's copy read
 *     (in blocks, and one post alone as a single audit reads it), the replay, the comparisons;
 *   - what one replay worker for all histories buys against one per history (the lever).
 * `npm run bench:audit [-- --posts 1000] [--concurrency 16]`
 */
const posts = benchArg('posts', 1000);
const concurrency = benchArg('concurrency', 16);
const repoRoot = path.resolve(__dirname, '..');
/** Issue 12: `npm run audit -- --all` replays at least this many histories per second on this 2-core machine. */
const GOAL_HISTORIES_PER_SECOND = 200;

type Life = 'rejected' | 'in-training' | 'renewed';
const lives: Life[] = ['rejected', 'in-training', 'renewed'];

async function live(client: PostWorkflowClient, n: number, life: Life, on: BusinessDate): Promise<void> {
  const department = ['971', '974', '69', '13'][n % 4]!;
  const structure = { name: `Commune ${n}`, siret: benchSiret(n, '2'), sector: 'public', kind: 'territorial-authority', department };
  const s: Actor = { id: `s-${n}`, role: 'structure', siret: structure.siret };
  const of: Actor = { id: 'of', role: 'training_org', trainingOrgId: 'OF-BENCH' };
  const bdt: Actor = { id: 'bdt', role: 'bdt' };
  const anct: Actor = { id: 'a', role: 'anct' };
  const { postId } = await client.submitApplication({ actor: s, requestId: randomUUID(), event: { type: 'SUBMIT_APPLICATION', structure, appliedOn: on } });
  const steps: [Actor, Record<string, unknown>][] = [[{ id: 'p', role: 'prefecture', department }, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'bench' }]];
  if (life === 'rejected') steps.push([anct, { type: 'COMMITTEE_DECISION', decision: 'rejected', decidedOn: on, reasons: 'bench' }]);
  else {
    steps.push(
      [anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: on }],
      [s, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'A', lastName: `B${n}`, email: `a${n}@example.fr` } }],
      [s, { type: 'ENROL_IN_TRAINING', trainingOrgId: 'OF-BENCH', enrolledOn: on }],
      [of, { type: 'RECORD_POSITIONING', hours: 280 }],
      [s, { type: 'SIGN_CONTRACT', contractType: 'public-cdi', signedOn: on, startsOn: on }],
      [s, { type: 'TRANSMIT_CONTRACT', transmittedOn: on }],
      [s, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: `B-${n}`, submittedOn: on }],
      [bdt, { type: 'VALIDATE_CONFORMITY', validatedOn: on }],
      [bdt, { type: 'SIGN_CONVENTION', signedOn: on }],
      [of, { type: 'START_TRAINING', startedOn: on }],
    );
  }
  if (life === 'renewed') {
    steps.push(
      [s, { type: 'REQUEST_RENEWAL', requestedOn: on }],
      [bdt, { type: 'VALIDATE_RENEWAL', signedOn: on, amountCents: 4_000_000, months: 24 }],
      [of, { type: 'COMPLETE_TRAINING', completedOn: on, ccp1: 'passed' }],
      [s, { type: 'DECLARE_ABSENCE', kind: 'sick', from: on, to: on }],
      [s, { type: 'END_ABSENCE', endedOn: on }],
    );
  }
  for (const [actor, event] of steps) await client.sendEvent(postId, { requestId: randomUUID(), actor, event });
}

const seconds = (since: number) => (performance.now() - since) / 1000;
const rate = (count: number, s: number) => Number((count / s).toFixed(1));

async function replayRate(
  runs: RunToReplay[],
  bundle: Awaited<ReturnType<typeof auditWorkflowBundle>>,
  replayed: ReplayedRun[] = [],
): Promise<{ histories: number; seconds: number; perSecond: number; failed: number }> {
  const started = performance.now();
  let failed = 0;
  for await (const run of replayPostRuns(runs, bundle)) {
    if (run.error) failed += 1;
    replayed.push(run);
  }
  const s = seconds(started);
  return { histories: runs.length, seconds: Number(s.toFixed(2)), perSecond: rate(runs.length, s), failed };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  // The machine may be shared: the load says how far the figures are from an idle one.
  const loadAtStart = os.loadavg().map((l) => Number(l.toFixed(1)));
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-bench-audit-'));
  // The worker mails the notifications (issue 11): without an SMTP server it stops at start.
  const [temporal, mongo, mailpit] = await Promise.all([
    startTemporalDevServer({ env: {}, dbFile: path.join(tempDir, 'temporal.db'), logLevel: 'error' }),
    startFerretDbServer({ dataDir: path.join(tempDir, 'ferretdb'), database: 'bench', env: {} }),
    startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db') }),
  ]);
  const taskQueue = 'bench-audit';
  const worker = await spawnManaged({
    name: 'worker',
    command: process.execPath,
    args: ['--import', 'tsx', 'worker.ts'],
    cwd: repoRoot,
    env: { ...process.env, TEMPORAL_ADDRESS: temporal.address, MONGODB_URI: mongo.uri, SMTP_URL: mailpit.smtpUrl, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'error' },
  });
  // A worker that dies leaves every update waiting for ever: the bench stops and says why.
  void worker.exited.then((status) => {
    if (worker.stopping) return;
    process.stderr.write(`the worker exited (${JSON.stringify(status)}) before the lifecycles were made:\n${worker.recentOutput()}\n`);
    process.exit(1);
  });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection });
  const mongoConnection = await mongoose.createConnection(mongo.uri).asPromise();
  // Dates a year ahead: no timer rings while the bench runs, as for posts in the middle of their life.
  const on = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString().slice(0, 10) as BusinessDate;
  try {
    const posting = createPostWorkflowClient(client, taskQueue);
    const madeAt = performance.now();
    let next = 0;
    // A lifecycle cut short (an update timing out on a loaded machine) is still a post to audit.
    const cutShort: string[] = [];
    await Promise.all(Array.from({ length: Math.min(concurrency, posts) }, async () => {
      while (next < posts) {
        const n = next++;
        await live(posting, n, lives[n % lives.length]!, on).catch((error: unknown) => void cutShort.push(`${n}: ${error instanceof Error ? error.message : String(error)}`));
      }
    }));
    const madeIn = seconds(madeAt);
    // The audit reads what the servers hold: no worker runs while it is measured.
    await worker.stop();

    const bundledAt = performance.now();
    const bundle = await auditWorkflowBundle();
    const bundleSeconds = seconds(bundledAt);

    const deps = { workflowBundle: bundle, temporal: { client, namespace: 'default' }, models: createModels(mongoConnection) };
    const auditedAt = performance.now();
    const ids = await allPostIds(deps);
    let runs = 0;
    let agree = 0;
    for await (const report of auditPostsFromServers(ids, deps)) {
      runs += report.runs.length;
      if (report.ok) agree += 1;
    }
    const auditSeconds = seconds(auditedAt);

    // Each part of the audit alone, one after the other, on one core (the audit overlaps them).
    const temporalAt = performance.now();
    const all: RunToReplay[] = [];
    for (const postId of ids) for await (const run of postRunHistories(deps.temporal, postId)) all.push(run);
    const temporalSeconds = seconds(temporalAt);
    const storedAt = performance.now();
    const stored = await readStoredPosts(deps.models, ids);
    const storedSeconds = seconds(storedAt);
    const onePostAt = performance.now();
    const alone = ids.slice(0, 5);
    for (const postId of alone) await readStoredPosts(deps.models, [postId]);
    const onePostStoredMs = (performance.now() - onePostAt) / alone.length;
    const lengthOf = (run: RunToReplay) => run.history.events?.length ?? 0;
    const bucket = (events: number) => (events < 40 ? 'fewer than 40 events' : events < 120 ? '40 to 119 events' : '120 events or more');
    const byLength = new Map<string, RunToReplay[]>();
    for (const run of all) byLength.set(bucket(lengthOf(run)), [...(byLength.get(bucket(lengthOf(run))) ?? []), run]);

    // Replay alone, every history once, length by length.
    const perLength: Record<string, unknown> = {};
    let replaySeconds = 0;
    let replayEvents = 0;
    const replayed: ReplayedRun[] = [];
    for (const [label, group] of [...byLength].sort((a, b) => lengthOf(a[1][0]!) - lengthOf(b[1][0]!))) {
      const events = group.map(lengthOf).reduce((a, b) => a + b, 0);
      const measured = await replayRate(group, bundle, replayed);
      replaySeconds += measured.seconds;
      replayEvents += events;
      perLength[label] = { ...measured, meanEvents: Math.round(events / group.length), msPerEvent: Number(((measured.seconds * 1000) / events).toFixed(2)) };
    }
    const compareAt = performance.now();
    const runsOf = new Map<string, ReplayedRun[]>();
    for (const run of replayed) runsOf.set(run.postId, [...(runsOf.get(run.postId) ?? []), run]);
    for (const postId of ids) auditPost({ postId, source: 'temporal', runs: runsOf.get(postId) ?? [], stored: stored.get(postId) ?? null });
    const compareSeconds = seconds(compareAt);
    const replayAll = { histories: all.length, seconds: Number(replaySeconds.toFixed(1)), perSecond: rate(all.length, replaySeconds), msPerEvent: Number(((replaySeconds * 1000) / replayEvents).toFixed(2)) };
    // The lever: one replay worker for every history, against one per history (a worker and a bundle load each).
    const sample = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / 100)) === 0).slice(0, 100);
    const together = await replayRate(sample, bundle);
    const oneByOneAt = performance.now();
    for (const run of sample) for await (const replayed of replayPostRuns([run], bundle)) void replayed;
    const oneByOne = rate(sample.length, seconds(oneByOneAt));

    const result = {
      posts,
      cpus: os.cpus().length,
      loadAverageAtStart: loadAtStart,
      lifecyclesMadeInSeconds: Number(madeIn.toFixed(1)),
      lifecyclesCutShort: cutShort.length,
      firstCutShort: cutShort[0] ?? null,
      bundleSeconds: Number(bundleSeconds.toFixed(1)),
      auditAll: {
        command: 'npm run audit -- --all (in process, bundle built once beforehand)',
        posts: ids.length,
        runs,
        postsThatAgree: agree,
        seconds: Number(auditSeconds.toFixed(1)),
        historiesPerSecond: rate(runs, auditSeconds),
        postsPerSecond: rate(ids.length, auditSeconds),
      },
      replayOnly: replayAll,
      replayOnlyPerHistoryLength: perLength,
      partsAlone: {
        temporalHistoriesRead: { seconds: Number(temporalSeconds.toFixed(1)), msPerPost: Number(((temporalSeconds * 1000) / ids.length).toFixed(1)) },
        mongoCopyRead: { seconds: Number(storedSeconds.toFixed(2)), msPerPost: Number(((storedSeconds * 1000) / ids.length).toFixed(2)), onePostAloneMs: Number(onePostStoredMs.toFixed(1)) },
        replay: { seconds: Number(replaySeconds.toFixed(1)), msPerPost: Number(((replaySeconds * 1000) / ids.length).toFixed(1)) },
        comparisons: { seconds: Number(compareSeconds.toFixed(2)), msPerPost: Number(((compareSeconds * 1000) / ids.length).toFixed(2)) },
      },
      lever: { histories: sample.length, oneReplayWorkerPerSecond: together.perSecond, oneReplayWorkerPerHistoryPerSecond: oneByOne, ratio: Number((together.perSecond / oneByOne).toFixed(1)) },
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(1))),
      // Issue 12's goal, as a ratio measured in this run (≥ 1 meets it).
      goal: {
        historiesPerSecond: GOAL_HISTORIES_PER_SECOND,
        auditAllRatio: Number((rate(runs, auditSeconds) / GOAL_HISTORIES_PER_SECOND).toFixed(2)),
        replayOnlyRatio: Number((replayAll.perSecond / GOAL_HISTORIES_PER_SECOND).toFixed(2)),
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await mongoConnection.close();
    await connection.close();
    await worker.stop();
    await Promise.allSettled([temporal.stop(), mongo.stop(), mailpit.stop()]);
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
