import { type Connection, type InferSchemaType, type Model, Schema } from 'mongoose';

/**
 * One link of a post's chain of refused attempts (issue 12): its place (`sequence`), the request
 * it chains, and the hashes. `_id` is `<postId>:<sequence>`, so inserting it is how a writer takes
 * the next place: two refusals of the same post at the same moment cannot both take it (the `_id`
 * index is the only unique index FerretDB 1.x honours, and no transaction is needed); the loser
 * reads the new head and takes the place after it. The refused attempt's own row in
 * `post_events` (keyed by its request) carries the same place and hashes.
 */
export const refusalLinkSchema = new Schema(
  {
    _id: { type: String, required: true },
    postId: { type: String, required: true },
    sequence: { type: Number, required: true, min: 1 },
    requestId: { type: String, required: true },
    previousHash: { type: String, default: '' },
    hash: { type: String, required: true },
  },
  { collection: 'post_refusal_links', versionKey: false },
);

export type RefusalLinkDocument = InferSchemaType<typeof refusalLinkSchema>;

export const refusalLinkKey = (postId: string, sequence: number) => `${postId}:${sequence}`;

export function refusalLinkModel(connection: Connection): Model<RefusalLinkDocument> {
  return (connection.models.RefusalLink as Model<RefusalLinkDocument> | undefined) ?? connection.model('RefusalLink', refusalLinkSchema);
}
