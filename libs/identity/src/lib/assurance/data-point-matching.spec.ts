import { countMatchedPoints, SubjectRecord } from './data-point-matching';

const ada: SubjectRecord = { fullName: 'Ada Lovelace', accountId: 'ACC-1815', phone: '+44 20 7946 0018' };

describe('matching data points to records (R09, R10)', () => {
  it('R09 counts matches after normalising case, spaces, accents, dashes and phone formats', () => {
    expect(
      countMatchedPoints({ name: '  ada   LOVELACE ', accountId: 'acc 1815', phone: '020-7946-0018' }, [ada]),
    ).toBe(3);
    expect(countMatchedPoints({ name: 'Zoë Smith' }, [{ fullName: 'Zoe SMITH' }])).toBe(1);
    expect(countMatchedPoints({ phone: '(415) 555-0100' }, [{ phone: '+1 415 555 0100' }])).toBe(1);
  });

  it('R09 does not match different values, short phone fragments, empty values or unknown fields', () => {
    expect(countMatchedPoints({ name: 'Ada Byron', accountId: 'ACC-1816', phone: '0018' }, [ada])).toBe(0);
    expect(countMatchedPoints({ name: '  ', address: 'London' }, [ada])).toBe(0);
    expect(countMatchedPoints({ name: 'Ada Lovelace' }, [{}])).toBe(0);
    expect(countMatchedPoints({ name: 'Ada Lovelace' }, [])).toBe(0);
  });

  it('R09 takes the best of several records for the same email', () => {
    expect(
      countMatchedPoints({ name: 'Ada Lovelace', accountId: 'ACC-1815' }, [{ fullName: 'Ada Lovelace' }, ada]),
    ).toBe(2);
  });

  it('R10 leaves the corrected field out of matching, by data-point or record name or dotted path', () => {
    const given = { name: 'Ada Lovelace', accountId: 'ACC-1815', phone: '+44 20 7946 0018' };
    expect(countMatchedPoints(given, [ada], ['phone'])).toBe(2);
    expect(countMatchedPoints(given, [ada], ['fullName'])).toBe(2);
    expect(countMatchedPoints(given, [ada], ['portal_accounts.phone', 'name'])).toBe(1);
  });
});
