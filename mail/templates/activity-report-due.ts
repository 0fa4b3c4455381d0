import type { MailTemplate } from '../mail-template';

export const activityReportDue: MailTemplate = {
  heading: 'Comptes rendus d’activité à renseigner',
  action: {
    structure: 'Renseignez les comptes rendus d’activité du mois écoulé.',
  },
};
