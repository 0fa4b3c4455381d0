import { addCalendarMonths, compareDates, type BusinessDate } from '../calendar/business-date';
import { frenchDate } from '../text/french-format';
import { ACCEPTED, refuse, type RuleCheck } from './rule-check';
import { seedTitle, type SeedFile } from './seed-file';

const GUIDES_2022: readonly SeedFile[] = ['000_478a79800a90412a.txt', '004_de92c4ad36fd347a.txt'];

/** "Pour les validation récente en comité de sélection et dérogations accordées, le délai autorisé est d'un mois." */
export const DEROGATION_MONTHS = 1;

export type DerogationRefusalCode = 'derogation.granted_on_missing' | 'derogation.in_the_past' | 'derogation.shorter_than_a_month';

/** The recruitment deadline a derogation granted on `grantedOn` sets: one month, unless ANCT gives a later day. */
export function derogationDeadline(grantedOn: BusinessDate, newDeadline?: BusinessDate): BusinessDate {
  return newDeadline ?? addCalendarMonths(grantedOn, DEROGATION_MONTHS);
}

/**
 * Rules revision 3 (RULES.md §2.3): a derogation lasts one month from the day it is granted unless
 * ANCT gives a later date; a date already past, or sooner than that month, is refused.
 */
export function checkDerogation(grantedOn: BusinessDate | undefined, newDeadline: BusinessDate | undefined): RuleCheck<object, DerogationRefusalCode> {
  const cite = GUIDES_2022.map(seedTitle).join(', ');
  if (grantedOn === undefined) {
    return refuse(
      'derogation.granted_on_missing',
      `La dérogation indique le jour où elle est accordée (grantedOn) : elle court un mois à partir de ce jour (${cite}).`,
    );
  }
  if (newDeadline === undefined) return ACCEPTED;
  const earliest = derogationDeadline(grantedOn);
  if (compareDates(newDeadline, grantedOn) <= 0) {
    return refuse(
      'derogation.in_the_past',
      `L’échéance du ${frenchDate(newDeadline)} est déjà passée le jour de la dérogation (${frenchDate(grantedOn)}) : sans date, la dérogation court jusqu’au ${frenchDate(earliest)} (${cite}).`,
    );
  }
  if (compareDates(newDeadline, earliest) < 0) {
    return refuse(
      'derogation.shorter_than_a_month',
      `Une dérogation accorde un mois : l’échéance ne peut pas précéder le ${frenchDate(earliest)}, reçu le ${frenchDate(newDeadline)} (${cite}).`,
    );
  }
  return ACCEPTED;
}
