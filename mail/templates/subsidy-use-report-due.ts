import type { MailTemplate } from '../mail-template';

export const subsidyUseReportDue: MailTemplate = {
  heading: 'Suivi de l’utilisation de la subvention à renseigner',
  action: {
    structure: 'Renseignez ce suivi depuis votre espace, comme la convention le demande.',
  },
};
