import { z } from 'zod';
import { compareDates, type BusinessDate } from '../calendar/business-date';
import type { OverseasDepartmentCode } from '../identity/department';
import type { SeedFile } from './seed-file';

/**
 * The rules are dated (RULES.md §2): a post keeps the policy it was created under for its whole
 * life, so the 2021 rules still govern a 2021 post after the 2022 guides appeared.
 */
export const policyIdSchema = z.enum([
  '2021-public',
  '2021-private',
  '2022-public',
  '2022-private',
  '2025-renewal',
]);
export type PolicyId = z.infer<typeof policyIdSchema>;

/** The policies a post is created under; 2025-renewal only governs later renewal periods. */
export type InitialPolicyId = Exclude<PolicyId, '2025-renewal'>;

export const sectorSchema = z.enum(['public', 'private']);
export type Sector = z.infer<typeof sectorSchema>;

export const PUBLIC_STRUCTURE_KINDS = [
  'territorial-authority',
  'grouping',
  'gip',
  'other-public',
] as const;
export const PRIVATE_STRUCTURE_KINDS = [
  'association',
  'ess-company',
  'social-housing',
  'grades',
  'other-private',
] as const;
export const structureKindSchema = z.enum([...PUBLIC_STRUCTURE_KINDS, ...PRIVATE_STRUCTURE_KINDS]);
export type StructureKind = z.infer<typeof structureKindSchema>;

export const contractTypeSchema = z.enum([
  'public-cdi',
  'public-cdd',
  'project-contract',
  'civil-servant',
  'private-cdi',
  'private-cdd',
  'cui-cae',
  'cui-cie',
]);
export type ContractType = z.infer<typeof contractTypeSchema>;

export function sectorOfStructureKind(kind: StructureKind): Sector {
  return (PUBLIC_STRUCTURE_KINDS as readonly StructureKind[]).includes(kind) ? 'public' : 'private';
}

/** Words of the seeds, for refusals shown to staff. */
export const STRUCTURE_KIND_LABELS: Readonly<Record<StructureKind, string>> = {
  'territorial-authority': 'une collectivité territoriale',
  grouping: 'un groupement de collectivités (EPCI, syndicat)',
  gip: 'un GIP de personnes morales de droit public',
  'other-public': 'une autre structure publique éligible',
  association: 'une association',
  'ess-company': "une entreprise de l'économie sociale et solidaire",
  'social-housing': "une entreprise sociale pour l'habitat",
  grades: 'un GRADeS',
  'other-private': "une autre personne morale de droit privé d'intérêt général",
};

export const CONTRACT_TYPE_LABELS: Readonly<Record<ContractType, string>> = {
  'public-cdi': 'CDI de droit public',
  'public-cdd': 'CDD de droit public',
  'project-contract': 'contrat de projet',
  'civil-servant': 'agent titulaire',
  'private-cdi': 'CDI de droit privé',
  'private-cdd': 'CDD de droit privé',
  'cui-cae': 'CUI-CAE/PEC',
  'cui-cie': 'CUI-CIE/PEC',
};

/**
 * Not a date of the seeds but a product choice: the 2021 AMI closed on 30 November 2021 and the
 * 2022 guides serve the 2022 recruitment wave, so the policies change at the turn of the year.
 */
export const POLICY_2022_FROM: BusinessDate = '2022-01-01';

export function derivePolicy(sector: Sector, applicationDate: BusinessDate): InitialPolicyId {
  const year = compareDates(applicationDate, POLICY_2022_FROM) < 0 ? '2021' : '2022';
  return `${year}-${sector}`;
}

export type TrancheAnchor = 'contract-signature' | 'training-start' | 'convention-signature';

/** What must be true before a tranche may be paid, beyond its date. */
export type TrancheCondition = 'training-enrolment' | 'contract-transmitted';

