import type { NotificationRow } from '../../domain/lifecycle/post-notifications';
import type { Models } from '../../models/create-models';
import { isDuplicateKeyError } from '../../models/duplicate-key-error';
import { createPostFiguresStore } from '../../stats/post-figures-store';
import { CLAIM_MS, type Delivery, type DeliveryState } from './delivery-state';

/** Holds taken by attempts that died before writing them on the row, skipped before giving up as busy. */
const MAX_DEAD_HOLDS = 5;

/** An outbox row as delivery reads it (`models/notification.model.ts`, `.lean()`). */
export interface OutboxRow extends NotificationRow {
  _id: string;
  /** Absent from rows written before email delivery existed. */
  delivery?: Delivery;
}

/** A claimed row comes with its claim applied, so that the attempt need not read it again. */
export type Claim = { state: 'claimed'; row: OutboxRow } | { state: 'settled' } | { state: 'busy' } | { state: 'missing' };

/**
 * The delivery state of the outbox rows in MongoDB. An attempt first takes a hold on the row (a
 * document only one attempt can insert, `claim`), so two attempts never both send it; each change
 * is then one update of the row by its `_id`, filtered on the state it moves from, and a `sent` row
 * never moves again (FerretDB 1.x: no transactions, only `_id` is indexed, and an update reads
 * then writes, so a filter alone does not keep a second writer out). After each change the
 * statistics' copy of the row's state is written from the row (notice_figures).
 */
export function createOutboxStore(models: Models) {
  const { Notification, DeliveryClaim } = models;
  const figures = createPostFiguresStore(models);
  const now = () => new Date().toISOString();

  function find(key: string): Promise<OutboxRow | null> {
    return Notification.findById(key).lean<OutboxRow>();
  }

  /**
   * Takes the row for one attempt: pending, and not held by another attempt whose hold still runs.
   * The hold is the document `<key>#<n>` of `delivery_claims`, which one attempt only can insert;
   * the row's `delivery.attempts` says the last n taken. An attempt that died after taking hold
   * `n + 1` and before writing it on the row is found by the next, which then tries `n + 2`.
   */
  async function claim(key: string): Promise<Claim> {
    const row = await find(key);
    if (!row) return { state: 'missing' };
    if (row.delivery?.state !== 'pending') {
      // An earlier attempt settled the row, and may have died before writing its figure.
      await figures.recordNotice(row);
      return { state: 'settled' };
    }
    const at = new Date();
    const until = new Date(at.getTime() + CLAIM_MS).toISOString();
    for (let last = row.delivery.attempts ?? 0; last < (row.delivery.attempts ?? 0) + MAX_DEAD_HOLDS; last++) {
      if (last > 0) {
        const held = await DeliveryClaim.findById(`${key}#${last}`).lean<{ until: string }>();
        if (held && held.until > at.toISOString()) return { state: 'busy' };
      }
      try {
        await DeliveryClaim.create({ _id: `${key}#${last + 1}`, key, until });
      } catch (error) {
        if (isDuplicateKeyError(error)) continue;
        throw error;
      }
      const held = { claimedUntil: until, lastAttemptAt: at.toISOString(), attempts: last + 1 };
      await Notification.updateOne(
        { _id: key },
        { $set: { 'delivery.claimedUntil': held.claimedUntil, 'delivery.lastAttemptAt': held.lastAttemptAt, 'delivery.attempts': held.attempts } },
      );
      return { state: 'claimed', row: { ...row, delivery: { ...row.delivery, ...held } } };
    }
    return { state: 'busy' };
  }

  /** Ends the hold of `row`'s current attempt: the next attempt need not wait for it to expire. */
  async function endHold(row: OutboxRow): Promise<void> {
    const attempts = row.delivery?.attempts ?? 0;
    if (attempts > 0) await DeliveryClaim.updateOne({ _id: `${row._id}#${attempts}` }, { $set: { until: now() } });
  }

  async function markSent(row: OutboxRow, sent: { messageId: string; to: string[]; cc: string[]; note: string | null }): Promise<void> {
    const { modifiedCount } = await Notification.updateOne(
      { _id: row._id, 'delivery.state': 'pending' },
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
    // Written as sent: its figure follows without reading it back; otherwise the stored row says.
    await (modifiedCount === 1 ? figures.recordNotice({ ...row, delivery: { ...row.delivery!, state: 'sent' } }) : figures.syncNotice(row._id));
  }

  /** A row that will not go as it is: refused by the server, or without an address. ANCT may resend it. */
  async function markUndeliverable(key: string, state: Extract<DeliveryState, 'failed' | 'no_recipient'>, reason: string, to: string[] = []): Promise<void> {
    await Notification.updateOne(
      { _id: key, 'delivery.state': 'pending' },
      { $set: { 'delivery.state': state, 'delivery.lastError': reason, 'delivery.to': to, 'delivery.claimedUntil': null } },
    );
    const row = await find(key);
    if (!row) return;
    // A resend may follow at once: it must not wait for this attempt's hold to expire.
    await endHold(row);
    await figures.recordNotice(row);
  }

  /** An attempt that failed for the moment: the row stays pending, for the next attempt. */
  async function release(key: string, reason: string): Promise<void> {
    await Notification.updateOne({ _id: key, 'delivery.state': 'pending' }, { $set: { 'delivery.lastError': reason, 'delivery.claimedUntil': null } });
    const row = await find(key);
    if (row) await endHold(row);
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
