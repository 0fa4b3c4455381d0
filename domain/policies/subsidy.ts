import { isOverseasDepartment, type DepartmentCode } from '../identity/department';
import { frenchEuros } from '../text/french-format';
import {
  CONTRACT_TYPE_LABELS,
  POLICIES,
  STRUCTURE_KIND_LABELS,
  sectorOfStructureKind,
  type ContractType,
  type ConventionMonthsRule,
  type PolicyId,
  type Sector,
  type StructureKind,
  type SubsidyRow,
} from './policy';
import { accept, refuse, type Refusal, type RuleCheck } from './rule-check';
import { seedTitle, type SeedFile } from './seed-file';

export interface SubsidyInput {
  readonly policy: PolicyId;
  readonly sector: Sector;
  readonly structureKind: StructureKind;
  readonly department: DepartmentCode;
  readonly contractType: ContractType;
  /** Public aid already received for the advisor's job (private structures), in cents. */
  readonly otherAidCents?: number;
  /**
   * The amount written in the convention by bdt, in cents, after any deduction. Required where
   * the policy gives no amount; where it gives one, it must be that amount.
   */
  readonly suppliedAmountCents?: number;
  /** The convention's length given by bdt; required for a renewal, optional where a range is allowed. */
  readonly suppliedConventionMonths?: number;
}

export interface Subsidy {
  readonly amountCents: number;
  readonly conventionMonths: number;
  readonly source: SeedFile;
}

export type SubsidyRefusalCode =
  | 'subsidy.policy_sector_mismatch'
  | 'subsidy.structure_kind_sector_mismatch'
  | 'subsidy.contract_type_not_allowed'
  | 'subsidy.overseas_only'
  | 'subsidy.amount_required'
  | 'subsidy.amount_invalid'
  | 'subsidy.amount_mismatch'
  | 'subsidy.amount_below_base'
  | 'subsidy.other_aid_invalid'
  | 'subsidy.other_aid_exceeds_subsidy'
  | 'subsidy.months_required'
  | 'subsidy.months_out_of_range';

type SubsidyCheck<Value extends object> = RuleCheck<Value, SubsidyRefusalCode>;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function isPositiveCents(value: number): boolean {
  return Number.isSafeInteger(value) && value > 0;
}

/** The amount the policy sets, or the smallest amount bdt may give where the seed gives none. */
type PolicyAmount = { kind: 'set'; cents: number } | { kind: 'to-supply'; atLeastCents: number };

function policyAmount(row: SubsidyRow, department: DepartmentCode): PolicyAmount {
  const { amount } = row;
  switch (amount.kind) {
    case 'fixed':
      return { kind: 'set', cents: amount.cents };
    case 'not-given':
      return { kind: 'to-supply', atLeastCents: 1 };
    case 'overseas-increase': {
      if (!isOverseasDepartment(department)) return { kind: 'set', cents: amount.cents };
      const listed = amount.overseasCents[department];
      // An increase the guide announces without its figure: bdt gives the total, base included.
      return listed === undefined ? { kind: 'to-supply', atLeastCents: amount.cents } : { kind: 'set', cents: listed };
    }
  }
}

function checkSuppliedAmount(
  supplied: number | undefined,
  atLeastCents: number,
  cite: string,
): SubsidyCheck<{ cents: number }> {
  if (supplied === undefined) {
    return refuse(
      'subsidy.amount_required',
      `Les règles ne fixent pas le montant de cette subvention : la Banque des Territoires doit l'indiquer en signant la convention (${cite}).`,
    );
  }
  if (supplied < atLeastCents) {
    return refuse(
      'subsidy.amount_below_base',
      `Le montant indiqué (${frenchEuros(supplied)}) est inférieur au montant de base de ${frenchEuros(atLeastCents)}, que la majoration outre-mer ne peut que relever (${cite}).`,
    );
  }
  return accept({ cents: supplied });
}

function checkOtherAid(otherAidCents: number | undefined): SubsidyCheck<{ cents: number }> {
  const cents = otherAidCents ?? 0;
  if (!Number.isSafeInteger(cents) || cents < 0) {
    return refuse(
      'subsidy.other_aid_invalid',
      `Le montant des autres aides publiques doit être un nombre entier de centimes positif ou nul, reçu : ${otherAidCents}.`,
    );
  }
  return accept({ cents });
}

function conventionMonths(
  rule: ConventionMonthsRule,
  supplied: number | undefined,
): SubsidyCheck<{ months: number }> {
  if (supplied === undefined) return accept({ months: rule.usual });
  if (!Number.isInteger(supplied) || supplied < rule.min || supplied > rule.max) {
    const range = rule.min === rule.max ? `de ${rule.min} mois` : `de ${rule.min} à ${rule.max} mois`;
    return refuse(
      'subsidy.months_out_of_range',
      `La convention dure ${range} pour ce contrat, reçu : ${supplied} (${seedTitle(rule.source)}).`,
    );
  }
  return accept({ months: supplied });
}

