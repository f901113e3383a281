import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RecordTransitionInput } from '@rightsflow/contracts';
import { canTransition, IllegalTransitionError } from '@rightsflow/domain';
import { Model } from 'mongoose';
import { ChainedEntry, ChainVerification, entryHash, GENESIS_HASH, verifyChain } from './hash-chain';
import { isDuplicateKeyError, onlyDuplicateKeyErrors } from '@rightsflow/platform';
import { RegistryBusyError, UnknownRequestError } from './registry-errors';
import { logEntryId, logKeyOf, REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, RequestLogEntry, RequestLogKey } from './request-log.schema';
import { RequestRegistry } from './request-registry';

const MAX_APPEND_ATTEMPTS = 20;
/** How far back from the head an append on the slow path looks for its own entry (appends of one request rarely overlap). */
const RETRY_LOOKBACK = 8;
/**
 * Most entries a first attempt inserts in one command (then their keys in one more). A crash between
 * the two leaves at most this many entries without keys at the head, which a retry still finds within
 * RETRY_LOOKBACK, with room for appends that came in between.
 */
const ENTRIES_PER_INSERT = RETRY_LOOKBACK / 2;

/**
 * A transition the request log accepts: one the state machine allows, a note
 * on the current state (from === to, e.g. an extension), or the first entry.
 */
export function assertLoggableTransition(input: Pick<RecordTransitionInput, 'from' | 'to'>): void {
  if (input.from === null) {
    if (input.to !== 'received') throw new IllegalTransitionError('(none)', input.to);
    return;
  }
  if (input.from !== input.to && !canTransition(input.from, input.to)) throw new IllegalTransitionError(input.from, input.to);
}

/** A transition as logged: the workflow's input, less the attestation, plus how an operator's identity came (see OperatorAttestations). */
export type LoggedTransition = Omit<RecordTransitionInput, 'attestation'> & { via?: string };

