import type { ExportColumn, ExportTable } from '../domain/exports/export-table';
import { STRUCTURE_KIND_LABELS, type StructureKind } from '../domain/policies/policy';
import { deadlineLabel, deliveryLabel, policyLabel, roleLabel, statusLabel, trancheStatusLabel } from '../console/view-models/console-labels';
import { todayInParis } from '../api/today-in-paris';
import type { StageMarks } from '../stats/post-figures';

/**
 * The three exports of issue 15, one row per post, per tranche, per notice: what each column holds
 * and its French header. The labels are the console's, so a spreadsheet says what the pages say.
 */

/** What the exports read of a post in the read model (`models/post.model.ts`). */
export interface ExportedPost {
  _id: string;
  status: string;
  policy: string;
  siret: string;
  department: string;
  structure: { name: string; kind?: string };
  advisor?: { firstName: string; lastName: string; email: string } | null;
  deadlines?: { kind?: string | null; dueOn?: string | null }[];
  nextDeadlineOn?: string | null;
  convention?: { amountCents: number; months: number; signedOn: string; endsOn: string; period: number } | null;
  contract?: { signedOn: string; startsOn: string; endsOn: string | null; transmittedOn: string | null } | null;
  outcome?: { on: string | null } | null;
  createdAt?: Date | null;
}

/** A tranche document (`models/tranche.model.ts`): every period's, not only the current one the post shows. */
export interface ExportedTranche {
  postId: string;
  period: number;
  number: number;
  percent: number;
  amountCents: number;
  dueOn: string;
  payableFrom?: string | null;
  status: string;
  paidOn?: string | null;
}

/** A notification of the outbox (`models/notification.model.ts`), without its body. */
export interface ExportedNotification {
  postId: string;
  topic: string;
  recipientRole: string;
  recipientScope?: string | null;
  subject: string;
  dueOn?: string | null;
  createdAt: string;
  delivery?: { state: string; attempts?: number; lastAttemptAt?: string | null; sentAt?: string | null; to?: string[] } | null;
}

export interface PostRowSource {
  post: ExportedPost;
  tranches: ExportedTranche[];
  /** The day each stage was first reached (`post_figures`); empty for a post no change of which was recorded since. */
  stages: StageMarks;
}
export interface TrancheRowSource {
  post: ExportedPost;
  tranche: ExportedTranche;
}
export interface NotificationRowSource {
  post: ExportedPost;
  notification: ExportedNotification;
}

const column = <S>(header: string, kind: ExportColumn<S>['kind'], width: number, value: ExportColumn<S>['value']): ExportColumn<S> => ({ header, kind, width, value });

/** « collectivité territoriale » from the seeds' « une collectivité territoriale ». */
function structureKindLabel(kind: string | undefined): string | null {
  if (!kind) return null;
  return (STRUCTURE_KIND_LABELS[kind as StructureKind] ?? kind).replace(/^une? /, '');
}

function nextDeadlineKind(post: ExportedPost): string | null {
  const next = (post.deadlines ?? []).find((d) => d.dueOn === post.nextDeadlineOn && d.kind);
  return next?.kind ? deadlineLabel(next.kind) : null;
}

const sum = (tranches: ExportedTranche[]) => tranches.reduce((total, t) => total + t.amountCents, 0);

/** The columns every export starts with: which post, of which structure, where. */
function postColumns<S extends { post: ExportedPost }>(): ExportColumn<S>[] {
  return [
    column('Identifiant du poste', 'text', 38, (s) => s.post._id),
    column('Structure', 'text', 40, (s) => s.post.structure.name),
    column('SIRET', 'text', 16, (s) => s.post.siret),
    column('Département', 'text', 12, (s) => s.post.department),
  ];
}

