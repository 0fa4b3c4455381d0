import path from 'node:path';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { PostActivities } from '../../../activities/post-activities';
import type { NotificationRow } from '../../../domain/lifecycle/post-notifications';
import { addDays, type BusinessDate } from '../../../domain/calendar/business-date';
import { createDirectoryStore } from '../../../mail/directory/directory-store';
import { type ManagedProcess, spawnManaged } from '../../../runtime/spawn-managed';
import { eventually } from '../../support/eventually';
import { mailpitClient } from '../../support/mailpit-client';
import { comparableReadModel, createPostDriver } from '../../support/post-driver';
import { actors, structures, today } from '../../support/post-fixtures';
import { type PostHarness, startPostHarness } from '../../support/post-harness';

/**
 * Failures on the dev server: activities that crash after writing, and a worker process killed
 * with SIGKILL in the middle of a lifecycle. Nothing may be lost or written twice.
 */
const repoRoot = path.resolve(__dirname, '../../..');
let connection: Connection;
let nativeConnection: NativeConnection;

beforeAll(async () => {
  connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
});
afterAll(async () => {
  await nativeConnection?.close();
  await connection?.close();
});

/**
 * Writes, then fails on the first attempt: the activity is retried against data already there.
 * Each attempt is recorded under a key that names the topics of the notifications it wrote.
 */
function crashingAfterWrite(activities: PostActivities, attempts: Map<string, number>): PostActivities {
  const crashOnFirstAttempt =
    <A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, notificationsOf: (...args: A) => NotificationRow[]) =>
    async (...args: A): Promise<R> => {
      const result = await fn(...args);
      const { attempt, activityId, workflowExecution } = Context.current().info;
      const topics = notificationsOf(...args).map((row) => row.topic).join('+');
      attempts.set(`${workflowExecution?.workflowId}:${name}:${activityId}:${topics}`, attempt);
      if (attempt === 1) throw new Error(`${name} crashed after writing`);
      return result;
    };
  return {
    recordPostChange: crashOnFirstAttempt('recordPostChange', activities.recordPostChange, (change) => change.notifications),
    writeNotifications: crashOnFirstAttempt('writeNotifications', activities.writeNotifications, (rows) => rows),
  };
}

describe('activities retried after they wrote', () => {
  let harness: PostHarness;
  const attempts = new Map<string, number>();

  beforeAll(async () => {
    harness = await startPostHarness({
      client: new Client({ connection }),
      connection: nativeConnection,
      wrapActivities: (activities) => crashingAfterWrite(activities, attempts),
    });
  });
  afterAll(() => harness?.stop());

  it('writes each notification, timeline entry and reminder exactly once', async () => {
    const drive = createPostDriver(harness);
    const structure = structures.association;
    const t0 = today();
    const postId = await drive.grant(structure, t0);
    await drive.send(postId, actors.structureOf(structure), {
      type: 'VALIDATE_CANDIDATE',
      advisor: { firstName: 'Inès', lastName: 'Roux', email: 'ines.roux@example.fr' },
    });
    // Submitted 40 days ago: the month of instruction has passed, bdt's follow-up goes out at once.
    await drive.send(postId, actors.structureOf(structure), {
      type: 'SUBMIT_SUBSIDY_REQUEST',
      dossierNumber: 'DOS-RETRY',
      submittedOn: addDays(t0, -40),
    });
    // The first, crashing attempt writes the follow-up before it throws: its row proves nothing about
    // the retry, and earlier notices had retries of their own. Wait for the retried attempt that
    // wrote this very notice, which records its number once it has written.
    const retried = () => [...attempts].filter(([key, attempt]) => key.startsWith(postId) && attempt > 1);
    await eventually('the instruction follow-up is written again by a retried attempt', async () =>
      retried().some(([key]) => key.includes('subsidy-instruction-follow-up')),
    { timeoutMs: 20_000, intervalMs: 100 });
    expect(await harness.models.Notification.countDocuments({ postId, topic: 'subsidy-instruction-follow-up' })).toBe(1);
    expect(retried().filter(([key]) => key.includes(':recordPostChange:')).length).toBeGreaterThanOrEqual(5);

    const notifications = await drive.notificationsOf(postId);
    const keys = notifications.map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(notifications.filter((n) => n.topic === 'subsidy-instruction-follow-up')).toHaveLength(1);
    expect(notifications.filter((n) => n.topic === 'application-submitted')).toHaveLength(1);
    const { view } = await drive.readModelOf(postId);
    expect(await harness.models.PostEvent.countDocuments({ postId, outcome: 'accepted' })).toBe(view.version);
  });
});

