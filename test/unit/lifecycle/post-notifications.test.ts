import { postDeadlines, reminderDates } from '../../../domain/lifecycle/post-deadlines';
import { type NotificationTopic, notificationTopics } from '../../../domain/lifecycle/post-notification-topics';
import { notificationRows } from '../../../domain/lifecycle/post-notifications';
import { postRules } from '../../../domain/lifecycle/post-rules';
import { restorePostSnapshot, type StoredPostSnapshot } from '../../../domain/lifecycle/post-snapshot';
import { decideNext } from '../../support/decide-steps';
import { structures } from '../../support/post-fixtures';
import { sampleEvents } from '../../support/post-sample-events';
import { situations } from '../../support/post-situations';

/** RULES.md §5: who is told, and in what words. */
const all = situations();
const rowsOf = (snapshot: StoredPostSnapshot, topic: NotificationTopic, detail = {}) =>
  notificationRows({ context: snapshot.context, topic, occurrence: 'event:9', detail, createdAt: '2022-05-02T08:00:00.000Z' });
const recipients = (snapshot: StoredPostSnapshot, topic: NotificationTopic, detail = {}) =>
  rowsOf(snapshot, topic, detail).map((row) => [row.recipientRole, row.recipientScope]);
const after = (snapshot: StoredPostSnapshot, step: Parameters<typeof decideNext>[2]) => {
  const decision = decideNext(snapshot, 3, step);
  if (!decision.accepted) throw new Error(decision.refusal.code);
  return decision;
};

