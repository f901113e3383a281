/**
 * Local-date arithmetic in the controller's time zone.
 *
 * Legal periods are counted in days of the controller's calendar, not in
 * 24-hour blocks, so every deadline is computed on a `LocalDate` and only then
 * turned back into an instant. Time-zone conversion uses `Intl.DateTimeFormat`,
 * which Temporal's deterministic workflow sandbox provides; nothing here reads
 * the clock.
 */

/** A calendar day with no time and no zone. `month` is 1–12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Public holidays as ISO dates `YYYY-MM-DD` in the controller's calendar. */
export type Holidays = readonly string[] | ReadonlySet<string>;

const DAY_MS = 86_400_000;

// ─── Plain calendar arithmetic (no zone) ──────────────────────────────────────

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidLocalDate(date: LocalDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

function assertLocalDate(date: LocalDate): void {
  if (!isValidLocalDate(date)) throw new RangeError(`Invalid local date: ${JSON.stringify(date)}`);
}

function assertInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

/** Milliseconds since the epoch of a UTC wall time; `setUTCFullYear` avoids Date.UTC's 0–99 → 1900s quirk. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}

/** Days since 1970-01-01 — lets day arithmetic ignore month lengths. */
export function toEpochDay(date: LocalDate): number {
  return Math.round(utcMs(date.year, date.month, date.day) / DAY_MS);
}

export function fromEpochDay(epochDay: number): LocalDate {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Negative, zero or positive like a comparator. */
export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

export function localDatesEqual(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  assertLocalDate(date);
  assertInteger(days, 'days');
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Same-numbered day `months` later (or earlier when negative), or that month's
 * last day when it has no such day — Reg. 1182/71 art. 3(2)(c).
 */
export function addMonthsClamped(date: LocalDate, months: number): LocalDate {
  assertLocalDate(date);
  assertInteger(months, 'months');
  const index = date.year * 12 + (date.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

export function isWeekend(date: LocalDate): boolean {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
}

// ─── ISO dates and holidays ───────────────────────────────────────────────────

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && isValidLocalDate({ year: +m[1], month: +m[2], day: +m[3] });
}

export function parseIsoDate(value: string): LocalDate {
  const m = ISO_DATE.exec(value);
  const date = m ? { year: +m[1], month: +m[2], day: +m[3] } : null;
  if (!date || !isValidLocalDate(date)) throw new RangeError(`Not an ISO date (YYYY-MM-DD): ${value}`);
  return date;
}

export function formatIsoDate(date: LocalDate): string {
  assertLocalDate(date);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

// Holiday lists are configuration, usually the same array object every call.
const holidaySets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** Validates a holiday list once and returns it as a set of ISO dates. */
export function toHolidaySet(holidays: Holidays): ReadonlySet<string> {
  if (!Array.isArray(holidays)) return holidays as ReadonlySet<string>;
  const list = holidays as readonly string[];
  const cached = holidaySets.get(list);
  if (cached) return cached;
  for (const h of list) parseIsoDate(h);
  const set = new Set(list);
  holidaySets.set(list, set);
  return set;
}

/** A working day is a weekday that is not a configured public holiday. */
export function isWorkingDay(date: LocalDate, holidays: Holidays = []): boolean {
  return !isWeekend(date) && !toHolidaySet(holidays).has(formatIsoDate(date));
}

/** `date` itself when it is a working day, else the next one (Reg. 1182/71 art. 3(4) roll). */
export function rollToWorkingDay(date: LocalDate, holidays: Holidays = []): LocalDate {
  const set = toHolidaySet(holidays);
  let d = date;
  while (!isWorkingDay(d, set)) d = addCalendarDays(d, 1);
  return d;
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: LocalDate, holidays: Holidays = []): LocalDate {
  return rollToWorkingDay(addCalendarDays(date, 1), holidays);
}

/**
 * The `n`-th working day after `date`; `date` itself is not counted (like the
 * day of receipt), so the result is always a working day when n ≥ 1. n = 0
 * returns `date` unchanged.
 */
export function addBusinessDays(date: LocalDate, n: number, holidays: Holidays = []): LocalDate {
  assertInteger(n, 'business days');
  if (n < 0) throw new RangeError(`business days must be ≥ 0, got ${n}`);
  const set = toHolidaySet(holidays);
  let d = date;
  for (let i = 0; i < n; i++) d = nextWorkingDay(d, set);
  return d;
}

// ─── Instants ↔ local dates in a time zone ────────────────────────────────────

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: unknown): timeZone is string {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function assertInstant(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  return t;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(epochMs: number, timeZone: string): WallClock {
  const w: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in w) w[part.type as keyof WallClock] = Number(part.value);
  }
  if (w.hour === 24) w.hour = 0; // old ICU builds print midnight as 24 despite h23
  return w;
}

/** The zone's UTC offset at an instant, in milliseconds (east positive). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  const t = assertInstant(instant);
  const w = wallClock(t, timeZone);
  const ms = ((t % 1000) + 1000) % 1000;
  return utcMs(w.year, w.month, w.day, w.hour, w.minute, w.second) + ms - t;
}

/** The calendar day an instant falls on in `timeZone`. */
export function toLocalDate(instant: Date, timeZone: string): LocalDate {
  const w = wallClock(assertInstant(instant), timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

function localDateAt(epochMs: number, timeZone: string): LocalDate {
  const w = wallClock(epochMs, timeZone);
  return { year: w.year, month: w.month, day: w.day };
}

/**
 * Day starts already worked out, by zone and day. Finding one takes up to six
 * `formatToParts` calls, the costliest step of a submission's due date, and a
 * day's requests all end on the same few days; the answer for a day never changes
 * within a process (its zone data is fixed), so it is kept. Bounded: cleared when full.
 */
const dayStarts = new Map<string, number>();
const DAY_STARTS_KEPT = 1_000;

/**
 * The first instant of a local day. Usually local midnight; when a DST change
 * skips midnight (or a zone skips the whole day) it is the first instant whose
 * local date is `date` or later.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  assertLocalDate(date);
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    start = firstInstantOf(date, timeZone);
    if (dayStarts.size >= DAY_STARTS_KEPT) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return new Date(start); // a new Date each time: a caller may change the one it gets
}

function firstInstantOf(date: LocalDate, timeZone: string): number {
  const wall = utcMs(date.year, date.month, date.day);
  const isStart = (t: number) =>
    compareLocalDates(localDateAt(t, timeZone), date) >= 0 && compareLocalDates(localDateAt(t - 1, timeZone), date) < 0;

  // Fast path: local midnight under the offset in force a day before or after.
  const candidates = [
    wall - utcOffsetMs(new Date(wall - DAY_MS), timeZone),
    wall - utcOffsetMs(new Date(wall + DAY_MS), timeZone),
  ].sort((a, b) => a - b);
  for (const t of candidates) if (isStart(t)) return t;

  // Midnight falls in a DST gap: search for the transition. Offsets lie within
  // ±14 h, so the day starts strictly inside (wall − 36 h, wall + 36 h].
  let lo = wall - 36 * 3_600_000;
  let hi = wall + 36 * 3_600_000;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (compareLocalDates(localDateAt(mid, timeZone), date) >= 0) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The last instant (millisecond) of a local day in `timeZone`, DST-safe. */
export function endOfLocalDay(date: LocalDate, timeZone: string): Date {
  return new Date(startOfLocalDay(addCalendarDays(date, 1), timeZone).getTime() - 1);
}
