import { compareDates } from '../calendar/business-date';
import { checkContractDuration } from '../policies/contract-duration';
import { checkJobPostingDelay } from '../policies/job-posting-delay';
import type { RuleCheck } from '../policies/rule-check';
import { computeSubsidy } from '../policies/subsidy';
import { checkContractBeforeTraining } from '../policies/training-start-deadline';
import { checkPositioning } from '../policies/training-paths';
import type { PostContext } from './post-context';
import type { PostEvent } from './post-events';

/**
 * The rules an event must satisfy beyond being expected in the post's state. Each is both a
 * named guard of the machine and the explanation given when that guard refuses the event, so
 * the machine and the message can never disagree.
 */
type EventOf<T extends PostEvent['type']> = Extract<PostEvent, { type: T }>;
type Rule<T extends PostEvent['type']> = (context: PostContext, event: EventOf<T>) => RuleCheck;

const ok: RuleCheck = { ok: true };
const refuse = (code: string, message: string): RuleCheck => ({ ok: false, code, message });

const derogationExtendsDeadline: Rule<'GRANT_DEROGATION'> = (context, event) =>
  context.recruitmentDeadline && compareDates(event.newDeadline, context.recruitmentDeadline) <= 0
    ? refuse(
        'derogation.not_later',
        `La dérogation doit fixer une échéance postérieure à l’échéance actuelle (${context.recruitmentDeadline}) (guide 2022, 000_478a79800a90412a.txt).`,
      )
    : ok;

const jobOfferPublishedLongEnough: Rule<'SIGN_CONTRACT'> = (context, event) =>
  checkJobPostingDelay(context.policy, context.jobOfferPublishedOn ?? undefined, event.signedOn);

const contractStartsOnOrAfterSignature: Rule<'SIGN_CONTRACT'> = (_context, event) =>
  compareDates(event.startsOn, event.signedOn) < 0
    ? refuse('contract.starts_before_signature', 'Le contrat ne peut pas commencer avant d’être signé.')
    : ok;

// Guide 2021 (001_6dade1b22e1aa482.txt), AMI 2021 (002_…), guide 2022 privé (004_…): the contract's length has bounds.
const contractDurationWithinPolicy: Rule<'SIGN_CONTRACT'> = (context, event) =>
  context.rulesRevision >= 2 ? checkContractDuration(context.policy, event) : ok;

const positioningOnPolicyPaths: Rule<'RECORD_POSITIONING'> = (context, event) =>
  checkPositioning(context.policy, { hours: event.hours, exemption: event.exemption });

const contractSignedBeforeTraining: Rule<'START_TRAINING'> = (context, event) =>
  checkContractBeforeTraining(context.contract?.signedOn, event.startedOn);

const positioningSetsATrainingPath: Rule<'START_TRAINING'> = (context) =>
  context.training?.hours
    ? ok
    : refuse(
        'training.positioning_missing',
        'La formation ne peut commencer qu’après le test de positionnement qui fixe le parcours (guide 2022, 000_478a79800a90412a.txt).',
      );

const candidateValidated: Rule<'SUBMIT_SUBSIDY_REQUEST'> = (context) =>
  context.advisorsRecruited > 0
    ? ok
    : refuse(
        'subsidy.candidate_not_validated',
        'La demande de subvention suit la validation d’un candidat (guide 2022, 000_478a79800a90412a.txt).',
      );

const conventionAmountResolvable: Rule<'SIGN_CONVENTION'> = (context, event) => {
  if (!context.contract) {
    return refuse(
      'convention.contract_missing',
      'La convention se signe une fois le contrat de travail signé : son type fixe le montant de la subvention (guide 2022, 000_478a79800a90412a.txt).',
    );
  }
  const subsidy = computeSubsidy({
    policy: context.policy,
    sector: context.structure.sector,
    structureKind: context.structure.kind,
    department: context.structure.department,
    contractType: context.contract.contractType,
    otherAidCents: context.contract.otherAidCents,
    suppliedAmountCents: event.amountCents,
  });
  return subsidy.ok ? ok : subsidy;
};

