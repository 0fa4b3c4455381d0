import { compareDates } from '../calendar/business-date';
import { checkContractDuration } from '../policies/contract-duration';
import { checkDerogation, derogationDeadline } from '../policies/derogation';
import { checkJobPostingDelay } from '../policies/job-posting-delay';
import { CONTRACT_TYPE_LABELS, POLICIES } from '../policies/policy';
import type { RuleCheck } from '../policies/rule-check';
import { seedTitle } from '../policies/seed-file';
import { computeSubsidy } from '../policies/subsidy';
import { checkContractBeforeTraining } from '../policies/training-start-deadline';
import { checkPositioning } from '../policies/training-paths';
import { frenchDate, frenchEuros } from '../text/french-format';
import type { PostContext } from './post-context';
import type { PostEvent } from './post-events';
import { missingTrancheConditions, TRANCHE_CONDITION_LABELS } from './tranche-conditions';

/**
 * The rules an event must satisfy beyond being expected in the post's state. Each is both a
 * named guard of the machine and the explanation given when that guard refuses the event, so
 * the machine and the message can never disagree.
 */
type EventOf<T extends PostEvent['type']> = Extract<PostEvent, { type: T }>;
type Rule<T extends PostEvent['type']> = (context: PostContext, event: EventOf<T>) => RuleCheck;

const ok: RuleCheck = { ok: true };
const refuse = (code: string, message: string): RuleCheck => ({ ok: false, code, message });
const GUIDE_2022 = seedTitle('000_478a79800a90412a.txt');
const AMI_2021 = seedTitle('002_ba07e18f5cc1ad7d.txt');
const FAQ = seedTitle('003_0395d5c6dd79564e.txt');

// Guides 2022 (000_478a79800a90412a.txt, 004_…): "dérogations accordées, le délai autorisé est d'un mois"; it moves the deadline on.
const derogationExtendsDeadline: Rule<'GRANT_DEROGATION'> = (context, event) => {
  if (context.rulesRevision < 3 && !event.newDeadline) {
    return refuse('derogation.deadline_missing', 'La dérogation doit fixer la nouvelle échéance de recrutement (newDeadline).');
  }
  const newDeadline = event.grantedOn ? derogationDeadline(event.grantedOn, event.newDeadline) : event.newDeadline;
  return context.recruitmentDeadline && newDeadline && compareDates(newDeadline, context.recruitmentDeadline) <= 0
    ? refuse(
        'derogation.not_later',
        `La dérogation doit fixer une échéance postérieure à l’échéance actuelle, le ${frenchDate(context.recruitmentDeadline)} (${GUIDE_2022}).`,
      )
    : ok;
};

// Guides 2022 (000_478a79800a90412a.txt, 004_…): "le délai autorisé est d'un mois"; never a day already past (rules revision 3).
const derogationLastsAMonth: Rule<'GRANT_DEROGATION'> = (context, event) =>
  context.rulesRevision >= 3 ? checkDerogation(event.grantedOn, event.newDeadline) : ok;

// Guide 2021 (001_6dade1b22e1aa482.txt): "publier la fiche de poste sur […] au moins un mois avant la signature du contrat".
const jobOfferPublishedLongEnough: Rule<'SIGN_CONTRACT'> = (context, event) =>
  checkJobPostingDelay(context.policy, context.jobOfferPublishedOn ?? undefined, event.signedOn);

const contractStartsOnOrAfterSignature: Rule<'SIGN_CONTRACT'> = (_context, event) =>
  compareDates(event.startsOn, event.signedOn) < 0
    ? refuse('contract.starts_before_signature', 'Le contrat ne peut pas commencer avant d’être signé.')
    : ok;

// Guide 2021 (001_6dade1b22e1aa482.txt): "pour une durée comprise entre 24 et 36 mois"; AMI 2021 (002_…): "La durée maximale d'un CDD est de 18 mois".
const contractDurationWithinPolicy: Rule<'SIGN_CONTRACT'> = (context, event) =>
  context.rulesRevision >= 2 ? checkContractDuration(context.policy, event, context.rulesRevision >= 3 ? 'up-to-the-day' : 'day-before') : ok;

