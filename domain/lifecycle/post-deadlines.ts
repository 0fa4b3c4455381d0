import { addDays, type BusinessDate } from '../calendar/business-date';
import { CONTRACT_END_REMINDER_DAYS } from '../policies/contract-end';
import { contractSignatureDeadline } from '../policies/contract-signature-deadline';
import { CONVENTION_END_REMINDER_DAYS } from '../policies/convention-end';
import type { FollowUpReport } from '../policies/policy';
import { RECRUITMENT_REMINDER_DAYS } from '../policies/recruitment-deadline';
import { subsidyInstructionFollowUpOn, subsidyInstructionReminderOn } from '../policies/subsidy-instruction';
import { policyTrainingStartDeadline, trainingStartDeadline } from '../policies/training-start-deadline';
import type { PostContext, Tranche } from './post-context';
import type { SystemEvent } from './post-events';
import type { NotificationTopic } from './post-notification-topics';
import type { PostSnapshot } from './post-snapshot';
import { missingTrancheConditions } from './tranche-conditions';

type TrancheNumber = 1 | 2 | 3;

export type DeadlineKind =
  | 'recruitment'
  | 'subsidy-instruction'
  | 'subsidy-instruction-follow-up'
  | 'training-start'
  | `tranche-${TrancheNumber}`
  /** Rules revision 3: the tranche's day while the post has no advisor under contract (RULES.md §2.2). */
  | `tranche-${TrancheNumber}-on-hold`
  /** Rules revision 3: the tranche's latest day while its conditions do not hold (RULES.md §2.2). */
  | `tranche-${TrancheNumber}-conditions`
  | 'convention-end'
  | 'activity-report'
  | 'contract-signature'
  | 'contract-end'
  | 'absence-end'
  | `${FollowUpReport}-report`;

export interface Deadline {
  kind: DeadlineKind;
  dueOn: BusinessDate;
}

/**
 * The deadlines that run now, as absolute dates, derived from the snapshot alone. The workflow
 * arms one durable timer per deadline and re-arms when this list changes, so a moved deadline
 * (derogation, absence, renewal) needs no bookkeeping of its own, and one that no longer applies
 * simply disappears.
 */
export function postDeadlines(snapshot: PostSnapshot): Deadline[] {
  const c = snapshot.context;
  const deadlines: Deadline[] = [];
  const inProgramme = (state: object) => snapshot.matches({ programme: state } as never);

  if (inProgramme({ staffing: 'recruiting' }) && c.recruitmentDeadline) {
    deadlines.push({ kind: 'recruitment', dueOn: c.recruitmentDeadline });
  }
  const revision3 = c.rulesRevision >= 3;
  // AMI 2021 (002_ba07e18f5cc1ad7d.txt, rules revision 3): the deadline runs until the contract is signed.
  if (revision3 && inProgramme({ staffing: { onboarding: { contractFile: 'unsigned' } } }) && c.recruitmentDeadline) {
    deadlines.push({ kind: 'recruitment', dueOn: c.recruitmentDeadline });
  }
  if (!revision3 && (inProgramme({ funding: 'instruction' }) || inProgramme({ funding: 'documentsRequested' })) && c.subsidyRequest) {
    deadlines.push({ kind: 'subsidy-instruction', dueOn: subsidyInstructionReminderOn(c.subsidyRequest.submittedOn) });
  }
  // RULES.md §2.3: the clock of the instruction stops while bdt waits for the documents it asked for.
  if (revision3 && inProgramme({ funding: 'instruction' }) && c.subsidyRequest) {
    const pausedDays = c.subsidyRequest.instructionClock?.pausedDays ?? 0;
    deadlines.push({ kind: 'subsidy-instruction-follow-up', dueOn: subsidyInstructionFollowUpOn(c.subsidyRequest.submittedOn, pausedDays) });
  }
  // Only the first advisor: the 15 days count from a validation that a replacement comes long after.
  const contractDueOn =
    c.rulesRevision >= 2 && c.advisorsRecruited === 1 && !c.contract && c.subsidyRequest?.conformityValidatedOn
      ? contractSignatureDeadline(c.policy, c.subsidyRequest.conformityValidatedOn)
      : null;
  if (inProgramme({ staffing: 'onboarding' }) && contractDueOn) {
    deadlines.push({ kind: 'contract-signature', dueOn: contractDueOn });
  }
  if (inProgramme({ staffing: 'onboarding' }) && c.contract && !c.training?.exemption) {
    // Rules revision 3: the 15 days are a rule of the 2022 guides only.
    const dueOn = revision3 ? policyTrainingStartDeadline(c.policy, c.contract.startsOn) : trainingStartDeadline(c.contract.startsOn);
    if (dueOn) deadlines.push({ kind: 'training-start', dueOn });
  }
  if (snapshot.matches('programme')) {
    for (const t of c.tranches) if (t.status === 'scheduled') deadlines.push(revision3 ? trancheDeadline(c, t) : { kind: `tranche-${t.number}` as DeadlineKind, dueOn: t.dueOn });
  }
  // RULES.md §2.3 (rules revision 3): a fixed-term contract's end is watched while the advisor is under it.
  const underContract = inProgramme({ staffing: 'inTraining' }) || inProgramme({ staffing: 'inPost' }) || inProgramme({ staffing: 'onboarding' });
  if (revision3 && underContract && c.contract?.endsOn) {
    deadlines.push({ kind: 'contract-end', dueOn: c.contract.endsOn });
  }
  // RULES.md §4 (rules revision 3): an absence ends by itself on its last declared day.
  if (revision3 && (inProgramme({ staffing: 'inTraining' }) || inProgramme({ staffing: 'inPost' })) && c.absence) {
    deadlines.push({ kind: 'absence-end', dueOn: c.absence.to });
  }
  if (inProgramme({ funding: 'convention' }) && c.convention && !c.conventionEnded) {
    deadlines.push({ kind: 'convention-end', dueOn: c.convention.endsOn });
    for (const [report, dueOn] of Object.entries(c.followUpReportsDue) as [FollowUpReport, BusinessDate][]) {
      deadlines.push({ kind: `${report}-report`, dueOn });
    }
  }
  // RULES.md §5: an absence pauses the activity-report reminders.
  if (inProgramme({ staffing: 'inPost' }) && c.nextActivityReportOn && !c.absence) {
    deadlines.push({ kind: 'activity-report', dueOn: c.nextActivityReportOn });
  }
  return deadlines;
}

