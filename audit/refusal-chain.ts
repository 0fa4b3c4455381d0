import { CHAIN_GENESIS, chainHash, entryContent, REFUSAL_ENTRY_FIELDS } from '../domain/audit/timeline-chain';
import { isDuplicateKeyError } from '../models/duplicate-key-error';
import { refusalLinkKey, refusalLinkModel, type RefusalLinkDocument } from '../models/refusal-link.model';
import type { Models } from '../models/create-models';

/**
 * The chain of a post's refused attempts, which Temporal does not keep: written by the API with
 * each refusal, checked by the audit. Finding the head reads links by `_id` only (FerretDB 1.x
 * scans any other filter): the places are 1, 2, 3… without a gap, so doubling then halving finds
 * the last one in about 2·log₂(n) lookups.
 */
export interface ChainedRefusal {
  sequence: number;
  previousHash: string;
  hash: string;
}

/** How many times a writer retries when others keep taking the place it wanted. */
const MAX_ATTEMPTS = 50;

export function createRefusalChain(models: Models) {
  const Link = refusalLinkModel(models.PostEvent.db);
  const exists = async (postId: string, sequence: number) => (await Link.exists({ _id: refusalLinkKey(postId, sequence) })) !== null;

  async function head(postId: string): Promise<RefusalLinkDocument | null> {
    if (!(await exists(postId, 1))) return null;
    let low = 1;
    let high = 2;
    while (await exists(postId, high)) [low, high] = [high, high * 2];
    // low exists, high does not: the last place lies between them.
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (await exists(postId, middle)) low = middle;
      else high = middle;
    }
    return Link.findById(refusalLinkKey(postId, low)).lean<RefusalLinkDocument>();
  }

  /**
   * Takes the next place for a refusal whose content (every field but `sequence`) is given, and
   * returns it with its hashes, for the caller to write on the refusal's row.
   */
  async function append(postId: string, requestId: string, content: Record<string, unknown>): Promise<ChainedRefusal> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const last = await head(postId);
      const sequence = (last?.sequence ?? 0) + 1;
      const previousHash = last?.hash ?? CHAIN_GENESIS;
      const hash = chainHash(previousHash, entryContent(REFUSAL_ENTRY_FIELDS, { ...content, postId, requestId, sequence }));
      try {
        await Link.create({ _id: refusalLinkKey(postId, sequence), postId, sequence, requestId, previousHash, hash });
        return { sequence, previousHash, hash };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new Error(`could not chain a refused attempt of post ${postId} after ${MAX_ATTEMPTS} attempts`);
  }

  /** Every link of these posts, for the audit: one scan of the links for them all (FerretDB 1.x scans any filter but `_id`). */
  const linksOf = (postIds: readonly string[]) => Link.find({ postId: { $in: [...postIds] } }).lean<RefusalLinkDocument[]>();

  return { head, append, linksOf };
}
