import type { MailTemplate } from '../mail-template';

export const paymentsSuspended: MailTemplate = {
  heading: 'Paiements suspendus',
  action: {
    structure: 'Régularisez ce qui motive la suspension : les paiements reprendront ensuite.',
  },
};
