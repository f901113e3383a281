import fc from 'fast-check';
import { at, clampToMonth, d, holidaysNear, iso, MAX_INSTANT, MIN_INSTANT, RUNS, TIME_ZONES } from '../test/fixtures';
import {
  addBusinessDays,
  addCalendarDays,
  addMonthsClamped,
  compareLocalDates,
  daysBetween,
  endOfLocalDay,
  isIsoDate,
  isValidTimeZone,
  isWeekend,
  isWorkingDay,
  nextWorkingDay,
  parseIsoDate,
  rollToWorkingDay,
  startOfLocalDay,
  toHolidaySet,
  toLocalDate,
  utcOffsetMs,
} from './calendar';

const instantArb = fc.date({ min: MIN_INSTANT, max: MAX_INSTANT, noInvalidDate: true });
const timeZoneArb = fc.constantFrom(...TIME_ZONES);
// Biased towards month ends (28–31), where the clamping rules bite.
const localDateArb = fc
  .record({
    year: fc.integer({ min: 2000, max: 2100 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 28, max: 31 })),
  })
  .map(clampToMonth);
const holidayOffsetsArb = fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 20 });

describe('calendar: plain dates', () => {
  it('adds calendar days across month and year ends', () => {
    expect(iso(addCalendarDays(d('2025-12-30'), 3))).toBe('2026-01-02');
    expect(iso(addCalendarDays(d('2028-02-28'), 1))).toBe('2028-02-29');
    expect(iso(addCalendarDays(d('2025-03-01'), -1))).toBe('2025-02-28');
  });

  it('R01 Reg. 1182/71: adding months keeps the day number or clamps to the last day of the month', () => {
    expect(iso(addMonthsClamped(d('2025-01-31'), 1))).toBe('2025-02-28');
    expect(iso(addMonthsClamped(d('2028-01-31'), 1))).toBe('2028-02-29');
    expect(iso(addMonthsClamped(d('2025-03-31'), 1))).toBe('2025-04-30');
    expect(iso(addMonthsClamped(d('2025-03-15'), 1))).toBe('2025-04-15');
    expect(iso(addMonthsClamped(d('2025-12-31'), 2))).toBe('2026-02-28');
    expect(iso(addMonthsClamped(d('2025-03-31'), -1))).toBe('2025-02-28');
    expect(iso(addMonthsClamped(d('2028-02-29'), 12))).toBe('2029-02-28');
  });

  it('knows weekends and working days, with configured holidays', () => {
    expect(isWeekend(d('2025-03-15'))).toBe(true); // Saturday
    expect(isWeekend(d('2025-03-16'))).toBe(true); // Sunday
    expect(isWeekend(d('2025-03-17'))).toBe(false);
    expect(isWorkingDay(d('2025-05-01'))).toBe(true);
    expect(isWorkingDay(d('2025-05-01'), ['2025-05-01'])).toBe(false);
  });

  it('rolls to the same day when it is a working day, else the next one; nextWorkingDay is strictly after', () => {
    expect(iso(rollToWorkingDay(d('2025-03-14')))).toBe('2025-03-14');
    expect(iso(rollToWorkingDay(d('2025-03-15')))).toBe('2025-03-17');
    expect(iso(nextWorkingDay(d('2025-03-14')))).toBe('2025-03-17');
    expect(iso(rollToWorkingDay(d('2025-12-25'), ['2025-12-25', '2025-12-26']))).toBe('2025-12-29');
  });

  it('R03/R04 adds business days, skipping weekends and holidays, not counting the start day', () => {
    expect(iso(addBusinessDays(d('2025-03-14'), 1))).toBe('2025-03-17'); // Fri + 1 = Mon
    expect(iso(addBusinessDays(d('2025-03-14'), 1, ['2025-03-17']))).toBe('2025-03-18');
    expect(iso(addBusinessDays(d('2025-03-03'), 10))).toBe('2025-03-17');
    expect(iso(addBusinessDays(d('2025-03-15'), 1))).toBe('2025-03-17'); // from a Saturday
    expect(iso(addBusinessDays(d('2025-03-15'), 0))).toBe('2025-03-15');
    expect(() => addBusinessDays(d('2025-03-15'), -1)).toThrow(RangeError);
  });

  it('parses and validates ISO dates and holiday lists', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-2-3')).toBe(false);
    expect(() => parseIsoDate('2025-02-30')).toThrow(RangeError);
    expect(() => toHolidaySet(['2025-13-01'])).toThrow(/ISO date/);
  });
});

