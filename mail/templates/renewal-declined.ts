import type { MailTemplate } from '../mail-template';

export const renewalDeclined: MailTemplate = {
  heading: 'Renouvellement décliné par la structure',
};
