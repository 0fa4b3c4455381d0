import pino from 'pino';
import { createPostActivities, type PostChange } from '../../../activities/post-activities';
import type { NotificationRow } from '../../../domain/lifecycle/post-notifications';
import type { PostEventType } from '../../../domain/lifecycle/post-events';
import type { StoredPostSnapshot } from '../../../domain/lifecycle/post-snapshot';
import { postView } from '../../../domain/lifecycle/post-view';
import { createOutboxStore } from '../../../mail/delivery/outbox-store';
import type { Models } from '../../../models/create-models';
import { createPostFiguresStore } from '../../../stats/post-figures-store';
import { readStatsRows } from '../../../stats/stats-read-model';
import { claimedRow } from '../../support/claimed-row';
import { sampleEvents } from '../../support/post-sample-events';
import { after, applied } from '../../support/post-situations';
import { useTestModels } from '../../support/test-models';

/**
 * `post_figures`, written as the product writes it (the post's activity after each change, the
 * outbox after each delivery state), equals what the rebuild computes from the read model: the
 * statistics read the same figures on a new database and on one upgraded from before it existed.
 */
describe('the statistics’ copy of each post (post_figures)', () => {
  const database = useTestModels('figures');
  let models: Models;
  beforeAll(() => {
    models = database.models();
  });

  const notice = (postId: string, n: number, createdAt: string): NotificationRow => ({
    key: `post:${postId}:${n}:tranche_due:bdt`,
    postId,
    topic: 'tranche-due',
    recipientRole: 'bdt',
    recipientScope: null,
    subject: 'Tranche due',
    body: 'Une tranche est due.',
    deadlineKind: null,
    dueOn: null,
    createdAt,
  });

  /** Records the application and `steps` one change at a time, as the workflow hands them to its activity; each change writes one notice. */
  async function drive(postId: string, steps: PostEventType[]): Promise<NotificationRow[]> {
    const activities = createPostActivities({ models, logger: pino({ level: 'silent' }) });
    const written: NotificationRow[] = [];
    let snapshot: StoredPostSnapshot = applied();
    const changes: [string, unknown, StoredPostSnapshot][] = [['SUBMIT_APPLICATION', sampleEvents.SUBMIT_APPLICATION, snapshot]];
    for (const step of steps) changes.push([step, sampleEvents[step], (snapshot = after(snapshot, step))]);
    for (const [index, [type, payload, state]] of changes.entries()) {
      const version = index + 1;
      const stored = { ...state, context: { ...state.context, postId } };
      const view = postView(postId, version, stored);
      const row = notice(postId, version, new Date(Date.UTC(2026, 0, 31, 22 + index)).toISOString());
      const change: PostChange = {
        entry: { postId, version, requestId: `${postId}-${version}`, actor: { id: 'test', role: 'anct' }, type, payload, rulesRevision: 3, receivedAt: new Date().toISOString(), statusBefore: null, status: view.status },
        notifications: [row],
        view,
        changed: { structure: version === 1, advisor: true, convention: true },
      };
      await activities.recordPostChange(change);
      // A retried activity: nothing changes.
      if (version === 2) await activities.recordPostChange(change);
      written.push(row);
    }
    return written;
  }

  const storedFigures = async () => ({
    posts: (await models.PostFigure.find({}).sort({ _id: 1 }).lean()).map(({ figures, ...territory }) => ({ ...territory, figures: JSON.parse(figures) })),
    notices: await models.NoticeFigure.find({}).sort({ _id: 1 }).lean(),
  });
  const noticeState = async (key: string) => (await models.NoticeFigure.findById(key).lean())?.state;

  it('holds, change after change and delivery after delivery, what the rebuild computes from the read model', async () => {
    const trained = await drive('figures-a', ['GIVE_PREFECTURE_OPINION', 'COMMITTEE_DECISION', 'VALIDATE_CANDIDATE', 'SUBMIT_SUBSIDY_REQUEST', 'ENROL_IN_TRAINING', 'RECORD_POSITIONING', 'SIGN_CONTRACT', 'VALIDATE_CONFORMITY', 'SIGN_CONVENTION', 'START_TRAINING']);
    const early = await drive('figures-b', ['GIVE_PREFECTURE_OPINION']);
    const outbox = createOutboxStore(models);
    await outbox.markSent(await claimedRow(outbox, trained[0]!.key), { messageId: '<1@test>', to: ['bdt@example.fr'], cc: [], note: null });
    await outbox.claim(trained[1]!.key);
    await outbox.markUndeliverable(trained[1]!.key, 'no_recipient', 'aucune adresse connue');
    await outbox.claim(early[1]!.key);
    await outbox.markUndeliverable(early[1]!.key, 'failed', '550 boîte inconnue', ['bdt@example.fr']);
    await outbox.reopen(early[1]!.key, { id: 'anct-agent', role: 'anct' });

    const incremental = await storedFigures();
    const [a] = await readStatsRows(models, { _id: 'figures-a' });
    expect(a).toMatchObject({
      id: 'figures-a',
      status: 'in_training',
      convention: { signedOn: '2022-04-27' },
      stages: {
        applied: { version: 1 },
        committee: { version: 3, on: '2022-04-01' },
        granted: { version: 3, on: '2022-04-01' },
        contractSigned: { version: 8, on: '2022-04-10' },
        conformity: { version: 9, on: '2022-04-26' },
        conventionSigned: { version: 10, on: '2022-04-27' },
        trainingStarted: { version: 11, on: '2022-04-20' },
      },
    });
    expect(a!.tranches).toHaveLength(3);
    // 22:00 and 23:00 UTC on 31 January are 23:00 and 00:00 the next day in Paris.
    expect(a!.notices.slice(0, 3)).toEqual([
      { createdOn: '2026-01-31', state: 'sent' },
      { createdOn: '2026-02-01', state: 'no_recipient' },
      { createdOn: '2026-02-01', state: 'pending' },
    ]);
    expect(await noticeState(early[1]!.key)).toBe('pending');

    await createPostFiguresStore(models).rebuild();
    expect(await storedFigures()).toEqual(incremental);
  });

  it('keeps every notice when a post’s mails change state at the same time', async () => {
    const rows = Array.from({ length: 12 }, (_, n) => notice('figures-c', n, '2026-03-01T10:00:00.000Z'));
    await createPostActivities({ models, logger: pino({ level: 'silent' }) }).writeNotifications(rows);
    const outbox = createOutboxStore(models);
    await Promise.all(
      rows.map(async ({ key }, n) => {
        const claimed = await claimedRow(outbox, key);
        if (n % 2 === 0) await outbox.markSent(claimed, { messageId: `<${n}@test>`, to: ['bdt@example.fr'], cc: [], note: null });
        else await outbox.markUndeliverable(key, 'failed', '550 boîte inconnue', ['bdt@example.fr']);
      }),
    );
    expect(await Promise.all(rows.map(({ key }) => noticeState(key)))).toEqual(rows.map((_, n) => (n % 2 === 0 ? 'sent' : 'failed')));
  });

  it('takes a settled row’s state from the row when its figure was not written (an attempt that died in between)', async () => {
    const [row] = await drive('figures-d', []);
    const outbox = createOutboxStore(models);
    await outbox.claim(row!.key);
    // The row sent, as if the process died before the figure was written.
    await models.Notification.updateOne({ _id: row!.key }, { $set: { 'delivery.state': 'sent', 'delivery.claimedUntil': null } });
    expect(await noticeState(row!.key)).toBe('pending');
    expect((await outbox.claim(row!.key)).state).toBe('settled');
    expect(await noticeState(row!.key)).toBe('sent');
  });
});
