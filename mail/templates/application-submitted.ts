import type { MailTemplate } from '../mail-template';

export const applicationSubmitted: MailTemplate = {
  heading: 'Une candidature à examiner',
  action: {
    prefecture: 'Examinez la candidature avec les acteurs du territoire, puis donnez l’avis de la préfecture, favorable ou défavorable, avec ses motifs ; si des éléments manquent, demandez-les à la structure.',
  },
};
