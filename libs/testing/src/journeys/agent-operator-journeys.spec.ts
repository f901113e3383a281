import { DsarDueAt, DsarOverdue, DsarStatus, dsarWorkflowId } from '@rightsflow/contracts';
import { RequestConsole, runOpsCommand } from '@rightsflow/ops';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, linkIn } from '../lib/browser';
import { startTestProduct, TestProduct } from '../lib/product';
import { SeededPeople, SeededSubject } from '../lib/sample-company';
import { eventually } from '../lib/temporal';
import { testConfig } from '../lib/test-config';
import {
  codeMail,
  compressedClock,
  confirmByLink,
  emailDay,
  enterCode,
  finalState,
  findInList,
  mailAbout,
  mailsAbout,
  openStatusPage,
  pageDay,
  requestBody,
  requestHandle,
  requestLog,
  rowIn,
  sameDayNextYearUtc,
  signedPermissionPdf,
  stateOf,
  submitByApi,
  submitCodeByApi,
  submitOnForm,
  utcDayPlus,
  verificationLeftovers,
  waitForStatus,
} from './agent-operator-steps';

// Authorized agents and privacy operators, through the whole running product:
// the four services and the workflow worker in this process on the real stack
// (Temporal, FerretDB, SMTP catcher), the seeded sample company, a real
// browser on the public site, the REST API, and the Temporal client an
// operator's tools (the Temporal UI, `npm run ops`) use.
//
// TIME_SCALE compresses every request's clock, as the workflow lifecycle tests
// do: one day of a request passes in 0.96 s. The verification window is set to
// 42 days, 40 s (an agent's and a subject's confirmations take a few), and the
// 30-day due date is 29 s, the longest wait of the file (the first operator
// step, the extension, is taken at once, with most of that ahead; the
// week-ahead list holds the forgotten request from its reminder until the
// extended one's new date, day 82: no race with the clock). Deletion and
// portability wait for an operator's approval, which is how a request comes to
// sit, untouched, up to and past its due date.
const TIME_SCALE = 90_000;
const DAY_MS = 86_400_000 / TIME_SCALE;

jest.setTimeout(300_000);

