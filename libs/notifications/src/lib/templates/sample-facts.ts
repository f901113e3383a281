import { RightsflowConfig } from '@rightsflow/config';
import {
  MessageFacts,
  MessageKind,
  OPERATOR_MESSAGES,
  OptionalFactOf,
  RequiredFactOf,
  SUBJECT_MESSAGES,
} from '@rightsflow/contracts';
import { seal } from '@rightsflow/platform';

/** Every fact a kind declares, required and optional: what a full rendering needs. */
export type FullFacts<K extends MessageKind> = Required<Pick<MessageFacts, RequiredFactOf<K> | OptionalFactOf<K>>>;

export const ALL_MESSAGE_KINDS: readonly MessageKind[] = [...SUBJECT_MESSAGES, ...OPERATOR_MESSAGES];

export const SAMPLE_CODE = '482913';
export const SAMPLE_TOKEN = 'sample-link-token_Q2x9';

const DAY = 86_400_000;

/**
 * Realistic facts for every kind, every declared fact filled in: the preview
 * command renders these for review, and the tests send them. Adding a fact to
 * a kind in MESSAGE_FACT_RULES without a sample here does not compile.
 */
export function sampleFacts(config: RightsflowConfig, now = new Date()): { [K in MessageKind]: FullFacts<K> } {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const key = config.secrets.encryptionKey;
  const statusUrl = `${config.http.publicBaseUrl.replace(/\/+$/, '')}/status/sample-request?token=status-sample`;
  return {
    acknowledgement: { requestType: 'access', jurisdiction: 'CCPA', dueAt: at(45), statusUrl },
    verification_code: {
      sealedCode: seal(key, SAMPLE_CODE),
      sealedLinkToken: seal(key, SAMPLE_TOKEN),
      codeExpiresAt: at(15 / 1440),
    },
    verified: { requestType: 'deletion', dueAt: at(30), statusUrl },
    extension_notice: {
      reason:
        'Your request covers several systems run by different processors, and two of them need more time to search their archives.',
      newDueAt: at(75),
      dueAt: at(30),
      jurisdiction: 'GDPR',
      statusUrl,
    },
    access_ready: {
      downloadUrl: `${config.http.publicBaseUrl.replace(/\/+$/, '')}/download/sample-bundle?sig=signed-sample`,
      linkExpiresAt: at(7),
      statusUrl,
    },
    deletion_done: {
      exceptions: ['Invoices: tax law requires us to keep them for 10 years (CCPA §1798.105(d)(8))'],
      statusUrl,
      jurisdiction: 'CCPA',
    },
    correction_done: {
      reason: 'Your date of birth was not changed: the document you sent does not match the date you asked for.',
      statusUrl,
      jurisdiction: 'CCPA',
    },
    restriction_done: { statusUrl },
    restriction_lifted: {
      reason: 'The accuracy check you asked for is finished and your information is correct.',
      statusUrl,
    },
    unsubscribe_done: { channels: ['email', 'sms', 'web_push'], statusUrl },
    opt_out_done: { requestType: 'opt_out_sale', statusUrl },
    denied: {
      reason: 'This is the fifth identical request this month and we answered it in full on the 3rd.',
      jurisdiction: 'GDPR',
      statusUrl,
    },
    not_obligated: {
      reason:
        'You have already received two answers to access requests in the last 12 months; the law does not require a third.',
      jurisdiction: 'CCPA',
      nextOwedAt: at(120),
      statusUrl,
    },
    closed_unverified: { reason: 'The confirmation code was never entered.', jurisdiction: 'CCPA' },
    withdrawn: {},
    linked_duplicate: { requestType: 'deletion', statusUrl },
    agent_received: { requestType: 'access', dueAt: at(45), statusUrl },
    agent_confirm: {
      requestType: 'deletion',
      sealedLinkToken: seal(key, SAMPLE_TOKEN),
      sealedCode: seal(key, SAMPLE_CODE),
      codeExpiresAt: at(7),
    },
    appeal_granted: {
      reason: 'The exemption we relied on does not cover the records you asked about; we should have deleted them.',
      statusUrl,
    },
    appeal_denied: {
      reason: 'The records are invoices that Texas tax law requires us to keep for four years.',
      jurisdiction: 'TDPSA',
      statusUrl,
    },
    operator_approval_needed: { requestType: 'deletion', jurisdiction: 'GDPR', dueAt: at(28) },
    operator_reminder: { dueAt: at(7), daysLeft: 7, requestType: 'access', jurisdiction: 'CCPA' },
    operator_overdue: { dueAt: at(-1), requestType: 'correction', jurisdiction: 'GDPR' },
    operator_activity_failing: {
      activity: 'eraseSubject',
      reason: 'processor "acme-crm" answered 503 Service Unavailable (attempt 12)',
    },
  };
}
