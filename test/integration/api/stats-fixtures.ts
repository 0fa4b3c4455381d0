import { todayInParis } from '../../../api/today-in-paris';
import { addDays, type BusinessDate } from '../../../domain/calendar/business-date';
import { createOutboxStore } from '../../../mail/delivery/outbox-store';
import type { Models } from '../../../models/create-models';
import { createPostFiguresStore } from '../../../stats/post-figures-store';
import { claimedRow } from '../../support/claimed-row';
import { commune } from './api-fixtures';

/**
 * A known set of posts written straight to the read model (posts, their timelines, their outbox
 * rows, then `post_figures` rebuilt from them), whose figures the statistics tests compute by
 * hand. Post `p<n>`; the comments give what each one adds. Today is the API's today (Paris), so that « due within 30 days » is about now.
 */
type Tranche = { number: number; amountCents: number; dueOn: string; status: 'scheduled' | 'due' | 'paid' | 'suspended'; paidOn: string | null };

export const STATS_T = todayInParis();
const T = STATS_T;

export interface StatsPostSpec {
  key: string;
  department: string;
  policy: string;
  status: string;
  convention?: { amountCents: number; signedOn: string };
  tranches?: Tranche[];
  /** Accepted events that date a stage: [type, payload]. */
  events?: [string, Record<string, unknown>][];
}

const paid = (number: number, amountCents: number, dueOn: string, paidOn: string): Tranche => ({ number, amountCents, dueOn, status: 'paid', paidOn });
const unpaid = (number: number, amountCents: number, dueOn: BusinessDate, status: 'scheduled' | 'due' | 'suspended'): Tranche => ({
  number,
  amountCents,
  dueOn,
  status,
  paidOn: null,
});

export const statsPosts: StatsPostSpec[] = [
  {
    key: 'p1',
    department: '69',
    policy: '2022-public',
    status: 'active',
    convention: { amountCents: 5_000_000, signedOn: '2025-02-10' },
    tranches: [paid(1, 1_000_001, '2025-03-05', '2025-03-10'), unpaid(2, 1_500_000, addDays(T, -5), 'due'), unpaid(3, 2_499_999, addDays(T, 200), 'scheduled')],
    events: [
      ['SUBMIT_APPLICATION', { appliedOn: '2024-09-01' }],
      ['COMMITTEE_DECISION', { decision: 'validated', decidedOn: '2024-10-01' }],
      ['SIGN_CONTRACT', { signedOn: '2024-12-01' }],
      ['START_TRAINING', { startedOn: '2024-12-11' }],
      ['VALIDATE_CONFORMITY', { validatedOn: '2025-01-31' }],
      ['SIGN_CONVENTION', { signedOn: '2025-02-10' }],
    ],
  },
  {
    key: 'p2',
    department: '69',
    policy: '2022-private',
    status: 'vacant',
    convention: { amountCents: 4_000_000, signedOn: '2025-04-01' },
    // Tranche 2 fell due while the post is vacant: it waits (RULES.md §2.2).
    tranches: [paid(1, 800_000, '2025-05-01', '2025-05-02'), unpaid(2, 1_200_000, addDays(T, -10), 'due'), unpaid(3, 2_000_000, addDays(T, 60), 'scheduled')],
    events: [
      ['SUBMIT_APPLICATION', { appliedOn: '2024-11-01' }],
      ['COMMITTEE_DECISION', { decision: 'validated', decidedOn: '2024-11-11' }],
      ['SIGN_CONTRACT', { signedOn: '2025-01-10' }],
      ['VALIDATE_CONFORMITY', { validatedOn: '2025-03-02' }],
      ['SIGN_CONVENTION', { signedOn: '2025-04-01' }],
      // The replacement's contract, after a rupture: the delays count from the first one.
      ['SIGN_CONTRACT', { signedOn: '2026-01-01' }],
    ],
  },
  {
    key: 'p3',
    department: '971',
    policy: '2022-public',
    status: 'in_training',
    convention: { amountCents: 7_000_000, signedOn: '2025-06-15' },
    // Payments suspended: tranche 1 fell due and waits.
    tranches: [unpaid(1, 1_400_000, addDays(T, -3), 'suspended'), unpaid(2, 2_100_000, addDays(T, 20), 'scheduled'), unpaid(3, 3_500_000, addDays(T, 400), 'scheduled')],
    events: [
      ['SUBMIT_APPLICATION', { appliedOn: '2025-01-10' }],
      ['COMMITTEE_DECISION', { decision: 'validated', decidedOn: '2025-02-14' }],
      ['SIGN_CONTRACT', { signedOn: '2025-03-16' }],
      ['START_TRAINING', { startedOn: '2025-03-30' }],
      ['VALIDATE_CONFORMITY', { validatedOn: '2025-06-01' }],
      ['SIGN_CONVENTION', { signedOn: '2025-06-15' }],
    ],
  },
  {
    key: 'p4',
    department: '971',
    policy: '2021-public',
    status: 'recruitment_overdue',
    events: [
      ['SUBMIT_APPLICATION', { appliedOn: '2024-05-01' }],
      ['COMMITTEE_DECISION', { decision: 'validated', decidedOn: '2024-05-21' }],
    ],
  },
  { key: 'p5', department: '2A', policy: '2022-private', status: 'committee', events: [['SUBMIT_APPLICATION', { appliedOn: '2025-06-01' }]] },
  { key: 'p6', department: '75', policy: '2021-private', status: 'recruiting' },
  {
    key: 'p7',
    department: '69',
    policy: '2022-public',
    status: 'recruitment_overdue',
    events: [
      ['SUBMIT_APPLICATION', { appliedOn: '2024-06-01' }],
      ['COMMITTEE_DECISION', { decision: 'validated', decidedOn: '2024-06-16' }],
    ],
  },
  {
    key: 'p8',
    department: '75',
    policy: '2022-public',
    status: 'active',
    convention: { amountCents: 5_000_000, signedOn: '2024-12-20' },
    // Tranche 1 has been due, unpaid, since January 2025: it counts as due within 30 days.
    tranches: [unpaid(1, 1_000_000, '2025-01-20' as BusinessDate, 'due'), unpaid(2, 1_500_000, addDays(T, 100), 'scheduled'), unpaid(3, 2_500_000, addDays(T, 300), 'scheduled')],
  },
];

