import { addDays, type BusinessDate, daysBetween } from '../domain/calendar/business-date';
import { type Region, regionOfDepartment } from '../domain/identity/department-region';
import { type PostStatus, postStatuses } from '../domain/lifecycle/post-status';
import type { DeliveryState } from '../mail/delivery/delivery-state';
import { percentile } from './percentile';

/** A post as the statistics read it from the read model (`posts`), projected. */
export interface StatsPostRow {
  id: string;
  status: PostStatus;
  department: string;
  convention: { amountCents: number; signedOn: BusinessDate } | null;
  tranches: { number: number; amountCents: number; dueOn: BusinessDate; status: 'scheduled' | 'due' | 'paid' | 'suspended'; paidOn: BusinessDate | null }[];
}

/** An accepted event of a post's timeline (`post_events`) that dates a stage, with the payload's dates only. */
export interface StatsEventRow {
  postId: string;
  version: number;
  type: string;
  payload: Partial<Record<'appliedOn' | 'decidedOn' | 'signedOn' | 'startedOn' | 'validatedOn', BusinessDate>> & { decision?: string };
}

/** The outbox's rows (`notifications`) of one post in one delivery state; null: a row from before email delivery. */
export interface StatsNotificationCount {
  postId: string;
  state: DeliveryState | null;
  rows: number;
}

export interface StatsPeriod {
  from: BusinessDate | null;
  to: BusinessDate | null;
}

export interface StatusCount {
  status: PostStatus;
  posts: number;
}

export interface MoneyFigures {
  /** Conventions signed in the period: their subsidy. */
  committedCents: number;
  /** Tranches paid in the period. */
  paidCents: number;
  /** Unpaid tranches, not waiting, that fall due by today + 30 days (the ones already due included), of posts whose life goes on. */
  dueWithin30DaysCents: number;
  dueWithin90DaysCents: number;
  /** Tranches fallen due that wait: payments suspended, or the post vacant (RULES.md §2.2). */
  waitingCents: number;
}

export const delayStages = ['application_to_committee', 'committee_to_recruitment', 'recruitment_to_training', 'conformity_to_convention'] as const;
export type DelayStage = (typeof delayStages)[number];

