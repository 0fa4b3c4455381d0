import type { MailTemplate } from '../mail-template';

export const trancheConditionsMissing: MailTemplate = {
  heading: 'Une tranche de votre subvention est en attente',
  action: {
    structure: 'Complétez ce qui manque : la tranche sera versée ensuite.',
  },
};
