import { LOCALES as LOCALE_CODES, MESSAGE_FACT_RULES, MessageFacts, MessageKind } from '@rightsflow/contracts';
import { settings } from '@rightsflow/config';
import { JURISDICTIONS } from '@rightsflow/domain';
import { testConfig } from '@rightsflow/testing';
import { renderMessage } from '../render-message';
import { ALL_MESSAGE_KINDS, SAMPLE_CODE, sampleFacts } from '../sample-facts';
import { LOCALES } from '.';

// Every email in every language: nothing the English message tells the reader
// (reference, links, code, reasons, exceptions, dates) may be missing from a
// translation, and dates are written the language's way. The compiler already
// insists on a template per kind per language (LocaleStrings); this proves
// what the types cannot: that each template uses its facts.

const config = testConfig();
const now = new Date('2026-03-02T10:00:00Z');
const samples = sampleFacts(config, now);
const requestId = 'R-TEST0001';
const TRANSLATIONS = LOCALE_CODES.filter((locale) => locale !== 'en');

/** A request made in `locale`, at a company whose LOCALE is `locale` too (operators' emails are in LOCALE). */
const render = (
  kind: MessageKind,
  facts: MessageFacts,
  locale: string,
  settings = { ...config, mail: { ...config.mail, locale } },
) => renderMessage({ requestId, kind, facts, locale }, settings, now);
const hrefs = (html: string) =>
  [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&')).sort();

/** Each kind with each law it may name, so every per-law branch (complaint rights, appeals, extensions) is rendered. */
const CASES: [MessageKind, string, MessageFacts][] = ALL_MESSAGE_KINDS.flatMap((kind) => {
  const rule: { required: readonly string[]; optional: readonly string[] } = MESSAGE_FACT_RULES[kind];
  const namesLaw = [...rule.required, ...rule.optional].includes('jurisdiction');
  return namesLaw
    ? JURISDICTIONS.map((jurisdiction): [MessageKind, string, MessageFacts] => [
        kind,
        jurisdiction,
        { ...samples[kind], jurisdiction },
      ])
    : [[kind, '-', samples[kind]] as [MessageKind, string, MessageFacts]];
});

describe('R29 emails in every language', () => {
  it('LOCALE accepts exactly the languages there are templates for', () => {
    expect(Object.keys(LOCALES).sort()).toEqual([...LOCALE_CODES].sort());
    expect(settings.find((setting) => setting.env === 'LOCALE')?.oneOf).toEqual([...LOCALE_CODES]);
  });

  describe.each(TRANSLATIONS)('%s', (locale) => {
    const strings = LOCALES[locale];

    it.each(CASES)('%s (%s) says everything the English one does, in its own words and dates', (kind, _law, facts) => {
      const english = render(kind, facts, 'en');
      const translated = render(kind, facts, locale);
      expect(translated.html).toContain(`<html lang="${locale}">`);
      for (const part of [translated.subject, translated.html, translated.text]) {
        expect(part).not.toMatch(/\{\{|\}\}|\$\{|undefined|null|NaN|\[object Object\]|Invalid Date/);
      }
      // The same places to go: status page, download, confirmation link, regulators.
      expect(hrefs(translated.html)).toEqual(hrefs(english.html));
      expect(translated.subject).toContain(requestId);
      expect(translated.text).toContain(requestId);
      // Not left in English: the subject line and the heading are the language's own.
      expect(translated.subject).not.toBe(english.subject);
      // Facts shown verbatim in English are shown verbatim here too.
      const verbatim = [
        facts.reason,
        ...(facts.exceptions ?? []),
        facts.activity,
        kind === 'verification_code' ? SAMPLE_CODE : undefined,
      ];
      for (const value of verbatim)
        if (value !== undefined && english.text.includes(value)) expect(translated.text).toContain(value);
      // Deadlines as full days in the language's format, in the controller's time zone.
      for (const name of ['dueAt', 'newDueAt', 'nextOwedAt'] as const) {
        const value = facts[name];
        if (value === undefined) continue;
        const day = (dateLocale: string) =>
          new Intl.DateTimeFormat(dateLocale, { dateStyle: 'full', timeZone: config.policy.timeZone }).format(
            new Date(value),
          );
        if (!english.text.includes(day(LOCALES.en.dateLocale))) continue;
        expect(translated.text).toContain(day(strings.dateLocale));
      }
    });

    it('names every request type, channel and law in its own words', () => {
      for (const table of ['requestTypes', 'channels', 'jurisdictions'] as const) {
        expect(Object.keys(strings[table]).sort()).toEqual(Object.keys(LOCALES.en[table]).sort());
        for (const value of Object.values(strings[table])) expect(value.trim()).not.toBe('');
      }
    });
  });

  it('a subject gets the language of the request, operators the configured one', () => {
    expect(config.mail.locale).toBe('en');
    expect(render('verified', samples.verified, 'de', config).html).toContain('<html lang="de">');
    expect(render('operator_overdue', samples.operator_overdue, 'de', config).html).toContain('<html lang="en">');
    // A request from before languages (no locale) keeps the configured one.
    expect(renderMessage({ requestId, kind: 'verified', facts: samples.verified }, config, now).html).toContain(
      '<html lang="en">',
    );
  });
});
