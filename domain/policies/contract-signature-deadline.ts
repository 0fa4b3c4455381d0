import { addDays, type BusinessDate } from '../calendar/business-date';
import { POLICIES, type PolicyId } from './policy';

/**
 * Under the 2021 public guide the contract is signed within 15 days of the subsidy's validation
 * (RULES.md §2.3). A late contract is not refused — the post would be lost for a date — but the
 * structure and the Banque des Territoires are told when the day passes. null: no such rule.
 */
export function contractSignatureDeadline(policy: PolicyId, subsidyValidatedOn: BusinessDate): BusinessDate | null {
  const rule = POLICIES[policy].contractAfterSubsidyValidation;
  return rule ? addDays(subsidyValidatedOn, rule.maxDays) : null;
}
