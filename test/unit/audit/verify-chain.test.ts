import { linkTimelineEntry, TIMELINE_ENTRY_FIELDS, type ChainHead } from '../../../domain/audit/timeline-chain';
import { verifyChain } from '../../../audit/verify-chain';

const entry = (version: number) => ({ postId: 'p', version, requestId: `r${version}`, actor: { id: 'a', role: 'anct' }, type: 'X', payload: { type: 'X', n: version }, rulesRevision: 3, receivedAt: `2027-01-0${version}T00:00:00.000Z`, statusBefore: null, status: 's' });

/** Entries 1..n, the first `unchained` of them written before the chain (no hash). */
function timeline(n: number, unchained = 0): Record<string, unknown>[] {
  let head: ChainHead | null = null;
  return Array.from({ length: n }, (_, i) => {
    const e = entry(i + 1);
    if (i < unchained) return e;
    const linked = linkTimelineEntry(e, head);
    head = linked.head;
    return { ...e, ...linked.link };
  });
}
const verify = (entries: Record<string, unknown>[], fromFirstGiven = false) => verifyChain(entries, { fields: TIMELINE_ENTRY_FIELDS, position: 'version', fromFirstGiven });

describe('verifyChain (audit/verify-chain.ts)', () => {
  it('holds over an untouched timeline, in any order, and says where it stands', () => {
    const entries = timeline(5);
    expect(verify([...entries].reverse())).toEqual({ unchainedUpTo: null, chainedFrom: 1, head: { version: 5, hash: entries[4]!.hash }, firstBreak: null });
  });

  it('reports entries written before the chain as unchained up to version N, not as a failure', () => {
    expect(verify(timeline(6, 3))).toMatchObject({ unchainedUpTo: 3, chainedFrom: 4, firstBreak: null, head: { version: 6 } });
    expect(verify(timeline(3, 3))).toMatchObject({ unchainedUpTo: 3, chainedFrom: null, head: null, firstBreak: null });
  });

  it('names the first entry edited, deleted, inserted, unlinked or stripped of its hash', () => {
    const edited = timeline(5).map((e) => (e.version === 3 ? { ...e, status: 'autre' } : e));
    expect(verify(edited).firstBreak).toMatchObject({ version: 3, reason: 'content' });
    expect(verify(timeline(5).filter((e) => e.version !== 2)).firstBreak).toMatchObject({ version: 2, reason: 'missing' });
    expect(verify([...timeline(5), { ...timeline(5)[3]!, requestId: 'forged' }]).firstBreak).toMatchObject({ version: 4, reason: 'duplicate' });
    const relinked = timeline(5).map((e) => (e.version === 4 ? { ...e, previousHash: 'f'.repeat(64) } : e));
    expect(verify(relinked).firstBreak).toMatchObject({ version: 4, reason: 'link' });
    const stripped = timeline(5).map((e) => (e.version === 5 ? { ...e, hash: null } : e));
    expect(verify(stripped).firstBreak).toMatchObject({ version: 5, reason: 'unchained_after_chain' });
  });

  it('checks a run given alone from its first entry on, and only then', () => {
    const later = timeline(6).slice(3);
    expect(verify(later, true)).toMatchObject({ chainedFrom: 4, firstBreak: null, head: { version: 6 } });
    expect(verify(later).firstBreak).toMatchObject({ version: 1, reason: 'missing' });
  });
});
