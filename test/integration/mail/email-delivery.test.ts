import type { NotificationResource } from '../../../api/notification-resource';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Structure } from '../../../domain/lifecycle/post-events';
import { type MailpitServer, startMailpitServer } from '../../../runtime/mailpit-server';
import { today } from '../../support/post-fixtures';
import { eventually } from '../../support/eventually';
import { mailpitClient } from '../../support/mailpit-client';
import { postRunIds } from '../../../audit/post-workflow-history';
import { applicationOf, commune, staffOf, stepsToRenewal } from '../api/api-fixtures';
import { type ApiHarness, send, startApiHarness } from '../api/api-harness';

/**
 * Email delivery of the outbox (issue 11), against a real Mailpit of this file's own (so that it
 * can be stopped), the run's Temporal dev server and FerretDB, through the HTTP API. This Mailpit
 * refuses every address outside example.fr with « 550 mailbox unavailable », as a real server
 * refuses an unknown mailbox.
 */
describe('notifications delivered by email', () => {
  let tempDir: string;
  let mailpit: MailpitServer;
  let mail: ReturnType<typeof mailpitClient>;
  let api: ApiHarness;
  const { anct } = staffOf;

  const startMailpit = (ports?: { smtpPort: number; httpPort: number }) =>
    startMailpitServer({ dbFile: path.join(tempDir, 'mailpit.db'), allowedRecipients: '@example\\.fr$', ...ports });

  const directory = {
    'prefecture/971': [{ name: 'Référente CNFS préfecture 971', email: 'cnfs-971@example.fr' }],
    'mailbox/anct': [{ name: 'Programme CNFS (ANCT)', email: 'cnfs@example.fr' }],
    'mailbox/bdt': [
      { name: 'Programme CNFS (BdT)', email: 'cnfs-bdt@example.fr' },
      { name: 'Instruction BdT', email: 'instruction-bdt@example.fr' },
    ],
  };
  const addressOf = (role: string, scope: string | null, structure: Structure): string[] => {
    if (role === 'structure') return [`contact-${structure.siret}@example.fr`];
    const entry = role === 'prefecture' ? `prefecture/${scope}` : `mailbox/${role}`;
    return (directory as Record<string, { email: string }[]>)[entry]!.map((r) => r.email);
  };

  beforeAll(async () => {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cnum-mail-'));
    mailpit = await startMailpit();
    mail = mailpitClient(mailpit.apiUrl);
    api = await startApiHarness({ smtpUrl: mailpit.smtpUrl });
    for (const [entry, recipients] of Object.entries(directory)) {
      const answer = await api.request('PUT', `/api/v1/directory/${entry}`, { as: anct, body: { recipients } });
      expect({ entry, status: answer.status }).toEqual({ entry, status: 201 });
    }
  });
  afterAll(async () => {
    await api?.close();
    await mailpit?.stop();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  const notificationsOf = async (postId: string) => (await api.request('GET', `/api/v1/posts/${postId}/notifications`, { as: anct })).body.items as NotificationResource[];
  const waitUntilSettled = async (postId: string, count: number) => {
    let items: any[] = [];
    await eventually(
      `the ${count} notifications of ${postId} settle`,
      async () => (items = await notificationsOf(postId)).length === count && items.every((n) => n.delivery && n.delivery.state !== 'pending'),
      { timeoutMs: 30_000 },
    );
    return items;
  };
  const apply = async (structure: Structure) => {
    const created = await api.request('POST', '/api/v1/posts', { as: staffOf.structure(structure), body: applicationOf(structure) });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };

  it('sends each notice of a lifecycle once, to its recipients’ addresses, in French, with a link to the post', async () => {
    const before = await mail.total();
    const structure = commune('971', 'Commune de Deshaies');
    const agent = staffOf.structure(structure);
    const prefecture = staffOf.prefecture('971');
    const postId = await apply(structure);
    await send(api, postId, prefecture, { type: 'REQUEST_INFORMATION', questions: 'Quels locaux ?' });
    await send(api, postId, agent, { type: 'PROVIDE_INFORMATION', answers: 'La médiathèque.' });
    await send(api, postId, prefecture, { type: 'GIVE_PREFECTURE_OPINION', opinion: 'favorable', reasons: 'Zone blanche' });
    await send(api, postId, anct, { type: 'COMMITTEE_DECISION', decision: 'validated', decidedOn: today() });
    await send(api, postId, agent, { type: 'VALIDATE_CANDIDATE', advisor: { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.fr' } });
    await send(api, postId, agent, { type: 'SUBMIT_SUBSIDY_REQUEST', dossierNumber: 'DOS-MAIL-1', submittedOn: today() });

    const topics = ['application-submitted', 'information-requested', 'information-provided', 'opinion-given', 'post-validated', 'subsidy-requested'];
    const rows = await eventually('every change’s notices are written', async () => (await notificationsOf(postId)).length >= topics.length).then(() => notificationsOf(postId));
    const settled = await waitUntilSettled(postId, rows.length);
    expect(settled.map((n) => n.topic)).toEqual(expect.arrayContaining(topics));

    for (const n of settled) {
      expect({ topic: n.topic, state: n.delivery.state, attempts: n.delivery.attempts }).toEqual({ topic: n.topic, state: 'sent', attempts: 1 });
      expect(n.delivery.to).toEqual(addressOf(n.recipientRole, n.recipientScope, structure));
      const received = await mail.withMessageId(n.delivery.messageId);
      expect(received).toHaveLength(1);
      expect(received[0]!.Subject).toBe(n.subject);
      expect(received[0]!.To.map((t) => t.Address)).toEqual(n.delivery.to);
      expect(received[0]!.From.Address).toBe('ne-pas-repondre@conseiller-numerique.gouv.fr');
    }
    // Exactly these mails, no other, reached the server.
    expect((await mail.total()) - before).toBe(settled.length);

    const validated = settled.find((n) => n.topic === 'post-validated');
    expect(validated.subject).toBe('Votre poste de conseiller numérique est accordé');
    const message = await mail.waitFor(validated.delivery.messageId);
    expect(message.Text).toContain(`Bonjour Référent ${structure.name},`);
    expect(message.Text).toContain(`/console/postes/${encodeURIComponent(postId)}`);
    expect(message.HTML).toContain('Conseiller numérique France Services');
    expect(message.HTML).toContain(`href="http://127.0.0.1:3000/console/postes/${encodeURIComponent(postId)}"`);
  });

  it('marks a notice without an address no_recipient, lists it for ANCT, and sends it once the directory has it', async () => {
    const structure = commune('972', 'Commune du Lamentin');
    const postId = await apply(structure);
    const [row] = await waitUntilSettled(postId, 1);
    expect(row).toMatchObject({ topic: 'application-submitted', recipientRole: 'prefecture', recipientScope: '972' });
    expect(row.delivery).toMatchObject({ state: 'no_recipient', sentAt: null, to: [] });
    expect(row.delivery.lastError).toContain('PUT /api/v1/directory/prefecture/972');

    const listed = await api.request('GET', '/api/v1/notifications?delivery=no_recipient&pageSize=100', { as: anct });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((n: { key: string }) => n.key)).toContain(row.key);
    const asStructure = await api.request('GET', '/api/v1/notifications?delivery=no_recipient', { as: staffOf.structure(structure) });
    expect(asStructure).toMatchObject({ status: 403, body: { code: 'role.forbidden' } });

    const referent = [{ name: 'Référent CNFS préfecture 972', email: 'cnfs-972@example.fr' }];
    expect((await api.request('PUT', '/api/v1/directory/prefecture/972', { as: anct, body: { recipients: referent } })).status).toBe(201);
    const resent = await api.request('POST', `/api/v1/notifications/${encodeURIComponent(row.key)}/resend`, { as: anct });
    expect(resent).toMatchObject({ status: 202, body: { delivery: { state: 'pending', resends: [{ by: { id: anct.id, role: 'anct' } }] } } });
    const [sent] = await waitUntilSettled(postId, 1);
    expect(sent.delivery).toMatchObject({ state: 'sent', to: ['cnfs-972@example.fr'] });
    expect(await mail.withMessageId(sent.delivery.messageId)).toHaveLength(1);

    const again = await api.request('POST', `/api/v1/notifications/${encodeURIComponent(row.key)}/resend`, { as: anct });
    expect(again).toMatchObject({ status: 409, body: { code: 'notification.already_sent' } });
  });

  it('marks a notice the server refuses failed with the server’s reason, and resends it once the address is fixed', async () => {
    const structure = commune('971', 'Commune de Bouillante');
    const created = await api.request('POST', '/api/v1/posts', {
      as: staffOf.structure(structure),
      body: applicationOf(structure, { contact: { name: 'Contact mal saisi', email: 'contact@refuse.invalid' } }),
    });
    const postId = created.body.id as string;
    await send(api, postId, staffOf.prefecture('971'), { type: 'REQUEST_INFORMATION', questions: 'Quel budget ?' });
    const rows = await waitUntilSettled(postId, 2);
    const refused = rows.find((n) => n.topic === 'information-requested');
    expect(refused.delivery).toMatchObject({ state: 'failed', to: ['contact@refuse.invalid'], sentAt: null });
    expect(refused.delivery.lastError).toMatch(/550.*mailbox unavailable/);

    const listed = await api.request('GET', '/api/v1/notifications?delivery=failed&pageSize=100', { as: anct });
    expect(listed.body.items.find((n: { key: string }) => n.key === refused.key)?.delivery.lastError).toBe(refused.delivery.lastError);

    await send(api, postId, staffOf.structure(structure), { type: 'CHANGE_CONTACT', contact: { name: 'Contact corrigé', email: `contact-${structure.siret}@example.fr` } });
    expect((await api.request('POST', `/api/v1/notifications/${encodeURIComponent(refused.key)}/resend`, { as: anct })).status).toBe(202);
    let resent: any;
    await eventually('the resent notice is sent', async () => (resent = (await notificationsOf(postId)).find((n) => n.key === refused.key))?.delivery?.state === 'sent', { timeoutMs: 30_000 });
    expect(resent.delivery.attempts).toBe(2);
    const message = await mail.waitFor(resent.delivery.messageId);
    expect(message.To.map((t) => t.Address)).toEqual([`contact-${structure.siret}@example.fr`]);
    expect(message.Text).toContain('Bonjour Contact corrigé,');
  });

  it('keeps the notices pending while the SMTP server is away, transitions answering, and delivers them all once it is back', async () => {
    const ports = { smtpPort: Number(new URL(mailpit.smtpUrl).port), httpPort: Number(new URL(mailpit.apiUrl).port) };
    await mailpit.stop();
    const structure = commune('971', 'Commune de Vieux-Habitants');
    const postId = await apply(structure);
    await send(api, postId, staffOf.prefecture('971'), { type: 'REQUEST_INFORMATION', questions: 'Quels horaires ?' });
    await send(api, postId, staffOf.structure(structure), { type: 'PROVIDE_INFORMATION', answers: 'Du lundi au vendredi.' });
    let rows: any[] = [];
    await eventually(
      'each notice tried once and kept pending',
      async () => (rows = await notificationsOf(postId)).length === 3 && rows.every((n) => n.delivery?.state === 'pending' && n.delivery.attempts >= 1 && n.delivery.lastError),
      { timeoutMs: 30_000 },
    );
    expect(rows[0].delivery.lastError).toMatch(/ECONNREFUSED|connect/i);

    mailpit = await startMailpit(ports);
    const settled = await waitUntilSettled(postId, 3);
    for (const n of settled) {
      expect(n.delivery.state).toBe('sent');
      expect(n.delivery.attempts).toBeGreaterThanOrEqual(2);
      expect(await mail.withMessageId(n.delivery.messageId)).toHaveLength(1);
    }
  });

  it('hands the notices under way to the run a renewal continues as, which sends each once', async () => {
    const structure = commune('971', 'Commune de Capesterre');
    const postId = await apply(structure);
    for (const [actor, event] of stepsToRenewal(structure)) await send(api, postId, actor, event);
    // The continue-as-new is in the renewal's answer: no later event can reach the run that ended.
    expect(await postRunIds({ client: api.client, namespace: api.client.options.namespace }, postId)).toHaveLength(2);

    let items: NotificationResource[] = [];
    await eventually(
      'the renewal’s notices, and every earlier one, settle',
      async () => (items = await notificationsOf(postId)).some((n) => n.topic === 'renewal-validated') && items.every((n) => n.delivery && n.delivery.state !== 'pending'),
      { timeoutMs: 30_000 },
    );
    const sent = items.filter((n) => n.delivery!.state === 'sent');
    expect(sent.filter((n) => n.topic === 'renewal-validated').length).toBeGreaterThan(0);
    for (const n of sent) expect({ topic: n.topic, copies: (await mail.withMessageId(n.delivery!.messageId!)).length }).toEqual({ topic: n.topic, copies: 1 });
  });
});
