import { addDays, compareDates, type BusinessDate } from '../calendar/business-date';
import { frenchDate } from '../text/french-format';
import { POLICIES, type PolicyId } from './policy';
import { ACCEPTED, refuse, type RuleCheck } from './rule-check';
import { seedTitle, type SeedFile } from './seed-file';

const GUIDES_2022: readonly SeedFile[] = ['000_478a79800a90412a.txt', '004_de92c4ad36fd347a.txt'];

/** "La formation commence dans les quinze jours qui suivent le début de contrat de travail." */
export const TRAINING_START_MAX_DAYS = 15;

export function trainingStartDeadline(contractStartsOn: BusinessDate): BusinessDate {
  return addDays(contractStartsOn, TRAINING_START_MAX_DAYS);
}

/**
 * The same day where the policy has the rule: the 2022 guides only (RULES.md §2.3, rules revision
 * 3); the 2021 texts send the advisor to training after the contract without a number of days.
 */
export function policyTrainingStartDeadline(policy: PolicyId, contractStartsOn: BusinessDate): BusinessDate | null {
  const rule = POLICIES[policy].trainingStart;
  return rule ? addDays(contractStartsOn, rule.maxDaysAfterContractStart) : null;
}

export type ContractBeforeTrainingRefusalCode =
  | 'training.contract_not_signed'
  | 'training.contract_signed_after_start';

/**
 * "Le conseiller numérique a impérativement signé son contrat de travail avant son départ en
 * formation." Dates carry no hour, so a contract signed on the day training starts is accepted.
 */
export function checkContractBeforeTraining(
  contractSignedOn: BusinessDate | undefined,
  trainingStartedOn: BusinessDate,
): RuleCheck<object, ContractBeforeTrainingRefusalCode> {
  const cite = GUIDES_2022.map(seedTitle).join(', ');
  if (contractSignedOn === undefined) {
    return refuse(
      'training.contract_not_signed',
      `Le contrat de travail doit être signé avant le départ en formation ; aucun contrat signé n'est enregistré (${cite}).`,
    );
  }
  if (compareDates(contractSignedOn, trainingStartedOn) > 0) {
    return refuse(
      'training.contract_signed_after_start',
      `Le contrat signé le ${frenchDate(contractSignedOn)} l'a été après le départ en formation du ${frenchDate(trainingStartedOn)} : il doit être signé avant (${cite}).`,
    );
  }
  return ACCEPTED;
}
