import { createHmac, randomBytes } from 'node:crypto';

/**
 * Identifiers handed to the outside world. A request id carries no personal
 * data (it names the workflow `dsar-<requestId>` and appears in URLs and
 * emails); a status token is a bearer secret we keep only as a keyed hash.
 */
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** `req_` + 16 base32 characters (80 random bits). */
export function newRequestId(): string {
  return `req_${base32(randomBytes(10))}`;
}

/**
 * The request id of a submission sent with an Idempotency-Key: a keyed hash
 * of the key, so every retry names the same request and storing it (an insert
 * under that _id) is itself the idempotency check: one write per request, and
 * of 20 concurrent retries exactly one insert wins. Without our key nobody can
 * compute it from the client's key, so it reveals nothing and cannot be guessed.
 */
export function requestIdForKey(hmacKey: string, idempotencyKey: string): string {
  const digest = createHmac('sha256', hmacKey).update('request-id').update('\u0000').update(idempotencyKey).digest();
  return `req_${base32(digest.subarray(0, 10))}`;
}

export const REQUEST_ID_PATTERN = /^req_[a-z2-7]{16}$/;

export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value);
}

/** 192 random bits, URL-safe. Shown once to the submitter; stored as a keyed hash. */
export function newStatusToken(): string {
  return randomBytes(24).toString('base64url');
}
