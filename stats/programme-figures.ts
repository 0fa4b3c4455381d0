import { addDays, type BusinessDate, daysBetween } from '../domain/calendar/business-date';
import { type Region, regionOfDepartment } from '../domain/identity/department-region';
import { type PostStatus, postStatuses } from '../domain/lifecycle/post-status';
import { percentile } from './percentile';
import type { NoticeFigure, PostFigures, StageMark } from './post-figures';

/** A post as the statistics read it (`post_figures`): its figures and its outbox rows'. */
export interface StatsPostRow extends PostFigures {
  id: string;
  notices: NoticeFigure[];
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

function delayFigures(posts: readonly StatsPostRow[], period: StatsPeriod): DelayFigures[] {
  return delayStages.map((stage) => {
    const [start, end] = DELAY_ENDS[stage];
    const days: number[] = [];
    for (const { stages } of posts) {
      const from = stages[start]?.on;
      const to = stages[end]?.on;
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
export function programmeFigures(input: { posts: readonly StatsPostRow[]; period: StatsPeriod; today: BusinessDate }): ProgrammeFigures {
  const { posts, period, today } = input;
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
  for (const { createdOn, state } of posts.flatMap((p) => p.notices)) {
    if (!within(period, createdOn)) continue;
    reminders.total += 1;
    if (state === 'sent') reminders.sent += 1;
    else if (state === 'failed') reminders.failed += 1;
    else if (state === 'no_recipient') reminders.noRecipient += 1;
    else if (state === 'pending') reminders.pending += 1;
    else reminders.beforeEmailDelivery += 1;
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
    delays: delayFigures(posts, period),
    recruitment: {
      overdue: departments.reduce((sum, d) => sum + byDepartment.get(d)!.overdue, 0),
      byDepartment: departments.filter((d) => byDepartment.get(d)!.overdue > 0).map((department) => ({ department, overdue: byDepartment.get(department)!.overdue })),
    },
    reminders,
  };
}
