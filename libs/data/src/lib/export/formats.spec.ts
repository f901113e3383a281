import { csvRow } from '@rightsflow/platform';
import { CsvColumns } from './formats';

describe("the subject's CSV export (R15)", () => {
  it("R15 keeps the person's numbers as numbers and neutralises formula-like text, through the shared CSV writer", () => {
    const columns = new CsvColumns();
    const first = { amount: -12.5, note: '=HYPERLINK("http://evil.example")', city: 'Paris' };
    expect(columns.header(first, ['city', 'amount'])).toBe('city,amount,note,other\r\n');
    const row = columns.row(first);
    expect(row).toBe(`Paris,-12.5,"'=HYPERLINK(""http://evil.example"")",\r\n`);
    expect(row).toBe(csvRow(['Paris', -12.5, '=HYPERLINK("http://evil.example")', null]));
    // A key that appears only later goes, as JSON, into `other`; a text "-3" stays text (defused), a number -3 a number.
    expect(columns.row({ amount: -3, note: '-3', city: 'Lyon', extra: { tier: 2 } })).toBe(`Lyon,-3,'-3,"{""extra"":{""tier"":2}}"\r\n`);
  });
});
