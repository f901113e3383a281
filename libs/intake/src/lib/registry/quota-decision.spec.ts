import { quotaExpiry } from '@rightsflow/domain';
import { decideClaim } from './quota-decision';

const tz = 'America/Los_Angeles';
const at = (iso: string) => new Date(iso);

describe('R05 quota decision', () => {
  it('R05 grants twice in 12 months, refuses the third with the date the next is owed', () => {
    const first = decideClaim(null, { requestId: 'a', at: at('2026-01-10T18:00:00Z'), limit: 2, timeZone: tz });
    expect(first.result).toEqual({ granted: true });
    if (first.kind !== 'decide') throw new Error('expected a decision');
    const second = decideClaim(first, { requestId: 'b', at: at('2026-03-01T18:00:00Z'), limit: 2, timeZone: tz });
    if (second.kind !== 'decide') throw new Error('expected a decision');
    expect(second.result).toEqual({ granted: true });
    const third = decideClaim(second, { requestId: 'c', at: at('2026-06-01T18:00:00Z'), limit: 2, timeZone: tz });
    expect(third.result).toEqual({ granted: false, nextOwedAt: quotaExpiry(at('2026-01-10T18:00:00Z'), tz).toISOString() });
    if (third.kind !== 'decide') throw new Error('expected a decision');
    // A retry of any of them repeats its answer and writes nothing.
    expect(decideClaim(third, { requestId: 'c', at: at('2026-06-02T00:00:00Z'), limit: 2, timeZone: tz })).toEqual({ kind: 'repeat', result: third.result });
    expect(decideClaim(third, { requestId: 'a', at: at('2026-06-02T00:00:00Z'), limit: 2, timeZone: tz })).toEqual({ kind: 'repeat', result: { granted: true } });
    // A year on, the first has left the window.
    const later = decideClaim(third, { requestId: 'd', at: at('2027-01-11T09:00:00Z'), limit: 2, timeZone: tz });
    expect(later.result).toEqual({ granted: true });
    if (later.kind === 'decide') expect(later.grants.map((grant) => grant.requestId)).toEqual(['b', 'd']);
  });
});
