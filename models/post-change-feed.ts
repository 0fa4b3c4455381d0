import { type Connection, type Model, Schema } from 'mongoose';
import { isDuplicateKeyError } from './duplicate-key-error';

/**
 * The read model's change feed: one row per change of a post document, numbered 1, 2, 3… without
 * a gap, so that a reader finds what changed since its last look by `_id` alone. FerretDB 1.x
 * reads through an index only by `_id` (activities/post-activities.ts), so any other query scans
 * every row, which costs seconds for 4 000 posts; and it updates a document by reading then
 * writing it, so a shared counter could lose increments. Here the insertion of `change:<n>` is
 * itself the allocation of n: a unique `_id` lets only one writer have it, and the loser takes the
 * next free number. Rows are small and never rewritten; nothing deletes them.
 */
export interface PostChangeRow {
  _id: string;
  seq: number;
  postId: string;
  version: number;
  at: Date;
}

export const postChangeSchema = new Schema<PostChangeRow>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true, min: 1 },
    postId: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'post_changes', versionKey: false },
);

export function postChangeModel(connection: Connection): Model<PostChangeRow> {
  return (connection.models.PostChange as Model<PostChangeRow> | undefined) ?? connection.model<PostChangeRow>('PostChange', postChangeSchema);
}

const keyOf = (seq: number) => `change:${seq}`;

export function createPostChangeFeed(model: Model<PostChangeRow>) {
  const exists = async (seq: number) => (await model.findById(keyOf(seq), { _id: 1 }).lean()) !== null;

  /** The last number taken, found from `known` (a number known to be taken, or 0) by doubling steps then halving. */
  async function lastSequence(known = 0): Promise<number> {
    let low = known;
    let step = 1;
    while (await exists(low + step)) {
      low += step;
      step *= 2;
    }
    let high = low + step;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await exists(middle)) low = middle;
      else high = middle;
    }
    return low;
  }

  let next = 0;
  /** Appends a change of `postId`, now at `version`; a retried activity appending it again does no harm. */
  async function append(postId: string, version: number): Promise<number> {
    if (next === 0) next = (await lastSequence()) + 1;
    for (;;) {
      const seq = next;
      try {
        await model.create({ _id: keyOf(seq), seq, postId, version, at: new Date() });
        next = Math.max(next, seq + 1);
        return seq;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        next = (await lastSequence(seq)) + 1;
      }
    }
  }

  /** The changes after `seq`, up to `limit` of them, in order; fewer when the feed ends sooner. */
  async function after(seq: number, limit: number): Promise<PostChangeRow[]> {
    const rows: PostChangeRow[] = [];
    // A few lookups at once: one number missing means the feed ends there.
    for (let from = seq + 1; rows.length < limit; from += 10) {
      const batch = await Promise.all(Array.from({ length: Math.min(10, limit - rows.length) }, (_, i) => model.findById(keyOf(from + i)).lean<PostChangeRow>()));
      const end = batch.findIndex((row) => row === null);
      rows.push(...(end === -1 ? batch : batch.slice(0, end)).map((row) => row!));
      if (end !== -1) break;
    }
    return rows;
  }

  return { append, after, lastSequence };
}

export type PostChangeFeed = ReturnType<typeof createPostChangeFeed>;
