import type { MailTemplate } from '../mail-template';

export const informationProvided: MailTemplate = {
  heading: 'La structure a répondu à vos questions',
  action: {
    prefecture: 'Reprenez l’examen de la candidature et donnez l’avis de la préfecture.',
  },
};
