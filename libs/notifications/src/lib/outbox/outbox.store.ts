import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isDuplicateKeyError } from '@rightsflow/platform';
import { Model } from 'mongoose';
import {
  attemptId,
  AttemptOutcome,
  attemptResultId,
  OUTBOX_ATTEMPT,
  OUTBOX_ATTEMPT_RESULT,
  OutboxAttempt,
  OutboxAttemptResult,
} from './outbox-attempt.schema';
import { OUTBOX_ENTRY, OutboxEntry } from './outbox-entry.schema';
import { OutboxHolder } from './outbox-holder';

export interface NewEntry {
  key: string;
  requestId: string;
  kind: string;
  messageId: string;
}

/** The right, won by one attempt, to talk to SMTP for an entry. */
export interface ClaimTicket {
  key: string;
  attempt: number;
  /** The entry's uncertain count when claimed (the holder is its only writer until it settles). */
  uncertainAttempts: number;
}

export type Claim =
  | { claimed: true; entry: OutboxEntry; ticket: ClaimTicket; resumedUncertain: boolean }
  | { claimed: false; entry: OutboxEntry };

export interface AttemptRecord {
  attempt: number;
  claimedAt: Date;
  outcome?: AttemptOutcome;
  detail?: string;
  finishedAt?: Date;
}

/** What an entry drops when no attempt holds it any more. */
const LEASE_OFF = { leaseUntil: 1, holder: 1 } as const;

/** The result an attempt records when its claim failed to reach the entry: it never talked to SMTP. */
const CLAIM_NOT_RECORDED = 'the claim was not recorded on the entry';

/**
 * The outbox's collections. Every decision that must be exclusive is an insert
 * of a known _id, which the primary key makes atomic on MongoDB and FerretDB
 * alike: creating the entry, claiming attempt n (`<key>#<n>`), and deciding how
 * attempt n ended (`<key>#<n>:result`). Entry updates follow from a won insert.
 * Every read and write selects by _id alone, the one query FerretDB's SQLite
 * backend serves from an index (a filter on any other field decodes the whole
 * collection), and inserts, not updates, carry the load (FerretDB updates cost
 * about four inserts).
 */
@Injectable()
export class OutboxStore {
  constructor(
    @InjectModel(OUTBOX_ENTRY) private readonly entries: Model<OutboxEntry>,
    @InjectModel(OUTBOX_ATTEMPT) private readonly attempts: Model<OutboxAttempt>,
    @InjectModel(OUTBOX_ATTEMPT_RESULT) private readonly results: Model<OutboxAttemptResult>,
    private readonly holder: OutboxHolder,
  ) {}

  /** The entry for this key, created as pending on first sight. */
  async open(entry: NewEntry): Promise<OutboxEntry> {
    const { key, ...fields } = entry;
    try {
      const created = await this.entries.create({
        _id: key,
        ...fields,
        status: 'pending',
        attempts: 0,
        uncertainAttempts: 0,
      });
      return created.toObject();
    } catch (error) {
      // Another attempt created it first: the primary key let one in; read that one.
      if (!isDuplicateKeyError(error)) throw error;
      return this.get(key);
    }
  }

