import type { MailTemplate } from '../mail-template';

export const trainingNotStarted: MailTemplate = {
  heading: 'La formation du conseiller n’a pas commencé',
  action: {
    structure: 'Convenez au plus vite d’une date d’entrée en formation avec l’organisme de formation.',
    training_org: 'Faites entrer le conseiller en formation et déclarez-en le début depuis la fiche du poste.',
  },
};