describe('authorized agents and privacy operators through the whole product', () => {
  let product: TestProduct;
  let browser: Browser;
  let people: SeededPeople;
  const contexts: BrowserContext[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'rf-agent-operator-'));

  beforeAll(async () => {
    // The browser first: if it cannot start, no product is left running for afterAll to miss (Jest would not exit).
    browser = await launchBrowser();
    product = await startTestProduct(
      testConfig({
        TIME_SCALE: String(TIME_SCALE),
        VERIFICATION_WINDOW_DAYS: '42',
        APPROVAL_REQUIRED_TYPES: 'deletion,portability',
        BUNDLE_DIR: path.join(scratch, 'bundles'),
      }),
      { subjects: 12 },
    );
    // From the end of the seed: the other journey files start at its beginning.
    people = await SeededPeople.of(product.config, { fromEnd: true });
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await product?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const nextSubject = (): Promise<SeededSubject> => people.next();

  /** A fresh browser (cookies, CSRF) for one person. */
  async function newPage() {
    const context = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en-US' } });
    contexts.push(context);
    return context.newPage();
  }

  const timeZone = () => product.config.policy.timeZone;
  const operator = () => new RequestConsole(product.client);

  it('R05 a third CCPA access request within 12 months is closed as not obligated, and the notice names the day the next one is owed', async () => {
    const subject = await nextSubject();
    const page = await newPage();
    expect(timeZone()).toBe('UTC'); // the expected days below are counted in UTC

    // Two access requests for specific pieces, each confirmed and answered.
    const answered: string[] = [];
    for (const round of ['first', 'second']) {
      const { requestId, statusUrl } = await submitOnForm(
        page,
        product.intakeUrl,
        subject,
        { jurisdiction: 'CCPA', type: 'access', declaration: true },
        `r05-${round}`,
      );
      const { mail } = await codeMail(product, subject.email, requestId);
      await confirmByLink(page, mail, `r05-${round}`);
      const state = await finalState(product, requestId);
      expect(state.status).toBe('completed');
      await mailAbout(product, subject.email, requestId, (m) => /\/download\//.test(m.text));
      await openStatusPage(page, statusUrl, 'Your data is ready', `r05-${round}-status`);
      answered.push(state.receivedAt);
    }

    // The third, within the same 12 months.
    const third = await submitOnForm(
      page,
      product.intakeUrl,
      subject,
      { jurisdiction: 'CCPA', type: 'access', declaration: true },
      'r05-third',
    );
    const { mail } = await codeMail(product, subject.email, third.requestId);
    await confirmByLink(page, mail, 'r05-third');
    const state = await finalState(product, third.requestId);
    expect(state.status).toBe('closed_not_obligated');
    expect(state.bundleId).toBeUndefined();

    // Owed again 12 months after the FIRST request: the same-numbered day, from its first instant.
    const nextOwedAt = sameDayNextYearUtc(answered[0] as string);
    expect(state.nextOwedAt).toBe(nextOwedAt);
    expect(new Date(nextOwedAt).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);

    const notice = await mailAbout(product, subject.email, third.requestId, (m) =>
      /not required to answer/.test(m.subject),
    );
    expect(notice.text).toContain(`You can make a new request of this kind from ${emailDay(nextOwedAt, timeZone())}`);
    expect(notice.text).toContain(nextOwedAt.slice(0, 10)); // the reason quoted names the day too
    expect(notice.text).toMatch(/You can appeal this decision/); // R07: a CCPA closure says how to appeal
    expect(notice.text).not.toMatch(/\/download\//);

    const text = await openStatusPage(page, third.statusUrl, 'You can make your next request', 'r05-third-status');
    expect(text).toContain(`You can make your next request of this kind from ${pageDay(nextOwedAt, timeZone())}`);

    // The request log records the closure, by the system, with its basis (R07, R21).
    const { log } = await requestLog(product, third.requestId);
    expect(log.at(-1)).toMatchObject({ to: 'closed_not_obligated', actor: 'system' });
    expect(log.at(-1)?.note).toContain(`next owed ${nextOwedAt.slice(0, 10)}`);
  });

  it('R10 R11 an authorized agent submits with the signed permission over the API, proves their own email, the subject confirms in the browser, and the answer goes to the agent by signed link only', async () => {
    const subject = await nextSubject();
    const agent = { name: 'Casey Advocate', email: `casey.${Date.now()}@agents.example.org` };
    const permission = await signedPermissionPdf(browser, subject.fullName, agent.name);
    const permissionSha256 = createHash('sha256').update(permission).digest('hex');

    // 1. The agent's own software calls the REST API: the request as JSON beside the signed permission.
    const submitted = await submitByApi(
      product.intakeUrl,
      { ...requestBody(subject, 'access_categories', 'CCPA'), agent },
      { file: permission, name: 'signed-permission.pdf', type: 'application/pdf' },
    );
    const { requestId } = submitted;
    expect(submitted.verificationBy).toBe('agent');
    expect(submitted.statusUrl.startsWith(`${product.intakeUrl}/status/${requestId}?token=`)).toBe(true);
    expect((await verificationLeftovers(product.config, requestId, permissionSha256)).permissionFiles).toBe(1);

    // 2. The agent is told what happens next, and gets a code for THEIR address (R11).
    await mailAbout(product, agent.email, requestId, (m) => /for someone else/.test(m.subject));
    const { code } = await codeMail(product, agent.email, requestId);
    // Nothing goes to the subject before the agent has proved their email.
    expect(await mailsAbout(product, subject.email, requestId)).toEqual([]);

    // 3. The agent types the code on the status page in a browser.
    const agentPage = await newPage();
    await openStatusPage(agentPage, submitted.statusUrl, 'Confirm your email', 'agent-status-unconfirmed');
    await enterCode(agentPage, code, 'agent');

    // 4. The subject is asked, directly, to confirm the agent acts for them, and confirms in the browser.
    const ask = await mailAbout(product, subject.email, requestId, (m) => /did you ask someone/.test(m.subject));
    expect(ask.text).toContain('Someone told us they act for you');
    const subjectPage = await newPage();
    await confirmByLink(subjectPage, ask, 'agent-subject');

    // 5. The request completes; the subject's confirmation is in the timeline, after the agent's.
    const state = await finalState(product, requestId);
    expect(state.status).toBe('completed');
    expect(state.timeline.find((entry) => entry.status === 'verified')?.actor).toBe('agent');
    expect(state.bundleId).toBeTruthy();

    // 6. The answer goes to whoever made the request — the agent — as a signed link, never an attachment (R16).
    const answer = await mailAbout(product, agent.email, requestId, (m) => /\/download\//.test(m.text));
    expect((answer as unknown as { attachments?: unknown[] }).attachments ?? []).toEqual([]);
    const download = await fetch(linkIn(answer, '/download/'));
    expect(download.status).toBe(200);
    expect(
      Buffer.from(await download.arrayBuffer())
        .subarray(0, 4)
        .toString('hex'),
    ).toBe('504b0304');
    // The subject got only the confirmation request: no code, no link to the data.
    const toSubject = await mailsAbout(product, subject.email, requestId);
    expect(toSubject.map((m) => m.subject)).toEqual([expect.stringMatching(/did you ask someone/)]);
    await openStatusPage(agentPage, submitted.statusUrl, 'Your data is ready', 'agent-status-done');

    // 7. R10: what was gathered only to verify is gone now the request is closed.
    expect(await verificationLeftovers(product.config, requestId, permissionSha256)).toEqual({
      identity: { challenges: 0, challenge_attempts: 0, challenge_uses: 0, assessments: 0 },
      permissionFiles: 0,
    });
    const { log } = await requestLog(product, requestId);
    expect(log.map((entry) => entry.to)).toEqual(expect.arrayContaining(['received', 'verified', 'completed']));
    expect(log.find((entry) => entry.to === 'verified')?.actor).toBe('agent');
  });

  it('R01 R02 an operator extends a request with a reason the subject receives with the new date; a request left alone is reminded a week ahead, found by DsarDueAt, then past its due date by DsarOverdue = true, and can no longer be extended', async () => {
    const waiting = await nextSubject(); // their request will be extended in time
    const forgotten = await nextSubject(); // theirs will be left past its due date
    const clock = compressedClock(TIME_SCALE);

    // Two requests that wait for an operator's approval (APPROVAL_REQUIRED_TYPES), both confirmed by code.
    const extendMe = await submitByApi(product.intakeUrl, {
      ...requestBody(waiting, 'portability', 'CCPA'),
      declaration: { signedName: waiting.fullName, acceptPenaltyOfPerjury: true },
    });
    const overdue = await submitByApi(product.intakeUrl, requestBody(forgotten, 'portability', 'GDPR'));
    for (const [who, request] of [
      [waiting, extendMe],
      [forgotten, overdue],
    ] as const) {
      const { code } = await codeMail(product, who.email, request.requestId);
      expect(await submitCodeByApi(product.intakeUrl, request.requestId, code)).toMatchObject({ verified: true });
    }
    const before = await waitForStatus(product, extendMe.requestId, 'awaiting_approval');
    await waitForStatus(product, overdue.requestId, 'awaiting_approval');
    expect(before.dueAt.slice(0, 10)).toBe(utcDayPlus(before.receivedAt, 30)); // R01: 30 days, under the CCPA's 45

    // 1. The records are in archived systems: extend, with the reason, before the due date (R02). Done at once,
    //    while most of a month of the request clock (29 s) is left, so a busy machine cannot make it late.
    const reason = 'Your records are kept in archived systems that take several weeks to restore';
    const { dueAt } = await operator().extend(extendMe.requestId, { operator: 'ann', reason });
    // CCPA: 45 more days, up to 90 from receipt — the legal maximum.
    expect(dueAt.slice(0, 10)).toBe(utcDayPlus(before.receivedAt, 90));
    const extended = await stateOf(product, extendMe.requestId);
    expect(extended).toMatchObject({ dueAt, extended: true, overdue: false, status: 'awaiting_approval' });

    // 2. The subject is told why, and the new date.
    const notice = await mailAbout(product, waiting.email, extendMe.requestId, (m) => /need more time/.test(m.subject));
    expect(notice.text).toContain(reason);
    expect(notice.text).toContain(`We will answer by ${emailDay(dueAt, timeZone())} at the latest`);
    expect(notice.text).toMatch(/one extra period of up to 45 days/);
    // Operators see the new date in the list.
    await eventually(async () => {
      const moved = await rowIn(product, `WorkflowId = "${dsarWorkflowId(extendMe.requestId)}"`, extendMe.requestId);
      return moved?.typedSearchAttributes.get(DsarDueAt)?.toISOString() === dueAt ? true : undefined;
    }, 20_000);
    // Once only.
    await expect(operator().extend(extendMe.requestId, { operator: 'ann', reason: 'again' })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/once/) },
    });

    // 3. A week before its due date the operators are reminded of the request nobody extended (R01)…
    await mailAbout(product, product.config.mail.operatorEmail, overdue.requestId, (m) =>
      /Reminder: request due in 7 days/.test(m.subject),
    );
    // …and list what falls due within the coming week (the request clock's week): that request, not the extended one,
    // received at the same time with the same due date before its extension.
    const weekAhead = new Date(clock.now().getTime() + 8 * 86_400_000).toISOString();
    const dueSoon = `WorkflowType = "dsarWorkflow" AND ExecutionStatus = "Running" AND DsarDueAt < "${weekAhead}"`;
    const row = await findInList(product, dueSoon, overdue.requestId, 20_000);
    expect(row.typedSearchAttributes.get(DsarStatus)).toBe('awaiting_approval');
    expect(await rowIn(product, dueSoon, extendMe.requestId)).toBeUndefined();

    // 4. The other request is not touched, passes its due date, and the overdue view shows it (README's query).
    const late = await findInList(product, 'DsarOverdue = true', overdue.requestId, 40 * DAY_MS + 60_000);
    expect(late.typedSearchAttributes.get(DsarOverdue)).toBe(true);
    expect(await rowIn(product, 'DsarOverdue = true', extendMe.requestId)).toBeUndefined();
    await mailAbout(product, product.config.mail.operatorEmail, overdue.requestId, (m) => /OVERDUE/.test(m.subject));
    expect(await stateOf(product, overdue.requestId)).toMatchObject({ overdue: true, extended: false });
    // The ops CLI (`npm run ops`) shows what the UI shows.
    const listed = await operator().listOpen({ overdue: true });
    expect(listed.find((r) => r.requestId === overdue.requestId)).toMatchObject({
      status: 'awaiting_approval',
      type: 'portability',
      overdue: true,
    });
    const printed: string[] = [];
    await runOpsCommand({ console: operator() }, ['show', overdue.requestId], (line) => printed.push(line));
    expect(printed.join('\n')).toContain('OVERDUE');

    // 5. By design it can no longer be extended: R02 allows an extension only before the due date.
    await expect(
      operator().extend(overdue.requestId, { operator: 'ann', reason: 'We forgot to extend it in time' }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/before the current due date/) } });
    expect(
      (await mailsAbout(product, forgotten.email, overdue.requestId)).filter((m) => /need more time/.test(m.subject)),
    ).toEqual([]);

    // 6. What is left is to answer it now: approve, and the subject gets their data (late, and on the record).
    await operator().approve(overdue.requestId, { operator: 'ann' });
    expect((await finalState(product, overdue.requestId)).status).toBe('completed');
    await mailAbout(product, forgotten.email, overdue.requestId, (m) => /\/download\//.test(m.text));

    // The extended request's subject sees the new date and the reason on the status page.
    const page = await newPage();
    const text = await openStatusPage(page, extendMe.statusUrl, reason, 'extension-status');
    expect(text).toContain(`Answer due by ${pageDay(dueAt, timeZone())}`);
    const forgottenPage = await newPage();
    await openStatusPage(forgottenPage, overdue.statusUrl, 'Your data is ready', 'overdue-answered-status');

    // The request log keeps the extension with its actor and reason (R21).
    const { log } = await requestLog(product, extendMe.requestId);
    const entry = log.find((e) => e.note?.startsWith('R02 extended'));
    expect(entry).toMatchObject({ actor: 'operator:ann', dueAt });
    expect(entry?.note).toContain(reason);

    // The archive came back: approve, and the extended request is answered well before its new date.
    await operator().approve(extendMe.requestId, { operator: 'ann' });
    expect((await finalState(product, extendMe.requestId)).status).toBe('completed');
  }, 480_000);

  it('R06 R07 an operator denies a GDPR request with a reason and basis; the subject is told the reason and their right to complain and to a judicial remedy', async () => {
    const subject = await nextSubject();
    const page = await newPage();

    // The subject asks for deletion and types the emailed code on the confirmation page.
    const { requestId, statusUrl } = await submitOnForm(
      page,
      product.intakeUrl,
      subject,
      { jurisdiction: 'GDPR', type: 'deletion' },
      'deny-gdpr',
    );
    const { code } = await codeMail(product, subject.email, requestId);
    await enterCode(page, code, 'deny-gdpr');

    // The operator finds it with the README's query and denies it, as typed into the Temporal UI.
    await findInList(product, 'DsarStatus = "awaiting_approval" AND DsarType = "deletion"', requestId);
    const reason =
      'This is the twelfth identical erasure request for this account this month; all earlier ones were answered in full';
    const status = await requestHandle(product, requestId).executeUpdate('deny', {
      args: [{ operator: 'ann', reason, basis: 'manifestly_unfounded' }],
    });
    expect(status).toBe('denied');
    const state = await finalState(product, requestId);
    expect(state).toMatchObject({ status: 'denied', reason: `manifestly_unfounded: ${reason}` });

    // R06 R07: the reason, and where to complain.
    const denial = await mailAbout(product, subject.email, requestId, (m) =>
      /cannot do what you asked/.test(m.subject),
    );
    expect(denial.text).toContain(reason);
    expect(denial.text).toMatch(/right to complain to a data protection supervisory authority/);
    expect(denial.text).toMatch(/right to a judicial remedy/);
    expect(denial.text).toContain('https://www.edpb.europa.eu/');

    const text = await openStatusPage(page, statusUrl, reason, 'deny-gdpr-status');
    expect(text).toContain('We could not do what you asked');

    // The log stores the basis with the operator who decided (R07, R21).
    const { log } = await requestLog(product, requestId);
    expect(log.at(-1)).toMatchObject({ to: 'denied', actor: 'operator:ann', note: `manifestly_unfounded: ${reason}` });
  });

  it('R06 R07 a denied CCPA request tells the subject the reason and how to appeal', async () => {
    const subject = await nextSubject();
    const { requestId } = await submitByApi(product.intakeUrl, requestBody(subject, 'deletion', 'CCPA'));
    const { code } = await codeMail(product, subject.email, requestId);
    expect(await submitCodeByApi(product.intakeUrl, requestId, code)).toMatchObject({ verified: true });
    await waitForStatus(product, requestId, 'awaiting_approval');

    const reason = 'The account is the subject of pending litigation and its records are under a legal hold';
    await operator().deny(requestId, { operator: 'ann', reason, basis: 'exemption' });
    expect((await finalState(product, requestId)).status).toBe('denied');

    const denial = await mailAbout(product, subject.email, requestId, (m) =>
      /cannot do what you asked/.test(m.subject),
    );
    expect(denial.text).toContain(reason);
    expect(denial.text).toMatch(/You can appeal this decision/);
    expect(denial.text).toContain('https://cppa.ca.gov/');
    const { log } = await requestLog(product, requestId);
    expect(log.at(-1)).toMatchObject({ to: 'denied', actor: 'operator:ann', note: `exemption: ${reason}` });
  });
});