  /**
   * Takes the right to talk to SMTP for this entry until `leaseMs` from now,
   * by inserting attempt `attempts + 1`. A `sending` entry whose lease ran out,
   * or whose holder process is gone (OutboxHolder), belonged to an attempt that
   * died mid-send: if that attempt recorded its
   * SMTP answer, the entry is finished from it; if not, it is claimed and
   * counted as uncertain, because that attempt may have got the message accepted.
   */
  async claim(entry: OutboxEntry, leaseMs: number, now = new Date()): Promise<Claim> {
    const key = entry._id;
    if (entry.status === 'sent' || entry.status === 'failed_permanently') return { claimed: false, entry };

    let resumedUncertain = false;
    if (entry.status === 'sending') {
      // A live lease holds, unless its attempt is over for sure: SMTP's answer is recorded, or
      // the attempt recorded that it sent nothing (its claim never reached the entry), or the
      // process that holds it is gone. (An entry claimed before holders were recorded has none.)
      const live =
        entry.leaseUntil !== undefined &&
        entry.leaseUntil > now &&
        (entry.holder === undefined || (await this.holder.isAlive(entry.holder, now)));
      const recorded = live
        ? await this.results.findById(attemptResultId(key, entry.attempts)).lean<OutboxAttemptResult>()
        : null;
      const over =
        recorded?.outcome === 'accepted' || recorded?.outcome === 'refused' || recorded?.detail === CLAIM_NOT_RECORDED;
      if (live && !over) return { claimed: false, entry };
      const previous =
        (over ? recorded : null) ??
        (await this.decide({ key, attempt: entry.attempts }, 'uncertain', 'ended without recording its outcome', now))
          .result;
      if (previous.outcome === 'accepted' || previous.outcome === 'refused')
        return { claimed: false, entry: await this.finishFrom(entry, previous) };
      resumedUncertain = previous.outcome === 'uncertain';
    }

    const ticket: ClaimTicket = {
      key,
      attempt: entry.attempts + 1,
      uncertainAttempts: entry.uncertainAttempts + (resumedUncertain ? 1 : 0),
    };
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const holder = await this.holder.current();
    try {
      await this.attempts.create({
        _id: attemptId(key, ticket.attempt),
        key,
        attempt: ticket.attempt,
        claimedAt: now,
        leaseUntil,
        holder,
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return { claimed: false, entry: await this.catchUp(key, ticket.attempt) };
    }
    const claimed = {
      status: 'sending' as const,
      leaseUntil,
      holder,
      attempts: ticket.attempt,
      uncertainAttempts: ticket.uncertainAttempts,
    };
    try {
      await this.entries.updateOne({ _id: key }, { $set: claimed });
    } catch (error) {
      // Nothing went to SMTP: record that, so the next attempt need not wait out this claim's lease.
      await this.decide(ticket, 'failed', CLAIM_NOT_RECORDED, new Date()).catch(() => undefined);
      throw error;
    }
    return { claimed: true, entry: { ...entry, ...claimed }, ticket, resumedUncertain };
  }

  /**
   * Attempt n is claimed (its row exists) but the entry may not say so: the
   * claimer died, or its entry write failed (FerretDB: "database is locked"),
   * between the two writes. Without this every later attempt would try to claim
   * n again, lose, and find the entry pending forever. Brings the entry up to
   * attempt n: pending again if n recorded that it sent nothing, else `sending`
   * until n's lease runs out (n may have sent), after which the next attempt
   * takes over as from any attempt that died mid-send.
   */
  private async catchUp(key: string, attempt: number): Promise<OutboxEntry> {
    const entry = await this.get(key);
    if (entry.attempts >= attempt) return entry;
    const [claim, result] = await Promise.all([
      this.attempts.findById(attemptId(key, attempt)).lean<OutboxAttempt>(),
      this.results.findById(attemptResultId(key, attempt)).lean<OutboxAttemptResult>(),
    ]);
    if (!claim) return entry;
    if (result?.outcome === 'accepted' || result?.outcome === 'refused')
      return this.finishFrom({ ...entry, attempts: attempt }, result);
    const sending = { status: 'sending', attempts: attempt, leaseUntil: claim.leaseUntil };
    const update = result
      ? { $set: { status: 'pending', attempts: attempt, lastError: result.detail }, $unset: LEASE_OFF }
      : claim.holder
        ? { $set: { ...sending, holder: claim.holder } }
        : { $set: sending, $unset: { holder: 1 } }; // claimed by a version that recorded no holder
    await this.entries.updateOne({ _id: key, attempts: { $lt: attempt } }, update);
    return this.get(key);
  }

  /** Returns false when this attempt had been declared uncertain by one that took over after its lease. */
  async markSent(ticket: ClaimTicket, smtpResponse: string, now = new Date()): Promise<boolean> {
    return this.settle(ticket, 'accepted', smtpResponse, now, {
      $set: { status: 'sent', sentAt: now, smtpResponse },
      $unset: LEASE_OFF,
    });
  }

  async markFailedPermanently(ticket: ClaimTicket, reason: string, now = new Date()): Promise<boolean> {
    return this.settle(ticket, 'refused', reason, now, {
      $set: { status: 'failed_permanently', failedAt: now, failureReason: reason },
      $unset: LEASE_OFF,
    });
  }

  /** Back to pending after a failed attempt, so the next attempt can claim it at once. */
  async release(ticket: ClaimTicket, lastError: string, uncertain: boolean, now = new Date()): Promise<boolean> {
    return this.settle(ticket, uncertain ? 'uncertain' : 'failed', lastError, now, {
      $set: { status: 'pending', lastError, uncertainAttempts: ticket.uncertainAttempts + (uncertain ? 1 : 0) },
      $unset: LEASE_OFF,
    });
  }

  async find(key: string): Promise<OutboxEntry | null> {
    return this.entries.findById(key).lean<OutboxEntry>();
  }

  /** Every attempt at an entry, oldest first, with how it ended (each read by primary key). */
  async attemptsOf(key: string): Promise<AttemptRecord[]> {
    const entry = await this.find(key);
    const numbers = Array.from({ length: entry?.attempts ?? 0 }, (_, index) => index + 1);
    const records = await Promise.all(
      numbers.map(async (attempt): Promise<AttemptRecord | null> => {
        const [claim, result] = await Promise.all([
          this.attempts.findById(attemptId(key, attempt)).lean<OutboxAttempt>(),
          this.results.findById(attemptResultId(key, attempt)).lean<OutboxAttemptResult>(),
        ]);
        return claim
          ? {
              attempt,
              claimedAt: claim.claimedAt,
              outcome: result?.outcome,
              detail: result?.detail,
              finishedAt: result?.finishedAt,
            }
          : null;
      }),
    );
    return records.filter((record): record is AttemptRecord => record !== null);
  }

  /** Records the attempt's outcome first (write-once), then moves the entry, if this attempt still owned it. */
  private async settle(
    ticket: ClaimTicket,
    outcome: AttemptOutcome,
    detail: string,
    now: Date,
    update: Record<string, unknown>,
  ): Promise<boolean> {
    const { won, result } = await this.decide(ticket, outcome, detail, now);
    // Not won, but our own answer: an earlier try of this settle wrote it and then failed (see settling()).
    const ours = result.outcome === outcome && result.detail === detail;
    if (!won && !ours) return false;
    await this.entries.updateOne({ _id: ticket.key }, update);
    return true;
  }

  /** Inserts attempt n's result unless one exists; returns whichever result stands, and whether it is ours. */
  private async decide(
    attempt: Pick<ClaimTicket, 'key' | 'attempt'>,
    outcome: AttemptOutcome,
    detail: string,
    now: Date,
  ): Promise<{ won: boolean; result: OutboxAttemptResult }> {
    const result: OutboxAttemptResult = {
      _id: attemptResultId(attempt.key, attempt.attempt),
      key: attempt.key,
      attempt: attempt.attempt,
      outcome,
      detail,
      finishedAt: now,
    };
    try {
      await this.results.create(result);
      return { won: true, result };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const standing = await this.results.findById(result._id).lean<OutboxAttemptResult>();
      if (!standing) throw new Error(`outbox result ${result._id} vanished`);
      return { won: false, result: standing };
    }
  }

  /** A dead attempt recorded its SMTP answer but not the entry: finish the entry from the record. */
  private async finishFrom(entry: OutboxEntry, result: OutboxAttemptResult): Promise<OutboxEntry> {
    const update =
      result.outcome === 'accepted'
        ? { status: 'sent', sentAt: result.finishedAt, smtpResponse: result.detail, attempts: entry.attempts }
        : {
            status: 'failed_permanently',
            failedAt: result.finishedAt,
            failureReason: result.detail,
            attempts: entry.attempts,
          };
    await this.entries.updateOne({ _id: entry._id }, { $set: update, $unset: LEASE_OFF });
    return this.get(entry._id);
  }

  private async get(key: string): Promise<OutboxEntry> {
    const entry = await this.find(key);
    if (!entry) throw new Error(`outbox entry ${key} not found`);
    return entry;
  }
}
