import type { StaffRole } from '../../domain/lifecycle/actor';
import type { DeadlineKind } from '../../domain/lifecycle/post-deadlines';
import type { PostEventType, TransferredInEvent } from '../../domain/lifecycle/post-events';
import type { PostStatus } from '../../domain/lifecycle/post-status';

/** French words for what the console shows: statuses, actions, roles, deadlines (RULES.md §1, §3.1, §4). */

/** DSFR badge modifiers: `fr-badge--<type>`; `null` is the plain grey badge. */
export type BadgeType = 'success' | 'error' | 'warning' | 'info' | 'new' | null;

export const STATUS_LABELS: Record<PostStatus, { label: string; badge: BadgeType }> = {
  concertation: { label: 'Concertation territoriale', badge: 'info' },
  information_requested: { label: 'Informations demandées', badge: 'warning' },
  committee: { label: 'Comité national', badge: 'info' },
  rejected: { label: 'Refusé', badge: 'error' },
  recruiting: { label: 'Recrutement', badge: 'new' },
  recruitment_overdue: { label: 'Recrutement en retard', badge: 'warning' },
  withdrawn: { label: 'Retiré', badge: 'error' },
  onboarding: { label: 'Entrée en fonction', badge: 'new' },
  in_training: { label: 'En formation', badge: 'new' },
  active: { label: 'En poste', badge: 'success' },
  vacant: { label: 'Vacant', badge: 'warning' },
  renewal_pending: { label: 'Renouvellement demandé', badge: 'info' },
  closed: { label: 'Clos', badge: null },
  exited_early: { label: 'Sortie anticipée', badge: 'error' },
  returned: { label: 'Rendu', badge: 'error' },
  transferred: { label: 'Transféré', badge: null },
};

export function statusLabel(status: string): { label: string; badge: BadgeType } {
  return STATUS_LABELS[status as PostStatus] ?? { label: status, badge: null };
}

/**
 * Each event as the action a person takes (staff events) or what happened (the timers' events, and
 * the first event of a post that a transfer created, rules revision 3).
 */
export const EVENT_LABELS: Record<PostEventType | TransferredInEvent['type'], string> = {
  SUBMIT_APPLICATION: 'Déposer la candidature',
  REQUEST_INFORMATION: 'Demander des informations à la structure',
  PROVIDE_INFORMATION: 'Répondre à la demande d’informations',
  GIVE_PREFECTURE_OPINION: 'Donner l’avis de la préfecture',
  COMMITTEE_DECISION: 'Enregistrer la décision du comité',
  VALIDATE_CANDIDATE: 'Valider le candidat recruté',
  PUBLISH_JOB_OFFER: 'Déclarer la publication de l’offre d’emploi',
  SUBMIT_SUBSIDY_REQUEST: 'Déposer la demande de subvention',
  REQUEST_DOCUMENTS: 'Demander des pièces',
  PROVIDE_DOCUMENTS: 'Transmettre les pièces demandées',
  VALIDATE_CONFORMITY: 'Valider la conformité du dossier',
  ENROL_IN_TRAINING: 'Inscrire le conseiller en formation',
  RECORD_POSITIONING: 'Enregistrer le positionnement',
  SIGN_CONTRACT: 'Déclarer le contrat de travail signé',
  TRANSMIT_CONTRACT: 'Déclarer le contrat transmis à la Banque des Territoires',
  SIGN_CONVENTION: 'Signer la convention',
  START_TRAINING: 'Déclarer le départ en formation',
  COMPLETE_TRAINING: 'Déclarer la fin de formation',
  CONFIRM_TRANCHE_PAYMENT: 'Confirmer le paiement d’une tranche',
  SUSPEND_PAYMENTS: 'Suspendre les paiements',
  RESUME_PAYMENTS: 'Reprendre les paiements',
  DECLARE_ABSENCE: 'Déclarer une absence du conseiller',
  END_ABSENCE: 'Déclarer la fin de l’absence',
  DECLARE_CONTRACT_RUPTURE: 'Déclarer la rupture du contrat',
  GRANT_DEROGATION: 'Accorder une dérogation',
  WITHDRAW_POST: 'Retirer le poste',
  REQUEST_RENEWAL: 'Demander le renouvellement',
  VALIDATE_RENEWAL: 'Valider le renouvellement',
  REFUSE_RENEWAL: 'Refuser le renouvellement',
  DECLINE_RENEWAL: 'Renoncer au renouvellement',
  EXIT_EARLY: 'Déclarer une sortie anticipée',
  RETURN_POST: 'Rendre le poste',
  TRANSFER_POST: 'Transférer le poste',
  CHANGE_CONTACT: 'Changer le contact de la structure',
  RECRUITMENT_DEADLINE_REACHED: 'Échéance de recrutement atteinte',
  TRANCHE_DUE: 'Tranche arrivée à échéance',
  CONVENTION_END_REACHED: 'Fin de la convention atteinte',
  FOLLOW_UP_DUE: 'Suivi périodique dû',
  ABSENCE_END_REACHED: 'Fin prévue de l’absence atteinte',
  TRANSFERRED_IN: 'Poste attribué par transfert d’un autre poste',
};

