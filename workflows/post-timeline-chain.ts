import { patched } from '@temporalio/workflow';
import type { ChainHead, ChainLink } from '../domain/audit/timeline-chain';
import { postDomain } from './post-domain';

const { linkTimelineEntry } = postDomain();

/** docs/workflow-versioning.md: entries built before this marker carry no hash. */
export const TIMELINE_CHAIN_PATCH = 'timeline-hash-chain';

/**
 * The workflow's side of the timeline's hash chain: it links each accepted entry as it is built
 * and keeps the chain's head, which the `timelineChain` query answers and continue-as-new
 * carries. A run replayed from a history older than the chain finds no marker and links nothing,
 * so its entries stay as they were recorded; the chain starts at the first change after the
 * deploy, even in a run that started before it, and the audit reports the older entries as
 * "unchained up to version N".
 */
export function createTimelineChain(carried: ChainHead | undefined) {
  let head: ChainHead | null = carried ?? null;
  return {
    link<E extends Record<string, unknown> & { version: number }>(entry: E): E | (E & ChainLink) {
      if (!patched(TIMELINE_CHAIN_PATCH)) return entry;
      const linked = linkTimelineEntry(entry, head);
      head = linked.head;
      return { ...entry, ...linked.link };
    },
    head: (): ChainHead | null => head,
  };
}
