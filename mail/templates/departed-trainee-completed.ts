import type { MailTemplate } from '../mail-template';

export const departedTraineeCompleted: MailTemplate = {
  heading: 'Un conseiller parti a terminé sa formation',
};
