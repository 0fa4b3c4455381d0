import type { MailTemplate } from '../mail-template';

export const absenceDeclared: MailTemplate = {
  heading: 'Absence du conseiller déclarée',
};
