import { type Decision, decideApplication, decidePostEvent } from '../../domain/lifecycle/decide-post-event';
import type { PostEventType, Structure } from '../../domain/lifecycle/post-events';
import type { PostRulesRevision } from '../../domain/lifecycle/post-rules-revision';
import type { StoredPostSnapshot } from '../../domain/lifecycle/post-snapshot';
import type { TimelineEntry } from '../../domain/lifecycle/replay-post-timeline';
import { sampleEvents, senderOf } from './post-sample-events';

/** A sample event by its type, or an event written out; the application comes first. */
export type Step = PostEventType | Record<string, unknown>;

export interface Decided {
  snapshot: StoredPostSnapshot;
  timeline: TimelineEntry[];
  last: Extract<Decision, { accepted: true }>;
}

/**
 * Decides each step with the pure decision function under one rules revision, each sent by the
 * first role allowed in the post's territory, and fails on the first refusal: a scenario of the
 * rules without a workflow, as an audit would replay it.
 */
export function decideSteps(revision: PostRulesRevision, steps: Step[], postId = 'p'): Decided {
  let snapshot: StoredPostSnapshot | null = null;
  let last: Decision | null = null;
  const timeline: TimelineEntry[] = [];
  for (const [i, step] of steps.entries()) {
    const event = typeof step === 'string' ? sampleEvents[step] : step;
    const type = event.type as PostEventType;
    const actor = senderOf(type, snapshot?.context.structure ?? (event.structure as Structure | undefined));
    last = snapshot ? decidePostEvent(snapshot, actor, event, revision) : decideApplication(postId, actor, event, revision);
    if (!last.accepted) throw new Error(`${type} refused: ${last.refusal.code} ${last.refusal.message}`);
    snapshot = last.snapshot;
    timeline.push({ version: i + 1, actor, payload: event, rulesRevision: revision, statusBefore: last.statusBefore, status: last.status });
  }
  return { snapshot: snapshot!, timeline, last: last as Extract<Decision, { accepted: true }> };
}

/** The decision of one more event on a post, without failing on a refusal. */
export function decideNext(snapshot: StoredPostSnapshot, revision: PostRulesRevision, step: Step): Decision {
  const event = typeof step === 'string' ? sampleEvents[step] : step;
  return decidePostEvent(snapshot, senderOf(event.type as PostEventType, snapshot.context.structure), event, revision);
}
