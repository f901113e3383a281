import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Keyed hash for values we only ever compare (subject keys, codes, link tokens):
 * without the key a stolen database cannot be matched against a list of emails.
 * `purpose` separates domains so a code hash can never pass as a token hash.
 */
export function keyedHash(key: string, purpose: string, value: string): string {
  return createHmac('sha256', key).update(purpose).update('\u0000').update(value).digest('base64url');
}

/** Constant-time equality of two hashes or tokens of any length. */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Compare equal-length buffers always, so the time does not tell the length.
  const same = left.length === right.length;
  return timingSafeEqual(same ? left : right, right) && same;
}

/** The stable, non-reversible key that links every request of one person (by normalised email). */
export function subjectKey(key: string, email: string): string {
  return keyedHash(key, 'subject', normaliseEmail(email));
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
