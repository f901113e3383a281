import { en } from './en';
import { LocaleStrings } from './locale-strings';

export type { LocaleStrings } from './locale-strings';

/** Every language messages can be written in; LOCALE must name one of them. */
export const LOCALES: Readonly<Record<string, LocaleStrings>> = { en };

export function localeStrings(locale: string): LocaleStrings {
  const strings = LOCALES[locale];
  if (!strings)
    throw new Error(`No email templates for locale "${locale}"; available: ${Object.keys(LOCALES).join(', ')}`);
  return strings;
}