/** The outbox: [post, createdAt, how it went]. `legacy`: a row written before email delivery existed (issue 11), kept in its shape. */
export const statsNotifications: [string, string, 'sent' | 'failed' | 'no_recipient' | 'pending' | 'legacy'][] = [
  ['p1', '2025-03-01T09:00:00.000Z', 'sent'],
  ['p1', '2025-12-31T22:30:00.000Z', 'sent'], // 23:30 in Paris, still 2025
  ['p1', '2024-12-31T23:30:00.000Z', 'sent'], // 00:30 on 1 January 2025 in Paris
  ['p2', '2026-01-01T00:30:00.000Z', 'failed'], // 01:30 on 1 January 2026 in Paris
  ['p3', '2025-05-05T10:00:00.000Z', 'no_recipient'],
  ['p3', '2025-07-07T10:00:00.000Z', 'sent'],
  ['p4', '2025-08-08T10:00:00.000Z', 'pending'],
  ['p6', '2025-09-09T10:00:00.000Z', 'legacy'],
];

/** Writes the set; returns the posts' ids by key. A refused event of p5 is written too, and must count for nothing. */
export async function writeStatsPosts(models: Models, prefix: string): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const spec of statsPosts) {
    const id = `${prefix}-${spec.key}`;
    ids[spec.key] = id;
    const structure = commune(spec.department, `Structure ${spec.key}`);
    await models.Post.create({
      _id: id,
      version: 1 + (spec.events?.length ?? 0),
      status: spec.status,
      policy: spec.policy,
      siret: structure.siret,
      department: spec.department,
      structure,
      convention: spec.convention ? { ...spec.convention, period: 1, months: 24, endsOn: '2027-12-31', policy: spec.policy } : null,
      tranches: (spec.tranches ?? []).map((t) => ({ ...t, percent: [20, 30, 50][t.number - 1] })),
    });
    for (const [index, [type, payload]] of (spec.events ?? []).entries()) {
      const version = index + 2;
      await models.PostEvent.create({
        _id: `${id}:${version}`,
        key: `${id}:${version}`,
        postId: id,
        outcome: 'accepted',
        version,
        requestId: `${id}-request-${version}`,
        actor: { id: 'stats-fixture', role: 'anct' },
        type,
        payload: { type, ...payload },
        rulesRevision: 3,
        receivedAt: new Date().toISOString(),
        statusBefore: null,
        status: spec.status,
      });
    }
  }
  await models.PostEvent.create({
    _id: `${ids.p5}:refused:r1`,
    key: `${ids.p5}:refused:r1`,
    postId: ids.p5,
    outcome: 'refused',
    requestId: 'r1',
    actor: { id: 'bdt-agent', role: 'bdt' },
    type: 'SIGN_CONVENTION',
    payload: { type: 'SIGN_CONVENTION', signedOn: '2025-07-01' },
    receivedAt: new Date().toISOString(),
    refusal: { code: 'event.not_allowed', message: 'refusé' },
  });

  const outbox = createOutboxStore(models);
  for (const [index, [key, createdAt, outcome]] of statsNotifications.entries()) {
    const row = {
      key: `notification:${prefix}:${index}`,
      postId: ids[key]!,
      topic: 'tranche_due',
      recipientRole: 'bdt',
      recipientScope: null,
      subject: 'Tranche due',
      body: 'Une tranche est due.',
      deadlineKind: null,
      dueOn: null,
      createdAt,
    };
    if (outcome === 'legacy') {
      await models.Notification.collection.insertOne({ _id: row.key as never, ...row });
      continue;
    }
    // As the outbox's writer and the delivery activity do: the row, then its claimed attempt and its outcome.
    await models.Notification.create({ _id: row.key, ...row });
    if (outcome === 'pending') continue;
    const claimed = await claimedRow(outbox, row.key);
    if (outcome === 'sent') await outbox.markSent(claimed, { messageId: `<${index}@test>`, to: ['bdt@example.fr'], cc: [], note: null });
    else if (outcome === 'failed') await outbox.markUndeliverable(row.key, 'failed', '550 boîte inconnue', ['bdt@example.fr']);
    else await outbox.markUndeliverable(row.key, 'no_recipient', 'aucune adresse connue');
  }
  // The rows above are written as a database from before `post_figures` holds them: the rebuild reads them back.
  await createPostFiguresStore(models).rebuild();
  return ids;
}
