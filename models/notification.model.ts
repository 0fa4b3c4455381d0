import { Schema } from 'mongoose';

/**
 * The notifications outbox: every reminder and notice, once. The unique `key` is what makes a
 * retried or replayed write add nothing; delivery by email reads from here later.
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
  },
  { collection: 'notifications' },
);
notificationSchema.index({ postId: 1, createdAt: 1 });
