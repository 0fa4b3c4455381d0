import type { MailTemplate } from '../mail-template';

export const documentsRequested: MailTemplate = {
  heading: 'Des pièces à fournir pour votre demande de subvention',
  action: {
    structure: 'Transmettez les pièces demandées à la Banque des Territoires, puis déclarez-les fournies depuis la fiche du poste.',
  },
};
