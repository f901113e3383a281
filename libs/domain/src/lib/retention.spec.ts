import fc from 'fast-check';
import { at, RUNS, TIME_ZONES } from '../test/fixtures';
import { addMonthsClamped, compareLocalDates, toLocalDate } from './calendar';
import { assertRetentionMonths, isPurgeable, retentionPurgeAt, validateRetentionMonths } from './retention';

describe('R21 request-log retention', () => {
  it('R21 keeps the log through the same-numbered day 24 months after closing, then it may be purged', () => {
    const closedAt = at('2025-03-10T15:00:00Z');
    expect(retentionPurgeAt(closedAt).toISOString()).toBe('2027-03-11T00:00:00.000Z');
    expect(isPurgeable(closedAt, at('2027-03-10T23:59:59.999Z'))).toBe(false);
    expect(isPurgeable(closedAt, at('2027-03-11T00:00:00Z'))).toBe(true);
  });

  it('R21 a log closed on 29 February is kept through 28 February two years on', () => {
    expect(retentionPurgeAt(at('2028-02-29T08:00:00Z')).toISOString()).toBe('2030-03-01T00:00:00.000Z');
  });

  it('R21 counts in the controller’s time zone', () => {
    // 10 March 2025 23:30 in Los Angeles (11 March in UTC): purgeable from 11 March 2027, local midnight.
    const closedAt = at('2025-03-11T06:30:00Z');
    expect(retentionPurgeAt(closedAt, 24, 'America/Los_Angeles').toISOString()).toBe('2027-03-11T08:00:00.000Z');
    expect(isPurgeable(closedAt, at('2027-03-11T08:00:00Z'), 24, { timeZone: 'America/Los_Angeles' })).toBe(true);
  });

  it('R21 refuses a retention shorter than 24 months', () => {
    expect(validateRetentionMonths(23)).toMatch(/at least 24 months/);
    expect(validateRetentionMonths(24.5)).toMatch(/integer/);
    expect(validateRetentionMonths(24)).toBeNull();
    expect(validateRetentionMonths(36)).toBeNull();
    expect(() => assertRetentionMonths(12)).toThrow(RangeError);
    expect(() => retentionPurgeAt(at('2025-03-10T15:00:00Z'), 12)).toThrow(/24 months/);
  });

  it('R21 a longer configured retention keeps the log longer', () => {
    expect(retentionPurgeAt(at('2025-03-10T15:00:00Z'), 36).toISOString()).toBe('2028-03-11T00:00:00.000Z');
  });

  it('R21 a legal hold keeps the log regardless of age', () => {
    expect(isPurgeable(at('2020-01-01T00:00:00Z'), at('2030-01-01T00:00:00Z'), 24, { legalHold: true })).toBe(false);
  });

  it('R21 property: the log is never purgeable before 24 full months after closing', () => {
    fc.assert(
      fc.property(
        fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2095-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...TIME_ZONES),
        fc.integer({ min: 24, max: 120 }),
        (closedAt, tz, months) => {
          const purgeAt = retentionPurgeAt(closedAt, months, tz);
          const lastKept = toLocalDate(new Date(purgeAt.getTime() - 1), tz);
          expect(compareLocalDates(lastKept, addMonthsClamped(toLocalDate(closedAt, tz), months))).toBe(0);
          expect(isPurgeable(closedAt, new Date(purgeAt.getTime() - 1), months, { timeZone: tz })).toBe(false);
          expect(isPurgeable(closedAt, purgeAt, months, { timeZone: tz })).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
