import fc from 'fast-check';
import { at, RUNS, TIME_ZONES } from '../test/fixtures';
import { defaultPolicy } from './policy';
import {
  accessLimitFor,
  countInWindow,
  countsInWindow,
  isWithinQuota,
  nextOwedDate,
  quotaExpiry,
  quotaWindowStart,
} from './quota';

const DAY = 86_400_000;

describe('R05 access quota: the edge of the 12-month window', () => {
  it('R05 a request of 10 March 2025 still counts at the last instant of 9 March 2026', () => {
    expect(countsInWindow(at('2025-03-10T15:00:00Z'), at('2026-03-09T23:59:59.999Z'), 'UTC')).toBe(true);
  });

  it('R05 a request of 10 March 2025 no longer counts from the start of 10 March 2026', () => {
    expect(countsInWindow(at('2025-03-10T15:00:00Z'), at('2026-03-10T00:00:00Z'), 'UTC')).toBe(false);
    expect(quotaExpiry(at('2025-03-10T15:00:00Z'), 'UTC').toISOString()).toBe('2026-03-10T00:00:00.000Z');
  });

  it('R05 a request of 29 February stops counting on 28 February of the next year', () => {
    expect(quotaExpiry(at('2028-02-29T12:00:00Z'), 'UTC').toISOString()).toBe('2029-02-28T00:00:00.000Z');
    // Both 28 and 29 February 2028 have left the window on 28 February 2029.
    expect(quotaWindowStart(at('2029-02-28T12:00:00Z'), 'UTC').toISOString()).toBe('2028-03-01T00:00:00.000Z');
    expect(quotaWindowStart(at('2029-02-27T12:00:00Z'), 'UTC').toISOString()).toBe('2028-02-28T00:00:00.000Z');
  });

  it('R05 the window starts the day after the same date last year', () => {
    expect(quotaWindowStart(at('2026-03-10T12:00:00Z'), 'UTC').toISOString()).toBe('2025-03-11T00:00:00.000Z');
  });

  it('R05 days are the controller’s: 9 March 23:30 in Los Angeles counts until 9 March next year, local time', () => {
    const t = at('2025-03-10T06:30:00Z'); // 9 March 2025, 23:30 PDT
    expect(quotaExpiry(t, 'America/Los_Angeles').toISOString()).toBe('2026-03-09T07:00:00.000Z'); // 00:00 PDT
    expect(quotaExpiry(t, 'UTC').toISOString()).toBe('2026-03-10T00:00:00.000Z');
  });
});

