import { randomBytes } from 'node:crypto';
import {
  hashLinkToken,
  hashVerificationCode,
  InvalidVerificationSecretError,
  isLinkToken,
  isSixDigitCode,
  isVerificationSecretHash,
} from './verification-hash';

const key = 'k'.repeat(32);

describe('verification secret hashing (R09, R12)', () => {
  it('R09 accepts exactly six ASCII digits and refuses letters, 7 digits, Unicode digits and empty', () => {
    expect(isSixDigitCode('012345')).toBe(true);
    for (const bad of [
      '',
      '12345',
      '1234567',
      '12a456',
      ' 123456',
      '123 456',
      '١٢٣٤٥٦',
      '１２３４５６',
      '12345６',
      123456,
      null,
      undefined,
    ]) {
      expect(isSixDigitCode(bad)).toBe(false);
    }
    for (const bad of ['abcdef', '1234567', '١٢٣٤٥٦', '']) {
      expect(() => hashVerificationCode(key, 'req-1', bad)).toThrow(InvalidVerificationSecretError);
    }
    expect(() => hashVerificationCode(key, 'req-1', 'abcdef')).toThrow(/code must be exactly 6 digits/);
  });

  it('R09 binds a code and a link token to their request, and keeps the two kinds apart', () => {
    const code = hashVerificationCode(key, 'req-1', '123456');
    expect(isVerificationSecretHash(code)).toBe(true);
    expect(code).toBe(hashVerificationCode(key, 'req-1', '123456'));
    expect(code).not.toBe(hashVerificationCode(key, 'req-2', '123456'));
    expect(code).not.toBe(hashVerificationCode('x'.repeat(32), 'req-1', '123456'));

    const token = randomBytes(32).toString('base64url');
    expect(isLinkToken(token)).toBe(true);
    expect(hashLinkToken(key, 'req-1', token)).not.toBe(hashLinkToken(key, 'req-2', token));
    expect(() => hashLinkToken(key, 'req-1', `${token}=`)).toThrow(InvalidVerificationSecretError);
    expect(() => hashLinkToken(key, 'req-1', 'short')).toThrow(/token must be/);
    expect(() => hashVerificationCode(key, '', '123456')).toThrow(/requestId/);
  });
});
