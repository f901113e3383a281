import type { Channel, DsarPolicy, Jurisdiction, LifecycleState, RequestType } from '@rightsflow/domain';
import type { PerjuryDeclaration } from './identity-activities';

/**
 * The request workflow's interface: its input, its state (query), and the
 * signals and updates operators and subjects send. Every field is plain JSON an
 * operator can type into the Temporal UI. No personal data in clear: a
 * subject's email and data points travel only sealed (AES-256-GCM, libs/platform).
 */
export const DSAR_WORKFLOW = 'dsarWorkflow';

/**
 * Revisions of the request workflow's steps, carried in its input
 * (DsarWorkflowInput.revision) so that a new run needs no patched() marker to
 * know which steps it takes: each marker costs a history event and a
 * search-attribute upsert (issue 16). Intake starts every new run at the newest.
 */
export const DSAR_WORKFLOW_REVISIONS = {
  /** The last party's checkSecret also runs the R09 assessment: no assessAssurance activity. */
  checkAssesses: 1,
} as const;
export const DSAR_WORKFLOW_REVISION = DSAR_WORKFLOW_REVISIONS.checkAssesses;

/** Workflow id of a request: no personal data, just the registry's random id. */
export function dsarWorkflowId(requestId: string): string {
  return `dsar-${requestId}`;
}

export type RequestChannel = 'web_form' | 'api' | 'agent';

export interface DsarWorkflowInput {
  requestId: string;
  type: RequestType;
  jurisdiction: Jurisdiction;
  /** ISO instant the request was received (the clock of R01 starts here). */
  receivedAt: string;
  channel: RequestChannel;
  /** The subject's email, sealed; only services holding the key can open it. */
  sealedSubjectEmail: string;
  /** For agent requests: the agent's email, sealed; the agent verifies this address. */
  sealedAgentEmail?: string;
  /** A supplied power of attorney skips the subject's confirmation (R11). */
  powerOfAttorney?: boolean;
  /** Data points the subject gave to be found and verified (name, account id, phone), sealed JSON. */
  sealedDataPoints?: string;
  /** Corrections asked for, sealed JSON [{ field, value }] (correction requests). */
  sealedCorrections?: string;
  /** R09: signed declaration under penalty of perjury (CCPA specific pieces). */
  declaration?: PerjuryDeclaration;
  /** R11: reference of the signed permission the agent uploaded. */
  agentPermissionRef?: string;
  /** Channels to unsubscribe (objection requests). */
  channels?: Channel[];
  /** R26: for an appeal, the refused request it appeals. */
  appealOf?: string;
  /** The language the request was made in (a Locale); the person's emails follow it. Absent: the configured LOCALE. */
  locale?: string;
  /** The policy in force at receipt: later policy changes never move an open request's clock. */
  policy: DsarPolicy;
  /** Divides every wait of the workflow (tests and demos only; 1 in production). */
  timeScale?: number;
  /**
   * The steps' revision this run was started for (DSAR_WORKFLOW_REVISIONS). Absent in runs
   * started before revisions existed: those decide by their patched() markers.
   */
  revision?: number;
}

export type Actor = `operator:${string}` | 'subject' | 'agent' | 'system';

export interface TimelineEntry {
  at: string;
  status: LifecycleState;
  actor: Actor;
  note?: string;
}

export interface DsarState {
  requestId: string;
  type: RequestType;
  /** The type actually fulfilled, after a downgrade (R09). */
  effectiveType: RequestType;
  jurisdiction: Jurisdiction;
  status: LifecycleState;
  receivedAt: string;
  dueAt: string;
  legalDeadlineAt: string;
  extended: boolean;
  overdue: boolean;
  /** Why the request was denied or closed without fulfilment (R07). */
  reason?: string;
  /** The open request this one was linked to (R08). */
  linkedTo?: string;
  /** When the next access request will be owed (R05). */
  nextOwedAt?: string;
  /** R26: the refused request this appeal is about. */
  appealOf?: string;
  /** R07/R26: done only in part (information kept under an exception, or a correction not made), with reasons. */
  partialRefusal?: boolean;
  /** R26: the operator's decision on an appeal, with the written reasons sent to the person. */
  appealDecision?: { outcome: AppealOutcome; reasons: string; decidedAt: string };
  verification: { attemptsLeft: number; resendsLeft: number; verifiedAt?: string };
  /** Manual tasks an operator must complete before fulfilment finishes. */
  openTasks: string[];
  /** Reference of the export bundle (access and portability). */
  bundleId?: string;
  timeline: TimelineEntry[];
}

// Signals and updates, named as an operator types them in the Temporal UI.
/**
 * Operators' updates carry the name typed in the Temporal UI, or, sent by the
 * intake operator API (and the ops CLI through it), the name of the credential
 * with an `attestation`: intake's keyed signature of request and name, which the
 * request log checks before it records the entry as authenticated (R21).
 */
export interface OperatorIdentity {
  operator: string;
  attestation?: string;
}
export interface ApproveInput extends OperatorIdentity {
  note?: string;
}
/** The grounds a denial is counted under in the R22 metrics and logged with (R07, R21). */
export const DENIAL_BASES = ['manifestly_unfounded', 'excessive', 'identity_not_verified', 'exemption', 'other'] as const;
export type DenialBasis = (typeof DENIAL_BASES)[number];

export interface DenyInput extends OperatorIdentity {
  /** Required, stored and sent to the subject (R06, R07). */
  reason: string;
  basis?: DenialBasis;
}
/** R26: an appeal is granted (the refusal reversed, in whole or in part) or denied. */
export const APPEAL_OUTCOMES = ['granted', 'denied'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];

export interface DecideAppealInput extends OperatorIdentity {
  outcome: AppealOutcome;
  /** Required, stored and sent to the person in writing (R26). */
  reasons: string;
}
export interface ExtendInput extends OperatorIdentity {
  /** Required and sent to the subject with the new date (R02). */
  reason: string;
}
export interface CompleteTaskInput extends OperatorIdentity {
  task: string;
  note?: string;
}
export interface WithdrawInput {
  by: 'subject' | 'agent';
  /** Set when an operator withdraws on the requester's behalf (through the operator API). */
  operator?: string;
  attestation?: string;
}
export interface SubmitCodeInput {
  /** Keyed hash of the code the subject typed (intake hashes it, so no code sits in history). */
  codeHash: string;
}
export interface SubmitCodeResult {
  verified: boolean;
  attemptsLeft: number;
  /** Set when no further attempt can succeed (expired, used up). */
  closed?: boolean;
}
export interface ConfirmLinkInput {
  tokenHash: string;
}

export const dsarMessages = {
  state: 'state',
  submitCode: 'submitCode',
  confirmLink: 'confirmLink',
  resendCode: 'resendCode',
  approve: 'approve',
  deny: 'deny',
  extend: 'extend',
  completeTask: 'completeTask',
  withdraw: 'withdraw',
  decideAppeal: 'decideAppeal',
} as const;
