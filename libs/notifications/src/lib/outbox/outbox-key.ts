import { createHash } from 'node:crypto';

/**
 * The idempotency key of a send: the workflow that asked and what it asked
 * for. A retried activity, or the same workflow asking again after a worker
 * restart, maps to the same key; another request or another message does not.
 */
export function outboxKey(workflowId: string, dedupeKey: string): string {
  return `${workflowId}:${dedupeKey}`;
}

/**
 * A Message-ID that is a pure function of the key: if an attempt dies after
 * the SMTP server accepted the message, the resend carries the same Message-ID,
 * so mail systems and anyone auditing can see both copies are one message.
 * Hashed so the header reveals nothing about the workflow.
 */
export function stableMessageId(key: string, from: string): string {
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 40);
  return `<${digest}.outbox@${senderDomain(from)}>`;
}

function senderDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  const domain = address.split('@')[1]?.trim();
  return domain && /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'rightsflow.local';
}