// FAQ (003_0395d5c6dd79564e.txt): "une nouvelle convention est rédigée et signée"; a contract of another type, or one the convention's amount does not cover, needs one.
const contractCoveredByConvention: Rule<'SIGN_CONTRACT'> = (context, event) => {
  const convention = context.convention;
  if (context.rulesRevision < 3 || !convention?.contractType || convention.policy !== context.policy) return ok;
  if (event.contractType !== convention.contractType) {
    return refuse(
      'contract.type_differs_from_convention',
      `La convention signée le ${frenchDate(convention.signedOn)} est établie pour un ${CONTRACT_TYPE_LABELS[convention.contractType]} : un ${CONTRACT_TYPE_LABELS[event.contractType]} demande une nouvelle convention (${FAQ}).`,
    );
  }
  const covered = computeSubsidy({
    policy: context.policy,
    sector: context.structure.sector,
    structureKind: context.structure.kind,
    department: context.structure.department,
    contractType: event.contractType,
    otherAidCents: event.otherAidCents,
    suppliedAmountCents: convention.amountCents,
    suppliedConventionMonths: convention.months,
  });
  return covered.ok
    ? ok
    : refuse(
        'contract.not_covered_by_convention',
        `La convention signée le ${frenchDate(convention.signedOn)} paie ${frenchEuros(convention.amountCents)} sur ${convention.months} mois pour un ${CONTRACT_TYPE_LABELS[convention.contractType]} : un ${CONTRACT_TYPE_LABELS[event.contractType]} ${event.otherAidCents ? 'avec d’autres aides publiques ' : ''}demande une nouvelle convention (${FAQ}).`,
      );
};

const positioningOnPolicyPaths: Rule<'RECORD_POSITIONING'> = (context, event) =>
  checkPositioning(context.policy, { hours: event.hours, exemption: event.exemption });

const contractSignedBeforeTraining: Rule<'START_TRAINING'> = (context, event) =>
  checkContractBeforeTraining(context.contract?.signedOn, event.startedOn);

// Guide 2022 (000_478a79800a90412a.txt): "un test de positionnement qui déterminera le parcours de formation".
const positioningSetsATrainingPath: Rule<'START_TRAINING'> = (context) =>
  context.training?.hours
    ? ok
    : refuse('training.positioning_missing', `La formation ne peut commencer qu’après le test de positionnement qui fixe le parcours (${GUIDE_2022}).`);

// FAQ (003_0395d5c6dd79564e.txt): "les conseillers dont le contrat arrive à échéance au cours de la formation peuvent terminer leur formation".
const trainingToComplete: Rule<'COMPLETE_TRAINING'> = (context) => {
  const inTraining = context.training?.startedOn && !context.training.completedOn;
  const departed = context.rulesRevision >= 3 && context.departedTrainee?.training.startedOn && !context.departedTrainee.training.completedOn;
  return inTraining || departed
    ? ok
    : refuse('training.none_in_progress', 'Aucun conseiller de ce poste n’est en formation : il n’y a pas de formation à terminer.');
};

// Guide 2022 (000_478a79800a90412a.txt): "Votre choix est arrêté sur un candidat" comes before "Demande de subvention".
const candidateValidated: Rule<'SUBMIT_SUBSIDY_REQUEST'> = (context) =>
  context.advisorsRecruited > 0
    ? ok
    : refuse('subsidy.candidate_not_validated', `La demande de subvention suit la validation d’un candidat (${GUIDE_2022}).`);

