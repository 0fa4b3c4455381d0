import type { TrancheCondition } from '../policies/policy';
import { trancheConditions } from '../policies/tranche-schedule';
import type { PostContext, Tranche } from './post-context';

/** What a condition asks for, in the words a structure is told (RULES.md §2.2). */
export const TRANCHE_CONDITION_LABELS: Readonly<Record<TrancheCondition, string>> = {
  'training-enrolment': 'l’inscription du conseiller en formation',
  'contract-transmitted': 'la transmission du contrat de travail en cours de validité à la Banque des Territoires',
};

function holds(condition: TrancheCondition, context: PostContext): boolean {
  switch (condition) {
    case 'training-enrolment':
      return context.training !== null;
    case 'contract-transmitted':
      return Boolean(context.contract?.transmittedOn);
  }
}

/** The conditions of a tranche of the current convention that do not hold yet (rules revision 3). */
export function missingTrancheConditions(context: PostContext, tranche: Pick<Tranche, 'number'>): TrancheCondition[] {
  if (!context.convention) return [];
  return trancheConditions(context.convention.policy, tranche.number).filter((condition) => !holds(condition, context));
}