export function eventLabel(type: string): string {
  return EVENT_LABELS[type as keyof typeof EVENT_LABELS] ?? type;
}

export const ROLE_LABELS: Record<StaffRole | 'system', string> = {
  structure: 'Structure',
  prefecture: 'Préfecture',
  anct: 'ANCT',
  bdt: 'Banque des Territoires',
  training_org: 'Organisme de formation',
  auditor: 'Contrôle',
  system: 'Échéancier automatique',
};

export function roleLabel(role: string): string {
  return ROLE_LABELS[role as StaffRole] ?? role;
}

/** Every kind of deadline the workflow arms (post-deadlines.ts), typed so that a new kind cannot go unnamed. */
const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  recruitment: 'Recrutement',
  'subsidy-instruction': 'Relance de l’instruction de la subvention',
  'subsidy-instruction-follow-up': 'Suivi de l’instruction de la subvention, après un mois d’instruction',
  'training-start': 'Départ en formation',
  'tranche-1': 'Tranche 1',
  'tranche-2': 'Tranche 2',
  'tranche-3': 'Tranche 3',
  'tranche-1-on-hold': 'Tranche 1, en attente d’un conseiller sous contrat',
  'tranche-2-on-hold': 'Tranche 2, en attente d’un conseiller sous contrat',
  'tranche-3-on-hold': 'Tranche 3, en attente d’un conseiller sous contrat',
  'tranche-1-conditions': 'Tranche 1, conditions à remplir',
  'tranche-2-conditions': 'Tranche 2, conditions à remplir',
  'tranche-3-conditions': 'Tranche 3, conditions à remplir',
  'convention-end': 'Fin de la convention',
  'activity-report': 'Compte rendu d’activité',
  'contract-signature': 'Signature du contrat',
  'contract-end': 'Fin du contrat de travail',
  'absence-end': 'Fin prévue de l’absence',
  'subsidy-use-report': 'Suivi de l’utilisation de la subvention',
  'hosting-conditions-report': 'Rapport sur les conditions d’accueil',
};

export function deadlineLabel(kind: string): string {
  return DEADLINE_LABELS[kind as DeadlineKind] ?? kind;
}

/**
 * Tranches: the read model's statuses, and why a scheduled tranche of rules revision 3 waits
 * (RULES.md §2.2), which the kind of its deadline tells: no advisor under contract (a vacant post),
 * or its conditions not met yet (training enrolment, the contract transmitted).
 */
const TRANCHE_STATUS_LABELS: Record<string, { label: string; badge: BadgeType }> = {
  scheduled: { label: 'Programmée', badge: 'info' },
  due: { label: 'À payer', badge: 'warning' },
  paid: { label: 'Payée', badge: 'success' },
  suspended: { label: 'Suspendue', badge: 'error' },
  'on-hold': { label: 'En attente d’un conseiller sous contrat', badge: 'new' },
  conditions: { label: 'En attente de ses conditions', badge: 'new' },
};

export function trancheStatusLabel(tranche: { number: number; status: string }, deadlineKinds: readonly string[]): { label: string; badge: BadgeType } {
  const waiting = tranche.status === 'scheduled' ? ['on-hold', 'conditions'].find((why) => deadlineKinds.includes(`tranche-${tranche.number}-${why}`)) : undefined;
  return TRANCHE_STATUS_LABELS[waiting ?? tranche.status] ?? { label: tranche.status, badge: null };
}

/**
 * Delivery of a notification by email (issue 11 adds it to the rows: `pending`, `sent`, `failed`,
 * `no_recipient`). A row without it is in the outbox only: nothing was sent by email.
 */
const DELIVERY_LABELS: Record<string, { label: string; badge: BadgeType }> = {
  pending: { label: 'Envoi en attente', badge: 'info' },
  sent: { label: 'Envoyée', badge: 'success' },
  failed: { label: 'Échec de l’envoi', badge: 'error' },
  no_recipient: { label: 'Aucun destinataire', badge: 'warning' },
};

export function deliveryLabel(state: string | null): { label: string; badge: BadgeType } {
  if (state === null) return { label: 'Enregistrée, non envoyée par courriel', badge: null };
  return DELIVERY_LABELS[state] ?? { label: state, badge: null };
}

export const POLICY_LABELS: Record<string, string> = {
  '2021-public': 'Guide 2021, structures publiques',
  '2021-private': 'AMI 2021, structures privées',
  '2022-public': 'Guide 2022, structures publiques',
  '2022-private': 'Guide 2022, structures privées',
  '2025-renewal': 'Renouvellement 2025',
};

export function policyLabel(policy: string): string {
  return POLICY_LABELS[policy] ?? policy;
}
