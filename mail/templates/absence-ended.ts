import type { MailTemplate } from '../mail-template';

export const absenceEnded: MailTemplate = {
  heading: 'Retour du conseiller',
};