/** The tamper-evident request log (R21). */
@Injectable()
export class RequestLog implements OnModuleInit {
  constructor(
    @InjectModel(REQUEST_LOG_MODEL) private readonly log: Model<RequestLogEntry>,
    @InjectModel(REQUEST_LOG_KEY_MODEL) private readonly keys: Model<RequestLogKey>,
    private readonly registry: RequestRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.log.init(), this.keys.init()]);
  }

  /**
   * Appends one transition and mirrors it onto the registry. Idempotent under
   * retries: one entry per idempotency key, and the registry update after it
   * is repeated harmlessly. `retry` (a later activity attempt) makes the
   * append look a little further for an entry its earlier attempt wrote.
   */
  async recordTransition(input: LoggedTransition, idempotencyKey: string, retry = false): Promise<RequestLogEntry> {
    const { requestId, ...transition } = input;
    const [entry] = await this.recordTransitions(requestId, [transition], () => idempotencyKey, retry);
    return entry as RequestLogEntry;
  }

  /**
   * Appends a request's transitions in order, then mirrors the newest onto the
   * registry: one registry read and one registry write per batch, however many
   * entries it holds. Every entry is checked before any is written; entry i is
   * appended once under its key `keyOf(i)`, as recordTransition does.
   */
  async recordTransitions(
    requestId: string,
    transitions: Omit<LoggedTransition, 'requestId'>[],
    keyOf: (index: number) => string,
    retry = false,
  ): Promise<RequestLogEntry[]> {
    transitions.forEach((transition) => assertLoggableTransition(transition));
    const record = await this.registry.findById(requestId);
    if (!record) throw new UnknownRequestError(requestId);
    // A first attempt's keys are new: its entries go in a few inserts, chained on the head the registry names.
    const chained = retry ? null : await this.insertChained(requestId, transitions, keyOf, record.lastSeq);
    // A retry, or a first attempt that found a sibling attempt's entry at the head, looks for each entry by its key.
    const lookUp = chained === null;
    const entries = chained ?? [];
    let hint = Math.max(record.lastSeq, entries.at(-1)?.seq ?? 0);
    for (const transition of transitions.slice(entries.length)) {
      const key = keyOf(entries.length);
      const earlier = lookUp ? await this.entryOfKey(key) : null;
      const entry = earlier ?? (await this.append({ ...transition, requestId }, key, hint));
      entries.push(entry);
      hint = Math.max(hint, entry.seq);
    }
    await this.mirror(entries, transitions);
    return entries;
  }

  /**
   * A first attempt's entries, ENTRIES_PER_INSERT per insert and their keys in one more, chained on
   * the entry at `hint` (issue 16: two commands per chunk instead of two per entry). Stops at the
   * first entry another append got to first (its _id is taken) and returns those written before
   * it; the caller appends the rest one by one, from the real head. Null when the head is one of
   * this batch's own entries: a sibling attempt of the same activity (one that timed out and still
   * ran) got there first, so the caller looks for every entry by its key, as a retry does.
   */
  private async insertChained(
    requestId: string,
    transitions: Omit<LoggedTransition, 'requestId'>[],
    keyOf: (index: number) => string,
    hint: number,
  ): Promise<RequestLogEntry[] | null> {
    const written: RequestLogEntry[] = [];
    let head = hint > 0 ? await this.entry(requestId, hint) : null;
    if (head && transitions.some((_, index) => keyOf(index) === head?.idempotencyKey)) return null;
    for (let from = 0; from < transitions.length; from += ENTRIES_PER_INSERT) {
      const chunk: RequestLogEntry[] = [];
      for (const [offset, transition] of transitions.slice(from, from + ENTRIES_PER_INSERT).entries()) {
        const entry = chainedEntry({ ...transition, requestId }, keyOf(from + offset), chunk.at(-1) ?? head);
        chunk.push(entry);
      }
      const inserted = await this.insertInOrder(chunk);
      // A key already there is a sibling attempt's, for the same entry.
      await this.keys.insertMany(inserted.map((entry) => logKeyOf(entry)), { ordered: false }).catch((error: unknown) => {
        if (!onlyDuplicateKeyErrors(error)) throw error;
      });
      written.push(...inserted);
      if (inserted.length < chunk.length) break;
      head = inserted.at(-1) ?? head;
    }
    return written;
  }

  /** Inserts `chunk` in order; on a taken _id, the entries stored before it (read back: one answer on MongoDB and FerretDB alike). */
  private async insertInOrder(chunk: RequestLogEntry[]): Promise<RequestLogEntry[]> {
    try {
      await this.log.insertMany(chunk.map((entry) => ({ _id: logEntryId(entry.requestId, entry.seq), ...entry })), { ordered: true });
      return chunk;
    } catch (error) {
      if (!onlyDuplicateKeyErrors(error)) throw error;
      const stored: RequestLogEntry[] = [];
      for (const entry of chunk) {
        const found = await this.entry(entry.requestId, entry.seq);
        if (!found || found.idempotencyKey !== entry.idempotencyKey) break;
        stored.push(found); // ours, or a late sibling attempt's of the same activity
      }
      return stored;
    }
  }

  /** The registry shows the batch's newest status move (a note moves nothing) and its newest due date. */
  private async mirror(entries: RequestLogEntry[], transitions: Omit<LoggedTransition, 'requestId'>[]): Promise<void> {
    const newest = entries[entries.length - 1];
    if (!newest) return;
    const move = transitions.findLastIndex((transition) => transition.from !== transition.to);
    const moved = entries[move];
    const to = transitions[move]?.to;
    const dueAt = newest.dueAt ?? moved?.dueAt;
    if (moved && to) await this.registry.applyTransition(newest.requestId, moved.seq, to, moved.at, dueAt, moved.note ?? undefined);
    else await this.registry.applyTransition(newest.requestId, newest.seq, null, newest.at, dueAt);
  }

  /** The request's entries in order (the timeline an operator or auditor reads). */
  entries(requestId: string): Promise<RequestLogEntry[]> {
    return this.log.find({ requestId }).sort({ seq: 1 }).lean<RequestLogEntry[]>().exec();
  }

  verifyRequestLog(requestId: string): Promise<ChainVerification> {
    return verifyRequestLog(this.log, requestId);
  }

  private entry(requestId: string, seq: number): Promise<RequestLogEntry | null> {
    return this.log.findById(logEntryId(requestId, seq)).lean<RequestLogEntry>().exec();
  }

  private async entryOfKey(idempotencyKey: string): Promise<RequestLogEntry | null> {
    const key = await this.keys.findById(idempotencyKey).lean<RequestLogKey>().exec();
    return key ? this.log.findById(key.entryId).lean<RequestLogEntry>().exec() : null;
  }

  private async rememberKey(idempotencyKey: string, entry: RequestLogEntry): Promise<RequestLogEntry> {
    await this.keys.create(logKeyOf({ ...entry, idempotencyKey })).catch((error: unknown) => {
      if (!isDuplicateKeyError(error)) throw error;
    });
    return entry;
  }

  /** The last entry, walking forward by _id from the registry's hint (which may lag a concurrent append). */
  private async head(requestId: string, hint: number): Promise<RequestLogEntry | null> {
    let head = hint > 0 ? await this.entry(requestId, hint) : null;
    let seq = head ? hint : 0;
    for (let next = await this.entry(requestId, seq + 1); next; next = await this.entry(requestId, seq + 1)) {
      head = next;
      seq = next.seq;
    }
    return head;
  }

  /**
   * An attempt whose earlier (or sibling) attempt inserted its entry but did not
   * remember the key finds it at or near the head.
   */
  private async ownEntryNear(head: RequestLogEntry, idempotencyKey: string): Promise<RequestLogEntry | null> {
    let entry: RequestLogEntry | null = head;
    for (let steps = 0; entry && steps < RETRY_LOOKBACK; steps++) {
      if (entry.idempotencyKey === idempotencyKey) return entry;
      entry = entry.seq > 1 ? await this.entry(head.requestId, entry.seq - 1) : null;
    }
    return null;
  }

  /**
   * Appends one entry at the real head, walking forward from `hint`: the slow path of a retry, or
   * of a first attempt whose chunk met another append (insertChained is the fast one).
   */
  private async append(input: LoggedTransition, idempotencyKey: string, hint: number): Promise<RequestLogEntry> {
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const head = await this.head(input.requestId, hint);
      const mine = head && (await this.ownEntryNear(head, idempotencyKey));
      if (mine) return this.rememberKey(idempotencyKey, mine);
      const entry = chainedEntry(input, idempotencyKey, head);
      try {
        await this.log.create({ _id: logEntryId(entry.requestId, entry.seq), ...entry });
        return this.rememberKey(idempotencyKey, entry);
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another append took this seq (or a concurrent retry of this one did): look again from there.
        hint = entry.seq;
      }
    }
    throw new RegistryBusyError(`request log of ${input.requestId}`);
  }
}

