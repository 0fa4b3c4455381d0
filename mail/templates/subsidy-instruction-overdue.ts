import type { MailTemplate } from '../mail-template';

export const subsidyInstructionOverdue: MailTemplate = {
  heading: 'Suivi de l’instruction d’une demande de subvention',
  action: {
    bdt: 'Faites le point sur le dossier : pièces à demander, ou conformité à valider.',
  },
};
