import type { MailTemplate } from '../mail-template';

export const contractBroken: MailTemplate = {
  heading: 'Rupture du contrat du conseiller',
};
