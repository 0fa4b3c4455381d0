import type { MailTemplate } from '../mail-template';

export const contractEnded: MailTemplate = {
  heading: 'Le contrat du conseiller est arrivé à son terme',
  action: {
    structure: 'Déclarez la fin du contrat (CDD non renouvelé) ou son renouvellement depuis la fiche du poste.',
  },
};
