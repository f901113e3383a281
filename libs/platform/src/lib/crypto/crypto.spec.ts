import { constantTimeEqual, keyedHash, subjectKey } from './keyed-hash';
import { seal, unseal } from './sealed-value';
import { signClaims, verifyClaims } from './signed-link';

const hexKey = '11'.repeat(32);
const key = 'k'.repeat(32);

describe('crypto primitives', () => {
  it('seals and opens a value, and a tampered value does not open', () => {
    const sealed = seal(hexKey, 'ada@example.com');
    expect(sealed).not.toContain('ada');
    expect(unseal(hexKey, sealed)).toBe('ada@example.com');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('mallory@example.com').toString('base64url');
    expect(() => unseal(hexKey, parts.join('.'))).toThrow();
  });

  it('hashes subject keys case-insensitively and separates purposes', () => {
    expect(subjectKey(key, ' Ada@Example.com ')).toBe(subjectKey(key, 'ada@example.com'));
    expect(keyedHash(key, 'code', '123456')).not.toBe(keyedHash(key, 'token', '123456'));
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
  });

  it('R16 signed links expire, and refuse forged, altered or other-purpose tokens', () => {
    const token = signClaims(key, { purpose: 'download', ref: 'req-1', expiresAt: 1_000 });
    expect(verifyClaims(key, token, 'download', 999)).toEqual({
      ok: true,
      claims: { purpose: 'download', ref: 'req-1', expiresAt: 1_000 },
    });
    expect(verifyClaims(key, token, 'download', 1_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyClaims(key, token, 'status', 999)).toEqual({ ok: false, reason: 'wrong-purpose' });
    expect(verifyClaims('x'.repeat(32), token, 'download', 999)).toEqual({ ok: false, reason: 'forged' });
    const other = signClaims(key, { purpose: 'download', ref: 'req-2', expiresAt: 1_000 });
    const spliced = `${other.split('.')[0]}.${token.split('.')[1]}`;
    expect(verifyClaims(key, spliced, 'download', 999)).toEqual({ ok: false, reason: 'forged' });
    expect(verifyClaims(key, 'garbage', 'download', 999)).toEqual({ ok: false, reason: 'malformed' });
  });
});
