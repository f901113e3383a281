import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { csvRow } from './csv-row';

const repo = path.join(__dirname, '../../../../..');

describe('csvRow, the one CSV writer (csv-stringify)', () => {
  it('keeps numbers as numbers: -12.5 is written -12.5, never as text', () => {
    expect(csvRow([-12.5, 0, 3, -7, 1e21])).toBe('-12.5,0,3,-7,1e+21\r\n');
  });

  it('neutralises text a spreadsheet would run as a formula (= + - @ tab CR), and only text', () => {
    expect(csvRow(['=HYPERLINK("http://evil.example","click")'])).toBe(`"'=HYPERLINK(""http://evil.example"",""click"")"\r\n`);
    expect(csvRow(['+1 415 555 0100', '-12.5', '@SUM(A1)', '\tx', '\rx'])).toBe(`'+1 415 555 0100,'-12.5,'@SUM(A1),'\tx,"'\rx"\r\n`);
    expect(csvRow(['＝1+1'])).toBe("'＝1+1\r\n");
    expect(csvRow(['a-b', 'x=y', 'plain'])).toBe('a-b,x=y,plain\r\n');
  });

  it('quotes fields holding a comma, quote or line break (RFC 4180), with CRLF rows', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', 'ok'])).toBe('"a,b","say ""hi""","two\nlines",ok\r\n');
  });

  it('writes empty cells for null and undefined, ISO dates, true/false, and objects as JSON', () => {
    expect(csvRow([null, undefined, new Date('2026-03-04T05:06:07Z'), true, false, { a: 1 }])).toBe(
      ',,2026-03-04T05:06:07.000Z,true,false,"{""a"":1}"\r\n',
    );
  });

  it("is the only CSV writer: the subject's export and the operators' log and metrics exports use it", () => {
    const writers = ['libs/data/src/lib/export/formats.ts', 'libs/intake/src/lib/records/operator-records.ts', 'libs/intake/src/lib/records/metrics-format.ts'];
    for (const file of writers) expect({ file, usesCsvRow: /import \{[^}]*\bcsvRow\b[^}]*\} from '@rightsflow\/platform'/.test(readFileSync(path.join(repo, file), 'utf8')) }).toEqual({ file, usesCsvRow: true });
    const importers = sourceFiles(['libs', 'apps']).filter((file) => /from 'csv-stringify/.test(readFileSync(file, 'utf8')));
    expect(importers.map((file) => path.relative(repo, file))).toEqual(['libs/platform/src/lib/csv/csv-row.ts']);
  });
});

function sourceFiles(roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) found.push(full);
    }
  };
  for (const root of roots) walk(path.join(repo, root));
  return found;
}
