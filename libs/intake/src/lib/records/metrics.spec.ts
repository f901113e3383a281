import { REQUEST_TYPES } from '@rightsflow/domain';
import fc from 'fast-check';
import { generatedYear } from '../../test/records-fixtures';
import { computeMetrics, denialReason, isPartialCompliance, mean, median, metricsRange } from './metrics';
import { metricsCsv, metricsHtml } from './metrics-format';

const DAY = 86_400_000;

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

describe('R22 request metrics (pure)', () => {
  it('R22 median is the middle value for an odd count and the mean of the two middle values for an even count', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([9, 1, 5, 3])).toBe(4);
    expect(median([2, 2, 10, 10])).toBe(6);
    expect(mean([1, 2, 6])).toBe(3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 60 }), (values) => {
        const m = median(values) as number;
        expect(values.filter((v) => v < m).length).toBeLessThanOrEqual(values.length / 2);
        expect(values.filter((v) => v > m).length).toBeLessThanOrEqual(values.length / 2);
      }),
    );
  });

  it('R26 counts appeals and their outcomes per law, every state law listed (zeros included)', () => {
    const range = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2027-01-01T00:00:00Z') };
    const at = (iso: string) => new Date(iso);
    const metrics = computeMetrics(
      [
        {
          type: 'appeal',
          jurisdiction: 'VCDPA',
          status: 'completed',
          receivedAt: at('2026-03-01T00:00:00Z'),
          closedAt: at('2026-03-11T00:00:00Z'),
        },
        {
          type: 'appeal',
          jurisdiction: 'VCDPA',
          status: 'denied',
          receivedAt: at('2026-04-01T00:00:00Z'),
          closedAt: at('2026-04-21T00:00:00Z'),
          closeReason: 'appeal_denied: invoices kept by law',
        },
        { type: 'appeal', jurisdiction: 'CPA', status: 'awaiting_approval', receivedAt: at('2026-05-01T00:00:00Z') },
        {
          type: 'deletion',
          jurisdiction: 'VCDPA',
          status: 'denied',
          receivedAt: at('2026-02-01T00:00:00Z'),
          closedAt: at('2026-02-02T00:00:00Z'),
          closeReason: 'exemption: tax records',
        },
      ],
      range,
    );
    const byLaw = Object.fromEntries(metrics.appealsByLaw.map((row) => [row.law, row]));
    expect(Object.keys(byLaw)).toEqual(['VCDPA', 'CPA', 'CTDPA', 'TDPSA', 'OCPA']);
    expect(byLaw['VCDPA']).toEqual({
      law: 'VCDPA',
      received: 2,
      granted: 1,
      denied: 1,
      withdrawn: 0,
      open: 0,
      medianDaysToDecision: 15,
    });
    expect(byLaw['CPA']).toMatchObject({ received: 1, open: 1, medianDaysToDecision: null });
    expect(byLaw['TDPSA']).toMatchObject({ received: 0 });
    // The appeal is also a request type of its own in the R22 rows; the refused deletion is not an appeal.
    expect(metrics.byType.find((row) => row.type === 'appeal')).toMatchObject({
      received: 3,
      compliedInWhole: 1,
      denied: 1,
    });
    expect(metricsHtml(metrics, 'Acme')).toContain('Appeals by law');
  });

  it('R22 classifies closures: partial compliance from the closing note, denials by basis', () => {
    expect(isPartialCompliance({ status: 'completed', closeReason: 'partial: some withheld' })).toBe(true);
    expect(isPartialCompliance({ status: 'completed', closeReason: 'export ready' })).toBe(false);
    expect(denialReason({ status: 'denied', closeReason: 'excessive: third request this month' })).toBe('excessive');
    expect(denialReason({ status: 'denied', closeReason: 'because' })).toBe('other');
    expect(denialReason({ status: 'closed_unverified' })).toBe('identity_not_verified');
    expect(denialReason({ status: 'closed_not_obligated' })).toBe('not_obligated');
    expect(denialReason({ status: 'withdrawn' })).toBeNull();
  });

  it('R22 metrics of a generated year match a direct computation, per type and in total', () => {
    const records = generatedYear(2025, 2_000);
    const range = must(metricsRange({ year: '2025' }, 'UTC'));
    const metrics = computeMetrics(records, range);
    for (const type of [...REQUEST_TYPES, 'all' as const]) {
      const mine = records.filter((r) => (type === 'all' || r.type === type) && r.receivedAt.getUTCFullYear() === 2025);
      const responded = mine.filter((r) =>
        ['completed', 'denied', 'closed_unverified', 'closed_not_obligated'].includes(r.status),
      );
      const days = responded
        .map((r) => (must(r.closedAt).getTime() - r.receivedAt.getTime()) / DAY)
        .sort((a, b) => a - b);
      const mid = days.length >> 1;
      const row = type === 'all' ? metrics.total : must(metrics.byType.find((t) => t.type === type));
      expect(row).toMatchObject({
        received: mine.length,
        compliedInWhole: mine.filter((r) => r.status === 'completed' && !r.closeReason?.startsWith('partial')).length,
        compliedInPart: mine.filter((r) => r.closeReason?.startsWith('partial')).length,
        denied: mine.filter((r) => ['denied', 'closed_unverified', 'closed_not_obligated'].includes(r.status)).length,
        withdrawn: mine.filter((r) => r.status === 'withdrawn').length,
        duplicates: mine.filter((r) => r.status === 'linked_duplicate').length,
        open: mine.filter((r) => r.status === 'in_fulfilment').length,
        responded: days.length,
      });
      expect(row.deniedByReason['manifestly_unfounded'] ?? 0).toBe(
        mine.filter((r) => r.closeReason?.startsWith('manifestly_unfounded')).length,
      );
      expect(row.deniedByReason['other'] ?? 0).toBe(mine.filter((r) => r.closeReason === 'no basis given').length);
      expect(row.medianDaysToResponse).toBeCloseTo(days.length % 2 ? days[mid] : (days[mid - 1] + days[mid]) / 2, 9);
      expect(row.meanDaysToResponse).toBeCloseTo(days.reduce((a, b) => a + b, 0) / days.length, 9);
    }
    expect(metrics.total.received).toBeLessThan(records.length); // some fell outside the year
  });

  it('R22 reads a calendar year or a date range in the controller’s time zone, and refuses nonsense', () => {
    expect(metricsRange({ year: '2026' }, 'UTC')).toEqual({
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
    expect(metricsRange({ year: '2026' }, 'America/Los_Angeles')?.from.toISOString()).toBe('2026-01-01T08:00:00.000Z');
    expect(metricsRange({ from: '2026-03-01', to: '2026-03-31' }, 'UTC')).toEqual({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-04-01T00:00:00Z'),
    });
    expect(metricsRange({ year: '26' }, 'UTC')).toBeNull();
    expect(metricsRange({ from: '2026-03-01' }, 'UTC')).toBeNull();
    expect(metricsRange({ from: '2026-03-02', to: '2026-03-01' }, 'UTC')).toBeNull();
  });

  it('R22 CSV and HTML carry the same figures, escaped', () => {
    const metrics = computeMetrics(generatedYear(2025, 200), must(metricsRange({ year: '2025' }, 'UTC')));
    const csv = metricsCsv(metrics).trim().split('\r\n');
    expect(csv).toHaveLength(REQUEST_TYPES.length + 2);
    const header = csv[0].split(',');
    const total = csv[csv.length - 1].split(',');
    expect(total[header.indexOf('type')]).toBe('all');
    expect(Number(total[header.indexOf('received')])).toBe(metrics.total.received);
    expect(Number(total[header.indexOf('denied_exemption')])).toBe(metrics.total.deniedByReason['exemption']);
    const page = metricsHtml(metrics, '<Acme>');
    expect(page).toContain('&lt;Acme&gt;');
    expect(page).toContain(`<th scope="row">all</th><td>${metrics.total.received}</td>`);
  });
});