const trancheIsDue: Rule<'CONFIRM_TRANCHE_PAYMENT'> = (context, event) => {
  const tranche = context.tranches.find((t) => t.number === event.tranche);
  if (!tranche) {
    return refuse('tranche.unknown', `La tranche ${event.tranche} n’existe pas : la convention n’a pas encore d’échéancier.`);
  }
  if (tranche.status === 'paid') return refuse('tranche.already_paid', `La tranche ${event.tranche} est déjà payée.`);
  if (tranche.status === 'suspended') {
    return refuse(
      'tranche.suspended',
      `La tranche ${event.tranche} est suspendue jusqu’à la reprise des paiements (AMI 2021 §III.6, 002_ba07e18f5cc1ad7d.txt).`,
    );
  }
  if (tranche.status === 'scheduled') {
    return refuse('tranche.not_due', `La tranche ${event.tranche} n’est pas exigible avant le ${tranche.dueOn}.`);
  }
  return ok;
};

const paymentMatchesTranche: Rule<'CONFIRM_TRANCHE_PAYMENT'> = (context, event) => {
  const tranche = context.tranches.find((t) => t.number === event.tranche);
  return tranche && tranche.amountCents !== event.amountCents
    ? refuse(
        'tranche.amount_mismatch',
        `Le montant payé (${event.amountCents} centimes) doit égaler celui de la tranche ${event.tranche} (${tranche.amountCents} centimes).`,
      )
    : ok;
};

// AMI 2021 (002_ba07e18f5cc1ad7d.txt): the first tranche needs the advisor enrolled in training and the contract transmitted.
const firstTrancheConditionsMet: Rule<'CONFIRM_TRANCHE_PAYMENT'> = (context, event) =>
  event.tranche === 1 && context.convention?.policy === '2021-private' && !(context.training && context.contract?.transmittedOn)
    ? refuse(
        'tranche.first_conditions',
        'La première tranche suppose le conseiller inscrit en formation et le contrat transmis à la Banque des Territoires (AMI 2021, 002_ba07e18f5cc1ad7d.txt).',
      )
    : ok;

const trancheIsScheduled: Rule<'TRANCHE_DUE'> = (context, event) =>
  context.tranches.some((t) => t.number === event.tranche && t.status === 'scheduled')
    ? ok
    : refuse('tranche.not_scheduled', `La tranche ${event.tranche} n’est pas en attente d’échéance.`);

const FOLLOW_UP_LABELS = {
  activity: 'le suivi d’activité mensuel',
  'subsidy-use': 'le suivi trimestriel de l’utilisation de la subvention',
  'hosting-conditions': 'le suivi semestriel des conditions d’accueil',
} as const;

const followUpReportScheduled: Rule<'FOLLOW_UP_DUE'> = (context, event) => {
  const scheduled =
    event.report === 'activity' ? context.nextActivityReportOn !== null : context.followUpReportsDue[event.report] !== undefined;
  return scheduled
    ? ok
    : refuse('follow_up.not_scheduled', `Aucune échéance n’est prévue pour ${FOLLOW_UP_LABELS[event.report]} de ce poste.`);
};

const noAbsenceDeclared: Rule<'DECLARE_ABSENCE'> = (context) =>
  context.absence
    ? refuse('absence.already_declared', `Une absence est déjà déclarée depuis le ${context.absence.from}.`)
    : ok;

const absenceDeclared: Rule<'END_ABSENCE'> = (context) =>
  context.absence ? ok : refuse('absence.none', 'Aucune absence n’est en cours.');

const contractSigned: Rule<'DECLARE_CONTRACT_RUPTURE'> = (context) =>
  context.contract ? ok : refuse('contract.not_signed', 'Aucun contrat de travail n’est signé pour ce poste.');

