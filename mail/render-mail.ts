import fs from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import type { StaffRole } from '../domain/lifecycle/actor';
import type { NotificationTopic } from '../domain/lifecycle/post-notification-topics';
import { frenchDate } from '../domain/text/french-format';
import { compileMjmlOffThread } from './compile-mjml-off-thread';
import { mailTemplates } from './templates';

/**
 * A notification as a mail (issue 11): the topic's template (mail/templates/<topic>.ts) in the one
 * layout, as HTML from MJML, which renders in ordinary mail clients (tables, inline styles, Outlook
 * conditionals), and as plain text. The layout is compiled by MJML once; each mail is then a
 * mustache render of it, which escapes every value in the HTML part.
 */

export const PROGRAMME_NAME = 'Conseiller numérique France Services';
const templatesDir = path.join(__dirname, 'templates');

/** What a mail is made of: the outbox row, the post's read model, and whom it greets. */
export interface MailToRender {
  row: { key: string; postId: string; topic: string; recipientRole: StaffRole; subject: string; body: string; dueOn: string | null };
  post: { structure?: { name?: string; siret?: string; department?: string } | null } | null;
  /** The recipient's name when the mail goes to one person; null greets without a name. */
  recipientName: string | null;
  /** PUBLIC_URL: where people reach the product. */
  publicUrl: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** The post's page in the staff console (issue 14's `/console/postes/:id`), where every action is taken. */
export function postPageUrl(publicUrl: string, postId: string): string {
  return `${publicUrl}/console/postes/${encodeURIComponent(postId)}`;
}

/** To whom the mail is addressed, in its footer. */
const ADDRESSED_TO: Record<StaffRole, string> = {
  structure: 'la personne à contacter de la structure',
  prefecture: 'la préfecture',
  anct: 'l’équipe du programme à l’ANCT',
  bdt: 'l’équipe du programme à la Banque des Territoires',
  training_org: 'l’organisme de formation',
  auditor: 'le contrôle',
};

/** The values the layouts show, computed once for both parts. */
export function mailView(mail: MailToRender) {
  const { row, post } = mail;
  const template = mailTemplates[row.topic as NotificationTopic];
  if (!template) throw new Error(`no mail template for the topic ${row.topic}`);
  const structure = post?.structure ?? null;
  const facts = [
    { label: 'Poste', value: row.postId },
    ...(structure?.name ? [{ label: 'Structure', value: structure.siret ? `${structure.name} (SIRET ${structure.siret})` : structure.name }] : []),
    ...(structure?.department ? [{ label: 'Département', value: structure.department }] : []),
    ...(row.dueOn ? [{ label: 'Échéance', value: frenchDate(row.dueOn as never) }] : []),
  ];
  return {
    programme: PROGRAMME_NAME,
    subject: row.subject,
    heading: template.heading,
    structureName: structure?.name ?? row.postId,
    greeting: mail.recipientName ? `Bonjour ${mail.recipientName},` : 'Bonjour,',
    body: row.body,
    action: template.action?.[row.recipientRole] ?? null,
    facts,
    postUrl: postPageUrl(mail.publicUrl, row.postId),
    footer: `Message automatique du programme ${PROGRAMME_NAME} (Agence nationale de la cohésion des territoires), adressé à ${ADDRESSED_TO[row.recipientRole]} au sujet du poste ${row.postId}. Merci de ne pas y répondre : la fiche du poste permet d’agir.`,
  };
}

export interface MailRenderer {
  render(mail: MailToRender): RenderedMail;
}

/** Compiles the layout with MJML, off the main thread (strict validation: a broken layout stops the worker at start). */
export async function createMailRenderer(): Promise<MailRenderer> {
  const compiled = await compileMjmlOffThread(fs.readFileSync(path.join(templatesDir, 'layout.mjml'), 'utf8'), {
    validationLevel: 'strict',
    filePath: templatesDir,
  });
  if (compiled.errors.length > 0) {
    throw new Error(`mail/templates/layout.mjml: ${compiled.errors.join('; ')}`);
  }
  const html = compiled.html;
  const text = fs.readFileSync(path.join(templatesDir, 'layout.txt'), 'utf8');
  const verbatim = { escape: (value: unknown) => String(value) };
  // Mustache's default escape also turns `/` and `=` into entities: valid HTML, but links that
  // some mail clients and filters show or follow mangled. These five are all HTML needs.
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  const htmlEscape = { escape: (value: unknown) => String(value).replace(/[&<>"']/g, (c) => entities[c]!) };
  return {
    render(mail) {
      const view = mailView(mail);
      return { subject: view.subject, html: Mustache.render(html, view, {}, htmlEscape), text: Mustache.render(text, view, {}, verbatim) };
    },
  };
}
