import fc from 'fast-check';
import { planRangePurge, PurgeDocument, PurgeGroup } from './range-purge';

interface Group {
  id: string;
  doomed: boolean;
  times: number[];
}

/** What the two filters of a plan delete, applied to every document of every group. */
function deletedBy(groups: Group[], batch = 3): { deleted: Set<string>; doomed: Set<string>; cost: number } {
  const documents = groups.flatMap((group) => group.times.map((at, i) => ({ id: `${group.id}:${i}`, group, at })));
  const plan = planRangePurge(
    groups.map<PurgeGroup>((group) => ({ id: group.id, doomed: group.doomed, firstAt: Math.min(...group.times) })),
    documents.filter((document) => document.group.doomed).map<PurgeDocument>(({ id, at }) => ({ id, at })),
    batch,
  );
  // The ranges follow each other without gap or overlap, up to the cutoff.
  plan.ranges.forEach(([from, to], i) => {
    expect(from).toBeLessThan(to);
    if (i > 0) expect(from).toBe(plan.ranges[i - 1][1]);
  });
  if (plan.ranges.length) expect(plan.ranges[plan.ranges.length - 1][1]).toBe(plan.cutoff);
  const inRange = (at: number) => plan.ranges.some(([from, to]) => at >= from && at < to);
  const kept = new Set(plan.kept);
  const late = new Set(plan.late.map((document) => document.id));
  return {
    deleted: new Set(
      documents.filter((d) => (inRange(d.at) && !kept.has(d.group.id)) || late.has(d.id)).map((d) => d.id),
    ),
    doomed: new Set(documents.filter((d) => d.group.doomed).map((d) => d.id)),
    cost: plan.kept.length + plan.late.length,
  };
}

describe('R21 R23 the retention purge by time range (range-purge)', () => {
  it('R21 deletes exactly the documents of the doomed groups, whatever their times', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            doomed: fc.boolean(),
            times: fc.array(fc.integer({ min: 0, max: 1_000 }), { minLength: 1, maxLength: 6 }),
          }),
          { maxLength: 40 },
        ),
        (drawn) => {
          const groups = drawn.map((group, i) => ({ id: `g${i}`, ...group }));
          const { deleted, doomed, cost } = deletedBy(groups);
          expect([...deleted].sort()).toEqual([...doomed].sort());
          // Never dearer than naming every doomed document.
          expect(cost).toBeLessThanOrEqual(doomed.size);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('R21 a year of expired requests goes by range alone; an old held request is kept by name', () => {
    const expired = Array.from({ length: 1_000 }, (_, i) => ({
      id: `old${i}`,
      doomed: true,
      times: [i * 10, i * 10 + 5],
    }));
    const held = { id: 'held', doomed: false, times: [3] };
    const recent = { id: 'recent', doomed: false, times: [50_000, 50_001] };
    const plan = planRangePurge(
      [...expired, held, recent].map((g) => ({ id: g.id, doomed: g.doomed, firstAt: Math.min(...g.times) })),
      expired.flatMap((g) => g.times.map((at, i) => ({ id: `${g.id}:${i}`, at }))),
    );
    expect(plan).toEqual({ cutoff: 9_996, ranges: [[0, 9_996]], kept: ['held'], late: [] });
  });

  it('R21 a request closed after the others started staying: its own late entries are named', () => {
    const plan = planRangePurge(
      [
        { id: 'stays', doomed: false, firstAt: 100 },
        { id: 'goes', doomed: true, firstAt: 10 },
      ],
      [
        { id: 'goes:1', at: 10 },
        { id: 'goes:2', at: 150 },
      ],
    );
    expect(plan).toEqual({ cutoff: 100, ranges: [[10, 100]], kept: [], late: [{ id: 'goes:2', at: 150 }] });
  });

  it('R21 cuts the range into deletes of at most a batch of documents each', () => {
    const documents = Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, at: i * 2 }));
    const plan = planRangePurge([{ id: 'goes', doomed: true, firstAt: 0 }], documents, 10);
    expect(plan.ranges).toEqual([
      [0, 20],
      [20, 40],
      [40, 49],
    ]);
  });

  it('R21 nothing doomed: nothing to delete', () => {
    expect(planRangePurge([{ id: 'a', doomed: false, firstAt: 1 }], [])).toEqual({
      cutoff: Number.NEGATIVE_INFINITY,
      ranges: [],
      kept: [],
      late: [],
    });
  });
});
