import type { MailTemplate } from '../mail-template';

export const renewalValidated: MailTemplate = {
  heading: 'Renouvellement accordé',
  action: {
    structure: 'Transmettez le contrat de travail en cours de validité du conseiller pour le versement de la première tranche.',
  },
};