export interface DelayFigures {
  stage: DelayStage;
  /** Posts whose stage ended in the period: the count the median is of. */
  posts: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface ProgrammeFigures {
  today: BusinessDate;
  period: StatsPeriod;
  posts: {
    total: number;
    byStatus: StatusCount[];
    byDepartment: { department: string; region: Region | null; total: number; byStatus: StatusCount[] }[];
    byRegion: { region: Region | null; total: number; byStatus: StatusCount[] }[];
  };
  money: MoneyFigures & {
    byDepartment: (MoneyFigures & { department: string; region: Region | null })[];
    /** Per calendar month (AAAA-MM): tranches paid that month, and unpaid ones (not waiting) falling due that month. */
    byMonth: { month: string; paidCents: number; dueCents: number }[];
  };
  delays: DelayFigures[];
  recruitment: { overdue: number; byDepartment: { department: string; overdue: number }[] };
  reminders: { total: number; sent: number; failed: number; noRecipient: number; pending: number; beforeEmailDelivery: number };
}

/** Where each delay starts and ends: the first event of each kind on the post's timeline (a replacement advisor does not restart them). */
const DELAY_ENDS: Record<DelayStage, readonly [StageMark, StageMark]> = {
  application_to_committee: ['applied', 'committee'],
  committee_to_recruitment: ['granted', 'contractSigned'],
  recruitment_to_training: ['contractSigned', 'trainingStarted'],
  conformity_to_convention: ['conformity', 'conventionSigned'],
};
type StageMark = 'applied' | 'committee' | 'granted' | 'contractSigned' | 'trainingStarted' | 'conformity' | 'conventionSigned';

/** The stages an event dates, and the payload field that holds the day. */
function marksOf(event: StatsEventRow): [StageMark, BusinessDate | undefined][] {
  const p = event.payload ?? {};
  switch (event.type) {
    case 'SUBMIT_APPLICATION':
      return [['applied', p.appliedOn]];
    case 'COMMITTEE_DECISION':
      return p.decision === 'validated' ? [['committee', p.decidedOn], ['granted', p.decidedOn]] : [['committee', p.decidedOn]];
    case 'SIGN_CONTRACT':
      return [['contractSigned', p.signedOn]];
    case 'START_TRAINING':
      return [['trainingStarted', p.startedOn]];
    case 'VALIDATE_CONFORMITY':
      return [['conformity', p.validatedOn]];
    case 'SIGN_CONVENTION':
      return [['conventionSigned', p.signedOn]];
    default:
      return [];
  }
}

/** The event types the delays read, for the pipeline's filter. */
export const STAGE_EVENT_TYPES = ['SUBMIT_APPLICATION', 'COMMITTEE_DECISION', 'SIGN_CONTRACT', 'START_TRAINING', 'VALIDATE_CONFORMITY', 'SIGN_CONVENTION'] as const;

/** Posts whose life ended (RULES.md §3.1): what they did not get paid is due to no one, nor waits. */
const ENDED: ReadonlySet<PostStatus> = new Set(['rejected', 'withdrawn', 'closed', 'exited_early', 'returned', 'transferred']);

const within = (period: StatsPeriod, day: BusinessDate | null | undefined): day is BusinessDate =>
  Boolean(day) && (!period.from || day! >= period.from) && (!period.to || day! <= period.to);

const zeroMoney = (): MoneyFigures => ({ committedCents: 0, paidCents: 0, dueWithin30DaysCents: 0, dueWithin90DaysCents: 0, waitingCents: 0 });

function statusCounts(counts: Map<PostStatus, number>): StatusCount[] {
  return postStatuses.filter((s) => counts.has(s)).map((status) => ({ status, posts: counts.get(status)! }));
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function delayFigures(posts: readonly StatsPostRow[], events: readonly StatsEventRow[], period: StatsPeriod): DelayFigures[] {
  const inScope = new Set(posts.map((p) => p.id));
  const firsts = new Map<string, Map<StageMark, { version: number; on: BusinessDate }>>();
  for (const event of events) {
    if (!inScope.has(event.postId)) continue;
    let marks = firsts.get(event.postId);
    if (!marks) firsts.set(event.postId, (marks = new Map()));
    for (const [mark, on] of marksOf(event)) {
      const seen = marks.get(mark);
      if (on && (!seen || event.version < seen.version)) marks.set(mark, { version: event.version, on });
    }
  }
  return delayStages.map((stage) => {
    const [start, end] = DELAY_ENDS[stage];
    const days: number[] = [];
    for (const marks of firsts.values()) {
      const from = marks.get(start)?.on;
      const to = marks.get(end)?.on;
      if (from && within(period, to)) days.push(daysBetween(from, to));
    }
    days.sort((a, b) => a - b);
    return { stage, posts: days.length, medianDays: percentile(days, 0.5), p90Days: percentile(days, 0.9) };
  });
}

/**
 * The programme's figures from the read model's rows, for one caller's territory and filters (the
 * rows are already those): what the pipelines cannot compute on FerretDB 1.24, which has no
 * conditional expressions and no accumulator but `$sum` and `$count`. `today` is the day the
 * figures are taken on (Paris), for what is due and what is overdue.
 */
export function programmeFigures(input: {
  posts: readonly StatsPostRow[];
  events: readonly StatsEventRow[];
  notifications: readonly StatsNotificationCount[];
  period: StatsPeriod;
  today: BusinessDate;
}): ProgrammeFigures {
  const { posts, events, notifications, period, today } = input;
  const in30 = addDays(today, 30);
  const in90 = addDays(today, 90);

  const byStatus = new Map<PostStatus, number>();
  const byDepartment = new Map<string, { statuses: Map<PostStatus, number>; money: MoneyFigures; overdue: number }>();
  const byRegion = new Map<string, { region: Region | null; statuses: Map<PostStatus, number> }>();
  const byMonth = new Map<string, { paidCents: number; dueCents: number }>();
  const total = zeroMoney();
  const month = (key: string) => byMonth.get(key) ?? byMonth.set(key, { paidCents: 0, dueCents: 0 }).get(key)!;

  for (const post of posts) {
    bump(byStatus, post.status);
    let department = byDepartment.get(post.department);
    if (!department) byDepartment.set(post.department, (department = { statuses: new Map(), money: zeroMoney(), overdue: 0 }));
    bump(department.statuses, post.status);
    const region = regionOfDepartment(post.department);
    const regionKey = region?.code ?? '';
    let regional = byRegion.get(regionKey);
    if (!regional) byRegion.set(regionKey, (regional = { region, statuses: new Map() }));
    bump(regional.statuses, post.status);
    if (post.status === 'recruitment_overdue') department.overdue += 1;

    const money = department.money;
    const add = (field: keyof MoneyFigures, cents: number) => {
      money[field] += cents;
      total[field] += cents;
    };
    if (post.convention && within(period, post.convention.signedOn)) add('committedCents', post.convention.amountCents);
    for (const tranche of post.tranches) {
      if (tranche.status === 'paid') {
        if (within(period, tranche.paidOn)) {
          add('paidCents', tranche.amountCents);
          month(tranche.paidOn.slice(0, 7)).paidCents += tranche.amountCents;
        }
        continue;
      }
      if (ENDED.has(post.status)) continue;
      const waiting = tranche.status === 'suspended' || (tranche.status === 'due' && post.status === 'vacant');
      if (waiting) {
        add('waitingCents', tranche.amountCents);
        continue;
      }
      if (tranche.dueOn <= in30) add('dueWithin30DaysCents', tranche.amountCents);
      if (tranche.dueOn <= in90) add('dueWithin90DaysCents', tranche.amountCents);
      if (within(period, tranche.dueOn)) month(tranche.dueOn.slice(0, 7)).dueCents += tranche.amountCents;
    }
  }

  const departments = [...byDepartment.keys()].sort();
  const reminders = { total: 0, sent: 0, failed: 0, noRecipient: 0, pending: 0, beforeEmailDelivery: 0 };
  const inScope = new Set(posts.map((p) => p.id));
  for (const { postId, state, rows } of notifications) {
    if (!inScope.has(postId)) continue;
    reminders.total += rows;
    if (state === 'sent') reminders.sent += rows;
    else if (state === 'failed') reminders.failed += rows;
    else if (state === 'no_recipient') reminders.noRecipient += rows;
    else if (state === 'pending') reminders.pending += rows;
    else reminders.beforeEmailDelivery += rows;
  }

  return {
    today,
    period,
    posts: {
      total: posts.length,
      byStatus: statusCounts(byStatus),
      byDepartment: departments.map((department) => {
        const statuses = byDepartment.get(department)!.statuses;
        return { department, region: regionOfDepartment(department), total: [...statuses.values()].reduce((a, b) => a + b, 0), byStatus: statusCounts(statuses) };
      }),
      byRegion: [...byRegion.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, { region, statuses }]) => ({ region, total: [...statuses.values()].reduce((a, b) => a + b, 0), byStatus: statusCounts(statuses) })),
    },
    money: {
      ...total,
      byDepartment: departments.map((department) => ({ department, region: regionOfDepartment(department), ...byDepartment.get(department)!.money })),
      byMonth: [...byMonth.keys()].sort().map((key) => ({ month: key, ...byMonth.get(key)! })),
    },
    delays: delayFigures(posts, events, period),
    recruitment: {
      overdue: departments.reduce((sum, d) => sum + byDepartment.get(d)!.overdue, 0),
      byDepartment: departments.filter((d) => byDepartment.get(d)!.overdue > 0).map((department) => ({ department, overdue: byDepartment.get(department)!.overdue })),
    },
    reminders,
  };
}
