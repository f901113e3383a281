/**
 * Activities of the notifications service: every email, through an outbox that
 * sends each message exactly once (idempotency key = workflow id + dedupe key).
 */
export const SUBJECT_MESSAGES = [
  'acknowledgement',
  'verification_code',
  'verified',
  'extension_notice',
  'access_ready',
  'deletion_done',
  'correction_done',
  'restriction_done',
  'restriction_lifted',
  'unsubscribe_done',
  'opt_out_done',
  'denied',
  'not_obligated',
  'closed_unverified',
  'withdrawn',
  'linked_duplicate',
  'agent_received',
  'agent_confirm',
] as const;
export const OPERATOR_MESSAGES = [
  'operator_approval_needed',
  'operator_reminder',
  'operator_overdue',
  'operator_activity_failing',
] as const;

export type SubjectMessageKind = (typeof SUBJECT_MESSAGES)[number];
export type OperatorMessageKind = (typeof OPERATOR_MESSAGES)[number];
export type MessageKind = SubjectMessageKind | OperatorMessageKind;

/** Facts a message may show; which ones each kind needs is checked by the templates. */
export interface MessageFacts {
  requestType?: string;
  jurisdiction?: string;
  dueAt?: string;
  newDueAt?: string;
  reason?: string;
  nextOwedAt?: string;
  downloadUrl?: string;
  linkExpiresAt?: string;
  statusUrl?: string;
  exceptions?: string[];
  channels?: string[];
  daysLeft?: number;
  activity?: string;
  /** Sealed code and link token (verification_code, agent_confirm). */
  sealedCode?: string;
  sealedLinkToken?: string;
  codeExpiresAt?: string;
}

export type Recipient = { sealedEmail: string } | { operator: true };

export interface SendMessageInput {
  requestId: string;
  kind: MessageKind;
  to: Recipient;
  facts: MessageFacts;
  /** Distinguishes repeatable messages (e.g. a resent code: 'verification_code#2'). Defaults to kind. */
  dedupeKey?: string;
}

export interface SendMessageResult {
  outboxId: string;
  status: 'sent' | 'already_sent' | 'failed_permanently';
}

export interface NotificationActivities {
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>;
}
