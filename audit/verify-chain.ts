import { CHAIN_GENESIS, chainHash, entryContent } from '../domain/audit/timeline-chain';
import type { ChainVerdict } from './post-audit-report';

/**
 * Recomputes a chain (domain/audit/timeline-chain.ts) over entries as they are held — the
 * workflow's, MongoDB's timeline, the refusals — and names the first entry where it does not
 * hold. Leading entries without a hash were written before the chain: they are "unchained up to
 * N", not a failure; an entry without a hash after the chain has started is one. With
 * `fromFirstGiven`, the entries may start after version 1 (the runs before were not given).
 */
export function verifyChain(
  entries: readonly Record<string, unknown>[],
  { fields, position, fromFirstGiven = false }: { fields: readonly string[]; position: 'version' | 'sequence'; fromFirstGiven?: boolean },
): ChainVerdict {
  const sorted = [...entries].sort((a, b) => Number(a[position]) - Number(b[position]));
  const verdict: ChainVerdict = { unchainedUpTo: null, chainedFrom: null, head: null, firstBreak: null };
  const label = position === 'version' ? 'la version' : 'la tentative refusée n°';
  const broken = (at: number, reason: NonNullable<ChainVerdict['firstBreak']>['reason'], message: string): ChainVerdict => ({
    ...verdict,
    firstBreak: { version: at, reason, message: `${label} ${at} : ${message}` },
  });
  // A run that continues others, given alone: its chain goes on from a head that is not given.
  let last = fromFirstGiven && sorted[0] ? Number(sorted[0][position]) - 1 : 0;
  let given: string | null = fromFirstGiven && sorted[0] && typeof sorted[0].previousHash === 'string' ? sorted[0].previousHash : null;
  for (const entry of sorted) {
    const at = Number(entry[position]);
    if (at === last) return broken(at, 'duplicate', 'figure deux fois (une entrée a été ajoutée)');
    if (at !== last + 1) return broken(last + 1, 'missing', 'manque (une entrée a été supprimée)');
    last = at;
    const hash = typeof entry.hash === 'string' && entry.hash ? entry.hash : null;
    if (!hash) {
      if (verdict.chainedFrom !== null) return broken(at, 'unchained_after_chain', 'n’a pas d’empreinte alors que la chaîne a commencé avant elle');
      verdict.unchainedUpTo = at;
      continue;
    }
    const expectedPrevious = verdict.head?.hash ?? given ?? CHAIN_GENESIS;
    given = null;
    if ((entry.previousHash ?? CHAIN_GENESIS) !== expectedPrevious) {
      return broken(at, 'link', 'ne suit pas l’entrée précédente (empreinte précédente différente)');
    }
    if (chainHash(expectedPrevious, entryContent(fields, entry)) !== hash) {
      return broken(at, 'content', 'son contenu ne correspond plus à son empreinte (entrée modifiée)');
    }
    verdict.chainedFrom ??= at;
    verdict.head = { version: at, hash };
  }
  return verdict;
}
