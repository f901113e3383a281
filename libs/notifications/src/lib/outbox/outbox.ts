import { Injectable, Logger } from '@nestjs/common';
import { SendMessageResult } from '@rightsflow/contracts';
import { ApplicationFailure } from '@temporalio/common';
import { redactAddresses, SmtpOutcome, TransientSmtpError } from '../mail/smtp-outcome';
import { NewEntry, OutboxStore } from './outbox.store';

/**
 * How long an attempt may hold an entry while talking to SMTP. Longer than the
 * mailer's worst case, and at least the activity's start-to-close timeout, so a
 * retry that overlaps a slow attempt waits instead of sending a second copy.
 */
export const DEFAULT_LEASE_MS = 5 * 60_000;

/** Error type of "another attempt is sending this message right now": retried by Temporal. */
export const OUTBOX_BUSY = 'OutboxBusy';
export const SMTP_UNAVAILABLE = 'TransientSmtpError';

/** Tries of writing SMTP's answer, and the pause before each retry (ms). */
const SETTLE_PAUSES_MS = [250, 500, 1_000, 2_000, 4_000];

/**
 * Writes SMTP's answer, retrying a failed write here: once SMTP has accepted a
 * message, a retry of the whole activity finds the entry `sending`, waits out
 * the lease and resends it as uncertain. A write refused for a moment (FerretDB
 * under load answers "database is locked") must not cost a duplicate.
 */
async function settling<T>(write: () => Promise<T>): Promise<T> {
  for (const pause of SETTLE_PAUSES_MS) {
    try {
      return await write();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
  return write();
}

/**
 * Exactly-once delivery through the outbox (collections in the service's own
 * database; every exclusive step is an insert under a known _id, atomic on
 * MongoDB and FerretDB alike):
 *  1. open: the entry (_id = idempotency key) exists before any SMTP traffic;
 *     a terminal entry answers at once (already_sent / failed_permanently).
 *  2. claim: insert attempt `<key>#<n+1>`; one attempt wins each number and
 *     marks the entry `sending` with a lease. A loser throws OutboxBusy
 *     (retryable): by its next try the winner has settled.
 *  3. send, with a Message-ID derived from the key.
 *  4. settle: insert the attempt's result `<key>#<n>:result` (write-once), then
 *     move the entry: sent; failed_permanently (returned, not thrown); or
 *     pending again with the error (thrown, so Temporal retries with backoff).
 *
 * The window left: the process dies, or loses MongoDB, after the SMTP server
 * said 250 and before the result row is written (one insert). SMTP has no "did
 * you get message X?", so nothing can close it. The entry stays `sending` until
 * its lease runs out, or until its holder process is seen gone (OutboxHolder:
 * about 20 s after a kill); the next attempt writes that attempt's result as
 * `uncertain`, resends with the same Message-ID and counts it in
 * `uncertainAttempts`: a possible duplicate, recorded and recognisable, never
 * silent. (If the result row was written, the next attempt finishes the entry
 * from it and does not resend.) A connection that breaks after the message
 * data went out is the same case and is counted the same way. The lease (5
 * minutes) is far longer than the mailer's timeouts, so an attempt overrunning
 * it, which would also end in a counted duplicate, does not happen in practice.
 */
@Injectable()
export class Outbox {
  private readonly logger = new Logger(Outbox.name);

  constructor(private readonly store: OutboxStore) {}

  async deliverOnce(
    entry: NewEntry,
    send: (messageId: string) => Promise<SmtpOutcome>,
    leaseMs = DEFAULT_LEASE_MS,
  ): Promise<SendMessageResult> {
    const opened = await this.store.open(entry);
    const outboxId = opened._id;
    if (opened.status === 'sent') return { outboxId, status: 'already_sent' };
    if (opened.status === 'failed_permanently') return { outboxId, status: 'failed_permanently' };

    const claim = await this.store.claim(opened, leaseMs);
    if (!claim.claimed) {
      if (claim.entry.status === 'sent') return { outboxId, status: 'already_sent' };
      if (claim.entry.status === 'failed_permanently') return { outboxId, status: 'failed_permanently' };
      throw ApplicationFailure.retryable(`outbox ${outboxId} is being sent by another attempt`, OUTBOX_BUSY);
    }
    if (claim.resumedUncertain) {
      this.logger.warn(
        `outbox ${outboxId} (${entry.kind}, request ${entry.requestId}): resending after an attempt that ended mid-send; same Message-ID`,
      );
    }

    let outcome: SmtpOutcome;
    try {
      outcome = await send(claim.entry.messageId);
    } catch (error) {
      const transient =
        error instanceof TransientSmtpError
          ? error
          : // Not an SMTP answer (a bug, a crash in the mailer): assume the worst, the message may be out.
            new TransientSmtpError(redactAddresses((error as Error).message ?? String(error)), true);
      await this.store.release(claim.ticket, transient.message, transient.uncertain);
      this.logger.warn(
        `outbox ${outboxId} (${entry.kind}, request ${entry.requestId}): SMTP attempt failed, will retry: ${transient.message}`,
      );
      throw ApplicationFailure.retryable(transient.message, SMTP_UNAVAILABLE, {
        outboxId,
        uncertain: transient.uncertain,
      });
    }

    if (!outcome.accepted) {
      await settling(() => this.store.markFailedPermanently(claim.ticket, outcome.reason));
      this.logger.warn(
        `outbox ${outboxId} (${entry.kind}, request ${entry.requestId}): refused for good: ${outcome.reason}`,
      );
      return { outboxId, status: 'failed_permanently' };
    }
    const settled = await settling(() => this.store.markSent(claim.ticket, outcome.response));
    if (!settled) {
      // Our lease ran out mid-send and another attempt took over, recording us as uncertain: it resends.
      this.logger.warn(
        `outbox ${outboxId} (${entry.kind}, request ${entry.requestId}): accepted after its lease had expired; the attempt that took over resends it`,
      );
    }
    return { outboxId, status: 'sent' };
  }
}
