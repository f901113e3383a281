import { Locale, LOCALES } from '@rightsflow/contracts';
import i18next, { i18n as I18n, ResourceKey, TFunction } from 'i18next';
import { escapeHtml, SafeHtml, trusted } from '../html';
import de from './locales/de.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';

/** Every page string, per language: one JSON file each, English the reference (locale-files.spec.ts checks the rest against it). */
export const PAGE_CATALOGUES: Readonly<Record<Locale, typeof en>> = { en, de, fr, es };

/** "a.b.c" for every string of the English catalogue, plural forms (`_one`, `_other`) folded into their key. */
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${K extends `${infer Base}_${'one' | 'other'}` ? Base : K}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type PageKey = Leaves<typeof en>;

type Values = Record<string, string | number>;

/** One i18next instance for the whole process: resources are bundled, so it initialises synchronously. */
let shared: I18n | undefined;
function instance(): I18n {
  if (shared) return shared;
  shared = i18next.createInstance({
    resources: Object.fromEntries(
      LOCALES.map((locale) => [locale, { translation: PAGE_CATALOGUES[locale] as ResourceKey }]),
    ),
    lng: 'en',
    fallbackLng: false,
    initAsync: false,
    returnNull: false,
    // No advertisement in the service's logs.
    showSupportNotice: false,
    // Values are escaped where they land: html`` for plain text, escapeHtml below for markup.
    interpolation: { escapeValue: false },
  });
  void shared.init();
  return shared;
}

/**
 * What a page says, in one language: plain strings (escaped later by html``),
 * sentences whose translation carries markup (our own files, so trusted; the
 * values in them escaped), and dates in the language's own format.
 */
export class PageText {
  private readonly translate: TFunction;
  /** Intl's locale for dates: English pages write days the British way ("Tuesday, 29 February 2028"). */
  private readonly dateLocale: string;

  constructor(
    readonly locale: Locale,
    private readonly timeZone: string,
  ) {
    this.translate = instance().getFixedT(locale);
    this.dateLocale = locale === 'en' ? 'en-GB' : locale;
  }

  t(key: PageKey, values: Values = {}): string {
    return this.translate(key, values) as string;
  }

  markup(key: PageKey, values: Values = {}): SafeHtml {
    const escaped = Object.fromEntries(
      Object.entries(values).map(([name, value]) => [name, typeof value === 'number' ? value : escapeHtml(value)]),
    );
    return trusted(this.translate(key, escaped) as string);
  }

  /** A day, e.g. "Monday 7 December 2026" / "Montag, 7. Dezember 2026", in the controller's time zone. */
  day(iso: string | null | undefined): string {
    if (!iso) return this.t('status.toBeSet');
    return new Intl.DateTimeFormat(this.dateLocale, {
      dateStyle: 'full',
      timeZone: this.timeZone,
    }).format(new Date(iso));
  }

  /** A moment of the timeline, with the time zone's name. */
  moment(iso: string): string {
    return new Intl.DateTimeFormat(this.dateLocale, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.timeZone,
      timeZoneName: 'short',
    }).format(new Date(iso));
  }
}

/** English, for what is not a page: the API's plain words (plain-words.ts) read the same catalogue. */
export const englishText = (timeZone = 'UTC') => new PageText('en', timeZone);
