import fc from 'fast-check';
import { closedLoop, percentile, percentiles, spread } from './bench-figures';

describe('benchmark figures', () => {
  it('a percentile is one of the samples, and p50 <= p90 <= p99', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 500 }),
        (samples) => {
          const [p50, p90, p99] = [50, 90, 99].map((p) => percentile(samples, p)) as [number, number, number];
          expect(samples).toContain(p50);
          expect(p50).toBeLessThanOrEqual(p90);
          expect(p90).toBeLessThanOrEqual(p99);
        },
      ),
    );
  });

  it('names the sample count, and prints p99 only from 100 samples', () => {
    const ninetyNine = Array.from({ length: 99 }, (_, i) => i + 1);
    expect(percentiles(ninetyNine)).toBe('p50 50 ms, p90 90 ms (n=99; p99 needs 100 samples)');
    expect(percentiles([...ninetyNine, 100])).toBe('p50 50 ms, p90 90 ms, p99 99 ms (n=100)');
    expect(percentiles([7])).toBe('p50 7 ms (n=1; p99 needs 100 samples)');
    expect(percentiles([4.62], 's', 1)).toBe('p50 4.6 s (n=1; p99 needs 100 samples)');
  });

  it('gives a ratio as its median and range over the rounds', () => {
    expect(spread([0.9, 0.7, 0.8])).toBe('0.80 (0.70–0.90 over 3 rounds)');
    expect(spread([1, 2, 3, 4])).toBe('2.50 (1.00–4.00 over 4 rounds)');
  });

  it('a closed loop runs every task once, never more than its clients at a time, and counts the false ones as failed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 }), async (count, clients) => {
        const ran: number[] = [];
        let inFlight = 0;
        let most = 0;
        const figures = await closedLoop(count, clients, async (index) => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          ran.push(index);
          return index % 3 !== 0;
        });
        expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
        expect(most).toBeLessThanOrEqual(clients);
        expect(figures.latencies).toHaveLength(count);
        expect(figures.failed).toBe(Math.ceil(count / 3));
      }),
      { numRuns: 50 },
    );
  });
});
