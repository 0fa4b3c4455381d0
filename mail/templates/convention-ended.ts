import type { MailTemplate } from '../mail-template';

export const conventionEnded: MailTemplate = {
  heading: 'Convention arrivée à échéance',
  action: {
    structure: 'Demandez le renouvellement de la convention, ou déclinez-le, si ce n’est pas encore fait.',
  },
};
