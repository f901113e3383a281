import { canonicalJson } from './canonical-json';
import { ChainedEntry, entryHash, GENESIS_HASH, verifyChain } from './hash-chain';

function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = { requestId: 'req_aaaaaaaaaaaaaaaa', seq, from: seq === 1 ? null : 'received', to: 'received', actor: 'system', at: new Date(seq * 1000).toISOString() };
    const hash = entryHash(prevHash, content);
    entries.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return entries;
}

describe('request log hash chain', () => {
  it('canonical JSON ignores key order and undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 'x'] } })).toBe(canonicalJson({ a: { c: [2, 'x'] }, b: 1 }));
  });

  it('R21 verifies an intact chain and names the first altered, removed or reordered entry', () => {
    expect(verifyChain(chain(4))).toMatchObject({ ok: true, entries: 4 });
    const altered = chain(4);
    altered[2] = { ...altered[2], actor: 'operator:mallory' };
    expect(verifyChain(altered)).toMatchObject({ ok: false, brokenAtSeq: 3 });
    const removed = chain(4).filter((entry) => entry.seq !== 2);
    expect(verifyChain(removed)).toMatchObject({ ok: false, brokenAtSeq: 3 });
    const [first, second, ...rest] = chain(4);
    expect(verifyChain([second, first, ...rest])).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });
});
