import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * The request log's tamper evidence (R21): every entry stores
 * hash = sha256(prevHash + canonical JSON of its content), so changing,
 * removing or reordering any entry breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: everything the log says, nothing the database adds. */
export interface ChainedContent {
  requestId: string;
  seq: number;
  from: string | null;
  to: string;
  actor: string;
  /** ISO instant, normalised by `new Date(x).toISOString()`. */
  at: string;
  note?: string;
  dueAt?: string;
  /** How an operator's identity reached the log: `operator-api` (a credential) or a typed name from the Temporal UI. */
  via?: string;
}

export interface ChainedEntry extends ChainedContent {
  prevHash: string;
  hash: string;
}

export function entryHash(prevHash: string, content: ChainedContent): string {
  const { requestId, seq, from, to, actor, at, note, dueAt, via } = content;
  // canonicalJson drops undefined members: entries without `via` hash as they always did.
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ requestId, seq, from, to, actor, at, note, dueAt, via }))
    .digest('hex');
}

export type ChainVerification =
  | { ok: true; entries: number; headHash: string }
  | { ok: false; entries: number; brokenAtSeq: number; reason: string };

/** Recomputes the chain of one request's entries (in seq order) and names the first broken entry. */
export function verifyChain(entries: readonly ChainedEntry[]): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const broken = (reason: string): ChainVerification => ({ ok: false, entries: entries.length, brokenAtSeq: entry.seq, reason });
    if (entry.seq !== index + 1) return broken(`expected seq ${index + 1}, found ${entry.seq} (an entry is missing or reordered)`);
    if (entry.prevHash !== prevHash) return broken('prevHash does not match the previous entry');
    if (entryHash(prevHash, entry) !== entry.hash) return broken('content does not match its hash');
    prevHash = entry.hash;
  }
  return { ok: true, entries: entries.length, headHash: prevHash };
}
