import { LATEST_POST_RULES_REVISION } from '../../domain/lifecycle/post-rules-revision';
import { type Decision, decideApplication, decidePostEvent } from '../../domain/lifecycle/decide-post-event';
import type { PostEventType } from '../../domain/lifecycle/post-events';
import type { StoredPostSnapshot } from '../../domain/lifecycle/post-snapshot';
import type { Structure } from '../../domain/lifecycle/post-events';
import { structures } from './post-fixtures';
import { sampleEvents, senderOf } from './post-sample-events';

/**
 * Named situations of a post, each reached from the application by the pure decision function
 * with the sample events: one per state of the machine the event matrix is checked in.
 */
function accepted(decision: Decision, step: string): StoredPostSnapshot {
  if (!decision.accepted) throw new Error(`situation step ${step} refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return decision.snapshot;
}

export function after(start: StoredPostSnapshot, ...steps: (PostEventType | Record<string, unknown>)[]): StoredPostSnapshot {
  return steps.reduce<StoredPostSnapshot>((snapshot, step) => {
    const event = typeof step === 'string' ? sampleEvents[step] : step;
    const type = event.type as PostEventType;
    return accepted(decidePostEvent(snapshot, senderOf(type, snapshot.context.structure), event, LATEST_POST_RULES_REVISION), type);
  }, start);
}

export function applied(application: Record<string, unknown> = sampleEvents.SUBMIT_APPLICATION): StoredPostSnapshot {
  const structure = application.structure as Structure;
  return accepted(decideApplication('post-1', senderOf('SUBMIT_APPLICATION', structure), application, LATEST_POST_RULES_REVISION), 'SUBMIT_APPLICATION');
}

export function situations() {
  const concertation = applied();
  const committee = after(concertation, 'GIVE_PREFECTURE_OPINION');
  const recruiting = after(committee, 'COMMITTEE_DECISION');
  const recruitmentOverdue = after(recruiting, 'RECRUITMENT_DEADLINE_REACHED');
  const returned = after(recruiting, 'RETURN_POST');
  const onboarding = after(recruiting, 'VALIDATE_CANDIDATE');
  const inInstruction = after(onboarding, 'SUBMIT_SUBSIDY_REQUEST', 'ENROL_IN_TRAINING');
  const onboardingReady = after(
    onboarding,
    'SUBMIT_SUBSIDY_REQUEST',
    'ENROL_IN_TRAINING',
    'RECORD_POSITIONING',
    'SIGN_CONTRACT',
    'VALIDATE_CONFORMITY',
    'SIGN_CONVENTION',
  );
  const inTraining = after(onboardingReady, 'START_TRAINING');
  const inPost = after(inTraining, 'COMPLETE_TRAINING');
  const conventionEnded = after(inPost, 'CONVENTION_END_REACHED');
  const exitedEarly = after(inPost, 'EXIT_EARLY');
  // Rules revision 3: the convention may come first; the 2021 private three months run until the contract.
  const conformWithoutContract = after(onboarding, 'SUBMIT_SUBSIDY_REQUEST', 'VALIDATE_CONFORMITY');
  const privateOnboarding = after(
    applied({ type: 'SUBMIT_APPLICATION', structure: structures.association, appliedOn: '2021-06-01', policy: '2021-private' }),
    'GIVE_PREFECTURE_OPINION',
    'COMMITTEE_DECISION',
    'VALIDATE_CANDIDATE',
  );
  return {
    concertation,
    informationRequested: after(concertation, 'REQUEST_INFORMATION'),
    committee,
    rejected: after(committee, { ...sampleEvents.COMMITTEE_DECISION, decision: 'rejected' }),
    recruiting,
    recruitmentOverdue,
    withdrawn: after(recruitmentOverdue, 'WITHDRAW_POST'),
    returned,
    transferred: after(returned, 'TRANSFER_POST'),
    onboarding,
    inInstruction,
    documentsRequested: after(inInstruction, 'REQUEST_DOCUMENTS'),
    conform: after(inInstruction, 'RECORD_POSITIONING', 'SIGN_CONTRACT', 'VALIDATE_CONFORMITY'),
    onboardingReady,
    inTraining,
    trancheDue: after(inTraining, 'TRANCHE_DUE'),
    inPost,
    absent: after(inPost, 'DECLARE_ABSENCE'),
    suspended: after(inPost, 'SUSPEND_PAYMENTS'),
    vacant: after(inPost, 'DECLARE_CONTRACT_RUPTURE'),
    absentInTraining: after(inTraining, 'DECLARE_ABSENCE'),
    vacantWithTrainee: after(inTraining, 'DECLARE_CONTRACT_RUPTURE'),
    conformWithoutContract,
    conventionBeforeContract: after(conformWithoutContract, { ...sampleEvents.SIGN_CONVENTION, contractType: 'public-cdi' }),
    privateOnboarding,
    contractOverdue: after(privateOnboarding, { type: 'RECRUITMENT_DEADLINE_REACHED', on: '2022-07-01' }),
    renewalPending: after(inPost, 'REQUEST_RENEWAL'),
    renewalDeclined: after(inPost, 'DECLINE_RENEWAL'),
    conventionEnded,
    closed: after(conventionEnded, 'DECLINE_RENEWAL'),
    exitedEarly,
  };
}
export type SituationName = keyof ReturnType<typeof situations>;
