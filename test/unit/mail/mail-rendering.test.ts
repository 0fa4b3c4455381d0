import { type NotificationTopic, notificationTopics } from '../../../domain/lifecycle/post-notification-topics';
import { messageIdOf } from '../../../mail/message-id';
import { sampleMail } from '../../../mail/preview/sample-mail';
import { addressSourceOf, recipientsOf } from '../../../mail/recipients';
import { createMailRenderer, type MailRenderer } from '../../../mail/render-mail';
import { classifySmtpFailure } from '../../../mail/smtp/smtp-failure';
import { mailTemplates } from '../../../mail/templates';

describe('the mail of every topic', () => {
  let renderer: MailRenderer;
  beforeAll(async () => {
    renderer = await createMailRenderer();
  });
  const topics = Object.keys(notificationTopics) as NotificationTopic[];

  it('has one template per topic, and no template without a topic', () => {
    expect(Object.keys(mailTemplates).sort()).toEqual([...topics].sort());
  });

  it.each(topics)('%s renders in French, HTML and text, with the programme, the structure and the link to the post', (topic) => {
    const mail = renderer.render(sampleMail(topic, 'https://cnfs.example.gouv.fr'));
    expect(mail.subject.length).toBeGreaterThan(5);
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain('Conseiller numérique France Services');
      expect(part).toContain('https://cnfs.example.gouv.fr/console/postes/poste-exemple');
      expect(part).toContain('Commune de Sainte-Anne');
      expect(part).toContain(mailTemplates[topic].heading);
    }
    // An ordinary mail client's HTML: a whole document, tables for layout, no script, no unrendered tag.
    expect(mail.html).toMatch(/^<!doctype html>/i);
    expect(mail.html).toContain('<table');
    expect(mail.html).not.toMatch(/<script|\{\{|<mj-/);
    expect(mail.text).not.toMatch(/<[a-z]|\{\{|&amp;|&#/);
  });

  it('writes dates and amounts the French way', () => {
    const mail = renderer.render(sampleMail('tranche-due'));
    expect(mail.text).toMatch(/\d{1,2}(er)? [a-zéû]+ 2027/);
    expect(mail.text).toMatch(/14\s000,00\s€/);
  });

  it('escapes what people typed in the HTML part, and leaves it as typed in the text part', () => {
    const sample = sampleMail('information-requested');
    const mail = renderer.render({ ...sample, row: { ...sample.row, body: 'Budget < 5 000 € & « locaux » ?' } });
    expect(mail.html).toContain('Budget &lt; 5 000 € &amp; « locaux » ?');
    expect(mail.text).toContain('Budget < 5 000 € & « locaux » ?');
  });
});

describe('recipients of a row', () => {
  it('finds the structure’s contact, the directory’s entries, or says why there is no address', () => {
    expect(addressSourceOf({ recipientRole: 'structure', recipientScope: '21971120100018' })).toEqual({ kind: 'structure', siret: '21971120100018' });
    expect(addressSourceOf({ recipientRole: 'prefecture', recipientScope: '971' })).toMatchObject({ kind: 'directory', entryId: 'prefecture:971' });
    expect(addressSourceOf({ recipientRole: 'bdt', recipientScope: null })).toMatchObject({ kind: 'directory', entryId: 'mailbox:bdt' });
    expect(addressSourceOf({ recipientRole: 'training_org', recipientScope: 'OF-1' })).toMatchObject({ kind: 'directory', entryId: 'training-org:OF-1' });
    expect(addressSourceOf({ recipientRole: 'training_org', recipientScope: null })).toMatchObject({ kind: 'none' });
  });

  it('puts the advisor in copy of the notices about them, and names the missing address otherwise', () => {
    const source = addressSourceOf({ recipientRole: 'structure', recipientScope: '21971120100018' });
    const advisor = { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.fr' };
    const contact = { name: 'Marie Dupont', email: 'marie.dupont@example.fr' };
    expect(recipientsOf({ topic: 'training-not-started', recipientRole: 'structure' }, source, { structureContact: contact, advisor })).toEqual({
      ok: true,
      to: [contact],
      cc: [{ name: 'Camille Martin', email: advisor.email }],
    });
    expect(recipientsOf({ topic: 'post-validated', recipientRole: 'structure' }, source, { structureContact: contact, advisor })).toMatchObject({ cc: [] });
    const none = recipientsOf({ topic: 'post-validated', recipientRole: 'structure' }, source, { structureContact: null });
    expect(none).toMatchObject({ ok: false, reason: expect.stringContaining('CHANGE_CONTACT') });
  });
});

describe('delivery’s small rules', () => {
  it('derives the Message-ID from the row’s key: the same at every send, another for another row', () => {
    const id = messageIdOf('post-1:tranche-due:1:bdt', 'conseiller-numerique.gouv.fr');
    expect(id).toMatch(/^<notification\.[0-9a-f]{40}@conseiller-numerique\.gouv\.fr>$/);
    expect(messageIdOf('post-1:tranche-due:1:bdt', 'conseiller-numerique.gouv.fr')).toBe(id);
    expect(messageIdOf('post-1:tranche-due:2:bdt', 'conseiller-numerique.gouv.fr')).not.toBe(id);
  });

  it('fails a row for good on a 5xx refusal only; a 4xx, a server away or a timeout is retried', () => {
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 550, response: '550 5.1.0 mailbox unavailable' })).toEqual({ permanent: true, reason: '550 5.1.0 mailbox unavailable' });
    expect(classifySmtpFailure({ code: 'EENVELOPE', responseCode: 451, response: '451 try later' }).permanent).toBe(false);
    expect(classifySmtpFailure({ code: 'ESOCKET', message: 'connect ECONNREFUSED 127.0.0.1:1025' })).toEqual({ permanent: false, reason: 'connect ECONNREFUSED 127.0.0.1:1025' });
    expect(classifySmtpFailure({ code: 'ETIMEDOUT', message: 'Greeting never received' }).permanent).toBe(false);
  });
});
