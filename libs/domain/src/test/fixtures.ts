// Shared fixtures for the domain specs (not exported by the lib). No fast-check
// import here: the domain's lint boundary allows external packages in *.spec.ts only,
// so each spec builds its generators from these plain values.
import { addCalendarDays, daysInMonth, formatIsoDate, LocalDate, parseIsoDate } from '../lib/calendar';

/** Zones with awkward offsets and DST rules: half/quarter hours, ±14 h, midnight transitions, southern hemisphere. */
export const TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'America/Los_Angeles',
  'America/New_York',
  'America/St_Johns',
  'America/Santiago',
  'America/Havana',
  'America/Sao_Paulo',
  'Asia/Beirut',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Africa/Casablanca',
] as const;

/** Bounds for generated instants: 2000–2100. */
export const MIN_INSTANT = new Date('2000-01-01T00:00:00Z');
export const MAX_INSTANT = new Date('2100-12-31T23:59:59.999Z');

/** A generated (year, month, day) made valid by clamping the day to the month's length. */
export function clampToMonth(parts: { year: number; month: number; day: number }): LocalDate {
  return { year: parts.year, month: parts.month, day: Math.min(parts.day, daysInMonth(parts.year, parts.month)) };
}

/** Holidays at the given day offsets from a date, so that generated holidays actually matter. */
export function holidaysNear(date: LocalDate, offsets: readonly number[]): string[] {
  return offsets.map((o) => formatIsoDate(addCalendarDays(date, o)));
}

export const d = (isoDate: string): LocalDate => parseIsoDate(isoDate);
export const at = (isoInstant: string): Date => new Date(isoInstant);
export const iso = (date: LocalDate): string => formatIsoDate(date);

/** Modest run counts keep the suite fast. */
export const RUNS = { numRuns: 300 } as const;

/** Narrows away null in tests (instead of a non-null assertion). */
export function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}
