import type { MailTemplate } from '../mail-template';

export const recruitmentDeadlineReminder: MailTemplate = {
  heading: 'Rappel : votre échéance de recrutement approche',
  action: {
    structure: 'Déclarez votre conseiller depuis la fiche du poste avant l’échéance.',
  },
};