describe('calendar: time zones', () => {
  it('validates IANA time zones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => toLocalDate(at('2025-01-01T00:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('R01 time zone: one instant is a different local day in Los Angeles and Berlin', () => {
    const t = at('2025-03-31T23:30:00Z');
    expect(iso(toLocalDate(t, 'America/Los_Angeles'))).toBe('2025-03-31');
    expect(iso(toLocalDate(t, 'Europe/Berlin'))).toBe('2025-04-01');
    expect(iso(toLocalDate(t, 'UTC'))).toBe('2025-03-31');
  });

  it('reports UTC offsets across DST', () => {
    expect(utcOffsetMs(at('2025-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(3_600_000);
    expect(utcOffsetMs(at('2025-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(7_200_000);
    expect(utcOffsetMs(at('2025-07-15T12:00:00Z'), 'America/Los_Angeles')).toBe(-7 * 3_600_000);
    expect(utcOffsetMs(at('2025-01-15T12:00:00.123Z'), 'Asia/Kathmandu')).toBe(5.75 * 3_600_000);
  });

  it('R01 ends a day at its last millisecond, on short and long DST days', () => {
    // Berlin: 23-hour day (spring forward) and 25-hour day (fall back).
    expect(endOfLocalDay(d('2025-03-30'), 'Europe/Berlin').toISOString()).toBe('2025-03-30T21:59:59.999Z');
    expect(endOfLocalDay(d('2025-10-26'), 'Europe/Berlin').toISOString()).toBe('2025-10-26T22:59:59.999Z');
    // Los Angeles on its DST days.
    expect(endOfLocalDay(d('2025-03-09'), 'America/Los_Angeles').toISOString()).toBe('2025-03-10T06:59:59.999Z');
    expect(endOfLocalDay(d('2025-11-02'), 'America/Los_Angeles').toISOString()).toBe('2025-11-03T07:59:59.999Z');
    expect(endOfLocalDay(d('2025-06-01'), 'UTC').toISOString()).toBe('2025-06-01T23:59:59.999Z');
  });

  it('handles DST changes at midnight (Santiago skips 00:00 on 7 September 2025)', () => {
    expect(startOfLocalDay(d('2025-09-07'), 'America/Santiago').toISOString()).toBe('2025-09-07T04:00:00.000Z');
    expect(endOfLocalDay(d('2025-09-06'), 'America/Santiago').toISOString()).toBe('2025-09-07T03:59:59.999Z');
    expect(iso(toLocalDate(at('2025-09-07T04:00:00Z'), 'America/Santiago'))).toBe('2025-09-07');
  });

  it('handles a skipped day (Samoa went from 29 to 31 December 2011)', () => {
    expect(endOfLocalDay(d('2011-12-29'), 'Pacific/Apia').toISOString()).toBe('2011-12-30T09:59:59.999Z');
    expect(iso(toLocalDate(at('2011-12-30T10:00:00Z'), 'Pacific/Apia'))).toBe('2011-12-31');
  });

  it('answers a day asked again as the first time, with a Date of its own', () => {
    const first = startOfLocalDay(d('2025-09-07'), 'America/Santiago');
    first.setTime(0); // a caller changing its Date must not change the next answer
    expect(startOfLocalDay(d('2025-09-07'), 'America/Santiago').toISOString()).toBe('2025-09-07T04:00:00.000Z');
    expect(endOfLocalDay(d('2011-12-29'), 'Pacific/Apia').toISOString()).toBe('2011-12-30T09:59:59.999Z');
    expect(endOfLocalDay(d('2011-12-29'), 'Pacific/Apia').toISOString()).toBe('2011-12-30T09:59:59.999Z');
    expect(() => startOfLocalDay(d('2025-09-07'), 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => startOfLocalDay(d('2025-09-07'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('property: endOfLocalDay is the last instant of the day containing any instant', () => {
    fc.assert(
      fc.property(instantArb, timeZoneArb, (t, zone) => {
        const day = toLocalDate(t, zone);
        const end = endOfLocalDay(day, zone);
        expect(end.getTime()).toBeGreaterThanOrEqual(t.getTime());
        expect(toLocalDate(end, zone)).toEqual(day);
        expect(toLocalDate(new Date(end.getTime() + 1), zone)).toEqual(addCalendarDays(day, 1));
        const start = startOfLocalDay(day, zone);
        expect(start.getTime()).toBeLessThanOrEqual(t.getTime());
        expect(toLocalDate(new Date(start.getTime() - 1), zone)).toEqual(addCalendarDays(day, -1));
      }),
      RUNS,
    );
  });

  it('property: adding months lands on the same day number or on the last day of a shorter month', () => {
    fc.assert(
      fc.property(localDateArb, fc.integer({ min: -36, max: 36 }), (date, months) => {
        const r = addMonthsClamped(date, months);
        expect(r.year * 12 + r.month - (date.year * 12 + date.month)).toBe(months);
        if (r.day !== date.day) {
          expect(r.day).toBeLessThan(date.day);
          expect(iso(addCalendarDays(r, 1)).slice(8)).toBe('01'); // r is its month's last day
        }
      }),
      RUNS,
    );
  });

  it('property R03/R04: adding n business days lands on a working day with exactly n working days after the start', () => {
    fc.assert(
      fc.property(localDateArb, fc.integer({ min: 1, max: 30 }), holidayOffsetsArb, (date, n, offsets) => {
        const holidays = holidaysNear(date, offsets);
        const r = addBusinessDays(date, n, holidays);
        expect(isWorkingDay(r, holidays)).toBe(true);
        let working = 0;
        for (let i = 1; i <= daysBetween(date, r); i++) if (isWorkingDay(addCalendarDays(date, i), holidays)) working++;
        expect(working).toBe(n);
        expect(compareLocalDates(r, date)).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });
});