export interface TrancheStep {
  readonly number: 1 | 2 | 3;
  readonly percent: 20 | 30 | 50;
  readonly monthsAfterAnchor: number;
  /** "dans le mois suivant": payable from the anchor day on, due at the latest after the months. */
  readonly payableFromAnchor: boolean;
  readonly conditions: readonly TrancheCondition[];
}

export type TrancheRules =
  | {
      readonly kind: 'three-tranches';
      readonly anchor: TrancheAnchor;
      readonly steps: readonly [TrancheStep, TrancheStep, TrancheStep];
      readonly source: SeedFile;
    }
  | {
      readonly kind: 'yearly';
      readonly anchor: TrancheAnchor;
      /** What the first yearly tranche of a period waits for, beyond its date. */
      readonly firstTrancheConditions: readonly TrancheCondition[];
      readonly source: SeedFile;
    };

export type AmountRule =
  | { readonly kind: 'fixed'; readonly cents: number; readonly source: SeedFile }
  | {
      /** A base amount, raised overseas; territories the seed does not list must be given by bdt. */
      readonly kind: 'overseas-increase';
      readonly cents: number;
      readonly overseasCents: Readonly<Partial<Record<OverseasDepartmentCode, number>>>;
      readonly source: SeedFile;
    }
  | { readonly kind: 'not-given'; readonly source: SeedFile };

export interface ConventionMonthsRule {
  readonly usual: number;
  readonly min: number;
  readonly max: number;
  readonly source: SeedFile;
}

export interface SubsidyRow {
  readonly structureKinds: readonly StructureKind[];
  readonly contractTypes: readonly ContractType[];
  readonly overseasOnly: boolean;
  readonly amount: AmountRule;
  readonly conventionMonths: ConventionMonthsRule;
}

export type SubsidyRules =
  | {
      readonly kind: 'table';
      readonly rows: readonly SubsidyRow[];
      /** Other public aid for the advisor's job comes off the subsidy (DGEFP arbitration). */
      readonly otherAidDeductedSource: SeedFile | null;
    }
  | { readonly kind: 'given-by-bdt'; readonly source: SeedFile };

export type RecruitmentRule =
  | { readonly kind: 'none'; readonly source: SeedFile }
  | {
      readonly kind: 'after-notification';
      readonly months: number;
      /** The deadline is never earlier than this day (the 2022 initial deadline). */
      readonly notBefore: BusinessDate | null;
      /** The deadline covers the contract's signature too, not only the candidate's choice. */
      readonly untilContractSigned: boolean;
      readonly source: SeedFile;
    };

/** How long an employment contract of these types may run, in calendar months (null: no bound). */
export interface ContractDurationRule {
  readonly contractTypes: readonly ContractType[];
  readonly minMonths: number | null;
  readonly maxMonths: number | null;
  readonly source: SeedFile;
}

/** The periodic follow-ups a structure owes while its convention runs, beyond the monthly activity report. */
export type FollowUpReport = 'subsidy-use' | 'hosting-conditions';

export interface FollowUpReportRule {
  readonly report: FollowUpReport;
  readonly everyMonths: number;
  /** The follow-up as its seed names it, for texts shown to staff. */
  readonly label: string;
  readonly source: SeedFile;
}

export interface PolicyRules {
  readonly id: PolicyId;
  /** null: the policy applies to posts of either sector. */
  readonly sector: Sector | null;
  readonly source: SeedFile;
  readonly subsidy: SubsidyRules;
  readonly tranches: TrancheRules;
  readonly recruitment: RecruitmentRule;
  readonly jobPosting: { readonly minDaysBeforeContractSignature: number; readonly source: SeedFile } | null;
  /** null: the seeds give no list of paths for this policy. */
  readonly positioningHours: { readonly hours: readonly number[]; readonly source: SeedFile } | null;
  readonly contractDurations: readonly ContractDurationRule[];
  /** The contract is signed within this many days of the subsidy's validation (null: no such rule). */
  readonly contractAfterSubsidyValidation: { readonly maxDays: number; readonly source: SeedFile } | null;
  /** Training starts within this many days of the contract's start (null: no such rule). */
  readonly trainingStart: { readonly maxDaysAfterContractStart: number; readonly source: SeedFile } | null;
  readonly followUpReports: readonly FollowUpReportRule[];
}

