import type { MailTemplate } from '../mail-template';

export const recruitmentOverdue: MailTemplate = {
  heading: 'Échéance de recrutement dépassée',
  action: {
    anct: 'Accordez une dérogation ou retirez le poste.',
    structure: 'L’ANCT décide de la suite : une dérogation, ou le retrait du poste. Si un recrutement est en cours, faites-le-lui savoir.',
  },
};
