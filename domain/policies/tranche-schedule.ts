import { addCalendarMonths, type BusinessDate } from '../calendar/business-date';
import { POLICIES, type PolicyId, type TrancheAnchor, type TrancheCondition } from './policy';
import { accept, refuse, type RuleCheck } from './rule-check';
import { seedTitle } from './seed-file';

export interface ScheduledTranche {
  readonly number: 1 | 2 | 3;
  readonly percent: 20 | 30 | 50;
  readonly amountCents: number;
  /** The day the tranche falls due; for "within the month after the anchor", the last such day. */
  readonly dueOn: BusinessDate;
  /** The first day bdt may pay it: the anchor itself where the seed says "within the month after". */
  readonly payableFrom: BusinessDate;
  readonly conditions: readonly TrancheCondition[];
}

/** Percentages of any larger total would lose whole cents in floating point. */
export const MAX_SUBSIDY_CENTS = Math.floor(Number.MAX_SAFE_INTEGER / 100);

/** Which event's date the tranches count from (RULES.md §2.2). */
export function trancheAnchor(policy: PolicyId): TrancheAnchor {
  return POLICIES[policy].tranches.anchor;
}

/**
 * What tranche `number` of a period under `policy` waits for beyond its date (RULES.md §2.2):
 * enrolment and transmission for the first 2021 private tranche (002_ba07e18f5cc1ad7d.txt), the
 * contract in force transmitted for a renewal's first yearly tranche (003_0395d5c6dd79564e.txt).
 */
export function trancheConditions(policy: PolicyId, number: number): readonly TrancheCondition[] {
  const rules = POLICIES[policy].tranches;
  if (rules.kind === 'yearly') return number === 1 ? rules.firstTrancheConditions : [];
  return rules.steps.find((step) => step.number === number)?.conditions ?? [];
}

/**
 * 20 %, 30 % and 50 % of the subsidy, in whole cents that add up to it exactly: the rounding
 * remainder goes to the last tranche, which is paid last.
 */
export function computeTrancheSchedule({
  policy,
  totalCents,
  anchorOn,
}: {
  readonly policy: PolicyId;
  readonly totalCents: number;
  readonly anchorOn: BusinessDate;
}): ScheduledTranche[] {
  const rules = POLICIES[policy].tranches;
  if (rules.kind !== 'three-tranches') {
    throw new RangeError(`${policy} pays yearly tranches whose amounts bdt gives: use computeRenewalSchedule`);
  }
  if (!Number.isSafeInteger(totalCents) || totalCents <= 0 || totalCents > MAX_SUBSIDY_CENTS) {
    throw new RangeError(`a subsidy is a positive whole number of cents up to ${MAX_SUBSIDY_CENTS}, got ${totalCents}`);
  }
  const [first, second, last] = rules.steps;
  const firstCents = Math.floor((totalCents * first.percent) / 100);
  const secondCents = Math.floor((totalCents * second.percent) / 100);
  const shares = [
    { step: first, amountCents: firstCents },
    { step: second, amountCents: secondCents },
    { step: last, amountCents: totalCents - firstCents - secondCents },
  ];
  return shares.map(({ step, amountCents }) => {
    const dueOn = addCalendarMonths(anchorOn, step.monthsAfterAnchor);
    return {
      number: step.number,
      percent: step.percent,
      amountCents,
      dueOn,
      payableFrom: step.payableFromAnchor ? anchorOn : dueOn,
      conditions: step.conditions,
    };
  });
}

export interface RenewalTranche {
  readonly number: number;
  readonly amountCents: number;
  readonly dueOn: BusinessDate;
}

export type RenewalScheduleRefusalCode = 'renewal.amounts_required' | 'renewal.amount_invalid';

/**
 * A renewal convention pays one tranche a year, the first once it is signed (and a valid
 * contract transmitted), the next ones on its anniversaries. The seeds give no amounts: bdt does.
 */
export function computeRenewalSchedule({
  anchorOn,
  amountsCents,
}: {
  readonly anchorOn: BusinessDate;
  readonly amountsCents: readonly number[];
}): RuleCheck<{ tranches: RenewalTranche[] }, RenewalScheduleRefusalCode> {
  const cite = seedTitle(POLICIES['2025-renewal'].tranches.source);
  if (amountsCents.length === 0) {
    return refuse(
      'renewal.amounts_required',
      `Les montants des tranches annuelles du renouvellement doivent être indiqués par la Banque des Territoires (${cite}).`,
    );
  }
  const invalid = amountsCents.findIndex((cents) => !Number.isSafeInteger(cents) || cents <= 0);
  if (invalid >= 0) {
    return refuse(
      'renewal.amount_invalid',
      `Le montant de la tranche annuelle ${invalid + 1} doit être un nombre entier de centimes strictement positif, reçu : ${amountsCents[invalid]}.`,
    );
  }
  return accept({
    tranches: amountsCents.map((amountCents, index) => ({
      number: index + 1,
      amountCents,
      dueOn: addCalendarMonths(anchorOn, 12 * index),
    })),
  });
}