const GUIDE_2021_PUBLIC = '001_6dade1b22e1aa482.txt';
const AMI_2021_PRIVATE = '002_ba07e18f5cc1ad7d.txt';
const GUIDE_2022_PUBLIC = '000_478a79800a90412a.txt';
const GUIDE_2022_PRIVATE = '004_de92c4ad36fd347a.txt';
const FAQ_2025 = '003_0395d5c6dd79564e.txt';

const COMPANIES = ['ess-company', 'social-housing'] as const satisfies readonly StructureKind[];

function threeTranches(
  anchor: TrancheAnchor,
  source: SeedFile,
  first: Pick<TrancheStep, 'payableFromAnchor' | 'conditions'>,
): TrancheRules {
  return {
    kind: 'three-tranches',
    anchor,
    source,
    steps: [
      { number: 1, percent: 20, monthsAfterAnchor: 1, ...first },
      { number: 2, percent: 30, monthsAfterAnchor: 6, payableFromAnchor: false, conditions: [] },
      { number: 3, percent: 50, monthsAfterAnchor: 12, payableFromAnchor: false, conditions: [] },
    ],
  };
}

/** The private CUI rows are the same in the 2021 AMI and the 2022 employer guide. */
function cuiRows(source: SeedFile): SubsidyRow[] {
  const upTo24Months: ConventionMonthsRule = { usual: 24, min: 1, max: 24, source };
  return [
    {
      structureKinds: ['association'],
      contractTypes: ['cui-cae'],
      overseasOnly: false,
      amount: { kind: 'not-given', source },
      conventionMonths: upTo24Months,
    },
    {
      structureKinds: COMPANIES,
      contractTypes: ['cui-cie'],
      overseasOnly: true,
      amount: { kind: 'not-given', source },
      conventionMonths: upTo24Months,
    },
  ];
}

const FIXED_TERM_CONTRACTS = ['public-cdd', 'project-contract', 'private-cdd', 'cui-cae', 'cui-cie'] as const satisfies readonly ContractType[];

/** The private-law bounds are the same in the 2021 AMI and the 2022 employer guide. */
function privateContractDurations(source: SeedFile): ContractDurationRule[] {
  return [
    // "La durée maximale d'un CDD est de 18 mois, renouvellement compris"
    { contractTypes: ['private-cdd'], minMonths: null, maxMonths: 18, source },
    // "la durée du contrat et de la convention est de 24 mois maximum"
    { contractTypes: ['cui-cae', 'cui-cie'], minMonths: null, maxMonths: 24, source },
  ];
}

function privateRow(
  contractType: ContractType,
  cents: number,
  months: number,
  source: SeedFile,
): SubsidyRow {
  return {
    structureKinds: PRIVATE_STRUCTURE_KINDS,
    contractTypes: [contractType],
    overseasOnly: false,
    amount: { kind: 'fixed', cents, source },
    conventionMonths: { usual: months, min: months, max: months, source },
  };
}

