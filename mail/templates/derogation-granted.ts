import type { MailTemplate } from '../mail-template';

export const derogationGranted: MailTemplate = {
  heading: 'Une nouvelle échéance de recrutement',
  action: {
    structure: 'Déclarez votre conseiller depuis la fiche du poste avant la nouvelle échéance.',
  },
};
