import { addCalendarMonths, addDays, compareDates, type BusinessDate } from '../calendar/business-date';
import { CONTRACT_TYPE_LABELS, POLICIES, type ContractType, type PolicyId } from './policy';
import { frenchDate } from '../text/french-format';
import { ACCEPTED, refuse, type RuleCheck } from './rule-check';
import { seedTitle } from './seed-file';

export type ContractDurationRefusalCode = 'contract.end_missing' | 'contract.too_short' | 'contract.too_long';

export interface ContractTerms {
  contractType: ContractType;
  startsOn: BusinessDate;
  endsOn?: BusinessDate | null;
}

/**
 * A contract "de 24 mois" starting on 1 March ends on the last day of February two years later:
 * its end date is the last day worked, so the months are counted up to the day after it.
 */
function monthsReached(startsOn: BusinessDate, endsOn: BusinessDate, months: number): -1 | 0 | 1 {
  return compareDates(addDays(endsOn, 1), addCalendarMonths(startsOn, months));
}

/**
 * How the longest contract is read. `up-to-the-day` (rules revision 3, RULES.md §2.1): an end date
 * up to start + N months is accepted, so an 18-month CDD from 2026-11-28 may end on 2028-05-28.
 * `day-before` (revisions 1 and 2): the end date was the last day worked, one day earlier.
 */
export type LongestEnd = 'up-to-the-day' | 'day-before';

/** The last end date a contract of at most `months` may give. */
export function latestContractEnd(startsOn: BusinessDate, months: number, longestEnd: LongestEnd): BusinessDate {
  const sameDay = addCalendarMonths(startsOn, months);
  return longestEnd === 'up-to-the-day' ? sameDay : addDays(sameDay, -1);
}

/**
 * The bounds the policy puts on the contract's length (RULES.md §2.1, §2.3): 24 to 36 months for
 * a fixed-term contract under the 2021 public guide, at most 18 months for a private-law CDD and
 * 24 for a CUI under the private texts. A fixed-term contract under such a bound must give its end.
 */
export function checkContractDuration(
  policy: PolicyId,
  terms: ContractTerms,
  longestEnd: LongestEnd = 'up-to-the-day',
): RuleCheck<object, ContractDurationRefusalCode> {
  const rule = POLICIES[policy].contractDurations.find((r) => r.contractTypes.includes(terms.contractType));
  if (!rule) return ACCEPTED;
  const label = CONTRACT_TYPE_LABELS[terms.contractType];
  const cite = seedTitle(rule.source);
  const bounds =
    rule.minMonths !== null && rule.maxMonths !== null
      ? `entre ${rule.minMonths} et ${rule.maxMonths} mois`
      : rule.maxMonths !== null
        ? `au plus ${rule.maxMonths} mois`
        : `au moins ${rule.minMonths} mois`;
  if (!terms.endsOn) {
    return refuse('contract.end_missing', `Un ${label} doit indiquer sa date de fin : sa durée doit être ${bounds} (${cite}).`);
  }
  const span = `du ${frenchDate(terms.startsOn)} au ${frenchDate(terms.endsOn)}`;
  if (rule.minMonths !== null && monthsReached(terms.startsOn, terms.endsOn, rule.minMonths) < 0) {
    return refuse('contract.too_short', `Le ${label} ${span} est trop court : sa durée doit être ${bounds} (${cite}).`);
  }
  if (rule.maxMonths !== null) {
    const latest = latestContractEnd(terms.startsOn, rule.maxMonths, longestEnd);
    if (compareDates(terms.endsOn, latest) > 0) {
      return refuse(
        'contract.too_long',
        `Le ${label} ${span} est trop long : sa durée doit être ${bounds}, soit une fin au plus tard le ${frenchDate(latest)} (${cite}).`,
      );
    }
  }
  return ACCEPTED;
}
