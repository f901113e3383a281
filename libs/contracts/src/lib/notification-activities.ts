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
  'appeal_granted',
  'appeal_denied',
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

export type MessageFactName = keyof MessageFacts;

/**
 * The facts each kind needs (`required`) and may show (`optional`). The
 * notifications service refuses a message missing a required fact with a
 * non-retryable `MissingFactError`, before anything is stored or sent; its
 * templates are typed against this table, so a template reading an undeclared
 * fact does not compile.
 */
export const MESSAGE_FACT_RULES = {
  acknowledgement: { required: ['requestType', 'jurisdiction', 'dueAt'], optional: ['statusUrl'] },
  verification_code: { required: ['sealedCode', 'sealedLinkToken', 'codeExpiresAt'], optional: [] },
  verified: { required: ['requestType', 'dueAt'], optional: ['statusUrl'] },
  extension_notice: { required: ['reason', 'newDueAt'], optional: ['dueAt', 'jurisdiction', 'statusUrl'] },
  access_ready: { required: ['downloadUrl', 'linkExpiresAt'], optional: ['statusUrl'] },
  // R26: the jurisdiction tells whether a partial refusal (exceptions, corrections not made) can be appealed.
  deletion_done: { required: [], optional: ['exceptions', 'statusUrl', 'jurisdiction'] },
  correction_done: { required: [], optional: ['reason', 'statusUrl', 'jurisdiction'] },
  restriction_done: { required: [], optional: ['statusUrl'] },
  restriction_lifted: { required: [], optional: ['reason', 'statusUrl'] },
  unsubscribe_done: { required: ['channels'], optional: ['statusUrl'] },
  opt_out_done: { required: ['requestType'], optional: ['statusUrl'] },
  denied: { required: ['reason', 'jurisdiction'], optional: ['statusUrl'] },
  not_obligated: { required: ['reason', 'jurisdiction'], optional: ['nextOwedAt', 'statusUrl'] },
  closed_unverified: { required: [], optional: ['reason', 'jurisdiction'] },
  withdrawn: { required: [], optional: [] },
  linked_duplicate: { required: ['requestType'], optional: ['statusUrl'] },
  agent_received: { required: ['requestType'], optional: ['dueAt', 'statusUrl'] },
  agent_confirm: { required: ['requestType', 'sealedLinkToken'], optional: ['sealedCode', 'codeExpiresAt'] },
  // R26: the operator's written reasons; a denial also names the state Attorney General (from the jurisdiction).
  appeal_granted: { required: ['reason'], optional: ['statusUrl'] },
  appeal_denied: { required: ['reason', 'jurisdiction'], optional: ['statusUrl'] },
  operator_approval_needed: { required: ['requestType', 'jurisdiction', 'dueAt'], optional: [] },
  operator_reminder: { required: ['dueAt', 'daysLeft'], optional: ['requestType', 'jurisdiction'] },
  operator_overdue: { required: ['dueAt'], optional: ['requestType', 'jurisdiction'] },
  operator_activity_failing: { required: ['activity'], optional: ['reason'] },
} as const satisfies Record<
  MessageKind,
  { required: readonly MessageFactName[]; optional: readonly MessageFactName[] }
>;

export type RequiredFactOf<K extends MessageKind> = (typeof MESSAGE_FACT_RULES)[K]['required'][number];
export type OptionalFactOf<K extends MessageKind> = (typeof MESSAGE_FACT_RULES)[K]['optional'][number];

/** Subject messages go to `{ sealedEmail }`, operator messages to `{ operator: true }`. */
export type Recipient = { sealedEmail: string } | { operator: true };

export interface SendMessageInput {
  requestId: string;
  kind: MessageKind;
  to: Recipient;
  facts: MessageFacts;
  /** Distinguishes repeatable messages (e.g. a resent code: 'verification_code#2'). Defaults to kind. */
  dedupeKey?: string;
  /** The language of the request (a Locale) for a subject's or agent's message; operators get the configured LOCALE. */
  locale?: string;
}

export interface SendMessageResult {
  outboxId: string;
  status: 'sent' | 'already_sent' | 'failed_permanently';
}

/** Messages that go out together, in this order (issue 16: one activity instead of one each). */
export interface SendMessagesInput {
  messages: SendMessageInput[];
}

export interface NotificationActivities {
  sendMessage(input: SendMessageInput): Promise<SendMessageResult>;
  /** Each message as sendMessage would send it; none is sent when one of them cannot be (bad facts, bad recipient). */
  sendMessages(input: SendMessagesInput): Promise<SendMessageResult[]>;
}
