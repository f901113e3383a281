import { screenshot } from '../lib/browser';
import { SeededSubject } from '../lib/sample-company';
import { finalState, mailAbout, requestLog } from './agent-operator-steps';
import { journeySuite } from './journey-suite';

// R28 Global Privacy Control through the whole running product: the REST API
// and the company's own sites' endpoint (site key) record GPC opt-outs, which
// reach the data stores and the recipients like any opt-out (R04, R18); and, in
// Chromium, the opt-out page with and without the browser's `Sec-GPC: 1`.
jest.setTimeout(300_000);

describe('R28 Global Privacy Control through the whole product', () => {
  const suite = journeySuite();

  const nextSubject = (): Promise<SeededSubject> => suite.people.next();

  function relay(body: unknown, key: string | null = suite.product.config.secrets.gpcSiteKey) {
    return fetch(`${suite.product.intakeUrl}/api/v1/gpc-signals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    });
  }

  it('R28 R04 our own site relays a GPC signal for a customer: an opt-out with no verification that reaches the data stores', async () => {
    const subject = await nextSubject();

    // Only our sites may relay signals, and bad input names its field.
    expect((await relay({ email: subject.email }, null)).status).toBe(401);
    expect((await relay({ email: subject.email }, 'not-the-site-key')).status).toBe(401);
    const noEmail = await relay({});
    expect(noEmail.status).toBe(400);
    expect(JSON.stringify(await noEmail.json())).toContain('email');
    const gdpr = await relay({ email: subject.email, jurisdiction: 'GDPR' });
    expect(gdpr.status).toBe(400);
    expect(JSON.stringify(await gdpr.json())).toContain('jurisdiction');

    const first = await relay({ email: subject.email });
    expect(first.status).toBe(201);
    const created = (await first.json()) as { requestId: string; verificationBy: null; gpcHonoured: boolean };
    expect(created).toMatchObject({ verificationBy: null, gpcHonoured: true });
    expect(created).not.toHaveProperty('statusToken');
    // The same signal again the same day is the same request.
    const again = await relay({ email: subject.email });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ requestId: created.requestId, replayed: true });

    const state = await finalState(suite.product, created.requestId);
    expect(state).toMatchObject({ status: 'completed', type: 'opt_out_sale', jurisdiction: 'CCPA' });
    expect(state.timeline.map((entry) => entry.status)).not.toContain('awaiting_verification');
    const { log } = await requestLog(suite.product, created.requestId);
    // The same work and record as any opt-out: the subject's records in the company's stores are flagged.
    // (The data service tells no recipient of an opt-out yet, GPC or not: "recipients told: 0".)
    expect(log.at(-1)?.note).toMatch(/^opted out of sale\/sharing: [1-9]\d* records in [1-9]\d* collections/);
    const done = await mailAbout(suite.product, subject.email, created.requestId, (m) =>
      /You have opted out/.test(m.subject),
    );
    expect(done.text).toContain('We no longer sell or share your personal information');
  });

  it('R28 the REST API records an opt-out sent with Sec-GPC: 1 as a GPC opt-out, and one without as an ordinary one', async () => {
    const subject = await nextSubject();
    const send = (gpc: boolean) =>
      fetch(`${suite.product.intakeUrl}/api/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(gpc ? { 'sec-gpc': '1' } : {}) },
        body: JSON.stringify({ type: 'opt_out_sale', jurisdiction: 'CPA', email: subject.email }),
      });
    const withSignal = await send(true);
    expect(withSignal.status).toBe(201);
    const honoured = (await withSignal.json()) as { requestId: string; gpcHonoured?: boolean };
    expect(honoured.gpcHonoured).toBe(true);
    expect((await finalState(suite.product, honoured.requestId)).status).toBe('completed');

    const without = (await (await send(false)).json()) as { gpcHonoured?: boolean };
    expect(without.gpcHonoured).toBeUndefined();
  });

  it('R28 in Chromium: the opt-out page honours the browser’s GPC signal, and says nothing of it without one', async () => {
    const subject = await nextSubject();
    const withGpc = await suite.newContext({ locale: 'en-US', extraHTTPHeaders: { 'sec-gpc': '1' } });
    const plain = await suite.newContext({ locale: 'en-US' });

    const page = await withGpc.newPage();
    await page.goto(suite.product.intakeUrl);
    await page.locator('#gpc-notice').waitFor();
    expect(await page.locator('#type-opt_out_sale').isChecked()).toBe(true);
    await page.locator('#jurisdiction').selectOption('CCPA');
    await page.getByLabel('Email address', { exact: true }).fill(subject.email);
    await screenshot(page, 'gpc-form');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.locator('#gpc-honoured').waitFor();
    await screenshot(page, 'gpc-honoured');

    const other = await plain.newPage();
    await other.goto(suite.product.intakeUrl);
    await other.getByRole('heading', { name: 'Ask about your personal data' }).waitFor();
    expect(await other.locator('#gpc-notice').count()).toBe(0);
  });
});
