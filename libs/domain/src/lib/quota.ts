/**
 * R05: a CCPA know/access request (incl. portability) is owed at most twice
 * per trailing 12 months.
 *
 * The edge, precisely: a request accepted at instant t, on local day D in the
 * controller's time zone, counts up to the end of the day before
 * D + 12 months and stops counting at the first instant of local day
 * D + 12 months (same-numbered day, or the month's last day when it has none:
 * a request of 29 February 2028 stops counting on 28 February 2029).
 * Day granularity (rather than t + 12 months to the millisecond) keeps the
 * window monotone around month ends, gives the subject a plain date in the
 * notice, and errs by less than a day in the subject's favour.
 *
 * Callers pass only accepted requests (not ones closed as not obligated).
 * Making the check race-free (R05) is the registry's job; these functions are
 * the arithmetic it applies.
 */
import {
  addCalendarDays,
  addMonthsClamped,
  compareLocalDates,
  LocalDate,
  startOfLocalDay,
  toLocalDate,
} from './calendar';
import { DsarPolicy, LEGAL } from './policy';
import { Jurisdiction, RequestType, ruleFor } from './request-types';

const WINDOW_MONTHS = LEGAL.ccpaAccessWindowMonths;

function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
}

/** The instant from which a request accepted at `acceptedAt` no longer counts. */
export function quotaExpiry(acceptedAt: Date, timeZone: string): Date {
  return startOfLocalDay(addMonthsClamped(toLocalDate(acceptedAt, timeZone), WINDOW_MONTHS), timeZone);
}

/**
 * The first instant of the trailing window at `now`: requests accepted at or
 * after it count, earlier ones do not. Equivalent to `quotaExpiry(t) > now`.
 */
export function quotaWindowStart(now: Date, timeZone: string): Date {
  const today = toLocalDate(now, timeZone);
  // The earliest day D with D + 12 months > today; month-end clamping can make
  // several days expire together (28 and 29 February both expire on 28 February).
  let first: LocalDate = addCalendarDays(addMonthsClamped(today, -WINDOW_MONTHS), 1);
  while (compareLocalDates(addMonthsClamped(first, WINDOW_MONTHS), today) <= 0) first = addCalendarDays(first, 1);
  return startOfLocalDay(first, timeZone);
}

export function countsInWindow(acceptedAt: Date, now: Date, timeZone: string): boolean {
  return now.getTime() < quotaExpiry(acceptedAt, timeZone).getTime();
}

export function countInWindow(acceptedAtList: readonly Date[], now: Date, timeZone: string): number {
  return acceptedAtList.filter((t) => countsInWindow(t, now, timeZone)).length;
}

/** Whether one more request is owed now: fewer than `limit` accepted in the window. */
export function isWithinQuota(
  acceptedAtList: readonly Date[],
  now: Date,
  timeZone: string,
  limit: number = LEGAL.ccpaAccessLimit,
): boolean {
  assertLimit(limit);
  return countInWindow(acceptedAtList, now, timeZone) < limit;
}

/**
 * When the next request is owed (for the "not obligated" notice): `now` if one
 * is owed already, else the instant enough accepted requests leave the window
 * — with the usual two, the earliest one's expiry.
 */
export function nextOwedDate(
  acceptedAtList: readonly Date[],
  now: Date,
  timeZone: string,
  limit: number = LEGAL.ccpaAccessLimit,
): Date {
  assertLimit(limit);
  const expiries = acceptedAtList
    .map((t) => quotaExpiry(t, timeZone).getTime())
    .filter((e) => now.getTime() < e)
    .sort((a, b) => a - b);
  if (expiries.length < limit) return new Date(now.getTime());
  return new Date(expiries[expiries.length - limit]);
}

/**
 * The R05 limit for a request, or null when none applies: CCPA know requests
 * use `ccpaAccessLimit`; OTHER know requests use `otherPolicy.accessLimit`;
 * GDPR and all other types have no numeric limit.
 */
export function accessLimitFor(
  type: RequestType,
  jurisdiction: Jurisdiction,
  policy: Pick<DsarPolicy, 'ccpaAccessLimit' | 'otherPolicy'>,
): number | null {
  if (!ruleFor(type).isKnowRequest) return null;
  if (jurisdiction === 'CCPA') return policy.ccpaAccessLimit;
  if (jurisdiction === 'OTHER') return policy.otherPolicy.accessLimit;
  return null;
}
