import type { BusinessDate } from '../calendar/business-date';
import type { FollowUpReportDates } from '../policies/follow-up-reports';
import type { ContractType, PolicyId } from '../policies/policy';
import type { Exemption } from '../policies/training-paths';
import type { Advisor, Structure } from './post-events';
import type { PostRulesRevision } from './post-rules-revision';

export type TrancheStatus = 'scheduled' | 'due' | 'paid' | 'suspended';

export interface Tranche {
  number: number;
  percent: number;
  amountCents: number;
  dueOn: BusinessDate;
  /** Revision 3: payable from this day, before `dueOn`, where the seed says "dans le mois suivant". */
  payableFrom?: BusinessDate;
  status: TrancheStatus;
  paidOn: BusinessDate | null;
}

export interface Convention {
  /** 1 for the first convention, then one more at each renewal. */
  period: number;
  policy: PolicyId;
  amountCents: number;
  months: number;
  signedOn: BusinessDate;
  endsOn: BusinessDate;
  /** Revision 3: the contract type whose subsidy the convention pays, signed or planned. */
  contractType?: ContractType;
}

export interface Contract {
  contractType: ContractType;
  signedOn: BusinessDate;
  startsOn: BusinessDate;
  endsOn: BusinessDate | null;
  otherAidCents: number;
  transmittedOn: BusinessDate | null;
}

export interface Training {
  trainingOrgId: string;
  enrolledOn: BusinessDate;
  hours: number | null;
  exemption: Exemption | null;
  startedOn: BusinessDate | null;
  completedOn: BusinessDate | null;
  ccp1: 'passed' | 'failed' | 'exempt' | null;
  pix: boolean | null;
}

export interface Absence {
  kind: 'sick' | 'maternity' | 'parental';
  from: BusinessDate;
  to: BusinessDate;
  /** A reference to the supporting documents (003_0395d5c6dd79564e.txt), when the structure gives one. */
  supportingDocuments?: string;
}

/**
 * Revision 3: the subsidy instruction's clock (RULES.md §2.3), which pauses while bdt waits for the
 * documents it asked for, so that its follow-up comes after a month of instruction proper.
 */
export interface InstructionClock {
  pausedDays: number;
  /** The day the current pause began; null while the instruction runs. */
  pausedSince: BusinessDate | null;
  /** The day the instruction last started or resumed. */
  resumedOn: BusinessDate;
}

export interface PostOutcome {
  kind: 'rejected' | 'withdrawn' | 'closed' | 'exited_early' | 'returned' | 'transferred';
  on: BusinessDate | null;
  reason: string | null;
}

/** Everything the rules need to know about a post; plain JSON so the snapshot survives history. */
export interface PostContext {
  postId: string;
  policy: PolicyId;
  /** The rules this post's current run decides with (post-rules-revision.ts). */
  rulesRevision: PostRulesRevision;
  structure: Structure;
  appliedOn: BusinessDate;
  pendingQuestions: string | null;
  prefectureOpinion: { opinion: 'favorable' | 'unfavorable'; reasons: string } | null;
  committee: { decision: 'validated' | 'rejected'; decidedOn: BusinessDate; notifiedOn: BusinessDate } | null;
  recruitmentDeadline: BusinessDate | null;
  jobOfferPublishedOn: BusinessDate | null;
  advisor: Advisor | null;
  /** How many advisors the post has had: a replacement is trained again (003_0395d5c6dd79564e.txt). */
  advisorsRecruited: number;
  subsidyRequest: {
    dossierNumber: string;
    submittedOn: BusinessDate;
    documentsRequested: string[];
    conformityValidatedOn: BusinessDate | null;
    instructionClock?: InstructionClock;
  } | null;
  training: Training | null;
  contract: Contract | null;
  convention: Convention | null;
  tranches: Tranche[];
  /** Conventions and tranches of the periods before the current one (renewals). */
  pastPeriods: { convention: Convention; tranches: Tranche[]; contractTransmittedOn?: BusinessDate | null }[];
  suspensionReason: string | null;
  absence: Absence | null;
  renewalRequestedOn: BusinessDate | null;
  conventionEnded: boolean;
  nextActivityReportOn: BusinessDate | null;
  /** The next quarterly and half-yearly follow-ups the convention asks for (2021 policies). */
  followUpReportsDue: FollowUpReportDates;
  outcome: PostOutcome | null;
  transferTarget: Structure | null;
  /** Revision 3: an advisor whose contract ended during training, who may still finish it (003_0395d5c6dd79564e.txt). */
  departedTrainee: { advisor: Advisor; training: Training } | null;
  /** Revision 3: why bdt refused the renewal. */
  renewalRefusalReasons: string | null;
  /** Revision 3: the post this one was moved from, and the one created when it was moved (RULES.md §4). */
  transferredFromPostId: string | null;
  transferredToPostId: string | null;
}

export interface PostInput {
  postId: string;
  policy: PolicyId;
  rulesRevision: PostRulesRevision;
  structure: Structure;
  appliedOn: BusinessDate;
}
