import { LOCALES } from '@rightsflow/contracts';
import { PAGE_CATALOGUES, PageText } from './page-text';

// The pages' catalogues (web/i18n/locales/*.json) against the English one:
// the same keys, and in each string the same placeholders and the same markup,
// so no language can drop a due date, a link or a reference, or break a page.

type Catalogue = { [key: string]: string | Catalogue };

function leaves(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [inner, text] of leaves(value, `${prefix}${key}.`)) out.set(inner, text);
  }
  return out;
}

/** `{{name}}` placeholders and HTML tags of a string, in a comparable form. */
// A tag starts with a letter (or /letter): "without < or >" in a sentence is no tag.
const shape = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}|<\/?[a-zA-Z][^<>]*>/g)].map((match) => match[0].replace(/\s+/g, '')).sort();

const english = leaves(PAGE_CATALOGUES.en as unknown as Catalogue);
const TRANSLATIONS = LOCALES.filter((locale) => locale !== 'en');

describe('R29 page catalogues', () => {
  describe.each(TRANSLATIONS)('%s', (locale) => {
    const translated = leaves(PAGE_CATALOGUES[locale] as unknown as Catalogue);

    it('has every key of the English catalogue and no other', () => {
      expect([...translated.keys()].filter((key) => !english.has(key))).toEqual([]);
      expect([...english.keys()].filter((key) => !translated.has(key))).toEqual([]);
    });

    it('keeps every placeholder and tag of each English string, and leaves none empty', () => {
      const differing = [...english].filter(
        ([key, text]) => translated.has(key) && shape(text).join('|') !== shape(translated.get(key) ?? '').join('|'),
      );
      expect(differing.map(([key]) => key)).toEqual([]);
      expect([...translated].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
    });

    it('names itself in its own language for the switch', () => {
      expect(translated.get('language.name')).not.toBe(english.get('language.name'));
    });
  });

  it('fills placeholders, counts plurals and writes dates per language', () => {
    const at = '2028-02-29T12:00:00Z';
    expect(new PageText('en', 'Europe/Berlin').day(at)).toBe('Tuesday, 29 February 2028');
    expect(new PageText('de', 'Europe/Berlin').day(at)).toBe('Dienstag, 29. Februar 2028');
    expect(new PageText('fr', 'Europe/Berlin').day(at)).toBe('mardi 29 février 2028');
    expect(new PageText('es', 'Europe/Berlin').day(at)).toBe('martes, 29 de febrero de 2028');
    const en = new PageText('en', 'UTC');
    expect(en.t('code.wrong', { count: 1 })).toBe('That code is not right. You have 1 try left.');
    expect(en.t('code.wrong', { count: 3 })).toBe('That code is not right. You have 3 tries left.');
    for (const locale of LOCALES) {
      const text = new PageText(locale, 'UTC');
      expect(text.t('form.permissionHint', { megabytes: 5 })).toContain('5');
      expect(text.t('code.wrong', { count: 4 })).toContain('4');
    }
  });

  it('escapes the values it puts into markup, never the markup itself', () => {
    const text = new PageText('en', 'UTC');
    expect(text.markup('verify.thanks', { requestId: '<img src=x onerror=alert(1)>' }).value).toBe(
      'We have your confirmation for request <span class="reference">&lt;img src=x onerror=alert(1)&gt;</span>.',
    );
  });
});
