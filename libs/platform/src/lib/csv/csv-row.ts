import { stringify, type Options } from 'csv-stringify/sync';

/**
 * The one CSV writer (csv-stringify): the subject's export (R15) and the
 * operators' request-log and metrics exports (R21, R22) all write through it.
 *
 * RFC 4180 rows ending in CRLF, a field quoted when it holds a comma, quote or
 * line break. Text that a spreadsheet would run as a formula (starting with
 * = + - @, a tab or CR, or their full-width forms) gets a leading `'`; numbers
 * are values and are written as they are, so -12.5 stays the number -12.5.
 */
const OPTIONS: Options = {
  record_delimiter: 'windows',
  // A lone \n or \r inside a field must be quoted too (off by default once record_delimiter is set).
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: {
    // csv-stringify would write true as "1", false as "" and a date as epoch milliseconds.
    boolean: (value) => String(value),
    date: (value) => value.toISOString(),
    object: (value) => JSON.stringify(value),
  },
};

/** One CSV line (with its CRLF); null and undefined are empty cells. */
export function csvRow(values: readonly unknown[]): string {
  return stringify([values as unknown[]], OPTIONS);
}
