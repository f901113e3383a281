import { Schema } from 'mongoose';
import type { ChainedEntry } from './hash-chain';

/**
 * The request log (R21): every state change of every request with its actor,
 * append-only and hash-chained per request (see hash-chain.ts).
 *
 * An entry's _id is `<requestId>:<seq, 6 digits>`. Appending is an insert of
 * the next _id: of two appends that read the same head only one insert wins
 * (FerretDB has no transactions; a unique key is the one atomic check it
 * offers), and the appends find entries by _id, the only filter FerretDB v1
 * pushes down to the database.
 */
export const REQUEST_LOG_MODEL = 'IntakeRequestLogEntry';
export const REQUEST_LOG_KEY_MODEL = 'IntakeRequestLogKey';

export function logEntryId(requestId: string, seq: number): string {
  return `${requestId}:${String(seq).padStart(6, '0')}`;
}

export interface RequestLogEntry extends Omit<ChainedEntry, 'at' | 'dueAt'> {
  _id?: string;
  at: Date;
  dueAt?: Date;
  /** The appending activity's idempotency key (workflowId:activityId). */
  idempotencyKey: string;
}

export const requestLogSchema = new Schema<RequestLogEntry>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    seq: { type: Number, required: true },
    from: { type: String, default: null },
    to: { type: String, required: true },
    actor: { type: String, required: true },
    at: { type: Date, required: true },
    note: { type: String },
    dueAt: { type: Date },
    via: { type: String },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    idempotencyKey: { type: String, required: true },
  },
  { collection: 'request_log', versionKey: false, strict: 'throw' },
);
// A request's whole log in order: the timeline of a closed request and verifyRequestLog (which must see every
// entry, including any inserted out of sequence, so it queries by requestId instead of walking _ids).
requestLogSchema.index({ requestId: 1, seq: 1 });
// Entries by time: the daily anchor reads a window of days (log-anchors.ts) and the CSV export a date range.
requestLogSchema.index({ at: 1 });

/**
 * Which entry an activity appended, _id = the activity's idempotency key: a retried append lands once.
 * The entry's request and time are copied so that retention deletes keys by time range, as it does
 * the entries (range-purge.ts).
 */
export interface RequestLogKey {
  _id: string;
  entryId: string;
  requestId: string;
  at: Date;
}

export function logKeyOf(entry: Pick<RequestLogEntry, 'requestId' | 'seq' | 'at' | 'idempotencyKey'>): RequestLogKey {
  return { _id: entry.idempotencyKey, entryId: logEntryId(entry.requestId, entry.seq), requestId: entry.requestId, at: entry.at };
}

export const requestLogKeySchema = new Schema<RequestLogKey>(
  {
    _id: { type: String, required: true },
    entryId: { type: String, required: true },
    requestId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'request_log_keys', versionKey: false, strict: 'throw' },
);
// Retention: deleteMany({ at: { $lt }, requestId: { $nin } }) (range-purge.ts).
requestLogKeySchema.index({ at: 1 });
