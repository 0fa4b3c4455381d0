import type { MailTemplate } from '../mail-template';

export const postExitedEarly: MailTemplate = {
  heading: 'Sortie anticipée du dispositif',
  action: {
    anct: 'Le poste peut être transféré à une autre structure du programme.',
  },
};