describe('R05 access quota: counting', () => {
  const twoThisYear = [at('2025-01-05T10:00:00Z'), at('2025-06-01T10:00:00Z')];

  it('R05 refuses a third access request within 12 months and says when the next one is owed', () => {
    const now = at('2025-09-01T10:00:00Z');
    expect(countInWindow(twoThisYear, now, 'UTC')).toBe(2);
    expect(isWithinQuota(twoThisYear, now, 'UTC')).toBe(false);
    expect(nextOwedDate(twoThisYear, now, 'UTC').toISOString()).toBe('2026-01-05T00:00:00.000Z');
  });

  it('R05 owes a request once the earliest has left the window', () => {
    expect(isWithinQuota(twoThisYear, at('2026-01-04T23:59:59.999Z'), 'UTC')).toBe(false);
    expect(isWithinQuota(twoThisYear, at('2026-01-05T00:00:00Z'), 'UTC')).toBe(true);
  });

  it('R05 with one accepted request, the next is owed now', () => {
    const now = at('2025-09-01T10:00:00Z');
    expect(isWithinQuota([twoThisYear[0]], now, 'UTC')).toBe(true);
    expect(nextOwedDate([twoThisYear[0]], now, 'UTC')).toEqual(now);
    expect(nextOwedDate([], now, 'UTC')).toEqual(now);
  });

  it('R05 with more accepted than the limit (a raised limit later lowered), waits for enough to leave', () => {
    const three = [at('2025-01-05T10:00:00Z'), at('2025-02-01T10:00:00Z'), at('2025-06-01T10:00:00Z')];
    expect(nextOwedDate(three, at('2025-09-01T10:00:00Z'), 'UTC').toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(isWithinQuota(three, at('2025-09-01T10:00:00Z'), 'UTC', 4)).toBe(true);
  });

  it('refuses a limit below 1', () => {
    expect(() => isWithinQuota([], at('2025-09-01T10:00:00Z'), 'UTC', 0)).toThrow(RangeError);
  });

  it('R05 applies to CCPA know requests (incl. categories and portability); OTHER only when configured', () => {
    expect(accessLimitFor('access', 'CCPA', defaultPolicy)).toBe(2);
    expect(accessLimitFor('access_categories', 'CCPA', defaultPolicy)).toBe(2);
    expect(accessLimitFor('portability', 'CCPA', defaultPolicy)).toBe(2);
    expect(accessLimitFor('deletion', 'CCPA', defaultPolicy)).toBeNull();
    expect(accessLimitFor('access', 'GDPR', defaultPolicy)).toBeNull();
    expect(accessLimitFor('access', 'OTHER', defaultPolicy)).toBeNull();
    expect(
      accessLimitFor('access', 'OTHER', {
        ...defaultPolicy,
        otherPolicy: { ...defaultPolicy.otherPolicy, accessLimit: 4 },
      }),
    ).toBe(4);
  });
});

describe('R05 properties', () => {
  const instant = fc.date({ min: at('2000-01-01T00:00:00Z'), max: at('2098-12-31T00:00:00Z'), noInvalidDate: true });
  const zone = fc.constantFrom(...TIME_ZONES);
  // Offsets from acceptance to "now", concentrated around one year where the edge is.
  const offset = fc.oneof(
    fc.integer({ min: -30 * DAY, max: 800 * DAY }),
    fc.integer({ min: 363 * DAY, max: 368 * DAY }),
  );

  it('R05 property: a request counts just inside its window and not just outside', () => {
    fc.assert(
      fc.property(instant, zone, (t, tz) => {
        const expiry = quotaExpiry(t, tz).getTime();
        expect(countsInWindow(t, new Date(expiry - 1), tz)).toBe(true);
        expect(countsInWindow(t, new Date(expiry), tz)).toBe(false);
        // Twelve calendar months, counted in whole local days: a request made late
        // on day D stops counting at the start of day D + 12 months, which can be
        // up to a day (plus a DST hour) short of 365 days.
        expect(expiry - t.getTime()).toBeGreaterThanOrEqual(364 * DAY - 3_600_000);
        expect(expiry - t.getTime()).toBeLessThanOrEqual(367 * DAY);
      }),
      RUNS,
    );
  });

  it('R05 property: the window start agrees with per-request expiry', () => {
    fc.assert(
      fc.property(instant, zone, offset, (t, tz, off) => {
        const now = new Date(t.getTime() + off);
        const start = quotaWindowStart(now, tz);
        expect(countsInWindow(t, now, tz)).toBe(t.getTime() >= start.getTime());
        expect(countsInWindow(new Date(start.getTime()), now, tz)).toBe(true);
        expect(countsInWindow(new Date(start.getTime() - 1), now, tz)).toBe(false);
      }),
      RUNS,
    );
  });

  it('R05 property: the next request is owed exactly at nextOwedDate, not a millisecond earlier', () => {
    fc.assert(
      fc.property(
        instant,
        zone,
        fc.array(fc.integer({ min: 0, max: 730 * DAY }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 3 }),
        (now, tz, ages, limit) => {
          const accepted = ages.map((a) => new Date(now.getTime() - a));
          const owed = nextOwedDate(accepted, now, tz, limit);
          expect(owed.getTime()).toBeGreaterThanOrEqual(now.getTime());
          expect(isWithinQuota(accepted, owed, tz, limit)).toBe(true);
          if (owed.getTime() > now.getTime()) {
            expect(isWithinQuota(accepted, now, tz, limit)).toBe(false);
            expect(isWithinQuota(accepted, new Date(owed.getTime() - 1), tz, limit)).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });
});
