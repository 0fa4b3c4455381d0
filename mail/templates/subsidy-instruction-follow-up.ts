import type { MailTemplate } from '../mail-template';

export const subsidyInstructionFollowUp: MailTemplate = {
  heading: 'Suivi de l’instruction d’une demande de subvention',
  action: {
    bdt: 'Validez la conformité de la demande, ou demandez les pièces qui manquent, pour que le projet de convention parte.',
  },
};
