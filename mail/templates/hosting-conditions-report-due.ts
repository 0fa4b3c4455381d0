import type { MailTemplate } from '../mail-template';

export const hostingConditionsReportDue: MailTemplate = {
  heading: 'Suivi des conditions d’accueil du conseiller à renseigner',
  action: {
    structure: 'Renseignez ce suivi depuis votre espace, comme la convention le demande.',
  },
};
