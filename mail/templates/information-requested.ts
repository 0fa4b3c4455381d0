import type { MailTemplate } from '../mail-template';

export const informationRequested: MailTemplate = {
  heading: 'Des questions sur votre candidature',
  action: {
    structure: 'Répondez aux questions de la préfecture depuis la fiche du poste : la candidature attend votre réponse pour être examinée.',
  },
};
