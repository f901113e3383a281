import { Schema } from 'mongoose';

/**
 * The daily anchor over the whole request log (R21): one document per UTC day,
 * sealed once the day is over, committing to every entry stamped that day and
 * chained to the day before. Per-request chains show an entry was changed
 * unless the whole chain was rewritten; the anchor shows that too, and its
 * hash lands in the retention workflow's result, a record Temporal keeps
 * outside this database.
 *
 * _id is the day (`YYYY-MM-DD`): sealing inserts, so two sweeps sealing the
 * same day cannot both win, and anchors are read by _id (the only filter
 * FerretDB pushes down). Anchors are never purged: a few bytes a day.
 */
export const LOG_ANCHOR_MODEL = 'IntakeRequestLogAnchor';

export interface LogAnchor {
  /** The UTC day, `YYYY-MM-DD`. */
  _id: string;
  /** Entries whose `at` falls in the day. */
  entries: number;
  /** sha256 over the day's `entryId hash` lines in _id order (see dayDigest). */
  digest: string;
  /** The previous day's anchor hash (GENESIS_HASH for the first anchor). */
  prevAnchorHash: string;
  /** sha256(prevAnchorHash, day, entries, digest). */
  hash: string;
  sealedAt: Date;
}

export const logAnchorSchema = new Schema<LogAnchor>(
  {
    _id: { type: String, required: true },
    entries: { type: Number, required: true },
    digest: { type: String, required: true },
    prevAnchorHash: { type: String, required: true },
    hash: { type: String, required: true },
    sealedAt: { type: Date, required: true },
  },
  { collection: 'request_log_anchors', versionKey: false, strict: 'throw' },
);
