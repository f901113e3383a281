import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser } from 'playwright-core';
import { launchBrowser, linkIn, screenshot as shot } from '../lib/browser';
import { startTestProduct, TestProduct } from '../lib/product';
import { seededAccountEmails, seededSubject } from '../lib/sample-company';
import { testConfig } from '../lib/test-config';
import { readZip } from '../lib/zip-reader';

// A person asks for a copy of their data (GDPR access) through the whole
// product, as they would: a real browser on the public site, the real emails,
// the download link from the answer. Every service runs in this process on the
// real stack (Temporal, FerretDB, SMTP catcher) with the seeded sample company.

jest.setTimeout(180_000);

describe('a person asks for their data through the public site (GDPR access journey)', () => {
  let product: TestProduct;
  let browser: Browser;
  const scratch = mkdtempSync(path.join(tmpdir(), 'rf-journey-'));

  beforeAll(async () => {
    // The browser first: if it cannot start, no product is left running for afterAll to miss (Jest would not exit).
    browser = await launchBrowser();
    product = await startTestProduct(testConfig({ BUNDLE_DIR: path.join(scratch, 'bundles') }), { subjects: 12 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await product?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('R13 R16 fills the form, confirms by the emailed link, and downloads a zip of only their own data through the public site', async () => {
    const [email, otherEmail] = await seededAccountEmails(product.config);
    const subject = await seededSubject(product.config, email);
    const base = product.intakeUrl;
    // Links in emails are built on PUBLIC_BASE_URL: in this product, the intake site.
    expect(product.config.http.publicBaseUrl).toBe(base);

    const context = await browser.newContext({ locale: 'en-GB', extraHTTPHeaders: { 'accept-language': 'en-GB' } });
    const page = await context.newPage();
    const offSite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) offSite.push(request.url());
    });

    // 1. The form.
    await page.goto(base);
    await page.locator('#jurisdiction').selectOption('GDPR');
    await page.locator('#type-access').check();
    await page.getByLabel('Email address', { exact: true }).fill(subject.email);
    await page.getByLabel('Full name', { exact: true }).fill(subject.fullName);
    await page.getByLabel('Account or customer number (optional)').fill(subject.accountId);
    await page.getByLabel('Phone number (optional)').fill(subject.phone);
    await shot(page, 'form');
    await page.getByRole('button', { name: 'Send request' }).click();

    // 2. The confirmation, with the reference and the status link shown once.
    await page.getByRole('heading', { name: 'We have received your request' }).waitFor();
    const requestId = ((await page.locator('.reference').first().textContent()) ?? '').trim();
    expect(requestId).toMatch(/^req_[a-z2-7]{16}$/);
    const statusHref = await page
      .getByRole('link', { name: `See the status of request ${requestId}` })
      .getAttribute('href');
    expect(statusHref).toBeTruthy();
    await shot(page, 'confirmation');

    // 3. The verification email: a code in the subject and a link to the intake site.
    const verification = await product.inbox.waitFor(
      email,
      (m) => /code is \d{6}/.test(m.subject) && m.text.includes(requestId),
      60_000,
    );
    const verifyLink = linkIn(verification, '/verify/');
    expect(verifyLink.startsWith(`${base}/verify/${requestId}?token=`)).toBe(true);

    // 4. The verify page: one button, pressed.
    await page.goto(verifyLink);
    await page.getByRole('heading', { name: 'Confirm your request' }).waitFor();
    await shot(page, 'verify');
    await page.getByRole('button', { name: 'Yes, I made this request' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await shot(page, 'verified');

    // 5. The answer: an email with a download link on the intake site (R16).
    const answer = await product.inbox.waitFor(
      email,
      (m) => /\/download\//.test(m.text) && m.text.includes(requestId),
      120_000,
    );
    const downloadLink = linkIn(answer, '/download/');
    expect(downloadLink.startsWith(`${base}/download/`)).toBe(true);

    // 6. The status page says the data is ready.
    await page.goto(new URL(String(statusHref), base).toString());
    await page.getByRole('heading', { name: 'Your data is ready' }).waitFor();
    await shot(page, 'status');
    expect(offSite).toEqual([]);
    await context.close();

    // 7. The download, through the public site (intake proxies it to the data service).
    const download = await fetch(downloadLink);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    expect(download.headers.get('content-disposition')).toMatch(
      /^attachment; filename="personal-data-\d{4}-\d{2}-\d{2}\.zip"$/,
    );
    const zip = Buffer.from(await download.arrayBuffer());
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    const files = await readZip(zip);
    const names = [...files.keys()];
    expect(names).toEqual(expect.arrayContaining(['data.json', 'summary.html']));
    const exported = JSON.parse(files.get('data.json')?.toString('utf8') ?? '{}') as {
      records: Record<string, unknown[]>;
    };

    // R13: their records, from the company's systems, and nobody else's.
    const recordCount = Object.values(exported.records).reduce((sum, list) => sum + list.length, 0);
    expect(recordCount).toBeGreaterThan(0);
    const text = JSON.stringify(exported).toLowerCase();
    expect(text).toContain(email.toLowerCase());
    expect(otherEmail).toBeTruthy();
    expect(text).not.toContain(otherEmail.toLowerCase());

    // The same link with a forged token is refused by the data service, through the proxy.
    const forged = await fetch(downloadLink.replace(/token=[^&]+/, 'token=forged'));
    expect(forged.status).toBe(403);
  });
});
