import type { MailTemplate } from '../mail-template';

export const postClosed: MailTemplate = {
  heading: 'Sortie du dispositif à la fin de la convention',
};
