import { RightsflowConfig } from '@rightsflow/config';
import type { FulfilmentReport } from '@rightsflow/contracts';
import { signClaims } from '@rightsflow/platform';
import { createHmac } from 'node:crypto';
import { DataStores } from '../company/data-stores';
import { Inventory, NotifyKind, RecipientSpec } from '../inventory/inventory.types';

/**
 * Telling recipients of deletions, corrections and restrictions (R18), over
 * OpenDSR-style HTTP: POST <endpoint> submits the request (idempotent: our
 * `subject_request_id` is derived from request, kind and recipient), GET
 * <endpoint>/<id> reports its status, and the processor may POST updates to a
 * signed callback URL. Each notification is a document in <prefix>_data, so a
 * retried activity never submits twice and a recipient not told keeps its reason.
 */
export const NOTIFICATIONS = 'processor_notifications';
const CALLBACK_DAYS = 90;

export interface NotificationDoc {
  /** The OpenDSR subject_request_id we sent (UUID-shaped). */
  _id: string;
  requestId: string;
  kind: string;
  recipient: string;
  submittedAt?: Date;
  status?: string;
  callbackAt?: Date;
  /** Why the recipient was not told, when it was not. */
  notNotifiedReason?: string;
  lastError?: string;
  attempts: number;
}

/** A failure to reach one or more recipients; thrown so Temporal retries the activity. */
export class RecipientsUnreachable extends Error {
  constructor(failures: string[]) {
    super(`recipients not reached yet (will retry): ${failures.join('; ')}`);
    this.name = 'RecipientsUnreachable';
  }
}

export interface NotifyInput {
  requestId: string;
  kind: NotifyKind;
  email: string;
  /** The activity's attempt (1-based); at PROCESSOR_NOTIFY_ATTEMPTS we stop retrying and store the reason. */
  attempt: number;
  /** Extra OpenDSR fields, e.g. the corrections or `{ lift: true }`. */
  extensions?: Record<string, unknown>;
}

export function notificationId(config: RightsflowConfig, requestId: string, kind: string, recipient: string): string {
  const hex = createHmac('sha256', config.secrets.hmacKey)
    .update(`opendsr\u0000${requestId}\u0000${kind}\u0000${recipient}`)
    .digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function callbackUrl(config: RightsflowConfig, id: string): string {
  const token = signClaims(config.secrets.linkSigningKey, {
    purpose: 'processor-callback',
    ref: id,
    expiresAt: Date.now() + CALLBACK_DAYS * 86_400_000,
  });
  return `${config.http.publicBaseUrl}/processors/callback/${id}?token=${encodeURIComponent(token)}`;
}

export async function notifyRecipients(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  input: NotifyInput,
): Promise<FulfilmentReport['recipients']> {
  const notifications = stores.own.collection<NotificationDoc>(NOTIFICATIONS);
  const report: FulfilmentReport['recipients'] = [];
  const failures: string[] = [];
  const lastAttempt = input.attempt >= config.data.processorNotifyAttempts;
  for (const recipient of inventory.recipients) {
    if (recipient.notNotifiedReason) {
      report.push({ name: recipient.name, notified: false, reason: recipient.notNotifiedReason });
      continue;
    }
    if (!recipient.notifyOn.includes(input.kind)) {
      report.push({
        name: recipient.name,
        notified: false,
        reason: `The inventory declares that ${recipient.name} is not told of ${input.kind} requests.`,
      });
      continue;
    }
    const id = notificationId(config, input.requestId, input.kind, recipient.id);
    const existing = await notifications.findOne({ _id: id });
    if (existing?.submittedAt) {
      report.push({ name: recipient.name, notified: true });
      continue;
    }
    try {
      const status = await submit(config, recipient, id, input);
      await notifications.updateOne(
        { _id: id },
        {
          $set: {
            requestId: input.requestId,
            kind: input.kind,
            recipient: recipient.id,
            submittedAt: new Date(),
            status,
          },
          $unset: { lastError: '' },
          $inc: { attempts: 1 },
        },
        { upsert: true },
      );
      report.push({ name: recipient.name, notified: true });
    } catch (error) {
      const message = describe(error);
      const set: Partial<NotificationDoc> = {
        requestId: input.requestId,
        kind: input.kind,
        recipient: recipient.id,
        lastError: message,
      };
      if (lastAttempt) set.notNotifiedReason = `Could not be reached after ${input.attempt} attempts: ${message}`;
      await notifications.updateOne({ _id: id }, { $set: set, $inc: { attempts: 1 } }, { upsert: true });
      if (lastAttempt) report.push({ name: recipient.name, notified: false, reason: set.notNotifiedReason, followUp: true });
      else failures.push(`${recipient.id}: ${message}`);
    }
  }
  if (failures.length > 0) throw new RecipientsUnreachable(failures);
  return report;
}

/** The error's message and its network cause (duck-typed: fetch errors may come from another realm). */
function describe(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { code?: unknown } };
  const text = typeof message === 'string' ? message : String(error);
  return typeof cause?.code === 'string' ? `${text} (${cause.code})` : text;
}

/** POST the request; then one GET of its status (processors answer `pending` at first). */
async function submit(
  config: RightsflowConfig,
  recipient: RecipientSpec,
  id: string,
  input: NotifyInput,
): Promise<string> {
  const endpoint = recipient.endpoint as string;
  const body = {
    api_version: '0.1',
    subject_request_id: id,
    subject_request_type: input.kind,
    submitted_time: new Date().toISOString(),
    subject_identities: [{ identity_type: 'email', identity_value: input.email, identity_format: 'raw' }],
    status_callback_urls: [callbackUrl(config, id)],
    extensions: input.extensions ?? {},
  };
  const posted = await fetch(endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  // 201 accepted; 409 = already accepted under this subject_request_id (our retry after a lost answer).
  if (posted.status !== 201 && posted.status !== 202 && posted.status !== 200 && posted.status !== 409) {
    throw new Error(`${recipient.id} answered ${posted.status} to the submission`);
  }
  await posted.arrayBuffer();
  const status = await fetch(`${endpoint}/${id}`, {
    headers: { Accept: 'application/json' },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (!status?.ok) return 'submitted';
  const payload = (await status.json().catch(() => ({}))) as { request_status?: unknown };
  return typeof payload.request_status === 'string' ? payload.request_status : 'submitted';
}

/** A processor's status callback, already authenticated by its signed URL: records the new status. */
export async function recordCallback(stores: DataStores, id: string, status: string): Promise<boolean> {
  const result = await stores.own
    .collection<NotificationDoc>(NOTIFICATIONS)
    .updateOne({ _id: id }, { $set: { status, callbackAt: new Date() } });
  return result.matchedCount > 0;
}