/** Each policy's figures as plain data, each with the seed file it comes from. */
export const POLICIES: Readonly<Record<PolicyId, PolicyRules>> = {
  '2021-public': {
    id: '2021-public',
    sector: 'public',
    source: GUIDE_2021_PUBLIC,
    subsidy: {
      kind: 'table',
      otherAidDeductedSource: null,
      rows: [
        {
          structureKinds: PUBLIC_STRUCTURE_KINDS,
          // "vous êtes libre des modalités contractuelles du conseiller numérique"
          contractTypes: contractTypeSchema.options,
          overseasOnly: false,
          amount: { kind: 'fixed', cents: 5_000_000, source: GUIDE_2021_PUBLIC },
          // "L'Etat finance 50 000 euros sur 24 mois […] la convention avec l'Etat durant au maximum 36 mois"
          conventionMonths: { usual: 24, min: 24, max: 36, source: GUIDE_2021_PUBLIC },
        },
      ],
    },
    tranches: threeTranches('contract-signature', GUIDE_2021_PUBLIC, {
      payableFromAnchor: false,
      conditions: [],
    }),
    recruitment: { kind: 'none', source: GUIDE_2021_PUBLIC },
    jobPosting: { minDaysBeforeContractSignature: 30, source: GUIDE_2021_PUBLIC },
    positioningHours: { hours: [105, 280, 350, 420], source: GUIDE_2021_PUBLIC },
    // "Le contrat est signé dans les 15 jours suivant la validation de la demande de subvention pour une durée comprise entre 24 et 36 mois"
    contractDurations: [{ contractTypes: FIXED_TERM_CONTRACTS, minMonths: 24, maxMonths: 36, source: GUIDE_2021_PUBLIC }],
    contractAfterSubsidyValidation: { maxDays: 15, source: GUIDE_2021_PUBLIC },
    trainingStart: null,
    // "tous les trimestres sur l'utilisation de la subvention", and its calendar's "Suivi semestriel du conseiller numérique"
    followUpReports: [
      { report: 'subsidy-use', everyMonths: 3, label: 'suivi trimestriel de l’utilisation de la subvention', source: GUIDE_2021_PUBLIC },
      { report: 'hosting-conditions', everyMonths: 6, label: 'suivi semestriel du conseiller numérique', source: GUIDE_2021_PUBLIC },
    ],
  },
  '2021-private': {
    id: '2021-private',
    sector: 'private',
    source: AMI_2021_PRIVATE,
    subsidy: {
      kind: 'table',
      otherAidDeductedSource: AMI_2021_PRIVATE,
      rows: [
        privateRow('private-cdi', 4_000_000, 24, AMI_2021_PRIVATE),
        privateRow('private-cdd', 3_200_000, 18, AMI_2021_PRIVATE),
        // "si votre structure y est éligible": a branch agreement the product cannot see.
        privateRow('project-contract', 4_000_000, 24, AMI_2021_PRIVATE),
        ...cuiRows(AMI_2021_PRIVATE),
      ],
    },
    tranches: threeTranches('contract-signature', AMI_2021_PRIVATE, {
      payableFromAnchor: true,
      conditions: ['training-enrolment', 'contract-transmitted'],
    }),
    // "trois mois à compter de la date de notification pour effectuer le recrutement et signer le contrat de travail"
    recruitment: { kind: 'after-notification', months: 3, notBefore: null, untilContractSigned: true, source: AMI_2021_PRIVATE },
    jobPosting: null,
    positioningHours: { hours: [105, 280, 320, 420], source: AMI_2021_PRIVATE },
    contractDurations: privateContractDurations(AMI_2021_PRIVATE),
    contractAfterSubsidyValidation: null,
    trainingStart: null,
    // "le suivi des conditions d'accueil du Conseiller numérique : sous forme d'un reporting semestriel"
    followUpReports: [
      { report: 'hosting-conditions', everyMonths: 6, label: 'suivi des conditions d’accueil du conseiller numérique', source: AMI_2021_PRIVATE },
    ],
  },
  '2022-public': {
    id: '2022-public',
    sector: 'public',
    source: GUIDE_2022_PUBLIC,
    subsidy: {
      kind: 'table',
      otherAidDeductedSource: null,
      rows: [
        {
          structureKinds: ['territorial-authority', 'grouping', 'gip'],
          contractTypes: ['public-cdi', 'public-cdd', 'project-contract', 'civil-servant'],
          overseasOnly: false,
          amount: {
            kind: 'overseas-increase',
            cents: 5_000_000,
            overseasCents: {
              '971': 7_000_000,
              '972': 7_000_000,
              '973': 7_000_000,
              '974': 6_750_000,
              '976': 6_750_000,
            },
            source: GUIDE_2022_PUBLIC,
          },
          conventionMonths: { usual: 24, min: 24, max: 24, source: GUIDE_2022_PUBLIC },
        },
        {
          structureKinds: ['other-public'],
          contractTypes: ['private-cdd'],
          overseasOnly: false,
          // "37 500 € (+ majoration outre-mer)": the guide does not say how much.
          amount: { kind: 'overseas-increase', cents: 3_750_000, overseasCents: {}, source: GUIDE_2022_PUBLIC },
          conventionMonths: { usual: 18, min: 18, max: 18, source: GUIDE_2022_PUBLIC },
        },
      ],
    },
    tranches: threeTranches('training-start', GUIDE_2022_PUBLIC, { payableFromAnchor: false, conditions: [] }),
    recruitment: { kind: 'after-notification', months: 1, notBefore: '2022-02-28', untilContractSigned: false, source: GUIDE_2022_PUBLIC },
    jobPosting: null,
    positioningHours: { hours: [105, 280, 350, 420], source: GUIDE_2022_PUBLIC },
    contractDurations: [],
    contractAfterSubsidyValidation: null,
    // "La formation commence dans les quinze jours qui suivent le début de contrat de travail"
    trainingStart: { maxDaysAfterContractStart: 15, source: GUIDE_2022_PUBLIC },
    followUpReports: [],
  },
  '2022-private': {
    id: '2022-private',
    sector: 'private',
    source: GUIDE_2022_PRIVATE,
    subsidy: {
      kind: 'table',
      otherAidDeductedSource: GUIDE_2022_PRIVATE,
      // The 2022 employer guide lists no project contract, unlike the 2021 AMI.
      rows: [
        privateRow('private-cdi', 4_000_000, 24, GUIDE_2022_PRIVATE),
        privateRow('private-cdd', 3_200_000, 18, GUIDE_2022_PRIVATE),
        ...cuiRows(GUIDE_2022_PRIVATE),
      ],
    },
    tranches: threeTranches('training-start', GUIDE_2022_PRIVATE, { payableFromAnchor: false, conditions: [] }),
    recruitment: { kind: 'after-notification', months: 1, notBefore: '2022-02-28', untilContractSigned: false, source: GUIDE_2022_PRIVATE },
    jobPosting: null,
    positioningHours: { hours: [105, 280, 350, 420], source: GUIDE_2022_PRIVATE },
    contractDurations: privateContractDurations(GUIDE_2022_PRIVATE),
    contractAfterSubsidyValidation: null,
    // "La formation commence dans les quinze jours qui suivent le début de contrat de travail"
    trainingStart: { maxDaysAfterContractStart: 15, source: GUIDE_2022_PRIVATE },
    followUpReports: [],
  },
  '2025-renewal': {
    id: '2025-renewal',
    sector: null,
    source: FAQ_2025,
    subsidy: { kind: 'given-by-bdt', source: FAQ_2025 },
    // "après signature de la convention […] et transmission du contrat de travail (en cours de validité) […] versé par tranche annuelle"
    tranches: { kind: 'yearly', anchor: 'convention-signature', firstTrancheConditions: ['contract-transmitted'], source: FAQ_2025 },
    recruitment: { kind: 'none', source: FAQ_2025 },
    jobPosting: null,
    positioningHours: null,
    contractDurations: [],
    contractAfterSubsidyValidation: null,
    trainingStart: null,
    followUpReports: [],
  },
};

/**
 * The policy of a post that ANCT moves to another structure (RULES.md §4, TRANSFER_POST): the
 * rules of the post's own wave (2021 or 2022), for the target's sector, since the target employs it.
 */
export function transferredPostPolicy(origin: InitialPolicyId, targetSector: Sector): InitialPolicyId {
  return `${origin.slice(0, 4) as '2021' | '2022'}-${targetSector}`;
}
