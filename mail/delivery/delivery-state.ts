/**
 * The delivery of one outbox row by email (issue 11): `pending → sent | failed | no_recipient`.
 * `sent` is final: a row is never sent again. `failed` and `no_recipient` wait for ANCT, who may
 * fix the address and ask for a resend, which puts the row back to `pending`.
 */
export const deliveryStates = ['pending', 'sent', 'failed', 'no_recipient'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** What the outbox keeps of a row's delivery. Instants are ISO strings, like the row's `createdAt`. */
export interface Delivery {
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  /** While an attempt runs: until when no other attempt may send the row (see CLAIM_MS). */
  claimedUntil: string | null;
  sentAt: string | null;
  messageId: string | null;
  /** The addresses the mail went to (or was refused for). */
  to: string[];
  cc: string[];
  resends: { at: string; by: { id: string; role: string } }[];
}

/**
 * How long one attempt holds a row. Two attempts may run at once: the last attempt of a run that
 * continued as new while the next run's first one starts, or an attempt Temporal timed out that is
 * still talking to a hung server. The claim keeps the second from sending; it outlasts the SMTP
 * client's own timeouts (smtp-transport.ts), so it expires only after a process died mid-attempt.
 */
export const CLAIM_MS = 90_000;

/** A row in the state a resend accepts: delivered to no one, and no attempt under way. */
export function resendable(delivery: Pick<Delivery, 'state'> | null | undefined): boolean {
  return !delivery || delivery.state === 'failed' || delivery.state === 'no_recipient';
}
