import type { Models } from '../models/create-models';
import type { StoredPost } from './audit-post';
import { createRefusalChain } from './refusal-chain';

/**
 * What MongoDB holds of a block of posts, for the audit to compare with their workflows. FerretDB
 * 1.24's SQLite backend pushes down to SQLite only a filter that is `{ _id: <string> }` alone
 * (internal/backends/sqlite/collection.go, `Query`): a filter on `postId`, an `_id` range and an
 * `$in` all read and decode the whole collection. So the rows of many posts are read in one scan,
 * by `postId` (which also finds a row inserted under a key of another shape), and grouped here;
 * reading them post by post scanned `post_events` once per post (bench/audit-replay.bench.ts).
 */
export async function readStoredPosts(models: Models, postIds: readonly string[]): Promise<Map<string, StoredPost>> {
  const ids = [...postIds];
  const [rows, posts, links] = await Promise.all([
    models.PostEvent.find({ postId: { $in: ids } }).lean<Record<string, unknown>[]>(),
    models.Post.find({ _id: { $in: ids } }).lean<Record<string, unknown>[]>(),
    createRefusalChain(models).linksOf(ids),
  ]);
  const stored = new Map<string, StoredPost>(ids.map((id) => [id, { timeline: [], post: null, refusals: { rows: [], links: [] } }]));
  for (const row of rows) {
    const post = stored.get(String(row.postId))!;
    (row.outcome === 'refused' ? post.refusals.rows : post.timeline).push(row);
  }
  for (const post of posts) stored.get(String(post._id))!.post = post;
  for (const link of links) {
    stored.get(link.postId)!.refusals.links.push({ sequence: link.sequence, requestId: link.requestId, previousHash: link.previousHash ?? '', hash: link.hash });
  }
  return stored;
}
