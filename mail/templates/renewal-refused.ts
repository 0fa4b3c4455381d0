import type { MailTemplate } from '../mail-template';

export const renewalRefused: MailTemplate = {
  heading: 'Renouvellement refusé',
};