const contractAwaitingTransmission: Rule<'TRANSMIT_CONTRACT'> = (context) => {
  if (!context.contract) return refuse('contract.not_signed', 'Le contrat doit être signé avant d’être transmis.');
  if (context.contract.transmittedOn) {
    return refuse('contract.already_transmitted', `Le contrat a déjà été transmis le ${context.contract.transmittedOn}.`);
  }
  return ok;
};

// Guide 2022 (000_478a79800a90412a.txt) and AMI (002_…): the job offer is published before the contract is signed.
const contractNotYetSigned: Rule<'PUBLISH_JOB_OFFER'> = (context) =>
  context.contract
    ? refuse('job_offer.contract_already_signed', 'L’offre d’emploi se publie avant la signature du contrat.')
    : ok;

// AMI 2021 §III.6 (002_ba07e18f5cc1ad7d.txt): only payments under a signed convention can be suspended.
const conventionSigned: Rule<'SUSPEND_PAYMENTS'> = (context) =>
  context.convention
    ? ok
    : refuse('payments.no_convention', 'Aucune convention n’est signée : il n’y a pas de paiement à suspendre (AMI 2021 §III.6).');

export const postRules = {
  conventionSigned,
  derogationExtendsDeadline,
  jobOfferPublishedLongEnough,
  contractStartsOnOrAfterSignature,
  contractDurationWithinPolicy,
  positioningOnPolicyPaths,
  contractSignedBeforeTraining,
  positioningSetsATrainingPath,
  candidateValidated,
  conventionAmountResolvable,
  trancheIsDue,
  paymentMatchesTranche,
  firstTrancheConditionsMet,
  trancheIsScheduled,
  followUpReportScheduled,
  noAbsenceDeclared,
  absenceDeclared,
  contractSigned,
  contractAwaitingTransmission,
  contractNotYetSigned,
};
export type PostRuleName = keyof typeof postRules;

/** The rules each event must pass, in the order their refusals are explained. */
export const rulesByEvent: Partial<Record<PostEvent['type'], PostRuleName[]>> = {
  GRANT_DEROGATION: ['derogationExtendsDeadline'],
  SIGN_CONTRACT: ['contractStartsOnOrAfterSignature', 'contractDurationWithinPolicy', 'jobOfferPublishedLongEnough'],
  RECORD_POSITIONING: ['positioningOnPolicyPaths'],
  START_TRAINING: ['contractSignedBeforeTraining', 'positioningSetsATrainingPath'],
  SUBMIT_SUBSIDY_REQUEST: ['candidateValidated'],
  SIGN_CONVENTION: ['conventionAmountResolvable'],
  CONFIRM_TRANCHE_PAYMENT: ['trancheIsDue', 'paymentMatchesTranche', 'firstTrancheConditionsMet'],
  TRANCHE_DUE: ['trancheIsScheduled'],
  FOLLOW_UP_DUE: ['followUpReportScheduled'],
  DECLARE_ABSENCE: ['noAbsenceDeclared'],
  END_ABSENCE: ['absenceDeclared'],
  DECLARE_CONTRACT_RUPTURE: ['contractSigned'],
  TRANSMIT_CONTRACT: ['contractAwaitingTransmission'],
  PUBLISH_JOB_OFFER: ['contractNotYetSigned'],
  SUSPEND_PAYMENTS: ['conventionSigned'],
};

/** The first rule of the event that refuses it, if any. */
export function firstRefusal(context: PostContext, event: PostEvent): RuleCheck {
  for (const name of rulesByEvent[event.type] ?? []) {
    const check = (postRules[name] as (c: PostContext, e: PostEvent) => RuleCheck)(context, event);
    if (!check.ok) return check;
  }
  return ok;
}

export function passesRules(context: PostContext, event: PostEvent): boolean {
  return firstRefusal(context, event).ok;
}