describe('a worker process killed mid-lifecycle', () => {
  let workerProcess: ManagedProcess | undefined;
  let harness: PostHarness;

  beforeAll(async () => {
    harness = await startPostHarness({ client: new Client({ connection }), connection: nativeConnection });
    // Only the worker process started below serves this queue.
    await harness.stopWorker();
  });
  afterAll(async () => {
    await workerProcess?.stop();
    await harness?.stop();
  });

  const startWorkerProcess = () =>
    spawnManaged({
      name: 'worker',
      // node itself, not the tsx CLI: SIGKILL must reach the worker, not a wrapper that leaves it orphaned.
      command: process.execPath,
      args: ['--import', 'tsx', 'worker.ts'],
      cwd: repoRoot,
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS,
        MONGODB_URI: harness.mongoUri,
        TEMPORAL_TASK_QUEUE: harness.taskQueue,
        LOG_LEVEL: 'warn',
      },
    });

  let postId: string;

  it('picks up after SIGKILL with nothing lost or doubled, and lets overdue tranches fall due on restart', async () => {
    const bdtMailbox = [{ name: 'Programme CNFS (BdT)', email: 'cnfs-bdt@example.fr' }];
    await createDirectoryStore(harness.models).set('mailbox', 'bdt', bdtMailbox, actors.anct);
    workerProcess = await startWorkerProcess();
    const drive = createPostDriver(harness);
    const structure = structures.guadeloupeCommune;
    const t0: BusinessDate = addDays(today(), -240);
    postId = await drive.grant(structure, t0);
    // Granted 240 days ago, its recruitment deadline has passed: the timer fires at once. Wait for it,
    // then let ANCT's derogation reopen recruitment, so that no update races that timer.
    await eventually('the recruitment deadline passes', async () => (await harness.posts.view(postId)).status === 'recruitment_overdue', { timeoutMs: 20_000, intervalMs: 100 });
    await drive.send(postId, actors.anct, { type: 'GRANT_DEROGATION', grantedOn: addDays(t0, 35), newDeadline: addDays(today(), 60) });
    await drive.onboard(postId, structure, addDays(t0, 36));

    process.kill(workerProcess.pid, 'SIGKILL');
    await workerProcess.exited;
    // Sent while no worker runs: the update waits in Temporal until a worker is back.
    const pending = harness.posts.sendEvent(postId, {
      requestId: 'start-training-during-outage',
      actor: actors.trainingOrg,
      event: { type: 'START_TRAINING', startedOn: addDays(t0, 37) },
    });
    await new Promise((r) => setTimeout(r, 1_000));
    workerProcess = await startWorkerProcess();
    const started = await pending;
    expect(started.status).toBe('in_training');

    // Training began 203 days ago: tranches 1 and 2 (+1 and +6 months) are already due.
    await eventually('the overdue tranches fall due', async () =>
      (await harness.posts.view(postId)).tranches.filter((t) => t.status === 'due').length === 2,
    { timeoutMs: 20_000, intervalMs: 200 });
    const { view, stored } = await drive.readModelOf(postId);
    await eventually('the read model catches up', async () => {
      const latest = await harness.models.Post.findById(postId).lean();
      return JSON.stringify(comparableReadModel(latest as Record<string, unknown>)) === JSON.stringify(view);
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect(stored._id).toBe(postId);
    expect(await harness.models.PostEvent.countDocuments({ postId, outcome: 'accepted' })).toBe(view.version);
    const orders = (await drive.notificationsOf(postId)).filter((n) => n.topic === 'tranche-due');
    expect(orders).toHaveLength(2);
    expect(await harness.models.Tranche.countDocuments({ postId })).toBe(3);
    const requestIds = (await harness.models.PostEvent.find({ postId }).lean()).map((e) => e.requestId);
    expect(requestIds.filter((id) => id === 'start-training-during-outage')).toHaveLength(1);
  });

  it('mails each payment order that fell due at restart once, to the BdT’s mailbox (the run’s Mailpit)', async () => {
    expect(postId).toBeDefined();
    const drive = createPostDriver(harness);
    await eventually('the payment orders are mailed', async () => (await drive.notificationsOf(postId)).filter((n) => n.topic === 'tranche-due' && n.delivery?.state === 'sent').length === 2, { timeoutMs: 30_000, intervalMs: 200 });
    const mail = mailpitClient(process.env.MAILPIT_URL!);
    for (const order of await drive.notificationsOf(postId)) {
      if (order.topic !== 'tranche-due') continue;
      const received = await mail.withMessageId(order.delivery!.messageId!);
      expect(received.map((m) => ({ to: m.To.map((t) => t.Address), subject: m.Subject }))).toEqual([{ to: ['cnfs-bdt@example.fr'], subject: order.subject }]);
    }
  });
});