describe('16. everyone concerned is told, not only the one who must act next (RULES.md §5)', () => {
  it('tells structure, bdt and ANCT of a suspension of payments, less the one who suspended (002_ba07e18f5cc1ad7d.txt §III.6)', () => {
    const suspended = all.suspended;
    expect(recipients(suspended, 'payments-suspended', { sentBy: 'bdt' })).toEqual([
      ['structure', structures.guadeloupeCommune.siret],
      ['anct', null],
    ]);
    expect(recipients(suspended, 'payments-suspended', { sentBy: 'anct' })).toEqual([
      ['structure', structures.guadeloupeCommune.siret],
      ['bdt', null],
    ]);
  });

  it('tells ANCT and bdt of a post returned while its convention runs, ANCT alone before any convention', () => {
    const whileRunning = after(all.vacant, 'RETURN_POST');
    expect(whileRunning.effects).toContainEqual({ type: 'notify', topic: 'post-returned' });
    expect(recipients(whileRunning.snapshot, 'post-returned')).toEqual([
      ['anct', null],
      ['bdt', null],
    ]);
    expect(recipients(all.returned, 'post-returned')).toEqual([['anct', null]]);
  });

  it('tells the old and the target structure, and ANCT, of a transfer, in rows of their own (003_0395d5c6dd79564e.txt)', () => {
    const transferred = after(all.returned, 'TRANSFER_POST').snapshot;
    const rows = rowsOf(transferred, 'post-transferred');
    expect(rows.map((r) => [r.recipientRole, r.recipientScope])).toEqual([
      ['structure', structures.guadeloupeCommune.siret],
      ['structure', structures.reunionCommune.siret],
      ['anct', null],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
    expect(rows[1]!.body).toContain('post-1-transfer');
  });

  it('tells bdt of a convention ended and of a renewal declined (003_0395d5c6dd79564e.txt)', () => {
    expect(recipients(all.conventionEnded, 'convention-ended').map(([role]) => role)).toContain('bdt');
    const declined = after(all.inPost, 'DECLINE_RENEWAL');
    expect(declined.effects).toContainEqual({ type: 'notify', topic: 'renewal-declined' });
    expect(recipients(declined.snapshot, 'renewal-declined')).toEqual([['bdt', null]]);
  });

  it('stops the convention-end reminders once the renewal is requested or declined, under revision 3 (RULES.md §5)', () => {
    const reminders = (snapshot: StoredPostSnapshot) => {
      const restored = restorePostSnapshot(snapshot);
      const end = postDeadlines(restored).find((d) => d.kind === 'convention-end')!;
      return reminderDates(end, restored).map((r) => r.daysBefore);
    };
    expect(reminders(all.inPost)).toEqual([90, 30]);
    expect(reminders(all.renewalPending)).toEqual([]);
    expect(reminders(all.renewalDeclined)).toEqual([]);
    const onRevision2 = { ...all.renewalPending, context: { ...all.renewalPending.context, rulesRevision: 2 as const } };
    expect(reminders(onRevision2)).toEqual([90, 30]);
  });
});

describe('17. texts for people write dates and amounts the French way (RULES.md §5)', () => {
  const iso = /\d{4}-\d{2}-\d{2}/;
  const contexts = { trancheDue: all.trancheDue, absent: all.absent, vacantWithTrainee: all.vacantWithTrainee, renewalPending: all.renewalPending };
  const topics = Object.keys(notificationTopics) as NotificationTopic[];

  it.each(Object.entries(contexts))('never writes an ISO date in any subject or body, on a post %s', (_name, snapshot) => {
    for (const topic of topics) {
      for (const row of rowsOf(snapshot, topic, { dueOn: '2027-03-01', daysBefore: 30, tranche: 1, sentBy: 'bdt' })) {
        expect({ topic, subject: row.subject, body: row.body }).toEqual({ topic, subject: expect.not.stringMatching(iso), body: expect.not.stringMatching(iso) });
      }
    }
  });

  it('writes « 1er mars 2027 » and « 14 000,00 € » where the texts give a date and an amount', () => {
    const [reminder] = rowsOf(all.inPost, 'convention-end-reminder', { dueOn: '2027-03-01', daysBefore: 30 });
    expect(reminder!.body).toContain('prend fin le 1er mars 2027');
    const [order] = rowsOf(all.trancheDue, 'tranche-due', { tranche: 1 });
    expect(order!.body.replace(/\u00a0/g, ' ')).toContain('14 000,00 €');
    const [convention] = rowsOf(all.onboardingReady, 'convention-signed');
    expect(convention!.body.replace(/\u00a0/g, ' ')).toContain('70 000,00 € sur 24 mois, jusqu’au 27 avril 2024');
  });
});

describe('18. each follow-up named as its seed names it (001_6dade1b22e1aa482.txt, 002_ba07e18f5cc1ad7d.txt)', () => {
  const reportOf = (policy: '2021-public' | '2021-private') => {
    const snapshot = { ...all.inPost, context: { ...all.inPost.context, policy, convention: { ...all.inPost.context.convention!, policy } } };
    return rowsOf(snapshot, 'hosting-conditions-report-due')[0]!;
  };

  it('asks a 2021 public structure for its « Suivi semestriel du conseiller numérique » (001_6dade1b22e1aa482.txt)', () => {
    expect(reportOf('2021-public')).toMatchObject({ subject: 'Suivi semestriel du conseiller numérique', body: expect.stringContaining('guide 2021 des structures publiques') });
  });

  it('asks a 2021 private structure for the « suivi des conditions d’accueil » of its advisor (002_ba07e18f5cc1ad7d.txt)', () => {
    expect(reportOf('2021-private')).toMatchObject({
      subject: 'Suivi des conditions d’accueil du conseiller numérique',
      body: expect.stringContaining('AMI 2021 des structures privées'),
    });
  });

  it('cites the 2021 public guide for the job offer published before the contract (001_6dade1b22e1aa482.txt)', () => {
    const refused = postRules.contractNotYetSigned(all.conform.context, sampleEvents.PUBLISH_JOB_OFFER as never);
    expect(refused).toMatchObject({ ok: false, code: 'job_offer.contract_already_signed' });
    expect(!refused.ok && refused.message).toContain('guide 2021 des structures publiques');
  });
});
