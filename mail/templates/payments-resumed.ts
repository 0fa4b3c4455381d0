import type { MailTemplate } from '../mail-template';

export const paymentsResumed: MailTemplate = {
  heading: 'Paiements repris',
};
