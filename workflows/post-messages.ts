import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChainHead } from '../domain/audit/timeline-chain';
import type { Actor } from '../domain/lifecycle/actor';
import type { PostEventType } from '../domain/lifecycle/post-events';
import type { PostStatus } from '../domain/lifecycle/post-status';
import type { PostView } from '../domain/lifecycle/post-view';

/**
 * The messages of the post workflow, defined once and imported by the workflow, the client and
 * the tests: callers pass these definitions, never names as strings.
 */

/** A staff action. `requestId` makes it idempotent, also across continue-as-new. */
export interface PostEventRequest {
  requestId: string;
  actor: Actor;
  /** `{ type, …payload }` as RULES.md §4.1 names them; validated by the shared decision function. */
  event: unknown;
  /** When the request was received (ISO instant): the history says when each change was asked. */
  receivedAt: string;
}

export interface PostEventResult {
  requestId: string;
  /** A transferred post's first event is `TRANSFERRED_IN`, which no one sends (rules revision 3). */
  eventType: PostEventType | 'TRANSFERRED_IN';
  statusBefore: PostStatus | null;
  status: PostStatus;
  version: number;
}

/**
 * What the caller of the update gets: the result, and what the same actor may send next, as the
 * `allowedEvents` query would answer just after, so that the API answers a transition without a
 * second round trip to the workflow. Absent from the answer of a worker deployed before it.
 */
export interface PostEventAnswer extends PostEventResult {
  allowedEvents?: PostEventType[];
}

/** Refusals travel as an ApplicationFailure of this type, with the `Refusal` as its only detail. */
export const POST_EVENT_REFUSED = 'PostEventRefused';

export const postEventUpdate = defineUpdate<PostEventAnswer, [PostEventRequest]>('postEvent');
export const postViewQuery = defineQuery<PostView>('postView');
export const allowedEventsQuery = defineQuery<PostEventType[], [Actor]>('allowedEvents');
/** Where the post's timeline chain stands (issue 12); `null` while no entry is chained yet. */
export const timelineChainQuery = defineQuery<ChainHead | null>('timelineChain');