/**
 * Rules revision 3 (RULES.md §2.2): a tranche falls due on its day only for a post with an advisor
 * under contract and once its conditions hold, then from the first day it is payable; otherwise its
 * day tells bdt why it waits (a vacant post) or the structure what is missing.
 */
function trancheDeadline(c: PostContext, t: Tranche): Deadline {
  if (!c.contract) return { kind: `tranche-${t.number}-on-hold` as DeadlineKind, dueOn: t.dueOn };
  if (missingTrancheConditions(c, t).length > 0) return { kind: `tranche-${t.number}-conditions` as DeadlineKind, dueOn: t.dueOn };
  return { kind: `tranche-${t.number}` as DeadlineKind, dueOn: t.payableFrom ?? t.dueOn };
}

/** The tranche a tranche deadline is about, for the notices it sends. */
export function trancheNumberOf(kind: DeadlineKind): number | undefined {
  const match = /^tranche-(\d)/.exec(kind);
  return match ? Number(match[1]) : undefined;
}

interface DeadlineBehaviour {
  /** Reminders sent that many days before the due date, to the topic's recipients. */
  remindDaysBefore: readonly number[];
  reminderTopic?: NotificationTopic;
  /** When the date is reached: the system event it raises in the machine, or a notice. */
  onReach: { event: (dueOn: BusinessDate) => SystemEvent } | { notice: NotificationTopic };
}

export function deadlineBehaviour(kind: DeadlineKind): DeadlineBehaviour {
  switch (kind) {
    case 'recruitment':
      return {
        remindDaysBefore: RECRUITMENT_REMINDER_DAYS,
        reminderTopic: 'recruitment-deadline-reminder',
        onReach: { event: (on) => ({ type: 'RECRUITMENT_DEADLINE_REACHED', on }) },
      };
    case 'subsidy-instruction':
      return { remindDaysBefore: [], onReach: { notice: 'subsidy-instruction-overdue' } };
    case 'subsidy-instruction-follow-up':
      return { remindDaysBefore: [], onReach: { notice: 'subsidy-instruction-follow-up' } };
    case 'training-start':
      return { remindDaysBefore: [], onReach: { notice: 'training-not-started' } };
    case 'tranche-1':
    case 'tranche-2':
    case 'tranche-3': {
      const tranche = trancheNumberOf(kind) as TrancheNumber;
      return { remindDaysBefore: [], onReach: { event: (on) => ({ type: 'TRANCHE_DUE', tranche, on }) } };
    }
    case 'tranche-1-on-hold':
    case 'tranche-2-on-hold':
    case 'tranche-3-on-hold':
      return { remindDaysBefore: [], onReach: { notice: 'tranche-waits-for-advisor' } };
    case 'tranche-1-conditions':
    case 'tranche-2-conditions':
    case 'tranche-3-conditions':
      return { remindDaysBefore: [], onReach: { notice: 'tranche-conditions-missing' } };
    case 'contract-end':
      return { remindDaysBefore: CONTRACT_END_REMINDER_DAYS, reminderTopic: 'contract-end-reminder', onReach: { notice: 'contract-ended' } };
    case 'absence-end':
      return { remindDaysBefore: [], onReach: { event: (on) => ({ type: 'ABSENCE_END_REACHED', on }) } };
    case 'convention-end':
      return {
        remindDaysBefore: CONVENTION_END_REMINDER_DAYS,
        reminderTopic: 'convention-end-reminder',
        onReach: { event: (on) => ({ type: 'CONVENTION_END_REACHED', on }) },
      };
    case 'activity-report':
      return { remindDaysBefore: [], onReach: { event: (on) => ({ type: 'FOLLOW_UP_DUE', on, report: 'activity' }) } };
    case 'subsidy-use-report':
      return { remindDaysBefore: [], onReach: { event: (on) => ({ type: 'FOLLOW_UP_DUE', on, report: 'subsidy-use' }) } };
    case 'hosting-conditions-report':
      return { remindDaysBefore: [], onReach: { event: (on) => ({ type: 'FOLLOW_UP_DUE', on, report: 'hosting-conditions' }) } };
    case 'contract-signature':
      return { remindDaysBefore: [], onReach: { notice: 'contract-not-signed' } };
  }
}

/**
 * The days a deadline's reminders fall on, before its due date. Rules revision 3 (RULES.md §5): the
 * convention-end reminders ask for a decision, so they stop once the renewal is requested or declined.
 */
export function reminderDates(deadline: Deadline, snapshot: PostSnapshot): { daysBefore: number; on: BusinessDate }[] {
  const decided =
    snapshot.matches({ programme: { funding: { convention: 'renewalRequested' } } } as never) ||
    snapshot.matches({ programme: { funding: { convention: 'renewalDeclined' } } } as never);
  if (deadline.kind === 'convention-end' && snapshot.context.rulesRevision >= 3 && decided) return [];
  return deadlineBehaviour(deadline.kind).remindDaysBefore.map((daysBefore) => ({
    daysBefore,
    on: addDays(deadline.dueOn, -daysBefore),
  }));
}
