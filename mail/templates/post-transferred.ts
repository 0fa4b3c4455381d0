import type { MailTemplate } from '../mail-template';

export const postTransferred: MailTemplate = {
  heading: 'Poste transféré',
};
