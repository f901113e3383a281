/**
 * Matching the data points a person gave against our records (R09, R10).
 * Values are compared after normalisation, so "ADA  Lovelace" matches
 * "Ada Lovelace" and "+1 (415) 555-0100" matches "415-555-0100". The result is
 * only a count: nothing here can tell the person which detail matched.
 */

/** A person's record as the company holds it (portal account fields). */
export interface SubjectRecord {
  fullName?: string;
  accountId?: string;
  phone?: string;
}

type RecordField = keyof SubjectRecord;

/** Data points we can match, by the name the form uses, to the record field they are compared with. */
export const MATCHABLE_DATA_POINTS: Readonly<Record<string, RecordField>> = {
  name: 'fullName',
  accountId: 'accountId',
  phone: 'phone',
};

const normalisers: Record<RecordField, (value: string) => string> = {
  fullName: (value) =>
    letters(value)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim(),
  accountId: (value) => letters(value).replace(/[\s-]+/g, ''),
  phone: (value) => value.normalize('NFKC').replace(/\D+/g, '').replace(/^0+/, ''),
};

/** Unicode-normalised, accents dropped, lower case, single spaces. */
function letters(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Phone numbers match when equal, or when one is the other with a country code (at least 9 digits in common). */
function phonesMatch(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  return shorter.length >= 9 && longer.endsWith(shorter);
}

function valuesMatch(field: RecordField, given: string, held: string): boolean {
  const a = normalisers[field](given);
  const b = normalisers[field](held);
  if (a.length === 0 || b.length === 0) return false;
  return field === 'phone' ? phonesMatch(a, b) : a === b;
}

/**
 * How many of the given data points match one record (the best of several, if
 * the email has several). A field named in `excludeFields` (by data-point or
 * record name, e.g. 'phone', 'name', 'fullName', or a dotted path ending in
 * one) is left out: a correction is verified with other data (R10).
 */
export function countMatchedPoints(
  given: Readonly<Record<string, string>>,
  records: readonly SubjectRecord[],
  excludeFields: readonly string[] = [],
): number {
  const excluded = new Set(excludeFields.map((field) => field.split('.').pop() ?? field));
  const comparable = Object.entries(MATCHABLE_DATA_POINTS).filter(
    ([point, field]) =>
      !excluded.has(point) && !excluded.has(field) && typeof given[point] === 'string' && given[point].trim() !== '',
  );
  let best = 0;
  for (const record of records) {
    const matched = comparable.filter(([point, field]) => {
      const held = record[field];
      return typeof held === 'string' && valuesMatch(field, given[point], held);
    }).length;
    best = Math.max(best, matched);
  }
  return best;
}
