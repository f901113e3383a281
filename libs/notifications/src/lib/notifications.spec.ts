import { INestApplication } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { RightsflowConfig } from '@rightsflow/config';
import {
  MessageKind,
  OPERATOR_MESSAGES,
  SendMessageInput,
  SendMessageResult,
  SUBJECT_MESSAGES,
} from '@rightsflow/contracts';
import { seal } from '@rightsflow/platform';
import {
  CaughtMail,
  eventually,
  MailInbox,
  runActivity,
  sortExtraCopies,
  startTestOrchestrator,
  startTestService,
  temporalClient,
  testConfig,
} from '@rightsflow/testing';
import { ApplicationFailure } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
// maildev's SMTP library (a real SMTP server), used to answer 550 for the permanent-failure test.
import { SMTPServer } from 'smtp-server';
import { SmtpMailer } from './mail/smtp-mailer';
import { MessageSender } from './message-sender';
import { NotificationsModule } from './notifications.module';
import { DEFAULT_LEASE_MS, OUTBOX_BUSY } from './outbox/outbox';
import {
  attemptResultId,
  OUTBOX_ATTEMPT,
  OUTBOX_ATTEMPT_RESULT,
  OutboxAttemptResult,
} from './outbox/outbox-attempt.schema';
import { OUTBOX_ENTRY, OutboxEntry } from './outbox/outbox-entry.schema';
import { OUTBOX_HOLDER, OutboxHolder, OutboxHolderRecord } from './outbox/outbox-holder';
import { outboxKey, stableMessageId } from './outbox/outbox-key';
import { OutboxStore } from './outbox/outbox.store';
import { SendMessageDto } from './send-message.dto';
import { renderMessage } from './templates/render-message';
import { SAMPLE_CODE, SAMPLE_TOKEN, sampleFacts } from './templates/sample-facts';

jest.setTimeout(180_000);

/**
 * The notifications service against the real stack: Temporal dev server,
 * FerretDB, and the maildev SMTP server read back over its HTTP API. One
 * orchestrator serves every test; tests that need another SMTP server swap the
 * service on the same task queue and database.
 */
const id = randomBytes(4).toString('hex');
const prefix = `n${id}`;
const baseEnv = {
  TASK_QUEUE_PREFIX: prefix,
  MONGO_DB_PREFIX: prefix,
  OPERATOR_EMAIL: `ops-${id}@example.test`,
  MAIL_REPLY_TO: `privacy-desk-${id}@example.test`,
};
const config = testConfig(baseEnv);
const requestId = `R-${id.toUpperCase()}`;
const facts = sampleFacts(config);

const inbox = new MailInbox();
let orchestrator: INestApplication;
let service: INestApplication | undefined;
let client: Client;

const address = (label: string) => `${label}-${randomBytes(3).toString('hex')}-${id}@example.test`;
const sealed = (email: string) => seal(config.secrets.encryptionKey, email);
const recipientFor = (kind: MessageKind, email: string): SendMessageInput['to'] =>
  (OPERATOR_MESSAGES as readonly string[]).includes(kind) ? { operator: true } : { sealedEmail: sealed(email) };

async function useService(settings: RightsflowConfig): Promise<INestApplication> {
  await service?.close();
  service = await startTestService('notifications', NotificationsModule, settings);
  return service;
}

/** Runs sendMessage through Temporal under a workflow id we choose (a retry of "the same workflow"). */
function sendAs(workflowId: string, input: SendMessageInput, maximumAttempts = 3): Promise<SendMessageResult> {
  return runActivity<SendMessageResult>(client, config, 'notifications', 'sendMessage', input, {
    workflowId,
    maximumAttempts,
  });
}

