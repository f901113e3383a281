import { DsarState, DsarStatus, dsarWorkflowId } from '@rightsflow/contracts';
import {
  eventually,
  seededAccountEmails,
  seededSubject,
  startTestProduct,
  testConfig,
  TestProduct,
  startedWorkflow,
} from '@rightsflow/testing';
import { temporal } from '@temporalio/proto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The request workflow on the real dev server, with every real service behind
// it (intake, identity, data, notifications), the seeded sample company and the
// real SMTP server. TIME_SCALE compresses the request clock, so the 14-day
// verification window is tested as it is, only faster. 60,000: one day = 1.44 s,
// so the window is 20 s, ample for a test to read its code (about a second, a
// few on a busy two-core CI machine), and the 30-day due date 43 s.
const TIME_SCALE = 60_000;

jest.setTimeout(300_000);

let product: TestProduct;
let people: string[] = [];
interface Started {
  email: string;
  requestId: string;
}
let neverVerified: Promise<Started>;

/** Starts `work` now for a test that awaits it later; a failure surfaces in that test, not as an unhandled rejection. */
function startedEarly<T>(work: () => Promise<T>): Promise<T> {
  const started = work();
  started.catch(() => undefined);
  return started;
}

beforeAll(async () => {
  product = await startTestProduct(
    testConfig({ TIME_SCALE: String(TIME_SCALE), APPROVAL_REQUIRED_TYPES: 'deletion' }),
    { subjects: 40 },
  );
  people = await seededAccountEmails(product.config);
  // The request that waits out the 14-day verification window starts now, so
  // its wait overlaps the other tests instead of adding to them. (The 30-day
  // deadline, DsarOverdue and the overdue alert are proved in the agent and
  // operator journeys, which wait for them anyway.)
  neverVerified = startedEarly(async () => {
    const email = seededEmail();
    return { email, ...(await submit({ type: 'deletion', jurisdiction: 'GDPR', email })) };
  });
}, 180_000);

afterAll(async () => {
  await product?.stop();
});

/** A seeded person with a portal account that no other test in this file uses. */
function seededEmail(): string {
  const email = people.shift();
  if (!email) throw new Error('seed more subjects: every seeded account is used');
  return email;
}

