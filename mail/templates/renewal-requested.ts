import type { MailTemplate } from '../mail-template';

export const renewalRequested: MailTemplate = {
  heading: 'Une demande de renouvellement à instruire',
  action: {
    bdt: 'Instruisez la demande : validez le renouvellement, avec son montant et sa durée, ou refusez-le avec ses motifs.',
  },
};
