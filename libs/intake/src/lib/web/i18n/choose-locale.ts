import { isLocale, Locale, LOCALES } from '@rightsflow/contracts';
import { readCookie } from '../csrf';
import type { HttpRequest } from '../../http/http-types';

/** The cookie that keeps the language a person picked with the switch (not personal: just a language code). */
export const LANGUAGE_COOKIE = 'rf_lang';

/**
 * The language of a page: the `lang` query parameter (the switch's links), then
 * the cookie the switch left, then the browser's Accept-Language (negotiated by
 * Express, q-values and all), then the configured default.
 */
export function chooseLocale(request: HttpRequest, fallback: string): Locale {
  const asked = request.query['lang'];
  if (isLocale(asked)) return asked;
  const kept = readCookie(request, LANGUAGE_COOKIE);
  if (isLocale(kept)) return kept;
  // Without the header Express would answer the first offer; the company's default is the better guess.
  const negotiated = request.headers['accept-language'] ? request.acceptsLanguages(...LOCALES) : false;
  if (isLocale(negotiated)) return negotiated;
  return isLocale(fallback) ? fallback : 'en';
}

/** The form in another language: the switch of pages that must not repeat their own address (errors, unknown links). */
export const formInLanguage = (locale: Locale): string => `/?lang=${locale}`;

/** The same page in another language: the current URL with `lang` set (GET pages), or `fallback` (pages answering a POST). */
export function languageHref(request: HttpRequest, locale: Locale, fallbackPath = '/'): string {
  return inLanguage(request.method === 'GET' ? request.originalUrl : fallbackPath, locale);
}

/** A link to one of our pages (absolute, or a path) that opens in `locale`. */
export function inLanguage(link: string, locale: Locale): string {
  const relative = !/^https?:\/\//.test(link);
  const url = new URL(link, 'http://page.invalid');
  url.searchParams.set('lang', locale);
  return relative ? `${url.pathname}${url.search}` : url.toString();
}
