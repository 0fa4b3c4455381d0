import type { MailTemplate } from '../mail-template';

export const postRejected: MailTemplate = {
  heading: 'Votre candidature n’a pas été retenue',
};
