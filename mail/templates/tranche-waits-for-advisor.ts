import type { MailTemplate } from '../mail-template';

export const trancheWaitsForAdvisor: MailTemplate = {
  heading: 'Une tranche attend le prochain conseiller',
};
