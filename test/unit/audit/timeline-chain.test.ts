import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson } from '../../../domain/audit/canonical-json';
import { CHAIN_GENESIS, chainHash, entryContent, linkTimelineEntry, TIMELINE_ENTRY_FIELDS } from '../../../domain/audit/timeline-chain';

const nodeSha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const shuffledKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(shuffledKeys);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffledKeys(v)]));
  return value;
};

describe('the timeline’s hash chain (domain/audit/timeline-chain.ts)', () => {
  it('hashes with the pure SHA-256 exactly as Node’s crypto does, any text, any length', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.json(), (previous, json) => {
        const content = { payload: JSON.parse(json) as unknown };
        expect(chainHash(previous, content)).toBe(nodeSha256(previous + canonicalJson(content)));
      }),
      { numRuns: 300 },
    );
    // Block boundaries of SHA-256 (55, 56, 64 bytes of message) and a long input.
    for (const length of [0, 55, 56, 63, 64, 65, 1000, 100_000]) {
      expect(chainHash('x'.repeat(length), {})).toBe(nodeSha256(`${'x'.repeat(length)}{}`));
    }
  });

  it('gives one text whatever the key order, and the same text after a trip through JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(shuffledKeys(value))).toBe(text);
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(text);
      }),
    );
    expect(canonicalJson({ b: 1, a: [true, null, 'é'], c: undefined })).toBe('{"a":[true,null,"é"],"b":1}');
    expect(canonicalJson([undefined, Number.NaN])).toBe('[null,null]');
  });

  it('covers every field an entry records, a missing one as null, and nothing else', () => {
    const row = { _id: 'p:1', key: 'p:1', outcome: 'accepted', postId: 'p', version: 1, hash: 'h', statusBefore: undefined };
    expect(Object.keys(entryContent(TIMELINE_ENTRY_FIELDS, row))).toEqual([...TIMELINE_ENTRY_FIELDS]);
    expect(entryContent(TIMELINE_ENTRY_FIELDS, row)).toMatchObject({ postId: 'p', version: 1, statusBefore: null, payload: null });
  });

  it('links each entry to the one before: changing any field of an earlier entry changes every later hash', () => {
    const entry = (version: number, status: string) => ({ postId: 'p', version, requestId: `r${version}`, actor: { id: 'a', role: 'anct' }, type: 'X', payload: { type: 'X' }, rulesRevision: 3, receivedAt: '2027-01-01T00:00:00.000Z', statusBefore: null, status });
    const first = linkTimelineEntry(entry(1, 'concertation'), null);
    expect(first.link.previousHash).toBe(CHAIN_GENESIS);
    expect(first.head).toEqual({ version: 1, hash: first.link.hash, chainedFrom: 1 });
    const second = linkTimelineEntry(entry(2, 'committee'), first.head);
    expect(second.link.previousHash).toBe(first.link.hash);
    expect(second.head.chainedFrom).toBe(1);
    const altered = linkTimelineEntry(entry(2, 'committee'), linkTimelineEntry(entry(1, 'rejected'), null).head);
    expect(altered.link.hash).not.toBe(second.link.hash);
  });
});
