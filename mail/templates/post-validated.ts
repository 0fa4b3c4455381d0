import type { MailTemplate } from '../mail-template';

export const postValidated: MailTemplate = {
  heading: 'Votre poste de conseiller numérique est accordé',
  action: {
    structure: 'Publiez votre offre d’emploi, choisissez votre conseiller et déclarez-le depuis la fiche du poste avant l’échéance de recrutement.',
  },
};
