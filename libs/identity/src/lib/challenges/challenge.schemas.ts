import { Schema } from 'mongoose';

/**
 * The identity service's records of email challenges (R09, R11, R12).
 *
 * FerretDB (our local MongoDB) applies an update as read-modify-write of the
 * whole document, so two concurrent `$inc`s on one document can lose one of
 * them. Everything that must be race-free here is therefore an INSERT guarded
 * by a unique key, which both FerretDB and MongoDB enforce atomically:
 * an attempt is a slot document `<challengeId>#<n>` (n ≤ maxAttempts), the
 * one successful use is a document whose _id is the challenge id, and the
 * hourly issue limits are slot documents too. Each attempt of issueChallenge
 * inserts its own challenge document (a timed-out attempt may still be running),
 * and after that a challenge is only ever updated to `superseded`.
 */

export type Party = 'subject' | 'agent';

export interface ChallengeRecord {
  /** `ch_` + 16 random bytes (base64url): the challenge id the workflow holds. */
  _id: string;
  requestId: string;
  party: Party;
  /** hashVerificationCode(hmacKey, requestId, code): the code itself is never stored. */
  codeHash: string;
  /** hashLinkToken(hmacKey, requestId, token): the token itself is never stored. */
  linkTokenHash: string;
  issuedAt: Date;
  expiresAt: Date;
  maxAttempts: number;
  /** A newer challenge for the same request and party (a resend) supersedes this one. */
  status: 'open' | 'superseded';
  /** The issueChallenge run's idempotency key, the same on each of its attempts. */
  idempotencyKey: string;
  /** The attempt of that run that issued this challenge: every attempt issues its own. */
  issuedAttempt: number;
  /** R11, party 'agent': reference of the subject's signed permission, as given. */
  agentPermissionRef?: string;
  /** R11, party 'agent': a power of attorney was supplied (the subject need not confirm). */
  powerOfAttorney?: boolean;
}

export const ChallengeSchema = new Schema<ChallengeRecord>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    party: { type: String, required: true, enum: ['subject', 'agent'] },
    codeHash: { type: String, required: true },
    linkTokenHash: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    maxAttempts: { type: Number, required: true },
    status: { type: String, required: true, enum: ['open', 'superseded'] },
    idempotencyKey: { type: String, required: true },
    issuedAttempt: { type: Number, required: true },
    agentPermissionRef: { type: String },
    powerOfAttorney: { type: Boolean },
  },
  { collection: 'challenges', versionKey: false },
);
// One challenge per attempt of an issueChallenge run; the resend sweep also skips its own run's by idempotencyKey.
ChallengeSchema.index({ idempotencyKey: 1, issuedAttempt: 1 }, { unique: true });
// Resend: updateMany({ requestId, party, status: 'open', ... }) supersedes the older ones; the requestId
// prefix also serves assessAssurance's find({ requestId }) and purge's deleteMany({ requestId }).
ChallengeSchema.index({ requestId: 1, party: 1, status: 1 });

/**
 * A claimed numbered slot `<group>#<n>`: one verification attempt on a challenge
 * (group = challenge id), or one challenge issued in an hourly window
 * (group = `request:<id>:<hour>` or `subject:<subjectKey>:<hour>`).
 */
export interface SlotRecord {
  _id: string;
  group: string;
  n: number;
  /** Idempotency key of the activity run that claimed it: a retry finds its slot instead of taking another. */
  key: string;
  /** Set on slots that belong to one request, so purge finds them. */
  requestId?: string;
  at: Date;
  /** Hourly windows only: when the slot stops counting (no TTL indexes on FerretDB; issueChallenge sweeps). */
  expiresAt?: Date;
}

function slotSchema(collection: string): Schema<SlotRecord> {
  const schema = new Schema<SlotRecord>(
    {
      _id: { type: String, required: true },
      group: { type: String, required: true },
      n: { type: Number, required: true },
      key: { type: String, required: true },
      requestId: { type: String },
      at: { type: Date, required: true },
      expiresAt: { type: Date },
    },
    { collection, versionKey: false },
  );
  // claimSlot: findOne({ group, key }) finds a retry's slot, countDocuments({ group }) says where to start
  // once slot 1 is taken;
  // unique so one run can never hold two slots of a group, even when its retry races it.
  schema.index({ group: 1, key: 1 }, { unique: true });
  // purgeVerificationData: deleteMany({ requestId }).
  schema.index({ requestId: 1 });
  return schema;
}

export const AttemptSlotSchema = slotSchema('challenge_attempts');

export const IssueSlotSchema = slotSchema('challenge_issue_slots');
// issueChallenge's sweep: deleteMany({ expiresAt: { $lte: now } }) drops windows that ended.
IssueSlotSchema.index({ expiresAt: 1 });

/** The one successful answer to a challenge: its _id is the challenge id, so a code or link works once. */
export interface ChallengeUseRecord {
  _id: string;
  requestId: string;
  party: Party;
  kind: 'code' | 'link';
  /** The checkSecret run that verified: its retry gets `verified` again, anyone else gets `dead`. */
  idempotencyKey: string;
  at: Date;
}

export const ChallengeUseSchema = new Schema<ChallengeUseRecord>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    party: { type: String, required: true, enum: ['subject', 'agent'] },
    kind: { type: String, required: true, enum: ['code', 'link'] },
    idempotencyKey: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'challenge_uses', versionKey: false },
);
// assessAssurance: find({ requestId }) tells which parties proved their email; purge: deleteMany({ requestId }).
ChallengeUseSchema.index({ requestId: 1 });

export const CHALLENGE_MODEL = 'IdentityChallenge';
export const ATTEMPT_SLOT_MODEL = 'IdentityAttemptSlot';
export const ISSUE_SLOT_MODEL = 'IdentityIssueSlot';
export const CHALLENGE_USE_MODEL = 'IdentityChallengeUse';