/** The FAQ sets no table for renewals: bdt gives amount and length, the post's contract carries over. */
function renewalSubsidy(input: SubsidyInput, source: SeedFile): SubsidyCheck<Subsidy> {
  const cite = seedTitle(source);
  const amount = checkSuppliedAmount(input.suppliedAmountCents, 1, cite);
  if (!amount.ok) return amount;
  const months = input.suppliedConventionMonths;
  if (months === undefined) {
    return refuse(
      'subsidy.months_required',
      `La durée de la convention de renouvellement doit être indiquée par la Banque des Territoires (${cite}).`,
    );
  }
  if (!Number.isInteger(months) || months <= 0) {
    return refuse(
      'subsidy.months_out_of_range',
      `La durée de la convention de renouvellement doit être un nombre entier de mois strictement positif, reçu : ${months}.`,
    );
  }
  return accept({ amountCents: amount.cents, conventionMonths: months, source });
}

function contractNotAllowed(input: SubsidyInput, rows: readonly SubsidyRow[], source: SeedFile): Refusal<SubsidyRefusalCode> {
  const allowed = rows
    .filter((row) => row.structureKinds.includes(input.structureKind))
    .flatMap((row) => row.contractTypes.map((type) => CONTRACT_TYPE_LABELS[type]));
  return refuse(
    'subsidy.contract_type_not_allowed',
    `Un ${CONTRACT_TYPE_LABELS[input.contractType]} n'ouvre pas droit à la subvention pour ${STRUCTURE_KIND_LABELS[input.structureKind]} ; contrats admis : ${allowed.join(', ')} (${seedTitle(source)}).`,
  );
}

/**
 * The subsidy of one post and the length of its convention (RULES.md §2.1), in whole cents.
 * Figures the seeds do not give are never made up: bdt supplies them and they are checked.
 */
export function computeSubsidy(input: SubsidyInput): SubsidyCheck<Subsidy> {
  const policy = POLICIES[input.policy];
  if (policy.sector !== null && policy.sector !== input.sector) {
    return refuse(
      'subsidy.policy_sector_mismatch',
      `Les règles ${input.policy} ne s'appliquent qu'aux structures du secteur ${policy.sector === 'public' ? 'public' : 'privé'} (${seedTitle(policy.source)}).`,
    );
  }
  if (sectorOfStructureKind(input.structureKind) !== input.sector) {
    return refuse(
      'subsidy.structure_kind_sector_mismatch',
      `${capitalise(STRUCTURE_KIND_LABELS[input.structureKind])} n'appartient pas au secteur ${input.sector === 'public' ? 'public' : 'privé'} déclaré pour la structure.`,
    );
  }
  const otherAid = checkOtherAid(input.otherAidCents);
  if (!otherAid.ok) return otherAid;
  if (input.suppliedAmountCents !== undefined && !isPositiveCents(input.suppliedAmountCents)) {
    return refuse(
      'subsidy.amount_invalid',
      `Le montant de la subvention doit être un nombre entier de centimes strictement positif, reçu : ${input.suppliedAmountCents}.`,
    );
  }

  if (policy.subsidy.kind === 'given-by-bdt') return renewalSubsidy(input, policy.subsidy.source);

  const { rows, otherAidDeductedSource } = policy.subsidy;
  const row = rows.find(
    (candidate) =>
      candidate.structureKinds.includes(input.structureKind) && candidate.contractTypes.includes(input.contractType),
  );
  if (!row) return contractNotAllowed(input, rows, policy.source);
  const cite = seedTitle(row.amount.source);
  if (row.overseasOnly && !isOverseasDepartment(input.department)) {
    return refuse(
      'subsidy.overseas_only',
      `Le ${CONTRACT_TYPE_LABELS[input.contractType]} n'est admis que dans les départements d'outre-mer, pas dans le ${input.department} (${cite}).`,
    );
  }
  const months = conventionMonths(row.conventionMonths, input.suppliedConventionMonths);
  if (!months.ok) return months;

  const expected = policyAmount(row, input.department);
  if (expected.kind === 'to-supply') {
    // bdt writes the convention's amount with any other aid already taken off: not deducted twice.
    const supplied = checkSuppliedAmount(input.suppliedAmountCents, expected.atLeastCents, cite);
    if (!supplied.ok) return supplied;
    return accept({ amountCents: supplied.cents, conventionMonths: months.months, source: row.amount.source });
  }

  // The DGEFP deduction is a rule of the private documents only; public aid is not deducted.
  const deducted = otherAidDeductedSource === null ? 0 : otherAid.cents;
  if (otherAidDeductedSource !== null && deducted >= expected.cents) {
    return refuse(
      'subsidy.other_aid_exceeds_subsidy',
      `Les autres aides publiques déjà reçues pour ce poste (${frenchEuros(deducted)}) égalent ou dépassent la subvention de ${frenchEuros(expected.cents)} dont elles doivent être déduites : il ne reste rien à verser (${seedTitle(otherAidDeductedSource)}).`,
    );
  }
  const amountCents = expected.cents - deducted;
  if (input.suppliedAmountCents !== undefined && input.suppliedAmountCents !== amountCents) {
    const detail = deducted > 0 ? `, soit ${frenchEuros(expected.cents)} moins ${frenchEuros(deducted)} d'autres aides` : '';
    return refuse(
      'subsidy.amount_mismatch',
      `Le montant indiqué (${frenchEuros(input.suppliedAmountCents)}) diffère du montant fixé par les règles : ${frenchEuros(amountCents)}${detail} (${cite}).`,
    );
  }
  return accept({ amountCents, conventionMonths: months.months, source: row.amount.source });
}
