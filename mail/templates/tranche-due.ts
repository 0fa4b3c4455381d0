import type { MailTemplate } from '../mail-template';

export const trancheDue: MailTemplate = {
  heading: 'Une tranche de subvention à verser',
  action: {
    bdt: 'Émettez l’ordre de paiement, puis confirmez le versement depuis la fiche du poste.',
  },
};
