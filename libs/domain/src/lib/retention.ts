/**
 * R21: the request log is kept at least 24 months after the request closes,
 * then purged — unless a legal hold applies.
 *
 * A log entry closed on local day D is kept through the whole of local day
 * D + months (same-numbered day, clamped to the month's end) and becomes
 * purgeable at the first instant of the following day, so it is never purged
 * early whatever the time of closing.
 */
import { addCalendarDays, addMonthsClamped, startOfLocalDay, toLocalDate } from './calendar';
import { LEGAL } from './policy';

/** The problem with a retention period, or null when it is acceptable (integer ≥ 24). */
export function validateRetentionMonths(months: unknown): string | null {
  if (typeof months !== 'number' || !Number.isInteger(months)) return 'retention months must be an integer';
  if (months < LEGAL.minRequestLogRetentionMonths) {
    return `R21: the request log is kept at least ${LEGAL.minRequestLogRetentionMonths} months, got ${months}`;
  }
  return null;
}

export function assertRetentionMonths(months: number): void {
  const problem = validateRetentionMonths(months);
  if (problem) throw new RangeError(problem);
}

/** The first instant at which the log of a request closed at `closedAt` may be purged. */
export function retentionPurgeAt(
  closedAt: Date,
  months: number = LEGAL.minRequestLogRetentionMonths,
  timeZone = 'UTC',
): Date {
  assertRetentionMonths(months);
  const lastKeptDay = addMonthsClamped(toLocalDate(closedAt, timeZone), months);
  return startOfLocalDay(addCalendarDays(lastKeptDay, 1), timeZone);
}

export interface PurgeOptions {
  /** A legal hold keeps the record regardless of age. */
  readonly legalHold?: boolean;
  readonly timeZone?: string;
}

export function isPurgeable(
  closedAt: Date,
  now: Date,
  months: number = LEGAL.minRequestLogRetentionMonths,
  options: PurgeOptions = {},
): boolean {
  assertRetentionMonths(months);
  if (options.legalHold) return false;
  return now.getTime() >= retentionPurgeAt(closedAt, months, options.timeZone ?? 'UTC').getTime();
}
