import type { MailTemplate } from '../mail-template';

export const contractNotSigned: MailTemplate = {
  heading: 'Contrat de travail non signé',
  action: {
    structure: 'Signez le contrat de travail du conseiller, puis déclarez-le depuis la fiche du poste.',
    bdt: 'Le versement de la subvention attend la signature de ce contrat.',
  },
};
