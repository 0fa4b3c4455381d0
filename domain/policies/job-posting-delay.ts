import { daysBetween, type BusinessDate } from '../calendar/business-date';
import { frenchDate } from '../text/french-format';
import { POLICIES, type PolicyId } from './policy';
import { ACCEPTED, refuse, type RuleCheck } from './rule-check';
import { seedTitle } from './seed-file';

export type JobPostingRefusalCode = 'contract.job_offer_not_published' | 'contract.job_posting_too_recent';

/**
 * Public structures under the 2021 guide publish the job on emploi-territorial.fr at least 30
 * days before signing the contract (the guide also says "au moins un mois"; 30 days is the figure
 * RULES.md keeps). Other policies have no such rule.
 */
export function checkJobPostingDelay(
  policy: PolicyId,
  publishedOn: BusinessDate | undefined,
  signedOn: BusinessDate,
): RuleCheck<object, JobPostingRefusalCode> {
  const rule = POLICIES[policy].jobPosting;
  if (rule === null) return ACCEPTED;
  const cite = seedTitle(rule.source);
  const minDays = rule.minDaysBeforeContractSignature;
  if (publishedOn === undefined) {
    return refuse(
      'contract.job_offer_not_published',
      `La fiche de poste doit être publiée sur emploi-territorial.fr au moins ${minDays} jours avant la signature du contrat ; aucune publication n'est enregistrée (${cite}).`,
    );
  }
  const days = daysBetween(publishedOn, signedOn);
  if (days < minDays) {
    return refuse(
      'contract.job_posting_too_recent',
      `La fiche de poste publiée le ${frenchDate(publishedOn)} ne l'a été que ${days} jour(s) avant la signature du ${frenchDate(signedOn)} : il en faut au moins ${minDays} (${cite}).`,
    );
  }
  return ACCEPTED;
}
