import type { RequestChannel } from '@rightsflow/contracts';
import type { Channel, Jurisdiction, LifecycleState, RequestType } from '@rightsflow/domain';
import { Schema } from 'mongoose';

/**
 * The request registry: one document per request, the intake service's record
 * of what was asked, by whom (sealed) and where it stands. Personal data is
 * sealed (AES-256-GCM) or keyed-hashed; nothing in an index is readable.
 *
 * The document's _id is the request id. Every hot read and write goes by _id:
 * FerretDB v1 (SQLite) pushes only _id equality down to the database and
 * scans the whole collection for any other filter, indexed or not; on MongoDB
 * _id is the primary index anyway.
 */
export const REQUEST_MODEL = 'IntakeRequest';

export interface AgentOnRecord {
  /** The agent's email, sealed; the agent proves control of it (R11). */
  sealedEmail: string;
  sealedName: string;
  /** `permissions/<id>`: the signed permission in the `permissions` GridFS bucket (R11). */
  permissionRef: string;
  /** A power of attorney skips the subject's confirmation (R11). */
  powerOfAttorney: boolean;
}

/** R09: the declaration under penalty of perjury, kept with the record. */
export interface DeclarationOnRecord {
  sealedSignedName: string;
  acceptedPenaltyOfPerjury: boolean;
  signedAt: Date;
}

export interface RequestRecord {
  /** The request id again: the document's key. */
  _id?: string;
  requestId: string;
  type: RequestType;
  jurisdiction: Jurisdiction;
  channel: RequestChannel;
  receivedAt: Date;
  status: LifecycleState;
  dueAt?: Date;
  closedAt?: Date;
  /**
   * The note of the closing transition: a denial's basis and reason (R07, "basis: reason"), a completion's
   * summary. Read by the R22 metrics (denials by reason, partial compliance).
   */
  closeReason?: string;
  /** R21: a legal hold keeps the record and its log past the retention period. Absent means false. */
  legalHold?: boolean;
  /** Seq of the last request-log entry applied here; older retries never move the status back. */
  lastSeq: number;
  /** keyedHash(subject, normalised email): links a person's requests without storing the email in clear. */
  subjectKey: string;
  sealedEmail: string;
  /** Name, account id, phone: sealed JSON; removed when the request closes (R10, R23). */
  sealedDataPoints?: string;
  /** Correction requests: sealed JSON [{ field, value, whatIsWrong? }]; removed when the request closes. */
  sealedCorrections?: string;
  declaration?: DeclarationOnRecord;
  /** Objection: channels to unsubscribe (not personal). */
  channels?: Channel[];
  agent?: AgentOnRecord;
  /** R26: an appeal's refused request (the appeal shares its status token, so one link shows both). */
  appealOf?: string;
  /** R28: the opt-out came with a Global Privacy Control signal (the browser's, or relayed by our own site). */
  gpc?: boolean;
  /** The language the request was made in (a Locale): its pages' default and its emails' language. */
  locale?: string;
  statusTokenHash: string;
  /** The client sent an Idempotency-Key (the request id is then derived from it, see ids.ts). */
  idempotent: boolean;
  /** Keyed hash of the submission's content: a reused Idempotency-Key with other content is refused. */
  submissionFingerprint: string;
  /**
   * True once the workflow's start is confirmed: by its first request-log entry, or by the start
   * sweeper. Submission starts the workflow without writing here (one write less per request).
   */
  workflowStarted: boolean;
  workflowStartedAt?: Date;
}

const agentSchema = new Schema<AgentOnRecord>(
  {
    sealedEmail: { type: String, required: true },
    sealedName: { type: String, required: true },
    permissionRef: { type: String, required: true },
    powerOfAttorney: { type: Boolean, required: true },
  },
  { _id: false },
);

const declarationSchema = new Schema<DeclarationOnRecord>(
  {
    sealedSignedName: { type: String, required: true },
    acceptedPenaltyOfPerjury: { type: Boolean, required: true },
    signedAt: { type: Date, required: true },
  },
  { _id: false },
);

export const requestSchema = new Schema<RequestRecord>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    type: { type: String, required: true },
    jurisdiction: { type: String, required: true },
    channel: { type: String, required: true },
    receivedAt: { type: Date, required: true },
    status: { type: String, required: true },
    dueAt: { type: Date },
    closedAt: { type: Date },
    closeReason: { type: String },
    legalHold: { type: Boolean, required: true, default: false },
    lastSeq: { type: Number, required: true, default: 0 },
    subjectKey: { type: String, required: true },
    sealedEmail: { type: String, required: true },
    sealedDataPoints: { type: String },
    sealedCorrections: { type: String },
    declaration: { type: declarationSchema },
    channels: { type: [String], default: undefined },
    agent: { type: agentSchema },
    appealOf: { type: String },
    gpc: { type: Boolean },
    locale: { type: String },
    statusTokenHash: { type: String, required: true },
    idempotent: { type: Boolean, required: true },
    submissionFingerprint: { type: String, required: true },
    workflowStarted: { type: Boolean, required: true },
    workflowStartedAt: { type: Date },
  },
  { collection: 'requests', versionKey: false, strict: 'throw' },
);

// No index on requestId: it is the _id (and, for idempotent submissions, derived from the key: see ids.ts).
// R08 findOpenDuplicate: a subject's requests of one type, oldest first.
requestSchema.index({ subjectKey: 1, type: 1, receivedAt: 1 });
// The start sweeper (every 30 s): requests whose workflow start is not confirmed yet, oldest first.
requestSchema.index({ workflowStarted: 1, receivedAt: 1 });
