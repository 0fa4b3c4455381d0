import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';
import { canonicalJson } from './canonical-json';

/**
 * The tamper evidence of a post's timeline (issue 12): each entry carries
 * `hash = sha256(previousHash + canonical JSON of the entry)`, so an entry edited, removed or
 * slipped in afterwards breaks every hash after it. Computed where the entry is built: by the
 * workflow for accepted events (its bundle has no Node `crypto`, hence a pure SHA-256, the
 * audited `@noble/hashes`), by the API for refused attempts, which get a chain of their own.
 */

/** The `previousHash` of a chain's first entry. */
export const CHAIN_GENESIS = '';

export function chainHash(previousHash: string, content: Record<string, unknown>): string {
  return bytesToHex(sha256(utf8ToBytes(previousHash + canonicalJson(content))));
}

/** Everything an accepted entry records, and so everything its hash covers. */
export const TIMELINE_ENTRY_FIELDS = [
  'postId',
  'version',
  'requestId',
  'actor',
  'type',
  'payload',
  'rulesRevision',
  'receivedAt',
  'statusBefore',
  'status',
] as const;

/** Everything a refused attempt records, its place in the refusals' chain included. */
export const REFUSAL_ENTRY_FIELDS = ['postId', 'sequence', 'requestId', 'actor', 'type', 'payload', 'receivedAt', 'statusBefore', 'refusal'] as const;

/**
 * The hashed content of an entry, from the workflow's object or from a MongoDB row alike: the
 * listed fields only (a row has `_id`, `key`, `outcome`… besides), a missing one as `null`.
 */
export function entryContent(fields: readonly string[], entry: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, entry[field] ?? null]));
}

/** Where a chain stands: its last entry's version (or sequence) and hash, and its first chained one. */
export interface ChainHead {
  version: number;
  hash: string;
  /** Entries before this one were written before the chain existed: "unchained up to version N". */
  chainedFrom: number;
}

export interface ChainLink {
  previousHash: string;
  hash: string;
}

/** Links an accepted entry after `head` (none: it starts the chain) and says where the chain now stands. */
export function linkTimelineEntry(entry: Record<string, unknown> & { version: number }, head: ChainHead | null): { link: ChainLink; head: ChainHead } {
  const previousHash = head?.hash ?? CHAIN_GENESIS;
  const hash = chainHash(previousHash, entryContent(TIMELINE_ENTRY_FIELDS, entry));
  return { link: { previousHash, hash }, head: { version: entry.version, hash, chainedFrom: head?.chainedFrom ?? entry.version } };
}
