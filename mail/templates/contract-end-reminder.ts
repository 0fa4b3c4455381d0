import type { MailTemplate } from '../mail-template';

export const contractEndReminder: MailTemplate = {
  heading: 'Le contrat du conseiller arrive à son terme',
  action: {
    structure: 'Déclarez le renouvellement du contrat, ou sa fin, depuis la fiche du poste.',
  },
};
