import { addDays, type BusinessDate } from '../calendar/business-date';

/**
 * "Il faut compter 3 semaines d'instruction au minimum avant réception de votre projet de
 * convention" (000_478a79800a90412a.txt, 004_de92c4ad36fd347a.txt; three weeks in the 2021 AMI
 * 002_ba07e18f5cc1ad7d.txt, "environ un mois" in the 2021 public guide 001_6dade1b22e1aa482.txt).
 * Past that minimum, bdt is reminded.
 */
export const SUBSIDY_INSTRUCTION_MIN_DAYS = 21;

export function subsidyInstructionReminderOn(submittedOn: BusinessDate): BusinessDate {
  return addDays(submittedOn, SUBSIDY_INSTRUCTION_MIN_DAYS);
}
