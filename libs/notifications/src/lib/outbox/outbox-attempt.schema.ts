import { Schema } from 'mongoose';

export const OUTBOX_ATTEMPT = 'OutboxAttempt';
export const OUTBOX_ATTEMPT_RESULT = 'OutboxAttemptResult';

export const ATTEMPT_OUTCOMES = ['accepted', 'refused', 'failed', 'uncertain'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/**
 * One attempt to hand an outbox entry to SMTP. Inserting it *is* the claim:
 * attempt numbers go up by one, and the primary key (`<key>#<n>`) lets exactly
 * one attempt take each number, so two racing attempts can never both send.
 * (A conditional update is not enough: FerretDB applies updates as read,
 * modify, write, so two "pending → sending" updates can both succeed.)
 */
export interface OutboxAttempt {
  _id: string;
  key: string;
  attempt: number;
  claimedAt: Date;
  leaseUntil: Date;
  /** The process that claimed it (OutboxHolder); absent on attempts claimed before holders were recorded. */
  holder?: string;
}

/**
 * How attempt n ended, written once (`<key>#<n>:result`). Written by the
 * attempt itself right after SMTP answers, or, if it died, as `uncertain` by
 * the attempt that takes over: whichever insert comes first is the truth, so a
 * late answer from an attempt that overran its lease can never undo the
 * takeover, and a takeover finds an answer that was recorded and uses it
 * instead of resending.
 */
export interface OutboxAttemptResult {
  _id: string;
  key: string;
  attempt: number;
  outcome: AttemptOutcome;
  detail: string;
  finishedAt: Date;
}

export const attemptId = (key: string, attempt: number) => `${key}#${attempt}`;
export const attemptResultId = (key: string, attempt: number) => `${key}#${attempt}:result`;

// No secondary indexes on either collection: each row is written once under a
// known _id and read back by it, and the primary key rejects the second insert.
export const OutboxAttemptSchema = new Schema<OutboxAttempt>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    attempt: { type: Number, required: true },
    claimedAt: { type: Date, required: true },
    leaseUntil: { type: Date, required: true },
    holder: String,
  },
  { collection: 'outbox_attempts', versionKey: false },
);

export const OutboxAttemptResultSchema = new Schema<OutboxAttemptResult>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    attempt: { type: Number, required: true },
    outcome: { type: String, required: true, enum: ATTEMPT_OUTCOMES },
    detail: { type: String, required: true },
    finishedAt: { type: Date, required: true },
  },
  { collection: 'outbox_attempt_results', versionKey: false },
);
