import { LOCALES, Locale } from '@rightsflow/contracts';
import { PAGE_CATALOGUES } from '@rightsflow/intake';
import { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, linkIn, screenshot } from '../lib/browser';
import { startTestProduct, TestProduct } from '../lib/product';
import { SeededPeople } from '../lib/sample-company';
import { testConfig } from '../lib/test-config';
import { finalState, mailAbout, mailsAbout } from './agent-operator-steps';

// Four languages through the whole product, in Chromium: the browser's
// language picks the pages' (Accept-Language, from the context's locale), the
// request keeps the language it was made in, and every email about it follows;
// the switch on every page changes it. Screenshots of the form and the status
// page per language are the docs' walkthrough (docs/walkthrough/language-*).
jest.setTimeout(300_000);

const catalogue = (locale: Locale) => PAGE_CATALOGUES[locale];

const BROWSER_LOCALES: Record<Locale, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

describe('R29 pages and emails in English, German, French and Spanish', () => {
  let product: TestProduct;
  let browser: Browser;
  let people: SeededPeople;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    product = await startTestProduct(testConfig({}), { subjects: 8 });
    people = await SeededPeople.of(product.config);
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await product?.stop();
  });

  it.each(LOCALES.map((locale) => [locale]))(
    '%s: a GDPR access request made in the browser’s language is answered in it, pages and emails, dates its way',
    async (locale) => {
      const words = catalogue(locale);
      const subject = await people.next();
      const context = await browser.newContext({ locale: BROWSER_LOCALES[locale] });
      contexts.push(context);
      const page = await context.newPage();

      await page.goto(product.intakeUrl);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      await page.getByRole('heading', { name: words.form.title, exact: true }).waitFor();
      await page.locator('#jurisdiction').selectOption('GDPR');
      await page.locator('#type-access').check();
      await page.locator('#email').fill(subject.email);
      await page.locator('#name').fill(subject.fullName);
      await screenshot(page, `language-${locale}-form`);
      await page.locator('form button[type=submit]').click();

      await page.getByRole('heading', { name: words.confirmation.received }).waitFor();
      const requestId = ((await page.locator('.reference').first().textContent()) ?? '').trim();
      const statusHref = await page.locator(`main a[href^="http"][href*="/status/${requestId}"]`).getAttribute('href');
      expect(statusHref).toContain(`lang=${locale}`);

      // The confirmation link's page is in the same language (the browser's).
      const codeMail = await mailAbout(product, subject.email, requestId, (mail) => /\/verify\//.test(mail.text));
      await page.goto(linkIn(codeMail, '/verify/'));
      await page.getByRole('heading', { name: words.verify.title }).waitFor();
      await page.locator('main form button[type=submit]').click();
      await page.getByRole('heading', { name: words.verify.thanksTitle }).waitFor();

      expect((await finalState(product, requestId)).status).toBe('completed');
      await mailAbout(product, subject.email, requestId, (mail) => /\/downloads?\//.test(mail.text));
      // Every email of the request is in its language.
      const mails = await mailsAbout(product, subject.email, requestId);
      expect(mails.length).toBeGreaterThanOrEqual(3);
      for (const mail of mails) expect(mail.html).toContain(`<html lang="${locale}">`);

      await page.goto(new URL(statusHref as string, product.intakeUrl).toString());
      await page.getByRole('heading', { name: words.status.title, exact: true }).waitFor();
      await page.locator('main').getByText(words.states.completed).first().waitFor();
      const received = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
        dateStyle: 'full',
        timeZone: product.config.policy.timeZone,
      }).format(new Date());
      expect(await page.locator('main').innerText()).toContain(received);
      await screenshot(page, `language-${locale}-status`);
    },
  );

  it('the switch on every page changes the language, and the choice is kept for the next pages', async () => {
    const context = await browser.newContext({ locale: 'de-DE' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(product.intakeUrl);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.locator('nav.languages').getByRole('link', { name: 'Français' }).click();
    await page.getByRole('heading', { name: catalogue('fr').form.title, exact: true }).waitFor();
    await page.goto(product.intakeUrl);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.locator('nav.languages').getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: catalogue('en').form.title, exact: true }).waitFor();
  });
});
