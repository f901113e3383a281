import type { LifecycleState } from '@rightsflow/domain';
import type { Actor } from './dsar-workflow';

/**
 * Activities of the intake service, which owns the request registry and the
 * request log (R21). Every input names the request by id only.
 */
export interface RecordTransitionInput {
  requestId: string;
  from: LifecycleState | null;
  to: LifecycleState;
  actor: Actor;
  at: string;
  /** Denial basis, extension reason, downgrade reason… (R07, R21). */
  note?: string;
  /** Due date after the transition, so the registry's status page can show it. */
  dueAt?: string;
  /** For an operator actor: the attestation the operator API signed (see OperatorIdentity); absent for a typed name. */
  attestation?: string;
}

/** One entry of a batch: a transition of the batch's request. */
export type LoggedTransitionInput = Omit<RecordTransitionInput, 'requestId'>;

/** Several transitions of one request, appended in this order in one call (issue 16: one activity per batch, not per step). */
export interface RecordTransitionsInput {
  requestId: string;
  transitions: LoggedTransitionInput[];
}

export interface ClaimQuotaInput {
  requestId: string;
  at: string;
  limit: number;
  timeZone: string;
}

export type ClaimQuotaResult = { granted: true } | { granted: false; nextOwedAt: string };

export interface FindDuplicateInput {
  requestId: string;
}

export interface FindDuplicateResult {
  duplicateOf: string | null;
}

export interface IntakeActivities {
  /** Appends to the tamper-evident request log and updates the registry's status. Idempotent. */
  recordTransition(input: RecordTransitionInput): Promise<void>;
  /** The same for a batch, in order, each entry once however often the activity is retried. */
  recordTransitions(input: RecordTransitionsInput): Promise<void>;
  /** R05: race-free claim of a CCPA know-request slot in the trailing 12 months. */
  claimAccessQuota(input: ClaimQuotaInput): Promise<ClaimQuotaResult>;
  /** R08: an open request of the same type from the same subject, if any. */
  findOpenDuplicate(input: FindDuplicateInput): Promise<FindDuplicateResult>;
}
