/** Small word helpers every language's templates share. */

/** The phrase with its first letter in upper case (a request type at the start of a line). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * "1 day" / "3 days" by the language's own plural rule (Intl.PluralRules: in
 * French 0 and 1 take the singular), with the language's space between the
 * number and the word (French writes a no-break space).
 */
export function pluralIn(lang: string, space = ' '): (count: number, one: string, many: string) => string {
  const rules = new Intl.PluralRules(lang);
  return (count, one, many) => `${count}${space}${rules.select(count) === 'one' ? one : many}`;
}
