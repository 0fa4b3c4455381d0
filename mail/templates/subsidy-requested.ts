import type { MailTemplate } from '../mail-template';

export const subsidyRequested: MailTemplate = {
  heading: 'Une demande de subvention à instruire',
  action: {
    bdt: 'Instruisez la demande : demandez les pièces qui manquent, ou validez sa conformité.',
  },
};