async function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing`);
  return value;
}

/** How many SMTP attempts the outbox recorded for `key`, by outcome: its own record of what went out. */
async function attemptOutcomes(key: string): Promise<Record<string, number>> {
  const results = must(service, 'service').get<Model<OutboxAttemptResult>>(getModelToken(OUTBOX_ATTEMPT_RESULT));
  const counts: Record<string, number> = {};
  for (const result of await results.find({ key }).lean()) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return counts;
}

/**
 * The mail to `to`, read after a marker message sent now to the same address
 * through the same path has arrived, instead of a sleep standing in for
 * "nothing else comes": what was sent before the marker was accepted by SMTP
 * before it. The proof that nothing went twice is the outbox's own record
 * (attemptOutcomes); this read shows what a subject's inbox holds. The marker
 * is left out of the result.
 */
async function inboxAfterMarker(to: string): Promise<CaughtMail[]> {
  const workflowId = `dsar-marker-${randomBytes(4).toString('hex')}`;
  const marker = stableMessageId(outboxKey(workflowId, 'withdrawn'), config.mail.from);
  await sendAs(workflowId, { requestId, kind: 'withdrawn', to: { sealedEmail: sealed(to) }, facts: {} });
  await inbox.waitFor(to, (mail) => mail.headers['message-id'] === marker);
  return (await inbox.to(to)).filter((mail) => mail.headers['message-id'] !== marker);
}

function decodeEntities(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const day = (iso: string | undefined) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone: config.policy.timeZone }).format(
    new Date(iso ?? NaN),
  );
const verifyUrl = `${config.http.publicBaseUrl}/verify/${requestId}?token=${SAMPLE_TOKEN}`;
const workflowUrl = `${config.temporal.uiUrl}/namespaces/default/workflows/dsar-${requestId}`;

/** What each kind must show a reader, in both bodies: dates, reasons, links. */
const expectedFacts: Record<MessageKind, string[]> = {
  acknowledgement: [day(facts.acknowledgement.dueAt), 'How we check it is you', facts.acknowledgement.statusUrl],
  verification_code: [SAMPLE_CODE, verifyUrl],
  verified: [day(facts.verified.dueAt)],
  extension_notice: [
    facts.extension_notice.reason,
    day(facts.extension_notice.newDueAt),
    day(facts.extension_notice.dueAt),
  ],
  access_ready: [facts.access_ready.downloadUrl, 'Link works until'],
  deletion_done: [facts.deletion_done.exceptions[0], 'We keep a record of your request'],
  correction_done: [facts.correction_done.reason],
  restriction_done: ['We will tell you before we lift the restriction'],
  restriction_lifted: [facts.restriction_lifted.reason],
  unsubscribe_done: ['Email', 'Text messages (SMS)', 'Browser (web push) notifications'],
  opt_out_done: ['We no longer sell or share your personal information'],
  denied: [facts.denied.reason, 'supervisory authority', 'judicial remedy'],
  not_obligated: [facts.not_obligated.reason, day(facts.not_obligated.nextOwedAt), 'You can appeal'],
  closed_unverified: [facts.closed_unverified.reason],
  withdrawn: ['Your request has been withdrawn'],
  linked_duplicate: ['We have linked this new request to it'],
  agent_received: [day(facts.agent_received.dueAt), 'the person you act for'],
  agent_confirm: [verifyUrl, SAMPLE_CODE],
  appeal_granted: [facts.appeal_granted.reason, 'act on your earlier request'],
  appeal_denied: [facts.appeal_denied.reason, 'Attorney General of Texas', 'texasattorneygeneral.gov'],
  operator_approval_needed: [workflowUrl, day(facts.operator_approval_needed.dueAt)],
  operator_reminder: [workflowUrl, day(facts.operator_reminder.dueAt)],
  operator_overdue: [workflowUrl, day(facts.operator_overdue.dueAt)],
  operator_activity_failing: [workflowUrl, 'eraseSubject', facts.operator_activity_failing.reason],
};

beforeAll(async () => {
  [orchestrator, service] = await Promise.all([
    startTestOrchestrator(config),
    startTestService('notifications', NotificationsModule, config),
  ]);
  client = await temporalClient(config);
}, 180_000);

afterAll(async () => {
  await service?.close();
  await orchestrator?.close();
  await client?.connection.close();
});

describe('notifications service: every message, over Temporal, to a real SMTP server', () => {
  const kinds = [...SUBJECT_MESSAGES, ...OPERATOR_MESSAGES];
  const delivered = new Map<MessageKind, { to: string; result: SendMessageResult; mail: CaughtMail }>();

  beforeAll(async () => {
    // All 22 kinds through runActivity (workflow → task queue → Nest handler → outbox → SMTP), in parallel.
    await Promise.all(
      kinds.map(async (kind) => {
        const to = (OPERATOR_MESSAGES as readonly string[]).includes(kind) ? config.mail.operatorEmail : address(kind);
        const input: SendMessageInput = { requestId, kind, to: recipientFor(kind, to), facts: facts[kind] };
        const result = await runActivity<SendMessageResult>(client, config, 'notifications', 'sendMessage', input);
        const subject = renderMessage({ requestId, kind, facts: facts[kind] }, config).subject;
        const mail = await inbox.waitFor(to, (caught) => caught.subject === subject, 60_000);
        delivered.set(kind, { to, result, mail });
      }),
    );
  }, 180_000);

  /** The rules each kind's content proves (named in the test title, as the compliance rules ask). */
  const rulesOf: Partial<Record<MessageKind, string>> = {
    acknowledgement: 'R03',
    extension_notice: 'R02',
    access_ready: 'R16',
    deletion_done: 'R17',
    denied: 'R06 R07',
    not_obligated: 'R05 R07',
    closed_unverified: 'R12 R07',
    unsubscribe_done: 'R20',
    linked_duplicate: 'R08',
    agent_received: 'R11',
    agent_confirm: 'R11',
  };
  const titled = kinds.map((kind) => [`${rulesOf[kind] ?? ''} ${kind}`.trim(), kind] as const);

  it.each(titled)('%s arrives with its subject line, recipient, both bodies and its facts', (_title, kind) => {
    const { to, result, mail } = must(delivered.get(kind), kind);
    expect(result.status).toBe('sent');
    expect(mail.to.map((recipient) => recipient.address)).toEqual([to]);
    expect(mail.subject).toContain(`(ref. ${requestId})`);
    expect(mail.text.length).toBeGreaterThan(100);
    expect(mail.html).toMatch(/^<!DOCTYPE html>\s*<html lang="en">/);
    // What the HTML shows, plus its link targets (a link's URL may sit behind a label).
    const html = `${decodeEntities(mail.html)} ${mail.html.replace(/&amp;/g, '&')}`;
    for (const fact of expectedFacts[kind]) {
      expect(mail.text).toContain(fact);
      expect(html).toContain(fact);
    }
  });

  it('R16 sends no attachment: data only ever travels by the download link', () => {
    for (const { mail } of delivered.values())
      expect((mail as CaughtMail & { attachments?: unknown[] }).attachments ?? []).toEqual([]);
  });

  it('gives subject messages the configured Reply-To, operator alerts none, and every message a Message-ID derived from its key', () => {
    const ack = must(delivered.get('acknowledgement'), 'acknowledgement');
    expect(ack.mail.headers['reply-to']).toContain(baseEnv.MAIL_REPLY_TO);
    expect(ack.mail.headers['auto-submitted']).toBe('auto-generated');
    const alert = must(delivered.get('operator_overdue'), 'operator_overdue');
    expect(alert.mail.headers['reply-to']).toBeUndefined();
    for (const { mail } of delivered.values())
      expect(mail.headers['message-id']).toMatch(/^<[0-9a-f]{40}\.outbox@rightsflow\.local>$/);
  });
});

describe('exactly once per workflow and dedupe key', () => {
  it('a retry of the same workflow with the same dedupe key sends once; a new dedupe key sends again', async () => {
    const to = address('retry');
    const workflowId = `dsar-retry-${id}`;
    const input: SendMessageInput = {
      requestId,
      kind: 'verification_code',
      to: { sealedEmail: sealed(to) },
      facts: facts.verification_code,
    };

    const first = await sendAs(workflowId, input);
    const again = await sendAs(workflowId, input);
    expect(first.status).toBe('sent');
    expect(again).toEqual({ outboxId: first.outboxId, status: 'already_sent' });

    const resent = await sendAs(workflowId, { ...input, dedupeKey: 'verification_code#2' });
    expect(resent.status).toBe('sent');
    expect(resent.outboxId).not.toBe(first.outboxId);

    expect(await attemptOutcomes(outboxKey(workflowId, 'verification_code'))).toEqual({ accepted: 1 });
    expect(await attemptOutcomes(outboxKey(workflowId, 'verification_code#2'))).toEqual({ accepted: 1 });
    const mails = await inboxAfterMarker(to);
    expect(mails).toHaveLength(2);
    expect(new Set(mails.map((mail) => mail.headers['message-id']))).toEqual(
      new Set([
        stableMessageId(outboxKey(workflowId, 'verification_code'), config.mail.from),
        stableMessageId(outboxKey(workflowId, 'verification_code#2'), config.mail.from),
      ]),
    );
  });

  it('concurrent attempts of one send deliver one email', async () => {
    const sender = must(service, 'service').get(MessageSender);
    const to = address('concurrent');
    const input = {
      requestId,
      kind: 'verified',
      to: { sealedEmail: sealed(to) },
      facts: facts.verified,
    } as SendMessageDto;
    // Attempts of the same activity at once (e.g. a retry after a start-to-close timeout overlapping a slow attempt).
    const outcomes = await Promise.allSettled(
      Array.from({ length: 5 }, () => sender.send(input, `dsar-concurrent-${id}`)),
    );
    const results = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.status] : []));
    const failures = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as ApplicationFailure).type] : [],
    );
    expect(results.filter((status) => status === 'sent')).toHaveLength(1);
    for (const type of failures) expect(type).toBe(OUTBOX_BUSY);
    expect(await attemptOutcomes(outboxKey(`dsar-concurrent-${id}`, 'verified'))).toEqual({ accepted: 1 });
    expect(await inboxAfterMarker(to)).toHaveLength(1);
  });
});

describe("a step's messages in one activity (sendMessages)", () => {
  /** Runs sendMessages through Temporal under a workflow id we choose. */
  const sendAllAs = (workflowId: string, messages: unknown[]) =>
    runActivity<SendMessageResult[]>(client, config, 'notifications', 'sendMessages', { messages }, { workflowId });
  const toSubject = (to: string, kind: MessageKind, messageFacts: SendMessageInput['facts'], dedupeKey?: string) => ({
    requestId,
    kind,
    to: { sealedEmail: sealed(to) },
    facts: messageFacts,
    ...(dedupeKey ? { dedupeKey } : {}),
  });
  const storedEntry = (key: string) =>
    must(service, 'service').get<Model<OutboxEntry>>(getModelToken(OUTBOX_ENTRY)).findById(key).lean().exec();

  it('R03 sends the acknowledgement and the code in their order, each exactly once; a retry of the batch sends none again', async () => {
    const to = address('batch');
    const workflowId = `dsar-batch-${id}`;
    const acknowledgement = toSubject(to, 'acknowledgement', facts.acknowledgement);
    const code = toSubject(to, 'verification_code', facts.verification_code, 'verification_code#subject#1');

    const first = await sendAllAs(workflowId, [acknowledgement, code]);
    expect(first.map((result) => result.status)).toEqual(['sent', 'sent']);
    // The same workflow asking again (an activity retry after a lost completion): both answered from the outbox.
    const again = await sendAllAs(workflowId, [acknowledgement, code]);
    expect(again).toEqual(first.map(({ outboxId }) => ({ outboxId, status: 'already_sent' })));
    // Each message is the one sendMessage would have sent under its key.
    expect(await sendAs(workflowId, acknowledgement)).toEqual({ outboxId: first[0]?.outboxId, status: 'already_sent' });

    expect(await attemptOutcomes(outboxKey(workflowId, 'acknowledgement'))).toEqual({ accepted: 1 });
    expect(await attemptOutcomes(outboxKey(workflowId, 'verification_code#subject#1'))).toEqual({ accepted: 1 });
    const mails = await inboxAfterMarker(to);
    expect(mails.map((mail) => mail.headers['x-rightsflow-message'])).toEqual(['acknowledgement', 'verification_code']);
  });

  it('refuses a batch with a message it can never send before sending any of it, and one with two messages under one key', async () => {
    const to = address('batch-refused');
    const workflowId = `dsar-batch-refused-${id}`;
    const acknowledgement = toSubject(to, 'acknowledgement', facts.acknowledgement);
    const missingFact = toSubject(to, 'extension_notice', { newDueAt: '2026-06-01T00:00:00Z' });
    await expect(sendAllAs(`${workflowId}-1`, [acknowledgement, missingFact])).rejects.toMatchObject({
      type: 'MissingFactError',
      nonRetryable: true,
    });
    await expect(sendAllAs(`${workflowId}-2`, [acknowledgement, acknowledgement])).rejects.toMatchObject({
      type: 'ValidationError',
      message: expect.stringContaining('dedupe key'),
    });
    await expect(sendAllAs(`${workflowId}-3`, [])).rejects.toMatchObject({
      type: 'ValidationError',
      message: expect.stringContaining('messages'),
    });
    // Nothing of the refused batches was stored or sent.
    for (const n of [1, 2]) expect(await storedEntry(outboxKey(`${workflowId}-${n}`, 'acknowledgement'))).toBeNull();
    expect(await inboxAfterMarker(to)).toEqual([]);
  });
});

describe('SMTP failures', () => {
  afterAll(async () => {
    await useService(config);
  });

  it('SMTP down, then up: Temporal retries with backoff and exactly one message arrives', async () => {
    const down = testConfig({ ...baseEnv, SMTP_PORT: String(await unusedPort()) });
    const app = await useService(down);
    const store = app.get(OutboxStore);
    const to = address('down-up');
    const workflowId = `dsar-downup-${id}`;
    const input: SendMessageInput = {
      requestId,
      kind: 'acknowledgement',
      to: { sealedEmail: sealed(to) },
      facts: facts.acknowledgement,
    };
    const result = sendAs(workflowId, input, 12);

    // Two refused attempts are on record before the server comes back.
    const key = outboxKey(workflowId, 'acknowledgement');
    for (
      let entry = await store.find(key);
      !entry || entry.attempts < 2 || entry.status !== 'pending';
      entry = await store.find(key)
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const failing = await store.find(key);
    expect(failing).toMatchObject({ status: 'pending', uncertainAttempts: 0 });
    expect(failing?.lastError).toMatch(/ECONNREFUSED/);

    await useService(config);
    expect(await result).toMatchObject({ status: 'sent' });
    expect(await sendAs(workflowId, input)).toMatchObject({ status: 'already_sent' });
    expect((await attemptOutcomes(key))['accepted']).toBe(1);
    expect(await inboxAfterMarker(to)).toHaveLength(1);
    const sent = await must(service, 'service').get(OutboxStore).find(key);
    expect(sent).toMatchObject({ status: 'sent', uncertainAttempts: 0 });
    expect(sent?.attempts).toBeGreaterThanOrEqual(3);
  });

  it('a permanent refusal (550 no such mailbox) is recorded and returned, not thrown, and never retried', async () => {
    let rcptAttempts = 0;
    const rejecting = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(rcpt, _session, callback) {
        rcptAttempts += 1;
        const error = Object.assign(new Error(`5.1.1 <${rcpt.address}>: Recipient address rejected: no such mailbox`), {
          responseCode: 550,
        });
        callback(error);
      },
    });
    await new Promise<void>((resolve) => rejecting.listen(0, '127.0.0.1', resolve));
    try {
      const port = (rejecting.server.address() as net.AddressInfo).port;
      const app = await useService(testConfig({ ...baseEnv, SMTP_PORT: String(port) }));
      const to = address('nobody');
      const workflowId = `dsar-bounce-${id}`;
      const input: SendMessageInput = {
        requestId,
        kind: 'denied',
        to: { sealedEmail: sealed(to) },
        facts: facts.denied,
      };

      const first = await sendAs(workflowId, input);
      expect(first.status).toBe('failed_permanently');
      expect(await sendAs(workflowId, input)).toEqual({ outboxId: first.outboxId, status: 'failed_permanently' });
      expect(rcptAttempts).toBe(1);

      const entry = await app.get(OutboxStore).find(outboxKey(workflowId, 'denied'));
      expect(entry).toMatchObject({ status: 'failed_permanently', attempts: 1 });
      expect(entry?.failureReason).toBe(
        "Can't send mail - all recipients were rejected: 550 5.1.1 <[address]>: Recipient address rejected: no such mailbox",
      );
      // The outbox holds no address, not even inside the server's answer.
      expect(JSON.stringify(entry)).not.toContain('@example.test');
    } finally {
      await new Promise<void>((resolve) => rejecting.close(() => resolve()));
    }
  });
});

describe('the window between SMTP accepting and the outbox recording it', () => {
  /** The next send takes over from the dead attempt: sent once more, same Message-ID, the dead one counted uncertain. */
  async function expectResentAsUncertain(
    store: OutboxStore,
    sent: { workflowId: string; key: string; messageId: string; to: string },
  ): Promise<void> {
    const result = await sendAs(sent.workflowId, {
      requestId,
      kind: 'withdrawn',
      to: { sealedEmail: sealed(sent.to) },
      facts: {},
    });
    expect(result.status).toBe('sent');
    expect(await store.find(sent.key)).toMatchObject({ status: 'sent', attempts: 2, uncertainAttempts: 1 });
    expect((await store.attemptsOf(sent.key)).map((attempt) => attempt.outcome)).toEqual(['uncertain', 'accepted']);
    const mail = await inbox.waitFor(sent.to);
    expect(mail.headers['message-id']).toBe(sent.messageId);
  }

  it('an attempt that died mid-send is resent after its lease with the same Message-ID, counted as uncertain', async () => {
    const store = must(service, 'service').get(OutboxStore);
    const to = address('crash');
    const workflowId = `dsar-crash-${id}`;
    const key = outboxKey(workflowId, 'withdrawn');
    const messageId = stableMessageId(key, config.mail.from);
    // An attempt claimed the entry, handed the message to SMTP, and died: its lease has run out.
    expect(await store.claim(await store.open({ key, requestId, kind: 'withdrawn', messageId }), -1)).toMatchObject({
      claimed: true,
    });
    const dead = { subject: 'withdrawn', text: 'the dead attempt', html: '<p>the dead attempt</p>', headers: {} };
    const mailer = must(service, 'service').get(SmtpMailer);
    expect(await mailer.deliver({ to, messageId, ...dead })).toMatchObject({ accepted: true });

    await expectResentAsUncertain(store, { workflowId, key, messageId, to });
    // Two copies reach the inbox; the crash suites' check owns up to the second (same Message-ID, counted uncertain)
    // and not to a copy under another Message-ID.
    const copies = await eventually(async () => {
      const mails = await inbox.to(to);
      return mails.length === 2 ? mails : undefined;
    });
    expect(await sortExtraCopies(config, copies, () => 'withdrawn')).toEqual({ recordedResends: 1, unexplained: [] });
    const stranger = `<stranger-${id}@rightsflow.local>`;
    expect(await mailer.deliver({ to, messageId: stranger, ...dead })).toMatchObject({ accepted: true });
    const three = await eventually(async () => {
      const mails = await inbox.to(to);
      return mails.length === 3 ? mails : undefined;
    });
    expect(await sortExtraCopies(config, three, () => 'withdrawn')).toEqual({
      recordedResends: 0,
      unexplained: [{ kind: 'withdrawn', messageIds: expect.arrayContaining([messageId, stranger]) }],
    });
  });

  it('an attempt whose process is gone is taken over without waiting out its lease: same Message-ID, counted as uncertain', async () => {
    const app = must(service, 'service');
    const store = app.get(OutboxStore);
    const holders = app.get<Model<OutboxHolderRecord>>(getModelToken(OUTBOX_HOLDER));
    // Another notifications process on the same database: a holder and a store of its own.
    const other = new OutboxHolder(holders);
    const theirs = new OutboxStore(
      app.get(getModelToken(OUTBOX_ENTRY)),
      app.get(getModelToken(OUTBOX_ATTEMPT)),
      app.get(getModelToken(OUTBOX_ATTEMPT_RESULT)),
      other,
    );
    const to = address('gone');
    const workflowId = `dsar-gone-${id}`;
    const key = outboxKey(workflowId, 'withdrawn');
    const messageId = stableMessageId(key, config.mail.from);
    // It claims with the whole lease and hands the message to SMTP.
    expect(
      await theirs.claim(await theirs.open({ key, requestId, kind: 'withdrawn', messageId }), DEFAULT_LEASE_MS),
    ).toMatchObject({ claimed: true });
    // While it lives, its claim holds against every other attempt.
    const held = await store.claim((await store.find(key)) as OutboxEntry, DEFAULT_LEASE_MS);
    expect(held).toMatchObject({ claimed: false, entry: { status: 'sending', attempts: 1 } });

    // Then it is killed: its record stops being written, and is stale once HOLDER_TTL_MS has passed
    // (set so here rather than waited for).
    other.onApplicationShutdown();
    await holders.updateOne({ _id: other.id }, { $set: { aliveUntil: new Date(Date.now() - 1) } });
    await expectResentAsUncertain(store, { workflowId, key, messageId, to });
  });

  it('an attempt that recorded the 250 but died before updating the entry is finished from its record, not resent', async () => {
    const store = must(service, 'service').get(OutboxStore);
    const to = address('recorded');
    const workflowId = `dsar-recorded-${id}`;
    const key = outboxKey(workflowId, 'withdrawn');
    const claim = await store.claim(
      await store.open({ key, requestId, kind: 'withdrawn', messageId: stableMessageId(key, config.mail.from) }),
      -1,
    );
    if (!claim.claimed) throw new Error('not claimed');
    // The attempt row says the server accepted; the entry was never told.
    const results = must(service, 'service').get<Model<OutboxAttemptResult>>(getModelToken(OUTBOX_ATTEMPT_RESULT));
    await results.create({
      _id: attemptResultId(key, claim.ticket.attempt),
      key,
      attempt: claim.ticket.attempt,
      outcome: 'accepted',
      detail: '250 Accepted',
      finishedAt: new Date(),
    });

    const result = await sendAs(workflowId, {
      requestId,
      kind: 'withdrawn',
      to: { sealedEmail: sealed(to) },
      facts: {},
    });
    expect(result.status).toBe('already_sent');
    expect(await store.find(key)).toMatchObject({
      status: 'sent',
      attempts: 1,
      uncertainAttempts: 0,
      smtpResponse: '250 Accepted',
    });
    expect(await inboxAfterMarker(to)).toHaveLength(0);
  });

  it('while another attempt holds a live lease, a retry waits (retryable OutboxBusy) instead of sending', async () => {
    const store = must(service, 'service').get(OutboxStore);
    const to = address('busy');
    const workflowId = `dsar-busy-${id}`;
    const key = outboxKey(workflowId, 'verified');
    await store.claim(
      await store.open({ key, requestId, kind: 'verified', messageId: stableMessageId(key, config.mail.from) }),
      60_000,
    );

    await expect(
      sendAs(workflowId, { requestId, kind: 'verified', to: { sealedEmail: sealed(to) }, facts: facts.verified }, 1),
    ).rejects.toMatchObject({ type: OUTBOX_BUSY });
    expect(await inbox.to(to)).toHaveLength(0);
  });
});

describe('input the service refuses before storing or sending anything', () => {
  const attempt = (input: unknown) => runActivity(client, config, 'notifications', 'sendMessage', input);

  it('a missing fact is a non-retryable MissingFactError naming it', async () => {
    const to = address('missing');
    await expect(
      attempt({
        requestId,
        kind: 'extension_notice',
        to: { sealedEmail: sealed(to) },
        facts: { newDueAt: '2026-06-01T00:00:00Z' },
      }),
    ).rejects.toMatchObject({
      type: 'MissingFactError',
      nonRetryable: true,
      message: expect.stringContaining('reason'),
    });
  });

  it('an unknown fact is a ValidationError; a subject message addressed to operators is a RecipientError', async () => {
    await expect(
      attempt({ requestId, kind: 'verified', to: { operator: true }, facts: { ...facts.verified, mood: 'happy' } }),
    ).rejects.toMatchObject({
      type: 'ValidationError',
    });
    await expect(
      attempt({ requestId, kind: 'verified', to: { operator: true }, facts: facts.verified }),
    ).rejects.toMatchObject({ type: 'RecipientError' });
  });
});
