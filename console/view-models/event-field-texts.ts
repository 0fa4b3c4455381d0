import type { StaffEventType } from '../../domain/lifecycle/post-events';
import { CONTRACT_TYPE_LABELS, STRUCTURE_KIND_LABELS } from '../../domain/policies/policy';
import { POLICY_LABELS } from './console-labels';

/**
 * The French label and help text of each field of the events' payloads (RULES.md §4.1), by its
 * path in the payload. The fields themselves, their types and which are required come from the
 * events' zod schemas; only the words are here. A field of one event may say more (`byEvent`).
 */
export interface FieldText {
  label: string;
  hint?: string;
  /** Labels of an enumeration's values. */
  options?: Record<string, string>;
}

const capitalised = (labels: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(labels).map(([value, label]) => [value, label.charAt(0).toUpperCase() + label.slice(1)]));

const structureFields: Record<string, FieldText> = {
  name: { label: 'Nom de la structure' },
  siret: { label: 'SIRET', hint: '14 chiffres, sans espace.' },
  sector: { label: 'Secteur', options: { public: 'Public', private: 'Privé' } },
  kind: { label: 'Nature de la structure', options: capitalised(STRUCTURE_KIND_LABELS) },
  department: { label: 'Département', hint: 'Code du département : 01 à 95, 2A, 2B, 971 à 976.' },
  nationalNetwork: { label: 'Réseau national (structures privées en réseau)' },
  'nationalNetwork.regions': { label: 'Nombre de régions couvertes', hint: 'Au moins 4 (AMI 2021).' },
  'nationalNetwork.departments': { label: 'Nombre de départements couverts', hint: 'Au moins 5 (AMI 2021).' },
  'nationalNetwork.beneficiaries': { label: 'Bénéficiaires accompagnés directement', hint: 'Au moins 1 000 (AMI 2021).' },
};

const dateHint = 'Au format jj/mm/aaaa.';

const fields: Record<string, FieldText> = {
  questions: { label: 'Questions posées à la structure' },
  answers: { label: 'Réponses de la structure' },
  opinion: { label: 'Avis', options: { favorable: 'Favorable', unfavorable: 'Défavorable' } },
  reasons: { label: 'Motifs' },
  decision: { label: 'Décision du comité', options: { validated: 'Poste validé', rejected: 'Candidature refusée' } },
  decidedOn: { label: 'Date de la décision', hint: dateHint },
  notifiedOn: { label: 'Date de notification à la structure', hint: `Facultatif : par défaut, la date de la décision. Le délai de recrutement court à partir d’elle. ${dateHint}` },
  advisor: { label: 'Conseiller numérique recruté' },
  'advisor.firstName': { label: 'Prénom' },
  'advisor.lastName': { label: 'Nom' },
  'advisor.email': { label: 'Adresse électronique', hint: 'Format attendu : nom@domaine.fr' },
  publishedOn: { label: 'Date de publication de l’offre', hint: `Sur emploi-territorial, au moins 30 jours avant la signature du contrat (guide 2021). ${dateHint}` },
  dossierNumber: { label: 'Numéro de dossier de la demande de subvention' },
  submittedOn: { label: 'Date de dépôt', hint: dateHint },
  documents: { label: 'Pièces demandées', hint: 'Une pièce par ligne.' },
  providedOn: { label: 'Date de transmission des pièces', hint: dateHint },
  validatedOn: { label: 'Date de validation de la conformité', hint: dateHint },
  trainingOrgId: { label: 'Identifiant de l’organisme de formation' },
  enrolledOn: { label: 'Date d’inscription', hint: dateHint },
  hours: { label: 'Parcours de formation (heures)', hint: 'Laisser vide si le conseiller est dispensé de formation.' },
  exemption: {
    label: 'Dispense de formation',
    hint: 'Seulement si le conseiller est dispensé : le titre qui la justifie.',
    options: {
      CCP1: 'CCP1 du titre « Responsable d’espace de médiation numérique »',
      REMN: 'Titre « Responsable d’espace de médiation numérique »',
      CATIC: 'Titre CATIC',
      USETIC: 'Licence professionnelle USETIC',
    },
  },
  contractType: { label: 'Type de contrat', options: capitalised(CONTRACT_TYPE_LABELS) },
  signedOn: { label: 'Date de signature', hint: dateHint },
  startsOn: { label: 'Date de début du contrat', hint: dateHint },
  endsOn: { label: 'Date de fin du contrat', hint: `Pour un contrat à durée déterminée. ${dateHint}` },
  otherAidCents: { label: 'Autres aides publiques reçues pour ce poste (€)', hint: 'Déduites de la subvention (structures privées). En euros, par exemple 1 500,00.' },
  transmittedOn: { label: 'Date de transmission', hint: dateHint },
  amountCents: { label: 'Montant (€)', hint: 'En euros, par exemple 14 000,00.' },
  startedOn: { label: 'Date de départ en formation', hint: dateHint },
  completedOn: { label: 'Date de fin de formation', hint: dateHint },
  ccp1: { label: 'Résultat au CCP1', options: { passed: 'Obtenu', failed: 'Non obtenu', exempt: 'Dispensé' } },
  pix: { label: 'Certification PIX obtenue' },
  tranche: { label: 'Tranche', options: { '1': 'Tranche 1 (20 %)', '2': 'Tranche 2 (30 %)', '3': 'Tranche 3 (50 %)' } },
  paidOn: { label: 'Date du paiement', hint: dateHint },
  reason: { label: 'Motif' },
  kind: { label: 'Nature de l’absence', options: { sick: 'Arrêt maladie', maternity: 'Congé maternité', parental: 'Congé parental' } },
  from: { label: 'Début de l’absence', hint: dateHint },
  to: { label: 'Fin prévue de l’absence', hint: `Les rappels du compte rendu d’activité reprennent d’eux-mêmes ce jour-là, sauf fin déclarée plus tôt ou nouvelle absence. ${dateHint}` },
  supportingDocuments: { label: 'Référence des justificatifs', hint: 'Facultatif : l’ANCT est informée de l’absence et de sa durée (FAQ du dispositif).' },
  endedOn: { label: 'Date de fin', hint: dateHint },
  grantedOn: { label: 'Date de la dérogation', hint: `Le jour où l’ANCT l’accorde : la dérogation court un mois à partir de lui (guides 2022). ${dateHint}` },
  newDeadline: { label: 'Nouvelle échéance de recrutement', hint: `Facultatif : par défaut, un mois après la date de la dérogation ; une date plus lointaine est possible, jamais plus proche (guides 2022). ${dateHint}` },
  requestedOn: { label: 'Date de la demande', hint: dateHint },
  months: { label: 'Durée de la convention (mois)' },
  exitedOn: { label: 'Date de sortie', hint: dateHint },
  returnedOn: { label: 'Date à laquelle le poste est rendu', hint: dateHint },
  targetStructure: { label: 'Structure qui reprend le poste', hint: 'Elle doit déjà être dans le programme, ou y avoir candidaté.' },
  transferredOn: {
    label: 'Date du transfert',
    hint: `Le jour où le poste est attribué à la structure qui le reprend : un nouveau poste est créé pour elle, son délai de recrutement court à partir de ce jour. ${dateHint}`,
  },
  structure: { label: 'Structure qui candidate' },
  contact: { label: 'Contact de la structure', hint: 'La personne à qui le programme écrit au sujet du poste : rappels et avis par courriel.' },
  'contact.name': { label: 'Prénom et nom du contact' },
  'contact.email': { label: 'Adresse électronique du contact', hint: 'Format attendu : nom@domaine.fr' },
  on: { label: 'Date' },
  report: { label: 'Suivi', options: { activity: 'Compte rendu d’activité', 'subsidy-use': 'Utilisation de la subvention', 'hosting-conditions': 'Conditions d’accueil' } },
  fromPostId: { label: 'Poste d’origine' },
  ...Object.fromEntries(Object.entries(structureFields).map(([path, text]) => [`structure.${path}`, text])),
  policy: {
    label: 'Politique du programme',
    hint: 'Facultatif : par défaut, celle du secteur de la structure et du jour de la candidature.',
    options: POLICY_LABELS,
  },
  ...Object.fromEntries(Object.entries(structureFields).map(([path, text]) => [`targetStructure.${path}`, text])),
};

