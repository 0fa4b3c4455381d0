import { daysBetween } from '../calendar/business-date';
import { CONTRACT_TYPE_LABELS, type FollowUpReport, POLICIES } from '../policies/policy';
import { recruitmentRunsUntilContract } from '../policies/recruitment-deadline';
import { seedTitle } from '../policies/seed-file';
import { subsidyInstructionEarliestOn } from '../policies/subsidy-instruction';
import { frenchDate, frenchEuros } from '../text/french-format';
import type { Role, StaffRole } from './actor';
import type { PostContext } from './post-context';
import { missingTrancheConditions, TRANCHE_CONDITION_LABELS } from './tranche-conditions';

/**
 * What a notification is about, who receives it and what it says (French, for people: dates and
 * amounts the French way, RULES.md §5). The workflow turns each topic into one outbox row per
 * recipient, keyed so that it is written once.
 */

/** A role of the post's own territory, or a role of another one (the target structure of a transfer). */
export type Recipient = StaffRole | { role: StaffRole; scope: string };

interface TopicDefinition {
  /** RULES.md §5: everyone concerned by a change, not only the one who must act next. */
  recipients: readonly Recipient[] | ((context: PostContext, detail: NotificationDetail) => readonly Recipient[]);
  subject: (context: PostContext, detail: NotificationDetail) => string;
  body: (context: PostContext, detail: NotificationDetail) => string;
}

/** Facts a notification adds to the post's context: the date it is about, how far it is, who acted. */
export interface NotificationDetail {
  dueOn?: string;
  daysBefore?: number;
  tranche?: number;
  /** The role that sent the event, told of nothing it did itself. */
  sentBy?: Role;
}

const post = (c: PostContext) => `le poste ${c.postId} (${c.structure.name}, ${c.structure.department})`;
const inDays = (d: NotificationDetail) => (d.daysBefore === 1 ? 'demain' : `dans ${d.daysBefore} jours`);
const day = (date: string | null | undefined) => (date ? frenchDate(date as never) : '');
const advisorName = (c: PostContext) => (c.advisor ? `${c.advisor.firstName} ${c.advisor.lastName}` : 'le conseiller');
const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const ABSENCE_LABELS = { sick: 'arrêt maladie', maternity: 'congé maternité', parental: 'congé parental' } as const;

/** Structure, bdt and ANCT, less the one who acted: a suspension concerns all three (RULES.md §5). */
const fundingParties = (_c: PostContext, d: NotificationDetail): StaffRole[] =>
  (['structure', 'bdt', 'anct'] as const).filter((role) => role !== d.sentBy);

/** The follow-up as the post's own seed names it (001_…: « Suivi semestriel du conseiller numérique »). */
function followUpLabel(c: PostContext, report: FollowUpReport): string {
  const policy = POLICIES[c.convention?.policy ?? c.policy];
  const rule = policy.followUpReports.find((r) => r.report === report) ?? POLICIES[c.policy].followUpReports.find((r) => r.report === report);
  return rule ? rule.label : report;
}

function followUpSource(c: PostContext, report: FollowUpReport): string {
  const rule = POLICIES[c.policy].followUpReports.find((r) => r.report === report);
  return rule ? seedTitle(rule.source) : '';
}

const untilContract = (c: PostContext) => c.rulesRevision >= 3 && recruitmentRunsUntilContract(c.policy);
const recruitWhat = (c: PostContext) => (untilContract(c) ? 'recrutez votre conseiller et signez son contrat de travail' : 'recrutez votre conseiller');

