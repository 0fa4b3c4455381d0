import type { PipelineStage } from 'mongoose';
import type { BusinessDate } from '../domain/calendar/business-date';
import type { Models } from '../models/create-models';
import { STAGE_EVENT_TYPES, type StatsEventRow, type StatsNotificationCount, type StatsPeriod, type StatsPostRow } from './programme-figures';

const parisOffset = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Paris', timeZoneName: 'longOffset' });

/** The instant a business day starts in Paris (00:00 Europe/Paris), as the outbox's ISO `createdAt`. */
export function parisDayStart(day: BusinessDate): string {
  const utcMidnight = Date.parse(`${day}T00:00:00Z`);
  // Paris is 1 or 2 hours ahead; the offset at noon that day is the one at its midnight but on the
  // two changeover Sundays, whose midnights are both before the 02:00/03:00 change anyway.
  const name = parisOffset.formatToParts(new Date(utcMidnight + 12 * 3_600_000)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const [, sign, hours, minutes] = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name) ?? [, '+', '01', '00'];
  const offsetMs = (Number(hours) * 60 + Number(minutes ?? 0)) * 60_000 * (sign === '-' ? -1 : 1);
  return new Date(utcMidnight - offsetMs).toISOString();
}

const nextDay = (day: BusinessDate): BusinessDate => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10) as BusinessDate;

/** The posts `postFilter` selects, with only the fields the figures read. */
export async function readPostRows(models: Models, postFilter: Record<string, unknown>): Promise<StatsPostRow[]> {
  const posts = await models.Post.aggregate<StatsPostRow & { _id: string }>([
    { $match: postFilter },
    { $project: { _id: 1, status: 1, department: 1, convention: 1, tranches: 1 } },
  ]);
  return posts.map((p) => ({
    id: p._id,
    status: p.status,
    department: p.department,
    convention: p.convention ? { amountCents: p.convention.amountCents, signedOn: p.convention.signedOn } : null,
    tranches: (p.tranches ?? []).map((t) => ({ number: t.number, amountCents: t.amountCents, dueOn: t.dueOn, status: t.status, paidOn: t.paidOn ?? null })),
  }));
}

/** The accepted events that date a stage, with their payload's dates only. */
export async function readStageEvents(models: Models, ofPosts: Record<string, unknown>): Promise<StatsEventRow[]> {
  const events = await models.PostEvent.aggregate<StatsEventRow & { _id: string }>([
    { $match: { ...ofPosts, outcome: 'accepted', type: { $in: [...STAGE_EVENT_TYPES] } } },
    {
      $project: {
        postId: 1,
        version: 1,
        type: 1,
        'payload.appliedOn': 1,
        'payload.decidedOn': 1,
        'payload.decision': 1,
        'payload.signedOn': 1,
        'payload.startedOn': 1,
        'payload.validatedOn': 1,
      },
    },
  ]);
  return events.map(({ postId, version, type, payload }) => ({ postId, version, type, payload: payload ?? {} }));
}

/** The outbox's rows written in the period, counted by the server per post and delivery state. */
export async function readNotificationCounts(models: Models, ofPosts: Record<string, unknown>, period: StatsPeriod): Promise<StatsNotificationCount[]> {
  const created: Record<string, string> = {};
  if (period.from) created.$gte = parisDayStart(period.from);
  if (period.to) created.$lt = parisDayStart(nextDay(period.to));
  const pipeline: PipelineStage[] = [
    { $match: { ...ofPosts, ...(Object.keys(created).length > 0 ? { createdAt: created } : {}) } },
    { $group: { _id: { postId: '$postId', state: '$delivery.state' }, rows: { $sum: 1 } } },
  ];
  const groups = await models.Notification.aggregate<{ _id: { postId: string; state?: string | null }; rows: number }>(pipeline);
  return groups.map(({ _id, rows }) => ({ postId: _id.postId, state: (_id.state ?? null) as StatsNotificationCount['state'], rows }));
}

/**
 * The rows the statistics are computed from, one aggregation per collection, each read once with
 * only the fields the figures need (FerretDB 1.24 reads whole documents, so every pass costs a
 * scan). Only `$match`, `$project`, and `$group` with `$sum` are used: stages and an accumulator
 * FerretDB 1.24 implements (its `internal/handler/common/aggregations` has no `$facet`, no `$cond`
 * and no accumulator but `$sum` and `$count`), which MongoDB answers the same way.
 *
 * `postFilter` is the caller's territory and the filters (`visibleToFilter` and the query); the
 * events and the outbox are read for the posts it selects. `narrowed` says whether it selects
 * fewer than all posts, in which case the two other reads are filtered by post id.
 */
export async function readStatsRows(models: Models, postFilter: Record<string, unknown>, narrowed: boolean, period: StatsPeriod) {
  const posts = await readPostRows(models, postFilter);
  const ofPosts = narrowed ? { postId: { $in: posts.map((p) => p.id) } } : {};
  const [events, notifications] = await Promise.all([readStageEvents(models, ofPosts), readNotificationCounts(models, ofPosts, period)]);
  return { posts, events, notifications };
}
