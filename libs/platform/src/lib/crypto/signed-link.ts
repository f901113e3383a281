import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './keyed-hash';

/**
 * Signed, expiring tokens for links we email (status page, download).
 * The token binds a purpose, a subject of the link (e.g. a request id) and an
 * expiry; anything altered or expired fails verification.
 */
export interface SignedClaims {
  purpose: string;
  ref: string;
  expiresAt: number;
}

export function signClaims(key: string, claims: SignedClaims): string {
  const body = Buffer.from(JSON.stringify([claims.purpose, claims.ref, claims.expiresAt])).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

export type VerifyResult =
  | { ok: true; claims: SignedClaims }
  | { ok: false; reason: 'malformed' | 'forged' | 'expired' | 'wrong-purpose' };

export function verifyClaims(key: string, token: string, purpose: string, now: number): VerifyResult {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  if (!constantTimeEqual(signature, mac(key, body))) return { ok: false, reason: 'forged' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return { ok: false, reason: 'malformed' };
  const [claimPurpose, ref, expiresAt] = parsed as [string, string, number];
  if (claimPurpose !== purpose) return { ok: false, reason: 'wrong-purpose' };
  if (typeof expiresAt !== 'number' || now >= expiresAt) return { ok: false, reason: 'expired' };
  return { ok: true, claims: { purpose: claimPurpose, ref, expiresAt } };
}

function mac(key: string, body: string): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