const byEvent: Partial<Record<StaffEventType, Record<string, FieldText>>> = {
  SIGN_CONVENTION: {
    signedOn: { label: 'Date de signature de la convention', hint: dateHint },
    amountCents: { label: 'Montant de la subvention (€)', hint: 'Seulement là où la politique ne fixe pas le montant (CUI, hausse outre-mer). En euros.' },
    contractType: {
      label: 'Type du contrat de travail prévu',
      hint: 'Seulement si le contrat n’est pas encore signé : il fixe le montant, et un contrat signé ensuite d’un autre type sera refusé.',
      options: capitalised(CONTRACT_TYPE_LABELS),
    },
    months: { label: 'Durée de la convention (mois)', hint: 'Guide 2021, structures publiques : de 24 à 36 mois. Ailleurs, laisser vide : la durée de la politique s’applique.' },
  },
  REQUEST_DOCUMENTS: {
    requestedOn: { label: 'Date de la demande de pièces', hint: `L’instruction est suspendue à partir de ce jour jusqu’à la transmission des pièces. ${dateHint}` },
  },
  REFUSE_RENEWAL: { reasons: { label: 'Motifs du refus du renouvellement', hint: 'Le poste sort du dispositif à la fin de la convention en cours.' } },
  CONFIRM_TRANCHE_PAYMENT: { amountCents: { label: 'Montant payé (€)', hint: 'Le montant de la tranche, en euros, par exemple 14 000,00.' } },
  VALIDATE_RENEWAL: {
    signedOn: { label: 'Date de signature de la nouvelle convention', hint: dateHint },
    amountCents: { label: 'Montant de la subvention de la nouvelle période (€)', hint: 'En euros.' },
  },
  DECLARE_CONTRACT_RUPTURE: {
    endedOn: { label: 'Date de fin du contrat', hint: dateHint },
    reason: {
      label: 'Motif de la rupture',
      options: {
        dismissal: 'Licenciement',
        resignation: 'Démission',
        'cdd-not-renewed': 'CDD non renouvelé',
        'cdi-conversion': 'Passage en CDI',
        'end-of-funding': 'Fin du financement',
        other: 'Autre motif',
      },
    },
  },
  END_ABSENCE: { endedOn: { label: 'Date de retour du conseiller', hint: dateHint } },
  TRANSMIT_CONTRACT: { transmittedOn: { label: 'Date de transmission du contrat à la Banque des Territoires', hint: dateHint } },
  SUBMIT_SUBSIDY_REQUEST: { submittedOn: { label: 'Date de dépôt de la demande', hint: dateHint } },
  ENROL_IN_TRAINING: { trainingOrgId: { label: 'Identifiant de l’organisme de formation', hint: 'Par exemple OF-PARIS-1.' } },
  SIGN_CONTRACT: { signedOn: { label: 'Date de signature du contrat', hint: dateHint } },
};

/**
 * The words of the field at `path` of `type`'s payload; its path itself when none are written.
 * The timeline also shows the payloads of the timers' events and of a transfer's first event.
 */
export function fieldText(type: string, path: string): FieldText {
  return byEvent[type as StaffEventType]?.[path] ?? fields[path] ?? { label: path };
}
