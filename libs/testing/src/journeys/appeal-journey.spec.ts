import type { DsarState } from '@rightsflow/contracts';
import { screenshot } from '../lib/browser';
import { addTestOperator } from '../lib/operators';
import { SeededSubject } from '../lib/sample-company';
import { eventually } from '../lib/temporal';
import {
  codeMail,
  enterCode,
  finalState,
  mailAbout,
  openStatusPage,
  requestBody,
  requestHandle,
  requestLog,
  stateOf,
  submitByApi,
  submitCodeByApi,
  submitOnForm,
  utcDayPlus,
  waitForStatus,
} from './agent-operator-steps';
import { journeySuite } from './journey-suite';

// R26: a request refused under a US state law, appealed, and the appeal decided,
// through the whole running product (the four services and the workflow worker
// on the real stack, the seeded sample company, a real browser, the REST API,
// and the Temporal client an operator's tools use). Deletions wait for an
// operator (APPROVAL_REQUIRED_TYPES), who refuses them; TIME_SCALE compresses
// the request clocks as in the operator journeys.
const TIME_SCALE = 20_000;

jest.setTimeout(300_000);

describe('R26 appeals of refused requests under the US state laws, through the whole product', () => {
  const suite = journeySuite({
    TIME_SCALE: String(TIME_SCALE),
    APPROVAL_REQUIRED_TYPES: 'deletion',
    // One attempt per recipient: the inventory's processors point at nothing here, so each becomes an
    // operator's task at once (R18), which the partial-refusal journey completes.
    PROCESSOR_NOTIFY_ATTEMPTS: '1',
  });

  const nextSubject = (): Promise<SeededSubject> => suite.people.next();

  /** Chromium is launched by the browser journey only: the API journeys run where it is missing. */
  async function newPage() {
    const context = await suite.newContext({ locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en-US' } });
    return context.newPage();
  }

  async function appealByApi(
    requestId: string,
    token: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${suite.product.intakeUrl}/api/v1/requests/${requestId}/appeal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function refuse(requestId: string, reason: string): Promise<void> {
    await waitForStatus(suite.product, requestId, 'awaiting_approval');
    await requestHandle(suite.product, requestId).executeUpdate('deny', {
      args: [{ operator: 'ann', reason, basis: 'exemption' }],
    });
    expect((await finalState(suite.product, requestId)).status).toBe('denied');
  }

  async function pageText(url: string): Promise<string> {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return (await response.text())
      .replace(/<[^>]+>/g, ' ')
      .replace(/&#39;/g, "'")
      .replace(/\s+/g, ' ');
  }

  it('R26 Virginia: a refused deletion is appealed, and the refused appeal names the Attorney General', async () => {
    expect(suite.product.config.policy.timeZone).toBe('UTC'); // the days below are counted in UTC
    const subject = await nextSubject();
    const { requestId, statusToken, statusUrl } = await submitByApi(
      suite.product.intakeUrl,
      requestBody(subject, 'deletion', 'VCDPA'),
    );
    const { code } = await codeMail(suite.product, subject.email, requestId);
    expect(await submitCodeByApi(suite.product.intakeUrl, requestId, code)).toMatchObject({ verified: true });
    const reason = 'The records are invoices that tax law requires us to keep for five years';
    await refuse(requestId, reason);

    // The refusal tells how to appeal, under which law, and how long the decision may take.
    const denial = await mailAbout(suite.product, subject.email, requestId, (m) =>
      /cannot do what you asked/.test(m.subject),
    );
    expect(denial.text).toContain(reason);
    expect(denial.text).toContain('Under the Virginia Consumer Data Protection Act you can appeal this decision');
    expect(denial.text).toContain('within 60 days of receiving your appeal');
    expect(await pageText(statusUrl)).toContain(
      'Under the Virginia Consumer Data Protection Act you can ask us to look at this decision again',
    );

    // The appeal: a request of its own, linked to the first, on the law's own clock (60 days).
    const made = await appealByApi(requestId, statusToken);
    expect(made.status).toBe(201);
    const appealId = String(made.body['requestId']);
    const appeal: DsarState = await waitForStatus(suite.product, appealId, 'awaiting_approval');
    expect(appeal).toMatchObject({ type: 'appeal', jurisdiction: 'VCDPA', appealOf: requestId });
    expect(appeal.legalDeadlineAt.slice(0, 10)).toBe(utcDayPlus(appeal.receivedAt, 60));
    await mailAbout(suite.product, subject.email, appealId, (m) => /We received your privacy request/.test(m.subject));
    // The refused request's page now points to the appeal instead of offering a second one.
    expect(await pageText(statusUrl)).toContain('You have appealed this decision');

    // Virginia sets no extension of an appeal's decision (Colorado's is in the next journey).
    await expect(
      requestHandle(suite.product, appealId).executeUpdate('extend', {
        args: [{ operator: 'bob', reason: 'Busy month' }],
      }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/allows no extension/) } });

    // An operator refuses the appeal, in writing, with reasons.
    const reasons =
      'Virginia Code §59.1-578 lets us keep records that another law requires; these invoices are such records';
    const status = await requestHandle(suite.product, appealId).executeUpdate('decideAppeal', {
      args: [{ operator: 'bob', outcome: 'denied', reasons }],
    });
    expect(status).toBe('denied');
    expect(await finalState(suite.product, appealId)).toMatchObject({
      status: 'denied',
      appealDecision: { outcome: 'denied', reasons },
    });
    const answer = await mailAbout(suite.product, subject.email, appealId, (m) =>
      /We have refused your appeal/.test(m.subject),
    );
    expect(answer.text).toContain(reasons);
    expect(answer.text).toContain('Office of the Attorney General of Virginia');
    expect(answer.text).toContain('https://www.oag.state.va.us/consumer-protection/index.php/file-a-complaint');

    // The appeal's status page opens with the same token and names the regulator.
    const appealPage = await pageText(statusUrl.replace(requestId, appealId));
    expect(appealPage).toContain('If you disagree');
    expect(appealPage).toContain('Office of the Attorney General of Virginia');

    // The log keeps the decision with its operator (R21), and the R22-style metrics count it per law.
    const { log } = await requestLog(suite.product, appealId);
    expect(log.at(-1)).toMatchObject({ to: 'denied', actor: 'operator:bob', note: `appeal_denied: ${reasons}` });
    const dpo = await addTestOperator(suite.product.intakeUrl, suite.product.config, 'appeals-dpo', 'viewer');
    const metrics = await fetch(
      `${suite.product.intakeUrl}/api/v1/operator/metrics?year=${appeal.receivedAt.slice(0, 4)}`,
      {
        headers: { authorization: `Bearer ${dpo}` },
      },
    );
    const { appealsByLaw } = (await metrics.json()) as { appealsByLaw: { law: string; denied: number }[] };
    expect(appealsByLaw.find((row) => row.law === 'VCDPA')?.denied).toBeGreaterThanOrEqual(1);
  });

  it('R26 in Chromium: the form names the law, and the status page’s button appeals the refusal', async () => {
    const subject = await nextSubject();
    const page = await newPage();
    await page.goto(suite.product.intakeUrl);
    expect(await page.locator('#jurisdiction option[value="TDPSA"]').textContent()).toBe(
      'Texas — the Texas Data Privacy and Security Act applies',
    );
    const { requestId, statusUrl } = await submitOnForm(
      page,
      suite.product.intakeUrl,
      subject,
      { jurisdiction: 'TDPSA', type: 'deletion' },
      'appeal-tx',
    );
    const { code } = await codeMail(suite.product, subject.email, requestId);
    await enterCode(page, code, 'appeal-tx');
    await refuse(requestId, 'The account is under a legal hold');

    await openStatusPage(page, statusUrl, 'Appeal this decision', 'appeal-tx-refused');
    await page.getByRole('button', { name: 'Appeal this decision' }).click();
    await page.getByText('We have received your appeal').waitFor();
    await screenshot(page, 'appeal-tx-received');
    const appealId = ((await page.locator('.reference').first().textContent()) ?? '').trim();
    expect(appealId).not.toBe(requestId);
    expect(await waitForStatus(suite.product, appealId, 'awaiting_approval')).toMatchObject({
      type: 'appeal',
      jurisdiction: 'TDPSA',
      appealOf: requestId,
    });
  });

  it('R26 Colorado by API: an appeal extended by 60 days, decided only with written reasons, granted, and never appealed twice', async () => {
    const subject = await nextSubject();
    const submitted = await submitByApi(suite.product.intakeUrl, requestBody(subject, 'deletion', 'CPA'));
    const { code } = await codeMail(suite.product, subject.email, submitted.requestId);
    expect(await submitCodeByApi(suite.product.intakeUrl, submitted.requestId, code)).toMatchObject({ verified: true });
    await refuse(submitted.requestId, 'The account is under a legal hold');

    const made = await appealByApi(submitted.requestId, submitted.statusToken);
    expect(made.status).toBe(201);
    const appealId = String(made.body['requestId']);
    // Pressing again returns the same appeal; an appeal of the appeal is refused.
    expect(await appealByApi(submitted.requestId, submitted.statusToken)).toMatchObject({
      status: 200,
      body: { requestId: appealId, replayed: true },
    });
    expect((await appealByApi(appealId, submitted.statusToken)).status).toBe(409);

    // Colorado: 45 days to decide.
    const appeal = await waitForStatus(suite.product, appealId, 'awaiting_approval');
    expect(appeal.legalDeadlineAt.slice(0, 10)).toBe(utcDayPlus(appeal.receivedAt, 45));

    // No decision without written reasons, and not through approve.
    const handle = requestHandle(suite.product, appealId);
    await expect(
      handle.executeUpdate('decideAppeal', { args: [{ operator: 'ann', outcome: 'granted', reasons: ' ' }] }),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/reasons are required/) } });
    await expect(handle.executeUpdate('approve', { args: [{ operator: 'ann' }] })).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/decideAppeal/) },
    });

    // Colorado alone lets an appeal's decision take longer: 60 days past its 45, with the reason sent (R26).
    const extended = (await handle.executeUpdate('extend', {
      args: [{ operator: 'ann', reason: 'Our legal team must review the hold first' }],
    })) as { dueAt: string };
    expect(extended.dueAt.slice(0, 10)).toBe(utcDayPlus(appeal.receivedAt, 105));
    const notice = await mailAbout(suite.product, subject.email, appealId, (m) => /We need more time/.test(m.subject));
    expect(notice.text).toContain('Our legal team must review the hold first');

    // The privacy team decides through the operator API (as `npm run ops` does): the log vouches for who.
    const reasons = 'The legal hold was lifted on 1 March; the deletion can go ahead';
    const approver = await addTestOperator(suite.product.intakeUrl, suite.product.config, 'carol', 'approver');
    const decided = await fetch(`${suite.product.intakeUrl}/api/v1/operator/requests/${appealId}/decide-appeal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${approver}` },
      body: JSON.stringify({ outcome: 'granted', reasons }),
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toEqual({ status: 'completed' });
    const { log } = await requestLog(suite.product, appealId);
    expect(log.find((entry) => entry.to === 'in_fulfilment')).toMatchObject({ actor: 'operator:carol' });
    const answer = await mailAbout(suite.product, subject.email, appealId, (m) =>
      /We have accepted your appeal/.test(m.subject),
    );
    expect(answer.text).toContain(reasons);
  });

  it('R26 Texas: a deletion done only in part (information kept under an exception) can be appealed too', async () => {
    const subject = await nextSubject();
    const submitted = await submitByApi(suite.product.intakeUrl, requestBody(subject, 'deletion', 'TDPSA'));
    const { code } = await codeMail(suite.product, subject.email, submitted.requestId);
    expect(await submitCodeByApi(suite.product.intakeUrl, submitted.requestId, code)).toMatchObject({ verified: true });
    await waitForStatus(suite.product, submitted.requestId, 'awaiting_approval');
    const handle = requestHandle(suite.product, submitted.requestId);
    await handle.executeUpdate('approve', { args: [{ operator: 'ann' }] });
    // Recipients that could not be told become tasks; the operator completes them.
    const waiting = await eventually(async () => {
      const state = await stateOf(suite.product, submitted.requestId);
      return state.openTasks.length > 0 || state.status === 'completed' ? state : undefined;
    }, 120_000);
    for (const task of waiting.openTasks) {
      await handle.executeUpdate('completeTask', { args: [{ operator: 'ann', task }] });
    }
    const done = await finalState(suite.product, submitted.requestId);
    expect(done).toMatchObject({ status: 'completed', partialRefusal: true });
    // The log's closing note says so: the R22 metrics count it as complied with in part.
    expect(done.timeline.at(-1)?.note).toMatch(/; partial: \d+ kept under an exception$/);

    const answer = await mailAbout(suite.product, subject.email, submitted.requestId, (m) =>
      /We have deleted your personal information/.test(m.subject),
    );
    expect(answer.text).toContain('We had to keep some information');
    expect(answer.text).toContain('Under the Texas Data Privacy and Security Act you can appeal this decision');

    const made = await appealByApi(submitted.requestId, submitted.statusToken);
    expect(made.status).toBe(201);
    const appeal = await waitForStatus(suite.product, String(made.body['requestId']), 'awaiting_approval');
    expect(appeal).toMatchObject({ type: 'appeal', jurisdiction: 'TDPSA', appealOf: submitted.requestId });
    expect(appeal.legalDeadlineAt.slice(0, 10)).toBe(utcDayPlus(appeal.receivedAt, 60));
  });

  it('R26 a refusal outside the state laws cannot be appealed here (the UK names the ICO instead)', async () => {
    const subject = await nextSubject();
    const submitted = await submitByApi(suite.product.intakeUrl, requestBody(subject, 'deletion', 'UK_GDPR'));
    const { code } = await codeMail(suite.product, subject.email, submitted.requestId);
    expect(await submitCodeByApi(suite.product.intakeUrl, submitted.requestId, code)).toMatchObject({ verified: true });
    await refuse(submitted.requestId, 'Manifestly excessive: the same request every day this month');
    expect((await appealByApi(submitted.requestId, submitted.statusToken)).status).toBe(409);
    const denial = await mailAbout(suite.product, subject.email, submitted.requestId, (m) =>
      /cannot do what you asked/.test(m.subject),
    );
    expect(denial.text).toContain("Information Commissioner's Office");
    expect(denial.text).toContain('https://ico.org.uk/make-a-complaint/');
  });
});
