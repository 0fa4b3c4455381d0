import { createHash } from 'node:crypto';

/**
 * The Message-ID of a notification's mail, derived from its outbox key (issue 11): every send of a
 * row, a retry or a resend, carries the same one, so that a receiving server which already has it
 * can drop the copy (RFC 5322 §3.6.4). The key holds characters a Message-ID may not (`:`), hence
 * its digest; the mail carries the key itself in `X-Cnum-Notification`.
 */
export function messageIdOf(key: string, domain: string): string {
  return `<notification.${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

/** The domain of a sender address, `Name <box@domain>` or `box@domain`: the Message-IDs' right-hand side. */
export function domainOfAddress(address: string): string {
  const email = /<([^>]+)>/.exec(address)?.[1] ?? address;
  const domain = email.slice(email.lastIndexOf('@') + 1).trim();
  if (!email.includes('@') || !/^[A-Za-z0-9.-]+$/.test(domain)) throw new Error(`not a mail address: ${address}`);
  return domain.toLowerCase();
}