export const notificationTopics = {
  'application-submitted': {
    recipients: ['prefecture'],
    subject: (c) => `Nouvelle candidature à examiner : ${c.structure.name}`,
    body: (c) => `La structure ${c.structure.name} candidate pour ${post(c)}. Merci de donner l’avis de la préfecture.`,
  },
  'information-requested': {
    recipients: ['structure'],
    subject: () => 'La préfecture demande des informations sur votre candidature',
    body: (c) => `Questions de la préfecture sur ${post(c)} : ${c.pendingQuestions ?? ''}`,
  },
  'information-provided': {
    recipients: ['prefecture'],
    subject: (c) => `Réponse de ${c.structure.name} à vos questions`,
    body: (c) => `La structure a répondu à vos questions sur ${post(c)}.`,
  },
  'opinion-given': {
    recipients: ['anct'],
    subject: (c) => `Avis préfectoral rendu : ${c.structure.name}`,
    body: (c) => `Avis ${c.prefectureOpinion?.opinion === 'favorable' ? 'favorable' : 'défavorable'} sur ${post(c)}. Le dossier passe en comité.`,
  },
  'post-validated': {
    recipients: ['structure'],
    subject: () => 'Votre poste de conseiller numérique est accordé',
    body: (c) =>
      c.recruitmentDeadline
        ? `Le comité a validé ${post(c)}. ${capitalised(recruitWhat(c))} avant le ${day(c.recruitmentDeadline)}.`
        : `Le comité a validé ${post(c)}. Recrutez votre conseiller dans les meilleurs délais.`,
  },
  'post-rejected': {
    recipients: ['structure'],
    subject: () => 'Votre candidature n’a pas été retenue',
    body: (c) => `Le comité n’a pas retenu ${post(c)}.`,
  },
  'derogation-granted': {
    recipients: ['structure'],
    subject: () => 'Nouvelle échéance de recrutement',
    body: (c) => `L’ANCT accorde une dérogation pour ${post(c)} : ${recruitWhat(c)} avant le ${day(c.recruitmentDeadline)}.`,
  },
  'recruitment-overdue': {
    recipients: ['anct', 'structure'],
    subject: (c) => `Échéance de recrutement dépassée : ${c.structure.name}`,
    body: (c) =>
      `L’échéance de recrutement de ${post(c)} (${day(c.recruitmentDeadline)}) est passée${untilContract(c) ? ' sans contrat de travail signé' : ''}. L’ANCT accorde une dérogation ou retire le poste.`,
  },
  'recruitment-deadline-reminder': {
    recipients: ['structure'],
    subject: (_c, d) => `Échéance de recrutement ${inDays(d)}`,
    body: (c, d) =>
      untilContract(c)
        ? `Le recrutement pour ${post(c)} et la signature du contrat de travail doivent être faits avant le ${day(d.dueOn)} (${seedTitle('002_ba07e18f5cc1ad7d.txt')}).`
        : `Le recrutement pour ${post(c)} doit être fait avant le ${day(d.dueOn)}.`,
  },
  'subsidy-requested': {
    recipients: ['bdt'],
    subject: (c) => `Demande de subvention à instruire : ${c.structure.name}`,
    body: (c) => `Dossier ${c.subsidyRequest?.dossierNumber ?? ''} déposé le ${day(c.subsidyRequest?.submittedOn)} pour ${post(c)}.`,
  },
  'subsidy-request-received': {
    recipients: ['structure'],
    subject: () => 'Votre demande de subvention est en instruction',
    body: (c) =>
      `La Banque des Territoires instruit le dossier ${c.subsidyRequest?.dossierNumber ?? ''} de ${post(c)}. Comptez trois semaines d’instruction au minimum : votre projet de convention n’arrivera pas avant le ${day(c.subsidyRequest ? subsidyInstructionEarliestOn(c.subsidyRequest.submittedOn) : null)}.`,
  },
  'subsidy-instruction-overdue': {
    recipients: ['bdt'],
    subject: (c) => `Suivi de l’instruction : ${c.structure.name}`,
    body: (c) =>
      `La demande ${c.subsidyRequest?.dossierNumber ?? ''} pour ${post(c)}, déposée le ${day(c.subsidyRequest?.submittedOn)}, est en instruction depuis trois semaines, le minimum annoncé à la structure.`,
  },
  'subsidy-instruction-follow-up': {
    recipients: ['bdt'],
    subject: (c) => `Suivi de l’instruction : ${c.structure.name}`,
    body: (c) =>
      `La demande ${c.subsidyRequest?.dossierNumber ?? ''} pour ${post(c)}, déposée le ${day(c.subsidyRequest?.submittedOn)}, est en instruction depuis un mois, sans compter l’attente des pièces demandées (« l’examen prend environ un mois », ${seedTitle('001_6dade1b22e1aa482.txt')}). Où en est le projet de convention ?`,
  },
  'documents-requested': {
    recipients: ['structure'],
    subject: () => 'Pièces demandées par la Banque des Territoires',
    body: (c) => `Pièces à fournir pour ${post(c)} : ${c.subsidyRequest?.documentsRequested.join(', ') ?? ''}.`,
  },
  'convention-signed': {
    recipients: ['structure'],
    subject: () => 'Convention de subvention signée',
    body: (c) =>
      `La convention de ${post(c)} est signée : ${frenchEuros(c.convention?.amountCents ?? 0)} sur ${c.convention?.months ?? 0} mois, jusqu’au ${day(c.convention?.endsOn)}.`,
  },
  'training-not-started': {
    recipients: ['structure', 'training_org'],
    subject: () => 'Formation non commencée quinze jours après le début du contrat',
    body: (c, d) =>
      `Le conseiller de ${post(c)} devait partir en formation au plus tard le ${day(d.dueOn)} (guide 2022 : quinze jours après le début du contrat).`,
  },
  'training-completed': {
    recipients: ['structure', 'bdt'],
    subject: () => 'Formation initiale terminée',
    body: (c) => `Le conseiller de ${post(c)} a terminé sa formation initiale.`,
  },
  'departed-trainee-completed': {
    recipients: ['structure', 'anct'],
    subject: () => 'Formation terminée par un conseiller parti',
    body: (c) => {
      const trainee = c.departedTrainee;
      const name = trainee ? `${trainee.advisor.firstName} ${trainee.advisor.lastName}` : 'Le conseiller';
      return `${name}, dont le contrat sur ${post(c)} a pris fin pendant la formation, l’a terminée le ${day(trainee?.training.completedOn)} (CCP1 : ${trainee?.training.ccp1 ?? ''}).`;
    },
  },
  'activity-report-due': {
    recipients: ['structure'],
    subject: () => 'Suivi d’activité mensuel',
    body: (c) => `Pensez à renseigner les comptes rendus d’activité de ${post(c)}.`,
  },
  'subsidy-use-report-due': {
    recipients: ['structure'],
    subject: (c) => capitalised(followUpLabel(c, 'subsidy-use')),
    body: (c) => `Merci de renseigner le ${followUpLabel(c, 'subsidy-use')} de ${post(c)} (${followUpSource(c, 'subsidy-use')}).`,
  },
  'hosting-conditions-report-due': {
    recipients: ['structure'],
    subject: (c) => capitalised(followUpLabel(c, 'hosting-conditions')),
    body: (c) => `Merci de renseigner le ${followUpLabel(c, 'hosting-conditions')} de ${post(c)} (${followUpSource(c, 'hosting-conditions')}).`,
  },
  'contract-not-signed': {
    recipients: ['structure', 'bdt'],
    subject: () => 'Contrat non signé quinze jours après la validation de la subvention',
    body: (c, d) =>
      `Le contrat du conseiller de ${post(c)} devait être signé au plus tard le ${day(d.dueOn)}, quinze jours après la validation de la demande de subvention (guide 2021 des structures publiques).`,
  },
  'contract-end-reminder': {
    recipients: ['structure'],
    subject: (_c, d) => `Fin du contrat du conseiller ${inDays(d)}`,
    body: (c, d) =>
      `Le ${c.contract ? CONTRACT_TYPE_LABELS[c.contract.contractType] : 'contrat'} de ${advisorName(c)} sur ${post(c)} prend fin le ${day(d.dueOn)} : déclarez son renouvellement ou la fin du contrat.`,
  },
  'contract-ended': {
    recipients: ['structure'],
    subject: () => 'Contrat du conseiller arrivé à son terme',
    body: (c, d) =>
      `Le ${c.contract ? CONTRACT_TYPE_LABELS[c.contract.contractType] : 'contrat'} de ${advisorName(c)} sur ${post(c)} a pris fin le ${day(d.dueOn)} : déclarez la fin du contrat (CDD non renouvelé) ou son renouvellement.`,
  },
  'tranche-due': {
    recipients: ['bdt'],
    subject: (c, d) => `Ordre de paiement : tranche ${d.tranche} de ${c.structure.name}`,
    body: (c, d) => {
      const t = c.tranches.find((x) => x.number === d.tranche);
      return `La tranche ${d.tranche} de ${post(c)} est exigible depuis le ${day(t?.payableFrom ?? t?.dueOn)} : ${frenchEuros(t?.amountCents ?? 0)}.`;
    },
  },
  'tranche-conditions-missing': {
    recipients: ['structure'],
    subject: (_c, d) => `Tranche ${d.tranche} de la subvention en attente`,
    body: (c, d) => {
      const t = c.tranches.find((x) => x.number === d.tranche);
      const missing = t ? missingTrancheConditions(c, t).map((m) => TRANCHE_CONDITION_LABELS[m]) : [];
      return `La tranche ${d.tranche} de ${post(c)} (${frenchEuros(t?.amountCents ?? 0)}) devait être versée au plus tard le ${day(d.dueOn)}. L’ordre de paiement n’est pas envoyé : il manque ${missing.join(' et ')}.`;
    },
  },
  'tranche-waits-for-advisor': {
    recipients: ['bdt'],
    subject: (c, d) => `Tranche ${d.tranche} de ${c.structure.name} en attente : poste vacant`,
    body: (c, d) => {
      const t = c.tranches.find((x) => x.number === d.tranche);
      return `La tranche ${d.tranche} de ${post(c)} (${frenchEuros(t?.amountCents ?? 0)}), échue le ${day(d.dueOn)}, attend la signature du contrat du prochain conseiller : la subvention est versée en contrepartie de l’emploi du conseiller (${seedTitle('002_ba07e18f5cc1ad7d.txt')}).`;
    },
  },
  'payments-suspended': {
    recipients: fundingParties,
    subject: (c) => `Paiements suspendus : ${c.structure.name}`,
    body: (c) => `Les paiements de ${post(c)} sont suspendus : ${c.suspensionReason ?? ''}.`,
  },
  'payments-resumed': {
    recipients: fundingParties,
    subject: (c) => `Paiements repris : ${c.structure.name}`,
    body: (c) => `Les paiements de ${post(c)} reprennent ; les tranches suspendues sont exigibles.`,
  },
  'absence-declared': {
    recipients: ['anct'],
    subject: (c) => `Absence du conseiller : ${c.structure.name}`,
    body: (c) => {
      const a = c.absence;
      if (!a) return '';
      const days = daysBetween(a.from, a.to) + 1;
      return `${capitalised(advisorName(c))} (${post(c)}) est absent(e) du ${day(a.from)} au ${day(a.to)}, soit ${days} jour${days > 1 ? 's' : ''} : ${ABSENCE_LABELS[a.kind]}${a.supportingDocuments ? ` (justificatifs : ${a.supportingDocuments})` : ''}. Aucun compte rendu d’activité n’est attendu pendant cette période.`;
    },
  },
  'absence-ended': {
    recipients: ['anct'],
    subject: (c) => `Retour du conseiller : ${c.structure.name}`,
    body: (c) => `${capitalised(advisorName(c))} (${post(c)}) a repris ses missions avant la fin déclarée de son absence.`,
  },
  'convention-end-reminder': {
    recipients: ['structure', 'bdt'],
    subject: (_c, d) => `Fin de convention ${inDays(d)}`,
    body: (c, d) => `La convention de ${post(c)} prend fin le ${day(d.dueOn)}. Demandez son renouvellement ou déclinez-le.`,
  },
  'convention-ended': {
    recipients: ['structure', 'anct', 'bdt'],
    subject: () => 'Convention arrivée à échéance',
    body: (c) => `La convention de ${post(c)} est arrivée à son terme le ${day(c.convention?.endsOn)}.`,
  },
  'renewal-requested': {
    recipients: ['bdt'],
    subject: (c) => `Demande de renouvellement : ${c.structure.name}`,
    body: (c) => `${c.structure.name} demande le renouvellement de ${post(c)} (${day(c.renewalRequestedOn)}).`,
  },
  'renewal-validated': {
    recipients: ['structure'],
    subject: () => 'Renouvellement accordé',
    body: (c) =>
      `Nouvelle période de convention pour ${post(c)} jusqu’au ${day(c.convention?.endsOn)} : ${frenchEuros(c.convention?.amountCents ?? 0)}. Transmettez le contrat de travail en cours de validité pour le versement de la première tranche.`,
  },
  'renewal-refused': {
    recipients: ['structure', 'anct'],
    subject: () => 'Renouvellement refusé',
    body: (c) =>
      `La Banque des Territoires refuse le renouvellement de ${post(c)} : ${c.renewalRefusalReasons ?? ''}. Le poste sort du dispositif à la fin de sa convention, le ${day(c.convention?.endsOn)}.`,
  },
  'renewal-declined': {
    recipients: ['bdt'],
    subject: (c) => `Renouvellement décliné : ${c.structure.name}`,
    body: (c) =>
      `${c.structure.name} ne souhaite pas renouveler la convention de ${post(c)} : sortie naturelle à sa fin, le ${day(c.convention?.endsOn)} (« notifier sa volonté de ne pas renouveler sa convention auprès de la Banque des Territoires », ${seedTitle('003_0395d5c6dd79564e.txt')}).`,
  },
  'contract-broken': {
    recipients: ['anct', 'bdt'],
    subject: (c) => `Rupture de contrat : ${c.structure.name}`,
    body: (c) =>
      `Le contrat du conseiller de ${post(c)} est rompu ; le poste est vacant.${c.departedTrainee && !c.departedTrainee.training.completedOn ? ` ${c.departedTrainee.advisor.firstName} ${c.departedTrainee.advisor.lastName} peut terminer sa formation et passer ses examens.` : ''}`,
  },
  'post-closed': {
    recipients: ['structure', 'anct', 'bdt'],
    subject: () => 'Sortie du dispositif à la fin de la convention',
    body: (c) => `${capitalised(post(c))} sort du dispositif à la fin de sa convention, le ${day(c.convention?.endsOn)}.`,
  },
  'post-exited-early': {
    recipients: ['anct', 'bdt'],
    subject: (c) => `Sortie anticipée : ${c.structure.name}`,
    body: (c) => `${capitalised(post(c))} sort du dispositif par anticipation le ${day(c.outcome?.on)} : ${c.outcome?.reason ?? ''}.`,
  },
  'post-returned': {
    // RULES.md §5: a post returned while a convention runs concerns bdt, which pays it, as well.
    recipients: (c) => (c.convention && !c.conventionEnded ? ['anct', 'bdt'] : ['anct']),
    subject: (c) => `Poste rendu : ${c.structure.name}`,
    body: (c) => `${capitalised(post(c))} est rendu le ${day(c.outcome?.on)} : ${c.outcome?.reason ?? ''}.`,
  },
  'post-withdrawn': {
    recipients: ['structure'],
    subject: () => 'Poste retiré',
    body: (c) => `L’ANCT retire ${post(c)} : ${c.outcome?.reason ?? ''}.`,
  },
  'post-transferred': {
    // RULES.md §5: the old and the target structure, and ANCT.
    recipients: (c) => (c.transferTarget ? ['structure', { role: 'structure', scope: c.transferTarget.siret }, 'anct'] : ['structure', 'anct']),
    subject: () => 'Poste transféré',
    body: (c) =>
      `${capitalised(post(c))} est transféré à ${c.transferTarget?.name ?? ''}${c.transferredToPostId ? `, où il devient le poste ${c.transferredToPostId}` : ''}.`,
  },
  'post-received-by-transfer': {
    recipients: ['structure'],
    subject: () => 'Un poste de conseiller numérique vous est réattribué',
    body: (c) =>
      `L’ANCT réattribue à ${c.structure.name} le poste ${c.transferredFromPostId ?? ''}, qui devient ${post(c)}. ${c.recruitmentDeadline ? `${capitalised(recruitWhat(c))} avant le ${day(c.recruitmentDeadline)}.` : 'Recrutez votre conseiller dans les meilleurs délais.'}`,
  },
} satisfies Record<string, TopicDefinition>;

export type NotificationTopic = keyof typeof notificationTopics;

/** The recipients of a topic for this post and event. */
export function topicRecipients(topic: NotificationTopic, context: PostContext, detail: NotificationDetail): readonly Recipient[] {
  const recipients = (notificationTopics[topic] as TopicDefinition).recipients;
  return typeof recipients === 'function' ? recipients(context, detail) : recipients;
}
