import type { MailTemplate } from '../mail-template';

export const postReceivedByTransfer: MailTemplate = {
  heading: 'Un poste de conseiller numérique vous est réattribué',
  action: {
    structure: 'Choisissez votre conseiller et déclarez-le depuis la fiche du poste avant l’échéance de recrutement.',
  },
};
