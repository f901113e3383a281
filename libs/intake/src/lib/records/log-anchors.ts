import { LEGAL } from '@rightsflow/domain';
import { Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '../registry/hash-chain';
import { LogAnchor } from '../registry/log-anchor.schema';
import { RequestLogEntry } from '../registry/request-log.schema';
import { isDuplicateKeyError } from '@rightsflow/platform';

/**
 * R21: the daily anchor over all request-log chains (see log-anchor.schema.ts).
 *
 * A day is sealed once it has been over for ANCHOR_GRACE_MS, so the late
 * appends of retried activities land before it is. Anchors cover days from the
 * day of the oldest entry (or the last anchor) on, one per day, empty days
 * included, so a missing anchor is itself a finding.
 *
 * Entries of one day may be purged by retention only once they are at least
 * 24 months old, so verification recomputes the days of the last 24 months
 * (less a margin for the controller's time zone) and checks the chain of
 * anchors all the way back.
 */
const DAY_MS = 86_400_000;
export const ANCHOR_GRACE_MS = DAY_MS;
/**
 * Days summarised per read of the log. FerretDB answers a time filter by
 * reading the whole collection, so reads are few and long: a year of entry
 * ids in memory at most (about 120 MB for a million entries; the daily run
 * holds one day).
 */
const WINDOW_DAYS = 366;

export interface DaySummary {
  entries: number;
  digest: string;
}

export interface SealResult {
  sealed: number;
  /** The newest anchor after sealing (none while the log is empty). */
  head?: { day: string; hash: string };
}

export interface AnchorFinding {
  day: string;
  reason: string;
}

export interface AnchorVerification {
  anchors: number;
  /** Days whose entries were recomputed from the log. */
  recomputedDays: number;
  broken: AnchorFinding[];
}

export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

const earlierDay = (a: string, b: string): string => (a < b ? a : b);
const laterDay = (a: string, b: string): string => (a > b ? a : b);

function dayStart(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** The newest day that may be sealed at `now`. */
export function lastSealableDay(now: Date): string {
  return addDays(utcDay(new Date(now.getTime() - ANCHOR_GRACE_MS)), -1);
}

/** The oldest day whose entries are all still kept at `now` (nothing younger than 24 months is purged). */
export function firstIntactDay(now: Date): string {
  const horizon = new Date(now);
  horizon.setUTCMonth(horizon.getUTCMonth() - LEGAL.minRequestLogRetentionMonths);
  return addDays(utcDay(horizon), 2);
}

/** sha256 over `entryId hash` lines in entry-id order: the same set of entries gives the same digest, however read. */
export function dayDigest(entries: ReadonlyArray<{ id: string; hash: string }>): DaySummary {
  const lines = entries.map((entry) => `${entry.id} ${entry.hash}\n`).sort();
  const digest = createHash('sha256');
  for (const line of lines) digest.update(line);
  return { entries: entries.length, digest: digest.digest('hex') };
}

export function anchorHash(prevAnchorHash: string, day: string, summary: DaySummary): string {
  return createHash('sha256').update(`${prevAnchorHash}\n${day}\n${summary.entries}\n${summary.digest}`).digest('hex');
}

/**
 * The summary of every day from `first` to `last` (inclusive), in day order, reading the log a window
 * at a time. With `entriesByDay` (from one read of the days' dates), a window without entries is not read.
 */
export async function* daySummaries(
  log: Model<RequestLogEntry>,
  first: string,
  last: string,
  entriesByDay?: ReadonlyMap<string, number>,
): AsyncGenerator<[string, DaySummary]> {
  for (let windowStart = first; windowStart <= last; windowStart = addDays(windowStart, WINDOW_DAYS)) {
    const windowEnd = earlierDay(addDays(windowStart, WINDOW_DAYS - 1), last);
    const byDay = entriesInWindow(entriesByDay, windowStart, windowEnd)
      ? await entriesByDayOf(log, windowStart, windowEnd)
      : new Map<string, { id: string; hash: string }[]>();
    for (let day = windowStart; day <= windowEnd; day = addDays(day, 1)) yield [day, dayDigest(byDay.get(day) ?? [])];
  }
}

function entriesInWindow(entriesByDay: ReadonlyMap<string, number> | undefined, first: string, last: string): boolean {
  if (!entriesByDay) return true;
  for (const day of entriesByDay.keys()) if (day >= first && day <= last) return true;
  return false;
}

async function entriesByDayOf(log: Model<RequestLogEntry>, first: string, last: string): Promise<Map<string, { id: string; hash: string }[]>> {
  const byDay = new Map<string, { id: string; hash: string }[]>();
  const cursor = log
    .find({ at: { $gte: dayStart(first), $lt: dayStart(addDays(last, 1)) } }, { _id: 1, hash: 1, at: 1 })
    .lean<Pick<RequestLogEntry, '_id' | 'hash' | 'at'>>()
    .cursor({ batchSize: 1000 });
  for await (const entry of cursor) {
    const day = utcDay(new Date(entry.at));
    const list = byDay.get(day) ?? [];
    list.push({ id: String(entry._id), hash: entry.hash });
    byDay.set(day, list);
  }
  return byDay;
}

async function newestAnchor(anchors: Model<LogAnchor>): Promise<LogAnchor | null> {
  // One anchor a day: a few thousand documents at most, sorted wherever the database sorts.
  return anchors.findOne({}).sort({ _id: -1 }).lean<LogAnchor>().exec();
}

/** How many entries each day before `before` has, by one read of `at` (no $group by day on FerretDB). */
async function entriesPerDay(log: Model<RequestLogEntry>, before: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const entry of log.find({ at: { $lt: before } }, { _id: 0, at: 1 }).lean<Pick<RequestLogEntry, 'at'>>().cursor({ batchSize: 1000 })) {
    const day = utcDay(new Date(entry.at));
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return counts;
}

/**
 * Seals every sealable day after the newest anchor. Idempotent: a day is
 * inserted under its _id once; a concurrent sweep that sealed it first wins
 * and this one stops.
 */
export async function sealLogAnchors(
  log: Model<RequestLogEntry>,
  anchors: Model<LogAnchor>,
  now: Date,
  tick: () => void = () => undefined,
): Promise<SealResult> {
  const last = lastSealableDay(now);
  const newest = await newestAnchor(anchors);
  // The first sealing starts at the oldest entry's day and may span years: the days that have
  // entries are counted first, so only the windows holding some are read.
  const entriesByDay = newest ? undefined : await entriesPerDay(log, dayStart(addDays(last, 1)));
  const first = newest ? addDays(newest._id, 1) : entriesByDay?.size ? [...entriesByDay.keys()].reduce(earlierDay) : null;
  let head = newest ? { day: newest._id, hash: newest.hash } : undefined;
  let sealed = 0;
  if (first === null || first > last) return { sealed, head };
  for await (const [day, summary] of daySummaries(log, first, last, entriesByDay)) {
    const prevAnchorHash = head?.hash ?? GENESIS_HASH;
    const anchor: LogAnchor = { _id: day, ...summary, prevAnchorHash, hash: anchorHash(prevAnchorHash, day, summary), sealedAt: now };
    try {
      await anchors.create(anchor);
    } catch (error) {
      if (isDuplicateKeyError(error)) break; // another sweep is sealing the same days
      throw error;
    }
    head = { day, hash: anchor.hash };
    sealed++;
    tick();
  }
  return { sealed, head };
}

/**
 * Checks the chain of anchors (each links to the day before, no day missing,
 * each hash right) and recomputes every intact day's summary from the log.
 */
export async function verifyLogAnchors(log: Model<RequestLogEntry>, anchors: Model<LogAnchor>, now: Date): Promise<AnchorVerification> {
  const all = await anchors.find({}).sort({ _id: 1 }).lean<LogAnchor[]>().exec();
  const report: AnchorVerification = { anchors: all.length, recomputedDays: 0, broken: [] };
  let previous: LogAnchor | undefined;
  for (const anchor of all) {
    if (previous && anchor._id !== addDays(previous._id, 1)) {
      report.broken.push({ day: addDays(previous._id, 1), reason: `no anchor from ${addDays(previous._id, 1)} to ${addDays(anchor._id, -1)} (anchors removed)` });
    }
    if (anchor.prevAnchorHash !== (previous?.hash ?? GENESIS_HASH)) report.broken.push({ day: anchor._id, reason: 'prevAnchorHash does not match the previous anchor' });
    if (anchorHash(anchor.prevAnchorHash, anchor._id, anchor) !== anchor.hash) report.broken.push({ day: anchor._id, reason: 'anchor does not match its hash' });
    previous = anchor;
  }
  if (all.length === 0) return report;
  const byDay = new Map(all.map((anchor) => [anchor._id, anchor]));
  const first = laterDay(firstIntactDay(now), all[0]._id);
  for await (const [day, summary] of daySummaries(log, first, all[all.length - 1]._id)) {
    const anchor = byDay.get(day);
    if (!anchor) continue;
    report.recomputedDays++;
    if (anchor.entries !== summary.entries) {
      report.broken.push({ day, reason: `the anchor counts ${anchor.entries} entries on this day, the log has ${summary.entries}` });
    } else if (anchor.digest !== summary.digest) {
      report.broken.push({ day, reason: 'an entry of this day differs from what was anchored' });
    }
  }
  return report;
}

export function describeAnchorFinding(finding: AnchorFinding): string {
  return `BROKEN anchor ${finding.day}: ${finding.reason}`;
}