/** Submits as the seeded person would: their email plus the details that let us match them (R09). */
async function submit(
  body: { email: string; type: string } & Record<string, unknown>,
): Promise<{ requestId: string; statusToken: string }> {
  const subject = await seededSubject(product.config, body.email);
  // Opt-outs ask for nothing but the email (R04).
  const details = body.type.startsWith('opt_out')
    ? {}
    : { name: subject.fullName, dataPoints: { accountId: subject.accountId, phone: subject.phone } };
  const response = await fetch(`${product.intakeUrl}/api/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...details, ...body }),
  });
  const json = (await response.json()) as { requestId: string; statusToken: string };
  if (response.status !== 201) throw new Error(`submit answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * The newest code sent to `email` for this request. The SMTP catcher is shared
 * by every suite of a run, and other suites write to the same seeded people.
 */
async function codeFor(email: string, requestId: string): Promise<string> {
  return eventually(async () => {
    const codes = (await product.inbox.to(email))
      .filter((m) => m.text.includes(requestId))
      .map((m) => /code is (\d{6})/.exec(m.subject)?.[1])
      .filter((code): code is string => Boolean(code));
    return codes.at(-1);
  }, 30_000);
}

async function verify(requestId: string, code: string) {
  const response = await fetch(`${product.intakeUrl}/api/v1/requests/${requestId}/verification-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return { status: response.status, body: await response.json() };
}

function handle(requestId: string) {
  return product.client.workflow.getHandle(dsarWorkflowId(requestId));
}

// Intake answers once the request is stored and starts its workflow right after: wait for it to exist.
async function finalState(requestId: string): Promise<DsarState> {
  return (await startedWorkflow(product.client, requestId)).result() as Promise<DsarState>;
}

async function waitForStatus(requestId: string, status: string): Promise<DsarState> {
  const started = await startedWorkflow(product.client, requestId);
  return eventually(async () => {
    const state = await started.query<DsarState>('state');
    return state.status === status ? state : undefined;
  }, 60_000);
}

/** Saves the history of a finished run for the replay test (RECORD_HISTORIES=1). */
async function recordHistory(name: string, requestId: string) {
  if (!process.env['RECORD_HISTORIES']) return;
  const history = await handle(requestId).fetchHistory();
  const dir = path.join(__dirname, 'histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.binpb`), temporal.api.history.v1.History.encode(history).finish());
}

const statuses = (state: DsarState) => state.timeline.map((entry) => entry.status);

describe('dsarWorkflow on the real stack', () => {
  it('R01 R03 an access request is acknowledged, verified by code, fulfilled and answered with a download link', async () => {
    const email = seededEmail();
    const { requestId } = await submit({ type: 'access', jurisdiction: 'GDPR', email });
    const ack = await product.inbox.waitFor(email, (m) => m.text.includes(requestId) && !/code is/.test(m.subject));
    expect(ack.text).toMatch(/\d{4}/); // R03 names the expected answer date
    expect((await verify(requestId, await codeFor(email, requestId))).body).toMatchObject({ verified: true });

    const state = await finalState(requestId);
    expect(state.status).toBe('completed');
    expect(statuses(state)).toEqual([
      'received',
      'awaiting_verification',
      'verified',
      'eligibility_checked',
      'in_fulfilment',
      'completed',
    ]);
    expect(state.bundleId).toBeTruthy();
    const answer = await product.inbox.waitFor(email, (m) => m.text.includes(requestId) && /\/download\//.test(m.text));
    expect(answer.text).toContain(requestId);
    const description = await handle(requestId).describe();
    expect(description.typedSearchAttributes.get(DsarStatus)).toBe('completed');
    expect(JSON.stringify(description.memo)).not.toContain(email);
    // R21, issue 16: the six log entries go in two batches (receipt; verification to completion, with the answer), one activity each.
    const events = (await handle(requestId).fetchHistory()).events ?? [];
    const scheduled = events.flatMap((event) => event.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    expect(scheduled.filter((name) => name === 'recordTransitions')).toHaveLength(2);
    expect(scheduled).not.toContain('recordTransition');
    // R03, issue 16: the acknowledgement goes first in the one activity that sends the code; each other email has its own.
    expect(scheduled.filter((name) => name === 'sendMessages')).toHaveLength(1);
    expect(scheduled.filter((name) => name === 'sendMessage')).toHaveLength(2); // verified, the answer
    // R09, issue 16 (revision checkAssesses): the verifying checkSecret assessed too, and the run asked patched() nothing.
    expect(scheduled.filter((name) => name === 'checkSecret')).toHaveLength(1);
    expect(scheduled).not.toContain('assessAssurance');
    expect(events.filter((event) => event.markerRecordedEventAttributes)).toEqual([]);
    const inOrder = await product.inbox.about(email, requestId);
    expect(inOrder.map((m) => m.headers['x-rightsflow-message']).slice(0, 2)).toEqual([
      'acknowledgement',
      'verification_code',
    ]);
    await recordHistory('access-completed.check-assesses', requestId);
  });

  it('R04 an opt-out of sale is done without any verification', async () => {
    const email = seededEmail();
    const { requestId } = await submit({ type: 'opt_out_sale', jurisdiction: 'CCPA', email });
    const state = await finalState(requestId);
    expect(statuses(state)).toEqual(['received', 'in_fulfilment', 'completed']);
    expect((await product.inbox.to(email)).some((m) => /code is/.test(m.subject) && m.text.includes(requestId))).toBe(
      false,
    );
    await recordHistory('opt-out-completed.check-assesses', requestId);
  });

  it('R12 a request never verified closes at the end of the verification window, before its due date', async () => {
    const { email, requestId } = await neverVerified;
    const state = await finalState(requestId);
    expect(state.status).toBe('closed_unverified');
    expect(new Date(state.timeline.at(-1)?.at ?? 0).getTime()).toBeLessThanOrEqual(new Date(state.dueAt).getTime());
    expect(state.reason).toContain('R12');
    await product.inbox.waitFor(
      email,
      (m) => m.text.includes(requestId) && /not (been )?confirmed|closed/i.test(m.text),
    );
  });

  it('R02 R06 R07 an operator extends a request with a reason, then denies it with a reason, both sent to the subject', async () => {
    const email = seededEmail();
    const { requestId } = await submit({ type: 'deletion', jurisdiction: 'CCPA', email });
    expect((await verify(requestId, await codeFor(email, requestId))).body).toMatchObject({ verified: true });
    const waiting = await waitForStatus(requestId, 'awaiting_approval');

    // Exactly the JSON an operator types into the Temporal UI's update form.
    const extended = await handle(requestId).executeUpdate('extend', {
      args: [{ operator: 'ann', reason: 'Large volume of records in archived systems' }],
    });
    expect(new Date((extended as { dueAt: string }).dueAt).getTime()).toBeGreaterThan(
      new Date(waiting.dueAt).getTime(),
    );
    await product.inbox.waitFor(email, (m) => m.text.includes('Large volume of records in archived systems'));
    // A refused update answers with the validator's reason and changes nothing.
    await expect(
      handle(requestId).executeUpdate('extend', { args: [{ operator: 'ann', reason: 'again' }] }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/once/) },
    });
    await expect(
      handle(requestId).executeUpdate('deny', { args: [{ operator: 'ann', reason: ' ' }] }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/reason is required/) },
    });
    await expect(
      handle(requestId).executeUpdate('deny', { args: [{ operator: 'ann', reason: 'why', basis: 'because' }] }),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/basis must be one of manifestly_unfounded/) },
    });

    await handle(requestId).executeUpdate('deny', {
      args: [{ operator: 'ann', reason: 'The account is under a litigation hold', basis: 'exemption' }],
    });
    const state = await finalState(requestId);
    expect(state.status).toBe('denied');
    expect(state.reason).toContain('litigation hold');
    await product.inbox.waitFor(email, (m) => m.text.includes('litigation hold'));
    await recordHistory('deletion-extended-denied.check-assesses', requestId);
  });

  it('R05 a third CCPA access request within 12 months is closed as not obligated, naming when the next is owed', async () => {
    const email = seededEmail();
    for (let i = 1; i <= 2; i++) {
      const { requestId } = await submit({ type: 'access_categories', jurisdiction: 'CCPA', email });
      await verify(requestId, await codeFor(email, requestId));
      expect((await finalState(requestId)).status).toBe('completed');
    }
    const { requestId } = await submit({ type: 'access_categories', jurisdiction: 'CCPA', email });
    await verify(requestId, await codeFor(email, requestId));
    const state = await finalState(requestId);
    expect(state.status).toBe('closed_not_obligated');
    expect(state.nextOwedAt).toBeTruthy();
    await product.inbox.waitFor(
      email,
      (m) => m.text.includes(requestId) && m.text.includes((state.nextOwedAt ?? '').slice(0, 4)),
    );
  });

  it('R08 a second request of the same type while one is open is linked to it, not processed twice', async () => {
    const email = seededEmail();
    const first = await submit({ type: 'deletion', jurisdiction: 'GDPR', email });
    await verify(first.requestId, await codeFor(email, first.requestId));
    await waitForStatus(first.requestId, 'awaiting_approval');
    const second = await submit({ type: 'deletion', jurisdiction: 'GDPR', email });
    await verify(second.requestId, await codeFor(email, second.requestId));
    const state = await finalState(second.requestId);
    expect(state.status).toBe('linked_duplicate');
    expect(state.linkedTo).toBe(first.requestId);
    await handle(first.requestId).executeUpdate('withdraw', { args: [{ by: 'subject' }] });
    expect((await finalState(first.requestId)).status).toBe('withdrawn');
  });

  it('R07 withdrawal by the subject closes the request and tells them', async () => {
    const email = seededEmail();
    const { requestId, statusToken } = await submit({ type: 'access', jurisdiction: 'GDPR', email });
    await waitForStatus(requestId, 'awaiting_verification');
    const response = await fetch(`${product.intakeUrl}/api/v1/requests/${requestId}/withdraw`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: statusToken }),
    });
    expect(response.status).toBeLessThan(300);
    expect((await finalState(requestId)).status).toBe('withdrawn');
    await product.inbox.waitFor(email, (m) => m.text.includes(requestId) && /withdr/i.test(m.subject + m.text));
  });
});
