import fc from 'fast-check';
import yazl from 'yazl';
import { percentile, percentiles, spread } from './bench-figures';
import { readZip } from './zip';

/** A zip made by yazl (the product's zip writer), stored and deflated entries. */
async function zipOf(files: Record<string, string>, compress: boolean): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name, { compress });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('readZip (the tests read downloads in-process)', () => {
  it.each([true, false])('reads every file back (deflated: %s)', async (compress) => {
    const files = { 'data.json': JSON.stringify({ records: { a: [1, 2] } }), 'summary.html': '<p>ü</p>'.repeat(1000) };
    const read = await readZip(await zipOf(files, compress));
    expect(Object.fromEntries([...read].map(([name, body]) => [name, body.toString('utf8')]))).toEqual(files);
  });

  it('refuses what is not a zip', async () => {
    await expect(readZip(Buffer.from('not a zip at all, not even close'))).rejects.toThrow();
  });
});

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
  });

  it('gives a ratio as its median and range over the rounds', () => {
    expect(spread([0.9, 0.7, 0.8])).toBe('0.80 (0.70–0.90 over 3 rounds)');
    expect(spread([1, 2, 3, 4])).toBe('2.50 (1.00–4.00 over 4 rounds)');
  });
});
