import type { Logger } from 'pino';
import type { Advisor, Contact } from '../../domain/lifecycle/post-events';
import type { Models } from '../../models/create-models';
import { createDirectoryStore } from '../directory/directory-store';
import { messageIdOf } from '../message-id';
import { addressSourceOf, type FoundAddresses, type MailAddress, recipientsOf } from '../recipients';
import type { MailRenderer } from '../render-mail';
import { classifySmtpFailure } from '../smtp/smtp-failure';
import type { MailTransport } from '../smtp/smtp-transport';
import { createOutboxStore, type OutboxRow } from './outbox-store';

export interface NotificationDeliveryDeps {
  models: Models;
  logger: Logger;
  transport: MailTransport;
  renderer: MailRenderer;
  /** MAIL_FROM. */
  from: string;
  /** The right-hand side of the Message-IDs: MAIL_FROM's domain. */
  messageIdDomain: string;
  /** PUBLIC_URL, for the link to the post. */
  publicUrl: string;
}

/** What one attempt did with a row. */
export type DeliveryOutcome = 'sent' | 'failed' | 'no_recipient' | 'settled' | 'missing';

/** The row stays pending: the server is away or said "later", or another attempt holds it. Retried. */
export class DeliveryRetryLater extends Error {
  override name = 'DeliveryRetryLater';
}

interface PostForMail {
  _id: string;
  siret: string;
  contact?: Contact | null;
  advisor?: Advisor | null;
  structure?: { name?: string; siret?: string; department?: string } | null;
}

/**
 * Sends one outbox row, once (issue 11): claims it, finds its recipients, renders it, hands it to
 * the SMTP server and marks it sent. A row already sent, refused or without an address is left as
 * it is. Between the server's acceptance and the `sent` write lies the one window where a process
 * that dies sends the mail a second time (README, "Email delivery"); the Message-ID, the same for
 * every attempt, lets the receiving server drop that copy.
 */
export function createNotificationDelivery(deps: NotificationDeliveryDeps) {
  const outbox = createOutboxStore(deps.models);
  const directory = createDirectoryStore(deps.models);
  const log = deps.logger;

  /** The structure's contact: its post's, else the one another application of the SIRET gave last. */
  async function structureContactOf(siret: string, post: PostForMail | null): Promise<Contact | null> {
    if (post && post.siret === siret && post.contact) return post.contact;
    const other = await deps.models.Post.findOne({ siret, contact: { $ne: null } }, { contact: 1 })
      .sort({ updatedAt: -1 })
      .lean<Pick<PostForMail, 'contact'>>();
    return other?.contact ?? null;
  }

  async function addressesOf(row: OutboxRow, post: PostForMail | null) {
    const source = addressSourceOf(row);
    const found: FoundAddresses = { advisor: post?.advisor ?? null };
    if (source.kind === 'structure') found.structureContact = await structureContactOf(source.siret, post);
    if (source.kind === 'directory') found.directoryRecipients = await directory.recipientsOf(source.entryId);
    return recipientsOf(row, source, found);
  }

  async function deliver(key: string): Promise<DeliveryOutcome> {
    const claim = await outbox.claim(key);
    if (claim.state === 'missing' || claim.state === 'settled') return claim.state;
    if (claim.state === 'busy') throw new DeliveryRetryLater(`la notification ${key} est en cours d’envoi par une autre tentative`);
    try {
      return await attempt(claim.row);
    } catch (error) {
      // Anything but the server's "later" (a database away, a bug): the claim is let go for the retry.
      if (!(error instanceof DeliveryRetryLater)) await outbox.release(key, error instanceof Error ? error.message : String(error)).catch(() => undefined);
      throw error;
    }
  }

  async function attempt(row: OutboxRow): Promise<DeliveryOutcome> {
    const { key } = row;
    const post = await deps.models.Post.findById(row.postId).lean<PostForMail>();
    const recipients = await addressesOf(row, post);
    if (!recipients.ok) {
      await outbox.markUndeliverable(key, 'no_recipient', recipients.reason);
      log.warn({ key, topic: row.topic, role: row.recipientRole }, 'notification without an address');
      return 'no_recipient';
    }
    const emails = (addresses: MailAddress[]) => addresses.map((a) => a.email);
    const single = recipients.to.length === 1 ? recipients.to[0]! : null;
    const mail = deps.renderer.render({
      row,
      post,
      recipientName: single?.name ?? null,
      publicUrl: deps.publicUrl,
    });
    const messageId = messageIdOf(key, deps.messageIdDomain);
    let sent;
    try {
      sent = await deps.transport.send({
        from: deps.from,
        to: recipients.to,
        cc: recipients.cc,
        ...mail,
        messageId,
        // RFC 3834: an automatic message, to which no auto-reply is due.
        headers: { 'X-Cnum-Notification': key, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (error) {
      const failure = classifySmtpFailure(error);
      if (!failure.permanent) {
        await outbox.release(key, failure.reason);
        throw new DeliveryRetryLater(failure.reason);
      }
      await outbox.markUndeliverable(key, 'failed', failure.reason, emails(recipients.to));
      log.warn({ key, topic: row.topic, reason: failure.reason }, 'notification refused by the SMTP server');
      return 'failed';
    }
    // The window: the server has the mail, the outbox does not know yet.
    const note = sent.rejected.length > 0 ? `Refusé par le serveur pour : ${sent.rejected.join(', ')}` : null;
    await outbox.markSent(row, { messageId, to: emails(recipients.to), cc: emails(recipients.cc), note });
    return 'sent';
  }

  return { deliver };
}

export type NotificationDelivery = ReturnType<typeof createNotificationDelivery>;
