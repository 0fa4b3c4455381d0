import type { SnapshotFrom } from 'xstate';
import type { PostContext } from './post-context';
import { postLifecycleMachine } from './post-lifecycle.machine';
import { FIRST_POST_RULES_REVISION } from './post-rules-revision';

export type PostSnapshot = SnapshotFrom<typeof postLifecycleMachine>;

/**
 * What the workflow keeps and hands to continue-as-new: the state value and the context, plain
 * JSON. The machine has no history states, children or delays, so nothing else is needed to
 * resolve it again.
 */
export interface StoredPostSnapshot {
  value: PostSnapshot['value'];
  context: PostContext;
}

export function storePostSnapshot(snapshot: PostSnapshot): StoredPostSnapshot {
  return JSON.parse(JSON.stringify({ value: snapshot.value, context: snapshot.context }));
}

/** Fields added to the context since the first release, as a snapshot stored before them reads. */
const CONTEXT_DEFAULTS: Pick<
  PostContext,
  'rulesRevision' | 'followUpReportsDue' | 'departedTrainee' | 'renewalRefusalReasons' | 'transferredFromPostId' | 'transferredToPostId'
> = {
  rulesRevision: FIRST_POST_RULES_REVISION,
  followUpReportsDue: {},
  departedTrainee: null,
  renewalRefusalReasons: null,
  transferredFromPostId: null,
  transferredToPostId: null,
};

export function restorePostSnapshot(stored: StoredPostSnapshot): PostSnapshot {
  return postLifecycleMachine.resolveState({ value: stored.value, context: { ...CONTEXT_DEFAULTS, ...stored.context } });
}
