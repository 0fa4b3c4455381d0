import type { Actor } from './actor';
import { type Decision, decideApplication, decidePostEvent, decideTransferredPost } from './decide-post-event';
import { FIRST_POST_RULES_REVISION, type PostRulesRevision } from './post-rules-revision';
import type { StoredPostSnapshot } from './post-snapshot';
import type { PostStatus } from './post-status';

/** One accepted event as the timeline recorded it. */
export interface TimelineEntry {
  version: number;
  actor: Actor;
  payload: unknown;
  /** The rules the event was decided by; entries written before revisions were recorded had the first. */
  rulesRevision?: PostRulesRevision | null;
  statusBefore: PostStatus | null;
  status: PostStatus;
}

export interface TimelineReplay {
  consistent: boolean;
  replayedEvents: number;
  finalStatus: PostStatus | null;
  divergences: { version: number; recorded: PostStatus; replayed: PostStatus | 'refused'; reason?: string }[];
}

/**
 * RULES.md §6: the recorded history, replayed with today's rules, must reach the same states. An
 * auditor runs it over a post's timeline; a divergence names the event where today's code and
 * the record part ways (a rule changed for posts it should not touch, or a record was altered).
 */
export function replayPostTimeline(postId: string, entries: readonly TimelineEntry[]): TimelineReplay {
  const ordered = [...entries].sort((a, b) => a.version - b.version);
  const divergences: TimelineReplay['divergences'] = [];
  let snapshot: StoredPostSnapshot | null = null;
  let finalStatus: PostStatus | null = null;
  for (const entry of ordered) {
    const revision = entry.rulesRevision ?? FIRST_POST_RULES_REVISION;
    const transferredIn = (entry.payload as { type?: unknown } | null)?.type === 'TRANSFERRED_IN';
    const decision: Decision = snapshot
      ? decidePostEvent(snapshot, entry.actor, entry.payload, revision)
      : transferredIn
        ? decideTransferredPost(postId, entry.actor, entry.payload, revision)
        : decideApplication(postId, entry.actor, entry.payload, revision);
    if (!decision.accepted) {
      divergences.push({ version: entry.version, recorded: entry.status, replayed: 'refused', reason: decision.refusal.message });
      break;
    }
    snapshot = decision.snapshot;
    finalStatus = decision.status;
    if (decision.status !== entry.status) {
      divergences.push({ version: entry.version, recorded: entry.status, replayed: decision.status });
    }
  }
  return { consistent: divergences.length === 0, replayedEvents: ordered.length, finalStatus, divergences };
}
