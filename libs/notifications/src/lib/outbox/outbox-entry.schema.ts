import { Schema } from 'mongoose';

export const OUTBOX_ENTRY = 'OutboxEntry';

/**
 * pending: stored, not (or not known to be) accepted by SMTP; the next attempt sends.
 * sending: one attempt holds the lease and is talking to SMTP right now.
 * sent: the SMTP server accepted it (250). Terminal.
 * failed_permanently: the server refused it for good (5xx, e.g. no such mailbox). Terminal.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed_permanently'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * One message the notifications service was asked to send. Holds no personal
 * data: the recipient arrives sealed with each attempt and is never stored;
 * SMTP answers are stored with addresses redacted.
 */
export interface OutboxEntry {
  /** The idempotency key, `<workflow id>:<dedupe key or kind>`: the same on every retry. Also the outbox id. */
  _id: string;
  requestId: string;
  kind: string;
  /** Stable Message-ID derived from the key: a resend after an uncertain attempt carries the same one. */
  messageId: string;
  status: OutboxStatus;
  /** Attempts claimed so far (rows `<key>#1..n` in outbox_attempts, results in outbox_attempt_results). */
  attempts: number;
  /**
   * Attempts whose outcome is unknown (the process died or the connection broke
   * after the message may have been accepted). More than 0 on a sent entry means
   * the recipient may hold two copies with the same Message-ID.
   */
  uncertainAttempts: number;
  /** Until when the holding attempt may still be talking to SMTP. */
  leaseUntil?: Date;
  /** The process holding the lease (OutboxHolder): once it is gone, the lease no longer holds. */
  holder?: string;
  lastError?: string;
  smtpResponse?: string;
  failureReason?: string;
  sentAt?: Date;
  failedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

export const OutboxEntrySchema = new Schema<OutboxEntry>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    kind: { type: String, required: true },
    messageId: { type: String, required: true },
    status: { type: String, required: true, enum: OUTBOX_STATUSES },
    attempts: { type: Number, required: true, default: 0 },
    uncertainAttempts: { type: Number, required: true, default: 0 },
    leaseUntil: Date,
    holder: String,
    lastError: String,
    smtpResponse: String,
    failureReason: String,
    sentAt: Date,
    failedAt: Date,
  },
  { collection: 'outbox', timestamps: true, versionKey: false },
);

// No secondary index: the idempotency key is the _id, so the primary key index
// serves every read and every state change (open, claim, settle: all select by
// _id), and rejects a second entry for the same key. It is also the one index
// FerretDB's SQLite backend pushes queries down to; a lookup by another field
// would decode the whole collection there.
