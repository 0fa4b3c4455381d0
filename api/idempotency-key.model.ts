import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * What an `Idempotency-Key` was first used for: by whom, on which post, with which body. Temporal
 * deduplicates the transition itself (the key is the update id); this row lets the API refuse the
 * same key reused for another post or another body, and gives a new post its id before the
 * workflow exists, so that a repeated or concurrent creation lands on the same post. `_id` is
 * unique by construction: no transaction is needed (FerretDB 1.x has none).
 */
export const idempotencyKeySchema = new Schema(
  {
    /** sha256 of the caller (role, scope, subject) and the header: keys are the caller's own. */
    _id: { type: String, required: true },
    key: { type: String, required: true },
    actorId: { type: String, required: true },
    role: { type: String, required: true },
    operation: { type: String, required: true, enum: ['create-post', 'post-event'] },
    postId: { type: String, required: true },
    /** sha256 of the request body with its keys sorted. */
    fingerprint: { type: String, required: true },
    /** The request that reserved the key: only it may release the key again (after a 404). */
    reservedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);

export type IdempotencyKeyDocument = InferSchemaType<typeof idempotencyKeySchema>;

export function idempotencyKeyModel(connection: Connection): Model<IdempotencyKeyDocument> {
  return (connection.models.IdempotencyKey as Model<IdempotencyKeyDocument> | undefined) ?? connection.model('IdempotencyKey', idempotencyKeySchema);
}
