import { ValidateBy, ValidationOptions } from 'class-validator';
import { keyedHash } from './keyed-hash';

/**
 * The one place where verification secrets are hashed (R09–R12).
 *
 * The identity service stores only these hashes when it issues a challenge;
 * intake hashes what the subject types or clicks with the same functions and
 * passes only the hash on (no code or token ever sits in a Temporal history).
 * The request id is part of the hashed value, so a code or link token of one
 * request can never verify another.
 */

/** Exactly six ASCII digits: no letters, no spaces, no Unicode digits (e.g. '١٢٣٤٥٦' or fullwidth). */
const SIX_DIGITS = /^[0-9]{6}$/;
/** 32 random bytes in base64url, unpadded: 43 characters. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;
/** A keyedHash (HMAC-SHA-256, base64url): what intake sends and identity compares. */
const SECRET_HASH = /^[A-Za-z0-9_-]{43}$/;

export function isSixDigitCode(value: unknown): value is string {
  return typeof value === 'string' && SIX_DIGITS.test(value);
}

export function isLinkToken(value: unknown): value is string {
  return typeof value === 'string' && LINK_TOKEN.test(value);
}

export function isVerificationSecretHash(value: unknown): value is string {
  return typeof value === 'string' && SECRET_HASH.test(value);
}

/** Thrown when a code or token is malformed; `field` names what the subject got wrong. */
export class InvalidVerificationSecretError extends Error {
  constructor(readonly field: 'code' | 'token') {
    super(field === 'code' ? 'code must be exactly 6 digits (0-9)' : 'token must be a 43-character link token');
    this.name = 'InvalidVerificationSecretError';
  }
}

/** Keyed hash of a 6-digit verification code of one request. Refuses anything but six ASCII digits. */
export function hashVerificationCode(hmacKey: string, requestId: string, code: string): string {
  if (!isSixDigitCode(code)) throw new InvalidVerificationSecretError('code');
  return keyedHash(hmacKey, 'code', `${requireRequestId(requestId)}:${code}`);
}

/** Keyed hash of a one-click link token of one request. */
export function hashLinkToken(hmacKey: string, requestId: string, token: string): string {
  if (!isLinkToken(token)) throw new InvalidVerificationSecretError('token');
  return keyedHash(hmacKey, 'link', `${requireRequestId(requestId)}:${token}`);
}

function requireRequestId(requestId: string): string {
  if (typeof requestId !== 'string' || requestId.length === 0)
    throw new TypeError('requestId is required to hash a verification secret');
  return requestId;
}

/** class-validator decorator for DTOs that carry a typed code (intake's form and API). */
export function IsSixDigitCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSixDigitCode',
      validator: { validate: isSixDigitCode, defaultMessage: () => '$property must be exactly 6 digits (0-9)' },
    },
    options,
  );
}

/** class-validator decorator for DTOs that carry a link token. */
export function IsLinkToken(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLinkToken',
      validator: { validate: isLinkToken, defaultMessage: () => '$property must be a 43-character link token' },
    },
    options,
  );
}

/** class-validator decorator for DTOs that carry a hashed code or token (identity's checkSecret). */
export function IsVerificationSecretHash(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isVerificationSecretHash',
      validator: {
        validate: isVerificationSecretHash,
        defaultMessage: () => '$property must be a keyed hash (43 base64url characters)',
      },
    },
    options,
  );
}
