/**
 * How to delete many documents without naming each of them.
 *
 * FerretDB v1 checks `{ _id: { $in: ids } }` by walking `ids` for every
 * document it reads: deleting n of N documents by id costs n × N comparisons
 * (measured: 20,000 of 40,000 log entries took 54 s; a million of a million
 * would take hours). A time range costs one comparison per document.
 *
 * So the retention purge deletes in two filters: every document stamped
 * before `cutoff` whose group (a request) is not in `kept`, and by id the
 * doomed documents stamped at or after it (`late`). The cutoff is the first
 * time of some group that stays; the groups that stay and start earlier (a
 * request under legal hold for years, one still open) are `kept`. Each kept
 * group and each late document costs a comparison per document read, so the
 * cutoff is chosen where |kept| + |late| is smallest. On MongoDB both filters
 * use an index.
 *
 * FerretDB deletes what a filter matched with one SQL statement naming every
 * _id, and SQLite refuses more than 32,766 variables: so the range is cut into
 * `ranges` of at most about `batch` doomed documents each, and `late` is
 * deleted in batches of that size.
 */
export interface PurgeGroup {
  id: string;
  /** The whole group goes. */
  doomed: boolean;
  /** The earliest time (ms) of the group's documents. */
  firstAt: number;
}

export interface PurgeDocument {
  id: string;
  /** The document's time (ms). */
  at: number;
}

export interface RangePurge<D extends PurgeDocument = PurgeDocument> {
  /** Documents before this (ms) go, unless their group is kept; none when nothing is doomed. */
  cutoff: number;
  /** [from, to) (ms) partitioning the doomed documents' times below the cutoff, `batch` documents or so each. */
  ranges: [number, number][];
  /** Groups with documents before the cutoff that stay. */
  kept: string[];
  /** The doomed documents at or after the cutoff, to delete by id. */
  late: D[];
}

/** A $nin list stays well inside a 16 MB command. */
export const MAX_KEPT = 100_000;

/** Documents per delete: under SQLite's 32,766 variables per statement (FerretDB), with room for equal times at a range's start. */
export const PURGE_BATCH = 25_000;

/**
 * The split of `doomedDocuments` (every document of the doomed groups) into a
 * range and a list. Exact: the documents it removes are those of the doomed
 * groups, given that no staying group has a document earlier than its firstAt.
 */
export function planRangePurge<D extends PurgeDocument>(
  groups: Iterable<PurgeGroup>,
  doomedDocuments: readonly D[],
  batch = PURGE_BATCH,
): RangePurge<D> {
  if (doomedDocuments.length === 0) return { cutoff: Number.NEGATIVE_INFINITY, ranges: [], kept: [], late: [] };
  const staying = [...groups].filter((group) => !group.doomed).sort((a, b) => a.firstAt - b.firstAt);
  const doomedTimes = Float64Array.from(doomedDocuments, (document) => document.at).sort();
  const afterAll = doomedTimes[doomedTimes.length - 1] + 1;
  // Keeping the first k staying groups puts the cutoff at the (k+1)th one's first time.
  let best = { k: 0, cost: Number.POSITIVE_INFINITY, cutoff: afterAll };
  for (let k = 0; k <= Math.min(staying.length, MAX_KEPT); k++) {
    const cutoff = k < staying.length ? Math.min(staying[k].firstAt, afterAll) : afterAll;
    const cost = k + (doomedTimes.length - countBelow(doomedTimes, cutoff));
    if (cost < best.cost) best = { k, cost, cutoff };
  }
  return {
    cutoff: best.cutoff,
    ranges: rangesBelow(doomedTimes, best.cutoff, batch),
    kept: staying.slice(0, best.k).map((group) => group.id),
    late: doomedDocuments.filter((document) => document.at >= best.cutoff),
  };
}

/** Consecutive ranges from the first time to `cutoff`, each starting at every `batch`-th time (equal times share a range). */
function rangesBelow(times: Float64Array, cutoff: number, batch: number): [number, number][] {
  const below = countBelow(times, cutoff);
  const starts: number[] = [];
  for (let i = 0; i < below; i += batch)
    if (starts.length === 0 || times[i] > starts[starts.length - 1]) starts.push(times[i]);
  return starts.map((from, i) => [from, i + 1 < starts.length ? starts[i + 1] : cutoff]);
}

/** How many of the sorted `times` are below `limit`. */
function countBelow(times: Float64Array, limit: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle] < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