// Guide 2022 (000_478a79800a90412a.txt): "Vous pouvez paralléliser la signature de la convention et du contrat de travail".
const conventionAmountResolvable: Rule<'SIGN_CONVENTION'> = (context, event) => {
  const contract = context.contract;
  if (context.rulesRevision < 3) {
    if (event.contractType !== undefined || event.months !== undefined) {
      return refuse(
        'rules.revision_required',
        `Le type de contrat prévu et la durée de la convention s’indiquent avec la révision 3 des règles (RULES.md §8) ; ce poste suit la révision ${context.rulesRevision} jusqu’à la prochaine reprise de son processus.`,
      );
    }
    if (!contract) {
      return refuse(
        'convention.contract_missing',
        `La convention se signe une fois le contrat de travail signé : son type fixe le montant de la subvention (${GUIDE_2022}).`,
      );
    }
  } else if (!contract && !event.contractType) {
    return refuse(
      'convention.contract_type_missing',
      `Signée avant le contrat de travail, la convention indique le type de contrat prévu (contractType) : il fixe le montant de la subvention (${GUIDE_2022} : « Vous pouvez paralléliser la signature de la convention et du contrat de travail »).`,
    );
  } else if (contract && event.contractType && event.contractType !== contract.contractType) {
    return refuse(
      'convention.contract_type_differs',
      `Le contrat signé est un ${CONTRACT_TYPE_LABELS[contract.contractType]}, pas un ${CONTRACT_TYPE_LABELS[event.contractType]} : la convention paie le contrat signé.`,
    );
  }
  const subsidy = computeSubsidy({
    policy: context.policy,
    sector: context.structure.sector,
    structureKind: context.structure.kind,
    department: context.structure.department,
    contractType: contract?.contractType ?? event.contractType!,
    otherAidCents: contract?.otherAidCents ?? 0,
    suppliedAmountCents: event.amountCents,
    suppliedConventionMonths: context.rulesRevision >= 3 ? event.months : undefined,
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
    return refuse('tranche.suspended', `La tranche ${event.tranche} est suspendue jusqu’à la reprise des paiements (${AMI_2021} §III.6).`);
  }
  if (tranche.status === 'scheduled') {
    return refuse('tranche.not_due', `La tranche ${event.tranche} n’est pas exigible avant le ${frenchDate(tranche.payableFrom ?? tranche.dueOn)}.`);
  }
  return ok;
};

const paymentMatchesTranche: Rule<'CONFIRM_TRANCHE_PAYMENT'> = (context, event) => {
  const tranche = context.tranches.find((t) => t.number === event.tranche);
  return tranche && tranche.amountCents !== event.amountCents
    ? refuse(
        'tranche.amount_mismatch',
        `Le montant payé (${frenchEuros(event.amountCents)}) doit égaler celui de la tranche ${event.tranche} (${frenchEuros(tranche.amountCents)}).`,
      )
    : ok;
};

// AMI 2021 (002_ba07e18f5cc1ad7d.txt): "sous réserve de l'inscription en formation du Conseiller numérique […] et de la transmission du contrat".
const firstTrancheConditionsMet: Rule<'CONFIRM_TRANCHE_PAYMENT'> = (context, event) => {
  if (context.rulesRevision < 3) {
    return event.tranche === 1 && context.convention?.policy === '2021-private' && !(context.training && context.contract?.transmittedOn)
      ? refuse(
          'tranche.first_conditions',
          `La première tranche suppose le conseiller inscrit en formation et le contrat transmis à la Banque des Territoires (${AMI_2021}).`,
        )
      : ok;
  }
  const tranche = context.tranches.find((t) => t.number === event.tranche);
  const missing = tranche ? missingTrancheConditions(context, tranche) : [];
  return missing.length > 0
    ? refuse(
        'tranche.first_conditions',
        `La tranche ${event.tranche} attend encore : ${missing.map((m) => TRANCHE_CONDITION_LABELS[m]).join(' ; ')} (${seedTitle(POLICIES[context.convention!.policy].tranches.source)}).`,
      )
    : ok;
};

const trancheIsScheduled: Rule<'TRANCHE_DUE'> = (context, event) =>
  context.tranches.some((t) => t.number === event.tranche && t.status === 'scheduled')
    ? ok
    : refuse('tranche.not_scheduled', `La tranche ${event.tranche} n’est pas en attente d’échéance.`);

// AMI 2021 (002_ba07e18f5cc1ad7d.txt): "la subvention est versée en contrepartie de l'emploi du/des Conseillers"; and the tranche's own conditions.
const trancheConditionsHold: Rule<'TRANCHE_DUE'> = (context, event) => {
  const tranche = context.tranches.find((t) => t.number === event.tranche);
  if (context.rulesRevision < 3 || !tranche) return ok;
  if (!context.contract) {
    return refuse(
      'tranche.post_vacant',
      `La tranche ${event.tranche} attend la signature du contrat du prochain conseiller : la subvention est versée en contrepartie de son emploi (${AMI_2021}).`,
    );
  }
  const missing = missingTrancheConditions(context, tranche);
  return missing.length > 0
    ? refuse('tranche.conditions_missing', `La tranche ${event.tranche} attend encore : ${missing.map((m) => TRANCHE_CONDITION_LABELS[m]).join(' ; ')}.`)
    : ok;
};

const FOLLOW_UP_LABELS = { activity: 'le suivi d’activité mensuel' } as const;

const followUpReportScheduled: Rule<'FOLLOW_UP_DUE'> = (context, event) => {
  const scheduled =
    event.report === 'activity' ? context.nextActivityReportOn !== null : context.followUpReportsDue[event.report] !== undefined;
  const label =
    event.report === 'activity'
      ? FOLLOW_UP_LABELS.activity
      : `le ${POLICIES[context.convention?.policy ?? context.policy].followUpReports.find((r) => r.report === event.report)?.label ?? event.report}`;
  return scheduled ? ok : refuse('follow_up.not_scheduled', `Aucune échéance n’est prévue pour ${label} de ce poste.`);
};

// FAQ (003_0395d5c6dd79564e.txt): an absence has its supporting documents and "la durée de son indisponibilité"; a new declaration replaces it (rules revision 3).
const absenceDeclarable: Rule<'DECLARE_ABSENCE'> = (context) =>
  context.absence && context.rulesRevision < 3
    ? refuse('absence.already_declared', `Une absence est déjà déclarée depuis le ${frenchDate(context.absence.from)}.`)
    : ok;

const absenceDeclared: Rule<'END_ABSENCE'> = (context) =>
  context.absence ? ok : refuse('absence.none', 'Aucune absence n’est en cours.');

// FAQ (003_0395d5c6dd79564e.txt): "la durée de son indisponibilité"; the absence ends by itself on the last day declared.
const absenceEndsThatDay: Rule<'ABSENCE_END_REACHED'> = (context, event) =>
  context.absence?.to === event.on
    ? ok
    : refuse('absence.not_ending', `Aucune absence déclarée ne finit le ${frenchDate(event.on)}.`);

const contractSigned: Rule<'DECLARE_CONTRACT_RUPTURE'> = (context) =>
  context.contract ? ok : refuse('contract.not_signed', 'Aucun contrat de travail n’est signé pour ce poste.');

const contractAwaitingTransmission: Rule<'TRANSMIT_CONTRACT'> = (context) => {
  if (!context.contract) return refuse('contract.not_signed', 'Le contrat doit être signé avant d’être transmis.');
  if (context.contract.transmittedOn) {
    return refuse('contract.already_transmitted', `Le contrat a déjà été transmis le ${frenchDate(context.contract.transmittedOn)}.`);
  }
  return ok;
};

// Guide 2021 (001_6dade1b22e1aa482.txt): "publier la fiche de poste sur […] au moins un mois avant la signature du contrat".
const contractNotYetSigned: Rule<'PUBLISH_JOB_OFFER'> = (context) =>
  context.contract
    ? refuse(
        'job_offer.contract_already_signed',
        `L’offre d’emploi se publie avant la signature du contrat (${seedTitle('001_6dade1b22e1aa482.txt')}).`,
      )
    : ok;

// AMI 2021 §III.6 (002_ba07e18f5cc1ad7d.txt): "une suspension du versement de la subvention", of a subsidy under a convention.
const conventionSigned: Rule<'SUSPEND_PAYMENTS'> = (context) =>
  context.convention
    ? ok
    : refuse('payments.no_convention', `Aucune convention n’est signée : il n’y a pas de paiement à suspendre (${AMI_2021} §III.6).`);

// AMI 2021 (002_ba07e18f5cc1ad7d.txt): "dans un délai maximum de trois mois"; only a deadline that runs can be reached.
const recruitmentDeadlineRunning: Rule<'RECRUITMENT_DEADLINE_REACHED'> = (context) =>
  context.recruitmentDeadline ? ok : refuse('recruitment.no_deadline', 'Aucune échéance de recrutement ne court pour ce poste.');

// FAQ (003_0395d5c6dd79564e.txt): "un poste peut être réattribué à une autre structure déjà présente dans le dispositif".
const transferToAnotherStructure: Rule<'TRANSFER_POST'> = (context, event) => {
  if (context.rulesRevision < 3) return ok;
  if (!event.transferredOn) {
    return refuse('transfer.date_missing', 'Le transfert indique son jour (transferredOn) : l’échéance de recrutement du poste de la structure cible en part.');
  }
  return event.targetStructure.siret === context.structure.siret
    ? refuse('transfer.same_structure', `Un poste se réattribue à une autre structure que ${context.structure.name} (${FAQ}).`)
    : ok;
};

export const postRules = {
  conventionSigned,
  derogationExtendsDeadline,
  derogationLastsAMonth,
  jobOfferPublishedLongEnough,
  contractStartsOnOrAfterSignature,
  contractDurationWithinPolicy,
  contractCoveredByConvention,
  positioningOnPolicyPaths,
  contractSignedBeforeTraining,
  positioningSetsATrainingPath,
  trainingToComplete,
  candidateValidated,
  conventionAmountResolvable,
  trancheIsDue,
  paymentMatchesTranche,
  firstTrancheConditionsMet,
  trancheIsScheduled,
  trancheConditionsHold,
  followUpReportScheduled,
  absenceDeclarable,
  absenceDeclared,
  absenceEndsThatDay,
  contractSigned,
  contractAwaitingTransmission,
  contractNotYetSigned,
  recruitmentDeadlineRunning,
  transferToAnotherStructure,
};
export type PostRuleName = keyof typeof postRules;

/** The rules each event must pass, in the order their refusals are explained. */
export const rulesByEvent: Partial<Record<PostEvent['type'], PostRuleName[]>> = {
  GRANT_DEROGATION: ['derogationLastsAMonth', 'derogationExtendsDeadline'],
  SIGN_CONTRACT: ['contractStartsOnOrAfterSignature', 'contractDurationWithinPolicy', 'jobOfferPublishedLongEnough', 'contractCoveredByConvention'],
  RECORD_POSITIONING: ['positioningOnPolicyPaths'],
  START_TRAINING: ['contractSignedBeforeTraining', 'positioningSetsATrainingPath'],
  COMPLETE_TRAINING: ['trainingToComplete'],
  SUBMIT_SUBSIDY_REQUEST: ['candidateValidated'],
  SIGN_CONVENTION: ['conventionAmountResolvable'],
  CONFIRM_TRANCHE_PAYMENT: ['trancheIsDue', 'paymentMatchesTranche', 'firstTrancheConditionsMet'],
  TRANCHE_DUE: ['trancheIsScheduled', 'trancheConditionsHold'],
  FOLLOW_UP_DUE: ['followUpReportScheduled'],
  DECLARE_ABSENCE: ['absenceDeclarable'],
  END_ABSENCE: ['absenceDeclared'],
  ABSENCE_END_REACHED: ['absenceEndsThatDay'],
  DECLARE_CONTRACT_RUPTURE: ['contractSigned'],
  TRANSMIT_CONTRACT: ['contractAwaitingTransmission'],
  PUBLISH_JOB_OFFER: ['contractNotYetSigned'],
  SUSPEND_PAYMENTS: ['conventionSigned'],
  RECRUITMENT_DEADLINE_REACHED: ['recruitmentDeadlineRunning'],
  TRANSFER_POST: ['transferToAnotherStructure'],
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
