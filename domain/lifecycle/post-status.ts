import type { PostSnapshot } from './post-snapshot';

/**
 * The public status of RULES.md §3.1: a stable vocabulary for programs and people that does not
 * move when the machine's internal states are reorganised.
 */
export const postStatuses = [
  'concertation',
  'information_requested',
  'committee',
  'rejected',
  'recruiting',
  'recruitment_overdue',
  'withdrawn',
  'onboarding',
  'in_training',
  'active',
  'vacant',
  'renewal_pending',
  'closed',
  'exited_early',
  'returned',
  'transferred',
] as const;
export type PostStatus = (typeof postStatuses)[number];

export function postStatus(snapshot: PostSnapshot): PostStatus {
  const top = typeof snapshot.value === 'string' ? snapshot.value : Object.keys(snapshot.value)[0];
  switch (top) {
    case 'concertation':
      return 'concertation';
    case 'informationRequested':
      return 'information_requested';
    case 'committee':
      return 'committee';
    case 'rejected':
      return 'rejected';
    case 'withdrawn':
      return 'withdrawn';
    case 'closed':
      return 'closed';
    case 'exitedEarly':
      return 'exited_early';
    case 'returned':
      return 'returned';
    case 'transferred':
      return 'transferred';
    case 'programme':
      return programmeStatus(snapshot);
    default:
      throw new Error(`no public status for machine state ${JSON.stringify(snapshot.value)}`);
  }
}

function programmeStatus(snapshot: PostSnapshot): PostStatus {
  if (snapshot.matches({ programme: { funding: { convention: 'renewalRequested' } } })) return 'renewal_pending';
  if (snapshot.matches({ programme: { staffing: 'recruiting' } })) return 'recruiting';
  if (snapshot.matches({ programme: { staffing: 'recruitmentOverdue' } })) return 'recruitment_overdue';
  // AMI 2021 (rules revision 3): the candidate is chosen but the contract was not signed within the three months.
  if (snapshot.matches({ programme: { staffing: { onboarding: { contractFile: 'overdue' } } } })) return 'recruitment_overdue';
  if (snapshot.matches({ programme: { staffing: 'onboarding' } })) return 'onboarding';
  if (snapshot.matches({ programme: { staffing: 'inTraining' } })) return 'in_training';
  if (snapshot.matches({ programme: { staffing: 'vacant' } })) return 'vacant';
  return 'active';
}
