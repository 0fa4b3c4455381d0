import type { MailTemplate } from '../mail-template';

export const conventionEndReminder: MailTemplate = {
  heading: 'Votre convention arrive à son terme',
  action: {
    structure: 'Demandez le renouvellement de la convention, ou déclinez-le, depuis la fiche du poste.',
    bdt: 'La structure va demander le renouvellement de sa convention, ou le décliner.',
  },
};
