import type { StaffRole } from './actor';
import type { PostContext } from './post-context';

/**
 * What a notification is about, who receives it and what it says (French, for people). The
 * workflow turns each topic into one outbox row per recipient, keyed so that it is written once.
 */
interface TopicDefinition {
  recipients: readonly StaffRole[];
  subject: (context: PostContext, detail: NotificationDetail) => string;
  body: (context: PostContext, detail: NotificationDetail) => string;
}

/** Facts a reminder adds to the post's context: the date it is about and how far it is. */
export interface NotificationDetail {
  dueOn?: string;
  daysBefore?: number;
  tranche?: number;
}

const post = (c: PostContext) => `le poste ${c.postId} (${c.structure.name}, ${c.structure.department})`;
const inDays = (d: NotificationDetail) => (d.daysBefore === 1 ? 'demain' : `dans ${d.daysBefore} jours`);

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
        ? `Le comité a validé ${post(c)}. Recrutez votre conseiller avant le ${c.recruitmentDeadline}.`
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
    body: (c) => `L’ANCT accorde une dérogation pour ${post(c)} : recrutez avant le ${c.recruitmentDeadline}.`,
  },
  'recruitment-overdue': {
    recipients: ['anct', 'structure'],
    subject: (c) => `Échéance de recrutement dépassée : ${c.structure.name}`,
    body: (c) =>
      `L’échéance de recrutement de ${post(c)} (${c.recruitmentDeadline}) est passée. L’ANCT accorde une dérogation ou retire le poste.`,
  },
  'recruitment-deadline-reminder': {
    recipients: ['structure'],
    subject: (_c, d) => `Échéance de recrutement ${inDays(d)}`,
    body: (c, d) => `Le recrutement pour ${post(c)} doit être fait avant le ${d.dueOn}.`,
  },
  'subsidy-requested': {
    recipients: ['bdt'],
    subject: (c) => `Demande de subvention à instruire : ${c.structure.name}`,
    body: (c) => `Dossier ${c.subsidyRequest?.dossierNumber ?? ''} déposé le ${c.subsidyRequest?.submittedOn ?? ''} pour ${post(c)}.`,
  },
  'subsidy-instruction-overdue': {
    recipients: ['bdt'],
    subject: (c) => `Instruction en attente depuis trois semaines : ${c.structure.name}`,
    body: (c) =>
      `La demande ${c.subsidyRequest?.dossierNumber ?? ''} pour ${post(c)} attend son projet de convention depuis le ${c.subsidyRequest?.submittedOn ?? ''} (trois semaines au moins, guide 2022).`,
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
      `La convention de ${post(c)} est signée : ${(c.convention?.amountCents ?? 0) / 100} € sur ${c.convention?.months ?? 0} mois.`,
  },
  'training-not-started': {
    recipients: ['structure', 'training_org'],
    subject: () => 'Formation non commencée quinze jours après le début du contrat',
    body: (c, d) =>
      `Le conseiller de ${post(c)} devait partir en formation au plus tard le ${d.dueOn} (guide 2022 : quinze jours après le début du contrat).`,
  },
  'training-completed': {
    recipients: ['structure', 'bdt'],
    subject: () => 'Formation initiale terminée',
    body: (c) => `Le conseiller de ${post(c)} a terminé sa formation initiale.`,
  },
  'activity-report-due': {
    recipients: ['structure'],
    subject: () => 'Suivi d’activité mensuel',
    body: (c) => `Pensez à renseigner les comptes rendus d’activité de ${post(c)}.`,
  },
  'subsidy-use-report-due': {
    recipients: ['structure'],
    subject: () => 'Suivi trimestriel de l’utilisation de la subvention',
    body: (c) =>
      `Merci de renseigner le suivi trimestriel de l’utilisation de la subvention de ${post(c)} (guide 2021 des structures publiques).`,
  },
  'hosting-conditions-report-due': {
    recipients: ['structure'],
    subject: () => 'Suivi semestriel des conditions d’accueil du conseiller',
    body: (c) =>
      `Merci de renseigner le suivi semestriel des conditions d’accueil du conseiller de ${post(c)} : ce que la structure a mis en place pour l’accompagner dans ses missions.`,
  },
  'contract-not-signed': {
    recipients: ['structure', 'bdt'],
    subject: () => 'Contrat non signé quinze jours après la validation de la subvention',
    body: (c, d) =>
      `Le contrat du conseiller de ${post(c)} devait être signé au plus tard le ${d.dueOn}, quinze jours après la validation de la demande de subvention (guide 2021 des structures publiques).`,
  },
  'tranche-due': {
    recipients: ['bdt'],
    subject: (c, d) => `Ordre de paiement : tranche ${d.tranche} de ${c.structure.name}`,
    body: (c, d) => {
      const t = c.tranches.find((x) => x.number === d.tranche);
      return `La tranche ${d.tranche} de ${post(c)} est exigible depuis le ${t?.dueOn ?? ''} : ${(t?.amountCents ?? 0) / 100} €.`;
    },
  },
  'payments-suspended': {
    recipients: ['structure'],
    subject: () => 'Paiements suspendus',
    body: (c) => `Les paiements de ${post(c)} sont suspendus : ${c.suspensionReason ?? ''}.`,
  },
  'payments-resumed': {
    recipients: ['structure', 'bdt'],
    subject: () => 'Paiements repris',
    body: (c) => `Les paiements de ${post(c)} reprennent ; les tranches suspendues sont exigibles.`,
  },
  'convention-end-reminder': {
    recipients: ['structure', 'bdt'],
    subject: (_c, d) => `Fin de convention ${inDays(d)}`,
    body: (c, d) => `La convention de ${post(c)} prend fin le ${d.dueOn}. Demandez son renouvellement ou déclinez-le.`,
  },
  'convention-ended': {
    recipients: ['structure', 'anct'],
    subject: () => 'Convention arrivée à échéance',
    body: (c) => `La convention de ${post(c)} est arrivée à son terme le ${c.convention?.endsOn ?? ''}.`,
  },
  'renewal-requested': {
    recipients: ['bdt'],
    subject: (c) => `Demande de renouvellement : ${c.structure.name}`,
    body: (c) => `${c.structure.name} demande le renouvellement de ${post(c)} (${c.renewalRequestedOn ?? ''}).`,
  },
  'renewal-validated': {
    recipients: ['structure'],
    subject: () => 'Renouvellement accordé',
    body: (c) => `Nouvelle période de convention pour ${post(c)} jusqu’au ${c.convention?.endsOn ?? ''}.`,
  },
  'contract-broken': {
    recipients: ['anct', 'bdt'],
    subject: (c) => `Rupture de contrat : ${c.structure.name}`,
    body: (c) => `Le contrat du conseiller de ${post(c)} est rompu ; le poste est vacant.`,
  },
  'post-closed': {
    recipients: ['structure', 'anct', 'bdt'],
    subject: () => 'Sortie du dispositif à la fin de la convention',
    body: (c) => `${post(c)} sort du dispositif à la fin de sa convention.`,
  },
  'post-exited-early': {
    recipients: ['anct', 'bdt'],
    subject: (c) => `Sortie anticipée : ${c.structure.name}`,
    body: (c) => `${post(c)} sort du dispositif par anticipation : ${c.outcome?.reason ?? ''}.`,
  },
  'post-returned': {
    recipients: ['anct'],
    subject: (c) => `Poste rendu : ${c.structure.name}`,
    body: (c) => `${post(c)} est rendu : ${c.outcome?.reason ?? ''}.`,
  },
  'post-withdrawn': {
    recipients: ['structure'],
    subject: () => 'Poste retiré',
    body: (c) => `L’ANCT retire ${post(c)} : ${c.outcome?.reason ?? ''}.`,
  },
  'post-transferred': {
    recipients: ['structure', 'anct'],
    subject: () => 'Poste transféré',
    body: (c) => `${post(c)} est transféré à ${c.transferTarget?.name ?? ''}.`,
  },
} satisfies Record<string, TopicDefinition>;

export type NotificationTopic = keyof typeof notificationTopics;
