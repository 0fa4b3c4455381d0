import type { PolicyId } from '../policies/policy';
import type { Absence, Contract, Convention, PostOutcome, Tranche } from './post-context';
import { type Deadline, postDeadlines } from './post-deadlines';
import type { Advisor, Structure } from './post-events';
import { type StoredPostSnapshot, restorePostSnapshot } from './post-snapshot';
import { type PostStatus, postStatus } from './post-status';

/**
 * What staff see of a post: the workflow's query answers it and the MongoDB read model stores it,
 * so both are built here from the snapshot and can be compared field by field.
 */
export interface PostView {
  id: string;
  /** Count of accepted events: the read model never goes back to an older version. */
  version: number;
  status: PostStatus;
  policy: PolicyId;
  structure: Structure;
  advisor: Advisor | null;
  deadlines: Deadline[];
  convention: Pick<Convention, 'amountCents' | 'months' | 'signedOn' | 'endsOn' | 'period' | 'policy'> | null;
  tranches: Tranche[];
  contract: Contract | null;
  absence: Absence | null;
  /** The organisation training the advisor, or the departed advisor who may still finish (rules revision 3). */
  trainingOrgId: string | null;
  outcome: PostOutcome | null;
  /** Rules revision 3 (RULES.md §4): the posts a transfer links, both ways. */
  transferredFrom: string | null;
  transferredTo: string | null;
}

export function postView(postId: string, version: number, stored: StoredPostSnapshot): PostView {
  const snapshot = restorePostSnapshot(stored);
  const c = snapshot.context;
  return {
    id: postId,
    version,
    status: postStatus(snapshot),
    policy: c.policy,
    structure: c.structure,
    advisor: c.advisor,
    deadlines: postDeadlines(snapshot),
    convention: c.convention,
    tranches: c.tranches,
    contract: c.contract,
    absence: c.absence,
    trainingOrgId: c.training?.trainingOrgId ?? c.departedTrainee?.training.trainingOrgId ?? null,
    outcome: c.outcome,
    transferredFrom: c.transferredFromPostId,
    transferredTo: c.transferredToPostId,
  };
}
