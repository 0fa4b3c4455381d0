import { addCalendarMonths, laterOf, type BusinessDate } from '../calendar/business-date';
import { remindersBefore, type Reminder } from '../calendar/reminders-before';
import { POLICIES, type PolicyId } from './policy';

/**
 * The day by which the structure must have recruited (RULES.md §2.3), or null where the policy
 * sets none: the 2021 public guide only asks for "les meilleurs délais", so no deadline runs
 * unless ANCT sets one by derogation.
 */
export function recruitmentDeadline(policy: PolicyId, notifiedOn: BusinessDate): BusinessDate | null {
  const rule = POLICIES[policy].recruitment;
  if (rule.kind === 'none') return null;
  const afterNotification = addCalendarMonths(notifiedOn, rule.months);
  return rule.notBefore === null ? afterNotification : laterOf(rule.notBefore, afterNotification);
}

/**
 * Whether the deadline also covers the contract's signature: the 2021 AMI gives "trois mois […] pour
 * effectuer le recrutement et signer le contrat de travail" (RULES.md §2.3, rules revision 3).
 */
export function recruitmentRunsUntilContract(policy: PolicyId): boolean {
  const rule = POLICIES[policy].recruitment;
  return rule.kind === 'after-notification' && rule.untilContractSigned;
}

/** A product choice, not a figure of the seeds: a month, a week and a day before. */
export const RECRUITMENT_REMINDER_DAYS = [30, 7, 1] as const;

export type RecruitmentReminderDays = (typeof RECRUITMENT_REMINDER_DAYS)[number];

export function recruitmentReminderDates(
  deadline: BusinessDate,
  today: BusinessDate,
): Reminder<RecruitmentReminderDays>[] {
  return remindersBefore(deadline, RECRUITMENT_REMINDER_DAYS, today);
}
