import { LOCALES, Locale } from '@rightsflow/contracts';
import { PAGE_CATALOGUES } from '@rightsflow/intake';
import { linkIn, screenshot } from '../lib/browser';
import { finalState, mailAbout, mailsAbout } from './agent-operator-steps';
import { journeySuite } from './journey-suite';

// Four languages through the whole product, in Chromium: the browser's
// language picks the pages' (Accept-Language, from the context's locale), the
// request keeps the language it was made in, and every email about it follows;
// the switch on every page changes it. Screenshots of the form and the status
// page per language are the docs' walkthrough (docs/walkthrough/language-*).
jest.setTimeout(300_000);

const BROWSER_LOCALES: Record<Locale, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR', es: 'es-ES' };

describe('R29 pages and emails in English, German, French and Spanish', () => {
  const suite = journeySuite({}, { subjects: 8 });

  it.each(LOCALES.map((locale) => [locale]))(
    '%s: a GDPR access request made in the browser’s language is answered in it, pages and emails, dates its way',
    async (locale) => {
      const words = PAGE_CATALOGUES[locale];
      const subject = await suite.people.next();
      const context = await suite.newContext({ locale: BROWSER_LOCALES[locale] });
      const page = await context.newPage();

      await page.goto(suite.product.intakeUrl);
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
      const codeMail = await mailAbout(suite.product, subject.email, requestId, (mail) => /\/verify\//.test(mail.text));
      await page.goto(linkIn(codeMail, '/verify/'));
      await page.getByRole('heading', { name: words.verify.title }).waitFor();
      await page.locator('main form button[type=submit]').click();
      await page.getByRole('heading', { name: words.verify.thanksTitle }).waitFor();

      expect((await finalState(suite.product, requestId)).status).toBe('completed');
      await mailAbout(suite.product, subject.email, requestId, (mail) => /\/downloads?\//.test(mail.text));
      // Every email of the request is in its language.
      const mails = await mailsAbout(suite.product, subject.email, requestId);
      expect(mails.length).toBeGreaterThanOrEqual(3);
      for (const mail of mails) expect(mail.html).toContain(`<html lang="${locale}">`);

      await page.goto(new URL(statusHref as string, suite.product.intakeUrl).toString());
      await page.getByRole('heading', { name: words.status.title, exact: true }).waitFor();
      await page.locator('main').getByText(words.states.completed).first().waitFor();
      const received = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
        dateStyle: 'full',
        timeZone: suite.product.config.policy.timeZone,
      }).format(new Date());
      expect(await page.locator('main').innerText()).toContain(received);
      await screenshot(page, `language-${locale}-status`);
    },
  );

  it('the switch on every page changes the language, and the choice is kept for the next pages', async () => {
    const context = await suite.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.goto(suite.product.intakeUrl);
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await page.locator('nav.languages').getByRole('link', { name: 'Français' }).click();
    await page.getByRole('heading', { name: PAGE_CATALOGUES.fr.form.title, exact: true }).waitFor();
    await page.goto(suite.product.intakeUrl);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.locator('nav.languages').getByRole('link', { name: 'English' }).click();
    await page.getByRole('heading', { name: PAGE_CATALOGUES.en.form.title, exact: true }).waitFor();
  });
});
