import type { MailTemplate } from '../mail-template';

export const conventionSigned: MailTemplate = {
  heading: 'Votre convention de subvention est signée',
  action: {
    structure: 'Transmettez le contrat de travail du conseiller, s’il ne l’est pas encore : la première tranche en dépend.',
  },
};
