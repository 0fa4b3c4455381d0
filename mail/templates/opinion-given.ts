import type { MailTemplate } from '../mail-template';

export const opinionGiven: MailTemplate = {
  heading: 'Avis de la préfecture rendu',
  action: {
    anct: 'Le dossier est prêt pour le comité national de sélection.',
  },
};
