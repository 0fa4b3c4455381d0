import type { MailTemplate } from '../mail-template';

export const postWithdrawn: MailTemplate = {
  heading: 'Poste retiré',
};
