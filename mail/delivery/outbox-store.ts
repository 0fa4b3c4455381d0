import type { NotificationRow } from '../../domain/lifecycle/post-notifications';
import type { Models } from '../../models/create-models';
import { createPostFiguresStore } from '../../stats/post-figures-store';
import { CLAIM_MS, type Delivery, type DeliveryState } from './delivery-state';

/** An outbox row as delivery reads it (`models/notification.model.ts`, `.lean()`). */
export interface OutboxRow extends NotificationRow {
  _id: string;
  /** Absent from rows written before email delivery existed. */
  delivery?: Delivery;
}

export type Claim = 'claimed' | 'settled' | 'busy' | 'missing';

/**
 * The delivery state of the outbox rows in MongoDB. Each change is one update of one document by
 * its `_id`, filtered on the state it moves from, so two attempts never both move a row, and a
 * `sent` row never moves again (FerretDB 1.x: no transactions, and only `_id` is indexed). After
 * each change the statistics' copy of the row's state is written from the row (post_figures).
 */
export function createOutboxStore(models: Models) {
  const { Notification } = models;
  const figures = createPostFiguresStore(models);
  const now = () => new Date().toISOString();

  function find(key: string): Promise<OutboxRow | null> {
    return Notification.findById(key).lean<OutboxRow>();
  }

  /** Takes the row for one attempt: pending, and not held by another attempt whose claim still runs. */
  async function claim(key: string): Promise<Claim> {
    const at = new Date();
    const { modifiedCount } = await Notification.updateOne(
      {
        _id: key,
        'delivery.state': 'pending',
        $or: [{ 'delivery.claimedUntil': null }, { 'delivery.claimedUntil': { $lt: at.toISOString() } }],
      },
      {
        $set: { 'delivery.claimedUntil': new Date(at.getTime() + CLAIM_MS).toISOString(), 'delivery.lastAttemptAt': at.toISOString() },
        $inc: { 'delivery.attempts': 1 },
      },
    );
    if (modifiedCount === 1) return 'claimed';
    const row = await find(key);
    if (!row) return 'missing';
    if (row.delivery?.state === 'pending') return 'busy';
    // An earlier attempt settled the row, and may have died before writing its figure.
    await figures.recordNotice(row);
    return 'settled';
  }

  async function markSent(key: string, sent: { messageId: string; to: string[]; cc: string[]; note: string | null }): Promise<void> {
    await Notification.updateOne(
      { _id: key, 'delivery.state': 'pending' },
      {
        $set: {
          'delivery.state': 'sent',
          'delivery.sentAt': now(),
          'delivery.messageId': sent.messageId,
          'delivery.to': sent.to,
          'delivery.cc': sent.cc,
          'delivery.lastError': sent.note,
          'delivery.claimedUntil': null,
        },
      },
    );
    await figures.syncNotice(key);
  }

  /** A row that will not go as it is: refused by the server, or without an address. ANCT may resend it. */
  async function markUndeliverable(key: string, state: Extract<DeliveryState, 'failed' | 'no_recipient'>, reason: string, to: string[] = []): Promise<void> {
    await Notification.updateOne(
      { _id: key, 'delivery.state': 'pending' },
      { $set: { 'delivery.state': state, 'delivery.lastError': reason, 'delivery.to': to, 'delivery.claimedUntil': null } },
    );
    await figures.syncNotice(key);
  }

  /** An attempt that failed for the moment: the row stays pending, for the next attempt. */
  async function release(key: string, reason: string): Promise<void> {
    await Notification.updateOne({ _id: key, 'delivery.state': 'pending' }, { $set: { 'delivery.lastError': reason, 'delivery.claimedUntil': null } });
  }

  /**
   * Puts a row delivered to no one back to pending, recording who asked; rows written before
   * delivery existed get their first delivery state. Null when the row is not in such a state.
   */
  async function reopen(key: string, by: { id: string; role: string }): Promise<OutboxRow | null> {
    const resend = { at: now(), by };
    const { modifiedCount } = await Notification.updateOne(
      { _id: key, $or: [{ 'delivery.state': { $in: ['failed', 'no_recipient'] } }, { delivery: null }] },
      { $set: { 'delivery.state': 'pending', 'delivery.claimedUntil': null }, $push: { 'delivery.resends': resend } },
    );
    if (modifiedCount !== 1) return null;
    const row = await find(key);
    if (row) await figures.recordNotice(row);
    return row;
  }

  /** Takes a reopening back when no resend could be started: the row is as it was before. */
  async function undoReopen(key: string, previous: Delivery | null): Promise<void> {
    const filter = { _id: key, 'delivery.state': 'pending', 'delivery.claimedUntil': null };
    await Notification.updateOne(filter, previous ? { $set: { delivery: previous } } : { $unset: { delivery: 1 } });
    await figures.syncNotice(key);
  }

  async function list(state: DeliveryState, page: number, pageSize: number): Promise<{ rows: OutboxRow[]; total: number }> {
    const filter = { 'delivery.state': state };
    const [rows, total] = await Promise.all([
      Notification.find(filter)
        .sort({ createdAt: -1, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean<OutboxRow[]>(),
      Notification.countDocuments(filter),
    ]);
    return { rows, total };
  }

  return { find, claim, markSent, markUndeliverable, release, reopen, undoReopen, list };
}

export type OutboxStore = ReturnType<typeof createOutboxStore>;
