import type { MailTemplate } from '../mail-template';

export const subsidyRequestReceived: MailTemplate = {
  heading: 'Votre demande de subvention est reçue',
};
