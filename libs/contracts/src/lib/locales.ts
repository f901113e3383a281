/**
 * The languages people can use Rightsflow in: the pages are served in one of
 * these and a request keeps the one it was made in, so its emails follow it.
 */
export const LOCALES = ['en', 'de', 'fr', 'es'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
