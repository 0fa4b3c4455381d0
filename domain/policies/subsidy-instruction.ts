import { addCalendarMonths, addDays, type BusinessDate } from '../calendar/business-date';

/**
 * "Il faut compter 3 semaines d'instruction au minimum avant réception de votre projet de
 * convention" (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt; three weeks in the 2021 AMI
 * 002_ba07e18f5cc1ad7d.txt, "environ un mois" in the 2021 public guide 001_6dade1b22e1aa482.txt).
 * Revisions 1 and 2 reminded bdt once that minimum had passed.
 */
export const SUBSIDY_INSTRUCTION_MIN_DAYS = 21;

export function subsidyInstructionReminderOn(submittedOn: BusinessDate): BusinessDate {
  return addDays(submittedOn, SUBSIDY_INSTRUCTION_MIN_DAYS);
}

/**
 * Rules revision 3 (RULES.md §2.3): the 3 weeks are a minimum, told to the structure as the
 * earliest day its draft convention can come, not a deadline for bdt.
 */
export function subsidyInstructionEarliestOn(submittedOn: BusinessDate): BusinessDate {
  return addDays(submittedOn, SUBSIDY_INSTRUCTION_MIN_DAYS);
}

/** "A compter de la demande de subvention, l'examen prend environ un mois" (001_6dade1b22e1aa482.txt). */
export const SUBSIDY_INSTRUCTION_FOLLOW_UP_MONTHS = 1;

/**
 * The day bdt gets its follow-up (rules revision 3): a month of instruction after the request,
 * not counting the days it waited for documents it had asked for.
 */
export function subsidyInstructionFollowUpOn(submittedOn: BusinessDate, pausedDays: number): BusinessDate {
  return addDays(addCalendarMonths(submittedOn, SUBSIDY_INSTRUCTION_FOLLOW_UP_MONTHS), pausedDays);
}