export const postsExport: ExportTable<PostRowSource> = {
  sheet: 'Postes',
  fileName: 'postes',
  columns: [
    ...postColumns<PostRowSource>(),
    column('Type de structure', 'text', 30, (s) => structureKindLabel(s.post.structure.kind)),
    column('Statut (code)', 'text', 22, (s) => s.post.status),
    column('Statut', 'text', 26, (s) => statusLabel(s.post.status).label),
    column('Politique (code)', 'text', 16, (s) => s.post.policy),
    column('Politique', 'text', 34, (s) => policyLabel(s.post.policy)),
    column('Conseiller', 'text', 28, (s) => (s.post.advisor ? `${s.post.advisor.firstName} ${s.post.advisor.lastName}` : null)),
    column('Courriel du conseiller', 'text', 32, (s) => s.post.advisor?.email ?? null),
    // The application's day is the post's creation, in Paris, as the API dates it (`appliedOn`).
    column('Candidature', 'date', 12, (s) => (s.post.createdAt instanceof Date ? todayInParis(s.post.createdAt) : null)),
    column('Décision du comité', 'date', 12, (s) => s.stages.committee?.on ?? null),
    column('Candidat validé le', 'date', 12, (s) => s.stages.candidateValidated?.on ?? null),
    column('Premier contrat signé le', 'date', 12, (s) => s.stages.contractSigned?.on ?? null),
    column('Contrat signé le', 'date', 12, (s) => s.post.contract?.signedOn ?? null),
    column('Début du contrat', 'date', 12, (s) => s.post.contract?.startsOn ?? null),
    column('Fin du contrat', 'date', 12, (s) => s.post.contract?.endsOn ?? null),
    column('Contrat transmis le', 'date', 12, (s) => s.post.contract?.transmittedOn ?? null),
    column('Conformité validée le', 'date', 12, (s) => s.stages.conformity?.on ?? null),
    column('Début de la formation', 'date', 12, (s) => s.stages.trainingStarted?.on ?? null),
    column('Fin de la formation', 'date', 12, (s) => s.stages.trainingCompleted?.on ?? null),
    column('Convention signée le', 'date', 12, (s) => s.post.convention?.signedOn ?? null),
    column('Fin de la convention', 'date', 12, (s) => s.post.convention?.endsOn ?? null),
    column('Fin du poste le', 'date', 12, (s) => s.post.outcome?.on ?? null),
    column('Prochaine échéance', 'text', 30, (s) => nextDeadlineKind(s.post)),
    column('Date de la prochaine échéance', 'date', 12, (s) => s.post.nextDeadlineOn ?? null),
    column('Période de convention', 'integer', 10, (s) => s.post.convention?.period ?? null),
    column('Montant de la convention', 'euros', 16, (s) => s.post.convention?.amountCents ?? null),
    column('Durée de la convention (mois)', 'integer', 10, (s) => s.post.convention?.months ?? null),
    column('Tranches payées', 'integer', 10, (s) => s.tranches.filter((t) => t.status === 'paid').length),
    column('Montant payé', 'euros', 16, (s) => sum(s.tranches.filter((t) => t.status === 'paid'))),
    column('Tranches à payer', 'integer', 10, (s) => s.tranches.filter((t) => t.status === 'due').length),
    column('Montant à payer', 'euros', 16, (s) => sum(s.tranches.filter((t) => t.status === 'due'))),
  ],
};

export const tranchesExport: ExportTable<TrancheRowSource> = {
  sheet: 'Tranches',
  fileName: 'tranches',
  columns: [
    ...postColumns<TrancheRowSource>(),
    column('Période de convention', 'integer', 10, (s) => s.tranche.period),
    column('Tranche', 'integer', 8, (s) => s.tranche.number),
    column('Pourcentage', 'integer', 8, (s) => s.tranche.percent),
    column('Montant', 'euros', 16, (s) => s.tranche.amountCents),
    column('Échéance', 'date', 12, (s) => s.tranche.dueOn),
    column('Payable à partir du', 'date', 12, (s) => s.tranche.payableFrom ?? null),
    column('État (code)', 'text', 12, (s) => s.tranche.status),
    column('État', 'text', 34, (s) =>
      // The post's deadlines tell why a tranche of its current period waits (RULES.md §2.2).
      trancheStatusLabel(s.tranche, s.tranche.period === s.post.convention?.period ? (s.post.deadlines ?? []).map((d) => String(d.kind)) : []).label,
    ),
    column('Payée le', 'date', 12, (s) => s.tranche.paidOn ?? null),
  ],
};

export const notificationsExport: ExportTable<NotificationRowSource> = {
  sheet: 'Notifications',
  fileName: 'notifications',
  columns: [
    ...postColumns<NotificationRowSource>(),
    column('Sujet (code)', 'text', 30, (s) => s.notification.topic),
    column('Objet', 'text', 60, (s) => s.notification.subject),
    column('Destinataire', 'text', 22, (s) => roleLabel(s.notification.recipientRole)),
    column('Périmètre du destinataire', 'text', 20, (s) => s.notification.recipientScope ?? null),
    column('Adresses', 'text', 36, (s) => (s.notification.delivery?.to?.length ? s.notification.delivery.to.join(', ') : null)),
    column('Envoi (code)', 'text', 14, (s) => s.notification.delivery?.state ?? null),
    column('Envoi', 'text', 30, (s) => deliveryLabel(s.notification.delivery?.state ?? null).label),
    column('Tentatives', 'integer', 10, (s) => s.notification.delivery?.attempts ?? 0),
    column('Échéance', 'date', 12, (s) => s.notification.dueOn ?? null),
    column('Créée le', 'instant', 17, (s) => s.notification.createdAt),
    column('Dernière tentative', 'instant', 17, (s) => s.notification.delivery?.lastAttemptAt ?? null),
    column('Envoyée le', 'instant', 17, (s) => s.notification.delivery?.sentAt ?? null),
  ],
};
