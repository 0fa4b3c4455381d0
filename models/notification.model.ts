import { Schema } from 'mongoose';
import { deliveryStates } from '../mail/delivery/delivery-state';

/**
 * How a row went out by email (issue 11, mail/delivery/delivery-state.ts). Every new row starts
 * `pending`; rows written before email delivery existed have none and were never sent.
 */
const resendSchema = new Schema(
  { at: { type: String, required: true }, by: { id: { type: String, required: true }, role: { type: String, required: true } } },
  { _id: false },
);
const deliverySchema = new Schema(
  {
    state: { type: String, required: true, enum: deliveryStates },
    attempts: { type: Number, default: 0, min: 0 },
    lastError: { type: String, default: null },
    lastAttemptAt: { type: String, default: null },
    claimedUntil: { type: String, default: null },
    sentAt: { type: String, default: null },
    messageId: { type: String, default: null },
    to: { type: [String], default: [] },
    cc: { type: [String], default: [] },
    resends: { type: [resendSchema], default: [] },
  },
  { _id: false },
);

/**
 * The notifications outbox: every reminder and notice, once. The unique `key` is what makes a
 * retried or replayed write add nothing; the mail activities deliver each row from here.
 */
export const notificationSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The same business key as `_id`, kept readable for clients. */
    key: { type: String, required: true },
    postId: { type: String, required: true },
    topic: { type: String, required: true },
    recipientRole: { type: String, required: true },
    recipientScope: { type: String, default: null },
    subject: { type: String, required: true },
    body: { type: String, required: true },
    deadlineKind: { type: String, default: null },
    dueOn: { type: String, default: null },
    createdAt: { type: String, required: true },
    delivery: { type: deliverySchema, default: () => ({ state: 'pending' }) },
  },
  { collection: 'notifications' },
);
notificationSchema.index({ postId: 1, createdAt: 1 });
notificationSchema.index({ 'delivery.state': 1, createdAt: -1 });
/** The statistics count the rows written in a period (stats/stats-read-model.ts). */
notificationSchema.index({ createdAt: 1 });
