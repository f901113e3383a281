import type { Locale } from '@rightsflow/contracts';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { LocaleStrings } from './locale-strings';

export type { LocaleStrings } from './locale-strings';

/** Every language messages are written in: one per Locale, so adding a Locale without its emails does not compile. */
export const LOCALES: Readonly<Record<Locale, LocaleStrings>> = { en, de, fr, es };

export function localeStrings(locale: string): LocaleStrings {
  const strings = (LOCALES as Readonly<Record<string, LocaleStrings>>)[locale];
  if (!strings)
    throw new Error(`No email templates for locale "${locale}"; available: ${Object.keys(LOCALES).join(', ')}`);
  return strings;
}
