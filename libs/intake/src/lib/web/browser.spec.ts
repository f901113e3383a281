import { INestApplication } from '@nestjs/common';
import { appUrl, launchBrowser, testConfig, workspaceRoot } from '@rightsflow/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser } from 'playwright-core';
import { uniqueEmail } from '../../test/registry-fixtures';
import { startIntake } from '../../test/start-intake';

jest.setTimeout(120_000);

const screenshots = path.join(workspaceRoot, 'artifacts', 'screenshots');

/** A real browser (Debian's chromium) fills the form with the keyboard and mouse, as a person would. */
describe('the web form in a real browser (chromium, headless)', () => {
  const config = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '1000', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '1000' });
  let app: INestApplication;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The browser first (the one launcher, launchBrowser): if it cannot start, no service is left running.
    browser = await launchBrowser();
    app = await startIntake(config);
    base = await appUrl(app);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('fills in and sends the form on a phone-sized screen and sees the confirmation with the reference', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
      extraHTTPHeaders: { 'accept-language': 'en-GB' },
    });
    const page = await context.newPage();
    const blocked: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(base)) blocked.push(request.url());
    });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') violations.push(message.text());
    });

    await page.goto(base);
    expect(await page.title()).toContain('Ask about your personal data');
    expect(await page.locator('#jurisdiction').inputValue()).toBe('UK_GDPR'); // en-GB: the UK GDPR (R24)
    // Parts that do not apply to the chosen type are hidden (CSS :has, no script).
    await page.getByLabel('Delete my data').check();
    expect(await page.locator('.only-correction').isVisible()).toBe(false);
    await page.getByLabel('Correct my data').check();
    expect(await page.locator('.only-correction').isVisible()).toBe(true);
    await page.getByLabel('Delete my data').check();

    await page.getByLabel('Email address', { exact: true }).fill(uniqueEmail('browser'));
    await page.getByLabel('Full name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Account or customer number (optional)').fill('CUST-42');
    await page.screenshot({ path: path.join(screenshots, 'intake-form.png'), fullPage: true });

    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'We have received your request' }).waitFor();
    expect(await page.locator('.reference').first().textContent()).toMatch(/^req_[a-z2-7]{16}$/);
    expect(await page.getByText('An email is on its way').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(screenshots, 'intake-confirmation.png'), fullPage: true });

    expect(blocked).toEqual([]); // no third-party requests
    expect(violations).toEqual([]); // no CSP violations or script errors
    await context.close();
  });

  it('shows the errors next to the fields and moves focus through them with the keyboard', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    const email = page.locator('#email');
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#email-error').textContent()).toContain('Enter your email address');
    // The summary links take the keyboard user to the field.
    await page.locator('.error-summary a[href="#email"]').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('kbd@example.com');
    expect(await email.inputValue()).toBe('kbd@example.com');
    await page.screenshot({ path: path.join(screenshots, 'intake-form-errors.png'), fullPage: true });
    await page.close();
  });
});