/** The entry that appends `input` after `head` (none: the first), its hash chained on head's. */
function chainedEntry(input: LoggedTransition, idempotencyKey: string, head: RequestLogEntry | null): RequestLogEntry {
  const at = new Date(input.at);
  const dueAt = input.dueAt === undefined ? undefined : new Date(input.dueAt);
  const prevHash = head?.hash ?? GENESIS_HASH;
  const content = {
    requestId: input.requestId,
    seq: (head?.seq ?? 0) + 1,
    from: input.from,
    to: input.to,
    actor: input.actor,
    at: at.toISOString(),
    note: input.note,
    dueAt: dueAt?.toISOString(),
    via: input.via,
  };
  return { ...content, at, dueAt, prevHash, hash: entryHash(prevHash, content), idempotencyKey };
}

/** An entry as stored, in the form its hash was computed over. */
export function toChainedEntry(entry: RequestLogEntry): ChainedEntry {
  return {
    requestId: entry.requestId,
    seq: entry.seq,
    from: entry.from ?? null,
    to: entry.to,
    actor: entry.actor,
    at: new Date(entry.at).toISOString(),
    note: entry.note ?? undefined,
    dueAt: entry.dueAt ? new Date(entry.dueAt).toISOString() : undefined,
    via: entry.via ?? undefined,
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
}

/**
 * Recomputes one request's hash chain from the database and names the first
 * broken entry (R21). Usable from operator tooling with any connection's model.
 */
export async function verifyRequestLog(log: Model<RequestLogEntry>, requestId: string): Promise<ChainVerification> {
  const entries = await log.find({ requestId }).sort({ seq: 1 }).lean<RequestLogEntry[]>().exec();
  return verifyChain(entries.map(toChainedEntry));
}
