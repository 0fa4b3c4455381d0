import type { MailTemplate } from '../mail-template';

export const postReturned: MailTemplate = {
  heading: 'Poste rendu par la structure',
  action: {
    anct: 'Le poste peut être transféré à une autre structure du programme.',
  },
};
