import type { BusinessDate } from '../domain/calendar/business-date';
import { parisWallClock } from '../domain/exports/paris-wall-clock';
import type { TrancheStatus } from '../domain/lifecycle/post-context';
import type { PostStatus } from '../domain/lifecycle/post-status';
import type { PostView } from '../domain/lifecycle/post-view';
import type { DeliveryState } from '../mail/delivery/delivery-state';

/**
 * What the statistics keep of one post (`post_figures`), kept up to date by the activities as the
 * post changes, so that `GET /api/v1/stats` reads one small document per post instead of the
 * posts, their timelines and their outbox rows (issue 15).
 */

/** The stages a delay starts or ends at (stats/programme-figures.ts), and the posts' export dates. */
export const stageMarks = [
  'applied',
  'committee',
  'granted',
  'candidateValidated',
  'contractSigned',
  'trainingStarted',
  'trainingCompleted',
  'conformity',
  'conventionSigned',
] as const;
export type StageMark = (typeof stageMarks)[number];

/** Per stage, the first accepted event that reached it: its version on the timeline, and the day its payload gives. */
export type StageMarks = Partial<Record<StageMark, { version: number; on: BusinessDate }>>;

export interface PostFigures {
  status: PostStatus;
  department: string;
  convention: { amountCents: number; signedOn: BusinessDate } | null;
  /** The current convention period's tranches (a renewed post's past periods are not counted). */
  tranches: { number: number; amountCents: number; dueOn: BusinessDate; status: TrancheStatus; paidOn: BusinessDate | null }[];
  stages: StageMarks;
}

/** One outbox row as the figures count it: the Paris day it was written, and its delivery state (null: written before email delivery). */
export interface NoticeFigure {
  createdOn: BusinessDate;
  state: DeliveryState | null;
}

/** An accepted timeline entry, with what dates a stage. */
export interface StageEvent {
  version: number;
  type: string;
  payload: unknown;
  /** When the programme received it: the day a candidate was validated, whose payload has no date. */
  receivedAt?: string;
}

/** The event types that date a stage. */
export const STAGE_EVENT_TYPES = [
  'SUBMIT_APPLICATION',
  'COMMITTEE_DECISION',
  'VALIDATE_CANDIDATE',
  'SIGN_CONTRACT',
  'START_TRAINING',
  'COMPLETE_TRAINING',
  'VALIDATE_CONFORMITY',
  'SIGN_CONVENTION',
] as const;

/** The stages an event dates, and the day its payload gives (a rejection is a committee too, not a grant). */
function marksOf({ type, payload, receivedAt }: StageEvent): [StageMark, BusinessDate | undefined][] {
  const p = (payload ?? {}) as Partial<Record<'appliedOn' | 'decidedOn' | 'signedOn' | 'startedOn' | 'completedOn' | 'validatedOn', BusinessDate>> & {
    decision?: string;
  };
  switch (type) {
    case 'SUBMIT_APPLICATION':
      return [['applied', p.appliedOn]];
    case 'COMMITTEE_DECISION':
      return p.decision === 'validated' ? [['committee', p.decidedOn], ['granted', p.decidedOn]] : [['committee', p.decidedOn]];
    case 'VALIDATE_CANDIDATE':
      return [['candidateValidated', receivedAt ? parisWallClock(receivedAt)?.date : undefined]];
    case 'SIGN_CONTRACT':
      return [['contractSigned', p.signedOn]];
    case 'START_TRAINING':
      return [['trainingStarted', p.startedOn]];
    case 'COMPLETE_TRAINING':
      return [['trainingCompleted', p.completedOn]];
    case 'VALIDATE_CONFORMITY':
      return [['conformity', p.validatedOn]];
    case 'SIGN_CONVENTION':
      return [['conventionSigned', p.signedOn]];
    default:
      return [];
  }
}

/**
 * The stages with `event` added: a stage keeps the first event that reached it (a replacement
 * advisor's contract does not restart the delays), whatever order the events come in, so adding an
 * event twice (a retried activity) changes nothing.
 */
export function withStageEvent(stages: StageMarks, event: StageEvent): StageMarks {
  let next = stages;
  for (const [mark, on] of marksOf(event)) {
    const seen = next[mark];
    if (on && (!seen || event.version < seen.version)) next = { ...next, [mark]: { version: event.version, on } };
  }
  return next;
}

/** The post's figures after a change: today's view, and the stages reached so far. */
export function postFiguresOf(view: Pick<PostView, 'status' | 'structure' | 'convention' | 'tranches'>, stages: StageMarks): PostFigures {
  return {
    status: view.status,
    department: view.structure.department,
    convention: view.convention ? { amountCents: view.convention.amountCents, signedOn: view.convention.signedOn } : null,
    tranches: view.tranches.map(({ number, amountCents, dueOn, status, paidOn }) => ({ number, amountCents, dueOn, status, paidOn: paidOn ?? null })),
    stages,
  };
}

/** An outbox row's figure: the statistics' period is in Paris days. */
export function noticeFigureOf(row: { createdAt: string; delivery?: { state: DeliveryState } | null }): NoticeFigure {
  return { createdOn: parisWallClock(row.createdAt)?.date ?? (row.createdAt.slice(0, 10) as BusinessDate), state: row.delivery?.state ?? null };
}
