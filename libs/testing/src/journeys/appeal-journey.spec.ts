import type { DsarState } from '@rightsflow/contracts';
import { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, screenshot } from '../lib/browser';
import { startTestProduct, TestProduct } from '../lib/product';
import { SeededSubject, seededAccountEmails, seededSubject } from '../lib/sample-company';
import { testConfig } from '../lib/test-config';
import {
  codeMail,
  enterCode,
  finalState,
  mailAbout,
  openStatusPage,
  requestBody,
  requestHandle,
  requestLog,
  submitByApi,
  submitCodeByApi,
  submitOnForm,
  utcDayPlus,
  waitForStatus,
} from './agent-operator-steps';

// R26: a request refused under a US state law, appealed, and the appeal decided,
// through the whole running product (the four services and the workflow worker
// on the real stack, the seeded sample company, a real browser, the REST API,
// and the Temporal client an operator's tools use). Deletions wait for an
// operator (APPROVAL_REQUIRED_TYPES), who refuses them; TIME_SCALE compresses
// the request clocks as in the operator journeys.
const TIME_SCALE = 20_000;

jest.setTimeout(300_000);

describe('R26 appeals of refused requests under the US state laws, through the whole product', () => {
  let product: TestProduct;
  let browser: Browser;
  let people: string[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [product, browser] = await Promise.all([
      startTestProduct(testConfig({ TIME_SCALE: String(TIME_SCALE), APPROVAL_REQUIRED_TYPES: 'deletion' }), {
        subjects: 12,
      }),
      launchBrowser(),
    ]);
    // The middle of the seed: the other journey files take people from its two ends.
    people = (await seededAccountEmails(product.config)).slice(5);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await product?.stop();
  });

  async function nextSubject(): Promise<SeededSubject> {
    const email = people.shift();
    if (!email) throw new Error('seed more subjects: every seeded account is used');
    return seededSubject(product.config, email);
  }

  async function newPage() {
    const context = await browser.newContext({ locale: 'en-US', extraHTTPHeaders: { 'accept-language': 'en-US' } });
    contexts.push(context);
    return context.newPage();
  }

  async function appealByApi(
    requestId: string,
    token: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${product.intakeUrl}/api/v1/requests/${requestId}/appeal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function refuse(requestId: string, reason: string): Promise<void> {
    await waitForStatus(product, requestId, 'awaiting_approval');
    await requestHandle(product, requestId).executeUpdate('deny', {
      args: [{ operator: 'ann', reason, basis: 'exemption' }],
    });
    expect((await finalState(product, requestId)).status).toBe('denied');
  }

  it('R26 Virginia: a refused deletion is appealed from the status page, and the refused appeal names the Attorney General', async () => {
    expect(product.config.policy.timeZone).toBe('UTC'); // the days below are counted in UTC
    const subject = await nextSubject();
    const page = await newPage();

    // The form names the law for the place the person lives.
    await page.goto(product.intakeUrl);
    expect(await page.locator('#jurisdiction option[value="VCDPA"]').textContent()).toBe(
      'Virginia — the Virginia Consumer Data Protection Act applies',
    );
    const { requestId, statusUrl } = await submitOnForm(
      page,
      product.intakeUrl,
      subject,
      { jurisdiction: 'VCDPA', type: 'deletion' },
      'appeal-va',
    );
    const { code } = await codeMail(product, subject.email, requestId);
    await enterCode(page, code, 'appeal-va');
    const reason = 'The records are invoices that tax law requires us to keep for five years';
    await refuse(requestId, reason);

    // The refusal tells how to appeal, under which law, and how long the decision may take.
    const denial = await mailAbout(product, subject.email, requestId, (m) =>
      /cannot do what you asked/.test(m.subject),
    );
    expect(denial.text).toContain(reason);
    expect(denial.text).toContain('Under the Virginia Consumer Data Protection Act you can appeal this decision');
    expect(denial.text).toContain('within 60 days of receiving your appeal');

    // The person appeals from the status page of the refused request.
    const refused = await openStatusPage(page, statusUrl, 'Appeal this decision', 'appeal-va-refused');
    expect(refused).toContain(
      'Under the Virginia Consumer Data Protection Act you can ask us to look at this decision again',
    );
    await page.getByRole('button', { name: 'Appeal this decision' }).click();
    await page.getByText('We have received your appeal').waitFor();
    await screenshot(page, 'appeal-va-received');
    const appealId = ((await page.locator('.reference').first().textContent()) ?? '').trim();
    expect(appealId).toMatch(/^req_[a-z2-7]{16}$/);
    expect(appealId).not.toBe(requestId);

    // A request of its own, linked to the first, with the law's own clock: 60 days from the appeal.
    const appeal: DsarState = await waitForStatus(product, appealId, 'awaiting_approval');
    expect(appeal).toMatchObject({ type: 'appeal', jurisdiction: 'VCDPA', appealOf: requestId });
    expect(appeal.legalDeadlineAt.slice(0, 10)).toBe(utcDayPlus(appeal.receivedAt, 60));
    await mailAbout(product, subject.email, appealId, (m) => /We received your privacy request/.test(m.subject));

    // The refused request's page now points to the appeal instead of offering a second one.
    const original = await openStatusPage(page, statusUrl, 'Your appeal', 'appeal-va-linked');
    expect(original).toContain('You have appealed this decision');

    // An operator refuses the appeal, in writing, with reasons.
    const reasons =
      'Virginia Code §59.1-578 lets us keep records that another law requires; these invoices are such records';
    const status = await requestHandle(product, appealId).executeUpdate('decideAppeal', {
      args: [{ operator: 'bob', outcome: 'denied', reasons }],
    });
    expect(status).toBe('denied');
    expect(await finalState(product, appealId)).toMatchObject({
      status: 'denied',
      appealDecision: { outcome: 'denied', reasons },
    });

    const answer = await mailAbout(product, subject.email, appealId, (m) =>
      /We have refused your appeal/.test(m.subject),
    );
    expect(answer.text).toContain(reasons);
    expect(answer.text).toContain('Office of the Attorney General of Virginia');
    expect(answer.text).toContain('https://www.oag.state.va.us/consumer-protection/index.php/file-a-complaint');

    // The appeal's own status page opens with the same link's token and names the regulator.
    const appealPage = await openStatusPage(
      page,
      statusUrl.replace(requestId, appealId),
      'If you disagree',
      'appeal-va-refused-appeal',
    );
    expect(appealPage).toContain('Office of the Attorney General of Virginia');

    // The log keeps the decision with its operator (R21), and the R22-style metrics count it per law.
    const { log } = await requestLog(product, appealId);
    expect(log.at(-1)).toMatchObject({ to: 'denied', actor: 'operator:bob', note: `appeal_denied: ${reasons}` });
    const year = appeal.receivedAt.slice(0, 4);
    const metrics = await fetch(`${product.intakeUrl}/api/v1/operator/metrics?year=${year}`, {
      headers: { authorization: `Bearer ${product.config.secrets.operatorApiToken}` },
    });
    const { appealsByLaw } = (await metrics.json()) as { appealsByLaw: { law: string; denied: number }[] };
    expect(appealsByLaw.find((row) => row.law === 'VCDPA')?.denied).toBeGreaterThanOrEqual(1);
  });

  it('R26 Colorado by API: an appeal decided only with written reasons, granted, and never appealed twice', async () => {
    const subject = await nextSubject();
    const submitted = await submitByApi(product.intakeUrl, requestBody(subject, 'deletion', 'CPA'));
    const { code } = await codeMail(product, subject.email, submitted.requestId);
    expect(await submitCodeByApi(product.intakeUrl, submitted.requestId, code)).toMatchObject({ verified: true });
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
    const appeal = await waitForStatus(product, appealId, 'awaiting_approval');
    expect(appeal.legalDeadlineAt.slice(0, 10)).toBe(utcDayPlus(appeal.receivedAt, 45));

    // No decision without written reasons, and not through approve.
    const handle = requestHandle(product, appealId);
    await expect(
      handle.executeUpdate('decideAppeal', { args: [{ operator: 'ann', outcome: 'granted', reasons: ' ' }] }),
    ).rejects.toThrow(/reasons are required/);
    await expect(handle.executeUpdate('approve', { args: [{ operator: 'ann' }] })).rejects.toThrow(/decideAppeal/);

    const reasons = 'The legal hold was lifted on 1 March; the deletion can go ahead';
    expect(
      await handle.executeUpdate('decideAppeal', { args: [{ operator: 'ann', outcome: 'granted', reasons }] }),
    ).toBe('completed');
    const answer = await mailAbout(product, subject.email, appealId, (m) =>
      /We have accepted your appeal/.test(m.subject),
    );
    expect(answer.text).toContain(reasons);
  });

  it('R26 a refusal outside the state laws cannot be appealed here (the UK names the ICO instead)', async () => {
    const subject = await nextSubject();
    const submitted = await submitByApi(product.intakeUrl, requestBody(subject, 'deletion', 'UK_GDPR'));
    const { code } = await codeMail(product, subject.email, submitted.requestId);
    expect(await submitCodeByApi(product.intakeUrl, submitted.requestId, code)).toMatchObject({ verified: true });
    await refuse(submitted.requestId, 'Manifestly excessive: the same request every day this month');
    expect((await appealByApi(submitted.requestId, submitted.statusToken)).status).toBe(409);
    const denial = await mailAbout(product, subject.email, submitted.requestId, (m) =>
      /cannot do what you asked/.test(m.subject),
    );
    expect(denial.text).toContain("Information Commissioner's Office");
    expect(denial.text).toContain('https://ico.org.uk/make-a-complaint/');
  });
});
