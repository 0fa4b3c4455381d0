import type { MailTemplate } from '../mail-template';

export const trainingCompleted: MailTemplate = {
  heading: 'Formation initiale terminée',
};
