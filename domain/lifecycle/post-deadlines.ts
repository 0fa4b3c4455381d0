import { addDays, type BusinessDate } from '../calendar/business-date';
import { contractSignatureDeadline } from '../policies/contract-signature-deadline';
import { CONVENTION_END_REMINDER_DAYS } from '../policies/convention-end';
import type { FollowUpReport } from '../policies/policy';
import { RECRUITMENT_REMINDER_DAYS } from '../policies/recruitment-deadline';
import { subsidyInstructionReminderOn } from '../policies/subsidy-instruction';
import { trainingStartDeadline } from '../policies/training-start-deadline';
import type { SystemEvent } from './post-events';
import type { NotificationTopic } from './post-notification-topics';
import type { PostSnapshot } from './post-snapshot';

export type DeadlineKind =
  | 'recruitment'
  | 'subsidy-instruction'
  | 'training-start'
  | 'tranche-1'
  | 'tranche-2'
  | 'tranche-3'
  | 'convention-end'
  | 'activity-report'
  | 'contract-signature'
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
  if ((inProgramme({ funding: 'instruction' }) || inProgramme({ funding: 'documentsRequested' })) && c.subsidyRequest) {
    deadlines.push({ kind: 'subsidy-instruction', dueOn: subsidyInstructionReminderOn(c.subsidyRequest.submittedOn) });
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
    deadlines.push({ kind: 'training-start', dueOn: trainingStartDeadline(c.contract.startsOn) });
  }
  if (snapshot.matches('programme')) {
    for (const t of c.tranches) {
      if (t.status === 'scheduled') deadlines.push({ kind: `tranche-${t.number}` as DeadlineKind, dueOn: t.dueOn });
    }
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
    case 'training-start':
      return { remindDaysBefore: [], onReach: { notice: 'training-not-started' } };
    case 'tranche-1':
    case 'tranche-2':
    case 'tranche-3': {
      const tranche = Number(kind.slice('tranche-'.length)) as 1 | 2 | 3;
      return { remindDaysBefore: [], onReach: { event: (on) => ({ type: 'TRANCHE_DUE', tranche, on }) } };
    }
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

/** The instants at which a deadline's reminders fall, before its due date. */
export function reminderDates(deadline: Deadline): { daysBefore: number; on: BusinessDate }[] {
  return deadlineBehaviour(deadline.kind).remindDaysBefore.map((daysBefore) => ({
    daysBefore,
    on: addDays(deadline.dueOn, -daysBefore),
  }));
}
