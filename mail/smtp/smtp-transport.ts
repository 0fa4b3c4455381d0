import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { isLoopbackUrl } from '../../auth/loopback-url';
import type { MailAddress } from '../recipients';

/**
 * The SMTP server the mails leave through (SMTP_URL), with nodemailer. `smtps://` is TLS from the
 * first byte (port 465 by default); `smtp://` upgrades with STARTTLS (port 587 by default), which
 * is required unless the server is on loopback (a local Mailpit) or the URL says `?requireTLS=false`
 * (a Mailpit beside the worker in a compose stack). User and password come from the URL. Every
 * wait is bounded, so an attempt ends well within the claim it holds (delivery-state.ts).
 */
export interface OutgoingMail {
  from: string;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface SentMail {
  accepted: string[];
  /** Addresses the server refused while it accepted others, with its answer. */
  rejected: string[];
  response: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<SentMail>;
  /** Where the mails go, without credentials: for logs. */
  readonly server: string;
  close(): void;
}

export function smtpOptionsOf(url: string, tls: { ca?: string } = {}): SMTPPool.Options {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'smtps:';
  return {
    pool: true,
    maxConnections: 4,
    maxMessages: 500,
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !isLoopbackUrl(url.replace(/^smtps?:/, 'http:')) && parsed.searchParams.get('requireTLS') !== 'false',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    tls: { minVersion: 'TLSv1.2', ...(tls.ca ? { ca: tls.ca } : {}) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    dnsTimeout: 10_000,
  };
}

const address = (a: MailAddress) => (a.name ? { name: a.name, address: a.email } : a.email);
const emailOf = (a: string | { address: string }) => (typeof a === 'string' ? a : a.address);

export function createSmtpTransport(url: string, tls: { ca?: string } = {}): MailTransport {
  const options = smtpOptionsOf(url, tls);
  const transporter = nodemailer.createTransport(options);
  return {
    server: `${options.secure ? 'smtps' : 'smtp'}://${options.host}:${options.port}`,
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to.map(address),
        cc: mail.cc.map(address),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: mail.headers,
      });
      return {
        accepted: (info.accepted ?? []).map(emailOf),
        rejected: (info.rejected ?? []).map(emailOf),
        response: String(info.response ?? ''),
      };
    },
    close() {
      transporter.close();
    },
  };
}
