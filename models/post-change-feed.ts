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

  interface Waiting {
    postId: string;
    version: number;
    resolve: (seq: number) => void;
    reject: (error: unknown) => void;
  }
  let next = 0;
  let waiting: Waiting[] = [];
  let writing = false;

  /**
   * Inserts `batch` under consecutive numbers from `next`, in order: FerretDB and MongoDB stop an
   * ordered insert at its first duplicate and say how many went in, so the numbers taken stay
   * without a gap; the rest go after the number another writer took.
   */
  async function insertInOrder(batch: Waiting[]): Promise<void> {
    if (next === 0) next = (await lastSequence()) + 1;
    let rest = batch;
    while (rest.length > 0) {
      const first = next;
      const at = new Date();
      let inserted = rest.length;
      let failure: unknown = null;
      try {
        await model.insertMany(rest.map(({ postId, version }, i) => ({ _id: keyOf(first + i), seq: first + i, postId, version, at })), { ordered: true });
      } catch (error) {
        inserted = (error as { insertedCount?: number }).insertedCount ?? 0;
        failure = error;
      }
      rest.slice(0, inserted).forEach((w, i) => w.resolve(first + i));
      next = first + inserted;
      rest = rest.slice(inserted);
      if (failure && !isDuplicateKeyError(failure)) throw failure;
      if (rest.length > 0) next = (await lastSequence(next - 1)) + 1;
    }
  }

  /**
   * Appends a change of `postId`, now at `version`; a retried activity appending it again does no
   * harm. The appends of one process go in one at a time, those that came meanwhile together:
   * appends racing for the same number made each of 32 concurrent activities retry five times and
   * more, each retry a search of the last number (bench:lifecycle, issue 16).
   */
  function append(postId: string, version: number): Promise<number> {
    return new Promise((resolve, reject) => {
      waiting.push({ postId, version, resolve, reject });
      if (!writing) void drain();
    });
  }

  async function drain(): Promise<void> {
    writing = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        await insertInOrder(batch);
      } catch (error) {
        // The rows not inserted: their activities fail, and their retries append them again.
        for (const w of batch) w.reject(error);
      }
    }
    writing = false;
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
