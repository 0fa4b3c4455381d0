import type { Models } from '../models/create-models';
import type { StoredPost } from './audit-post';
import { createRefusalChain } from './refusal-chain';

/** What MongoDB holds of a post, for the audit to compare with its workflow. */
export async function readStoredPost(models: Models, postId: string): Promise<StoredPost> {
  const [rows, post, links] = await Promise.all([
    models.PostEvent.find({ postId }).lean<Record<string, unknown>[]>(),
    models.Post.findById(postId).lean<Record<string, unknown>>(),
    createRefusalChain(models).links(postId),
  ]);
  return {
    timeline: rows.filter((row) => row.outcome !== 'refused'),
    post,
    refusals: {
      rows: rows.filter((row) => row.outcome === 'refused'),
      links: links.map((link) => ({ sequence: link.sequence, requestId: link.requestId, previousHash: link.previousHash ?? '', hash: link.hash })),
    },
  };
}
