import { Schema } from 'mongoose';

/**
 * R05 quota ledger: per subject, an append-only series of versions, each the
 * whole quota state after one claim, _id = `<subjectKey>:<version, 9 digits>`.
 * A claim reads the latest version and inserts version + 1; the unique _id
 * lets exactly one of two racing claims insert it, and the loser re-reads and
 * decides again.
 *
 * Why not updateOne({ subjectKey, version }, …)? FerretDB v1 (SQLite) matches
 * the filter, then rewrites the document by _id without re-checking it, so
 * several concurrent conditional updates can all succeed (measured: 10 of 10).
 * Inserting a unique _id is atomic on FerretDB and MongoDB alike.
 */
export const ACCESS_QUOTA_MODEL = 'IntakeAccessQuotaVersion';
export const ACCESS_QUOTA_HEAD_MODEL = 'IntakeAccessQuotaHead';

export function quotaVersionId(subjectKey: string, version: number): string {
  return `${subjectKey}:${String(version).padStart(9, '0')}`;
}

export interface QuotaGrant {
  requestId: string;
  acceptedAt: Date;
}

export interface QuotaRefusal {
  requestId: string;
  nextOwedAt: Date;
  refusedAt: Date;
}

export interface AccessQuotaVersion {
  _id?: string;
  subjectKey: string;
  version: number;
  /** Accepted know requests still inside the trailing window at the time of this version. */
  grants: QuotaGrant[];
  /** Refusals, kept so a retried claim of a refused request gets the same answer. */
  refusals: QuotaRefusal[];
  /** The request whose claim wrote this version. */
  decidedFor: string;
  writtenAt: Date;
}

const grantSchema = new Schema<QuotaGrant>({ requestId: String, acceptedAt: Date }, { _id: false });
const refusalSchema = new Schema<QuotaRefusal>({ requestId: String, nextOwedAt: Date, refusedAt: Date }, { _id: false });

export const accessQuotaSchema = new Schema<AccessQuotaVersion>(
  {
    _id: { type: String, required: true },
    subjectKey: { type: String, required: true },
    version: { type: Number, required: true },
    grants: { type: [grantSchema], default: [] },
    refusals: { type: [refusalSchema], default: [] },
    decidedFor: { type: String, required: true },
    writtenAt: { type: Date, required: true },
  },
  { collection: 'access_quota_versions', versionKey: false, strict: 'throw' },
);

// No secondary index: versions are found by _id from the head hint below.

/**
 * Where to start looking for a subject's latest version (_id = subjectKey).
 * Only a hint, written after each insert: a claim walks forward from it by
 * _id, so a lagging or lost hint costs a lookup, never a wrong answer.
 */
export interface AccessQuotaHead {
  _id: string;
  version: number;
}

export const accessQuotaHeadSchema = new Schema<AccessQuotaHead>(
  { _id: { type: String, required: true }, version: { type: Number, required: true } },
  { collection: 'access_quota_heads', versionKey: false, strict: 'throw' },
);
