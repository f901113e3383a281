import fc from 'fast-check';
import {
  at,
  clampToMonth,
  present,
  holidaysNear,
  iso,
  MAX_INSTANT,
  MIN_INSTANT,
  RUNS,
  TIME_ZONES,
} from '../test/fixtures';
import {
  addCalendarDays,
  addMonthsClamped,
  compareLocalDates,
  daysInMonth,
  isWorkingDay,
  toLocalDate,
} from './calendar';
import { computeDueDate, computeVerificationDeadline, isOverdue, reminderTimes } from './deadlines';
import { defaultPolicy, DsarPolicy } from './policy';
import { isOfferedIn, Jurisdiction, JURISDICTIONS, REQUEST_TYPES, RequestType } from './request-types';

const policy = (overrides: Partial<DsarPolicy> = {}): DsarPolicy => ({ ...defaultPolicy, ...overrides });
const due = (receivedAt: string, jurisdiction: Jurisdiction, type: RequestType = 'access', p = policy()) =>
  computeDueDate({ receivedAt: at(receivedAt), jurisdiction, type, policy: p });

describe('R01 due date: GDPR', () => {
  it('R01 GDPR: received 31 January ends 28 February (29 in a leap year)', () => {
    const r2025 = due('2025-01-31T10:00:00Z', 'GDPR');
    expect(iso(present(r2025.legalDeadlineOn))).toBe('2025-02-28'); // a Friday
    expect(present(r2025.legalDeadlineAt).toISOString()).toBe('2025-02-28T23:59:59.999Z');
    expect(r2025.dueAt.toISOString()).toBe('2025-02-28T23:59:59.999Z'); // legal < receipt + 30 days (2 March)

    const r2028 = due('2028-01-31T10:00:00Z', 'GDPR');
    expect(iso(present(r2028.legalDeadlineOn))).toBe('2028-02-29'); // a Tuesday
    expect(r2028.dueAt.toISOString()).toBe('2028-02-29T23:59:59.999Z');
  });

  it('R01 GDPR: the day of receipt is not counted; the period ends on the same-numbered day', () => {
    const r = due('2025-03-12T00:00:00Z', 'GDPR', 'access', policy({ defaultResponseDays: 60 }));
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-04-14'); // 12 April is a Saturday → Monday 14
    const r2 = due('2025-03-14T23:59:59Z', 'GDPR', 'access', policy({ defaultResponseDays: 60 }));
    expect(iso(present(r2.legalDeadlineOn))).toBe('2025-04-14'); // Monday, same-numbered day
  });

  it('R01 GDPR: an end on a Saturday rolls to Monday', () => {
    // 17 April 2025 + 1 month = Saturday 17 May → Monday 19 May.
    const r = due('2025-04-17T09:00:00Z', 'GDPR', 'access', policy({ defaultResponseDays: 60 }));
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-05-19');
    expect(r.dueAt.toISOString()).toBe('2025-05-19T23:59:59.999Z');
  });

  it('R01 GDPR: our 30-day default is earlier than the rolled legal deadline and wins', () => {
    const r = due('2025-04-17T09:00:00Z', 'GDPR');
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-05-19');
    expect(iso(r.dueOn)).toBe('2025-05-17'); // receipt + 30 calendar days, no roll needed: it is earlier
  });

  it('R01 GDPR: an end on a public holiday rolls to the next working day', () => {
    const r = due(
      '2025-04-01T09:00:00Z',
      'GDPR',
      'access',
      policy({ holidays: ['2025-05-01'], defaultResponseDays: 60 }),
    );
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-05-02');
    // Holidays then a weekend: 25 and 26 December 2025 (Thu, Fri) → Monday 29.
    const x = due(
      '2025-11-25T09:00:00Z',
      'GDPR',
      'access',
      policy({ holidays: ['2025-12-25', '2025-12-26'], defaultResponseDays: 60 }),
    );
    expect(iso(present(x.legalDeadlineOn))).toBe('2025-12-29');
  });

  it('R01 time zone: the same instant is received on different days in Los Angeles and Berlin', () => {
    const t = '2025-03-31T23:30:00Z';
    const berlin = due(t, 'GDPR', 'access', policy({ timeZone: 'Europe/Berlin' }));
    expect(iso(berlin.receivedOn)).toBe('2025-04-01');
    expect(iso(present(berlin.legalDeadlineOn))).toBe('2025-05-01');
    expect(berlin.dueAt.toISOString()).toBe('2025-05-01T21:59:59.999Z'); // end of day, CEST
    const la = due(t, 'GDPR', 'access', policy({ timeZone: 'America/Los_Angeles' }));
    expect(iso(la.receivedOn)).toBe('2025-03-31');
    expect(iso(present(la.legalDeadlineOn))).toBe('2025-04-30'); // 31 March + 1 month, clamped
    expect(la.dueAt.toISOString()).toBe('2025-05-01T06:59:59.999Z'); // end of 30 April, PDT
  });

  it('R01 time zone: a period that crosses the DST change ends at local midnight under the new offset', () => {
    // Berlin: received in CET (+1), due in CEST (+2).
    const berlin = due('2025-03-10T12:00:00Z', 'GDPR', 'access', policy({ timeZone: 'Europe/Berlin' }));
    expect(berlin.dueAt.toISOString()).toBe('2025-04-09T21:59:59.999Z');
    expect(present(berlin.legalDeadlineAt).toISOString()).toBe('2025-04-10T21:59:59.999Z');
    // Los Angeles: received in PST (−8), due in PDT (−7).
    const la = due('2025-03-01T12:00:00Z', 'GDPR', 'access', policy({ timeZone: 'America/Los_Angeles' }));
    expect(la.dueAt.toISOString()).toBe('2025-04-01T06:59:59.999Z'); // end of 31 March PDT
    expect(present(la.legalDeadlineAt).toISOString()).toBe('2025-04-02T06:59:59.999Z'); // end of 1 April PDT
    // And back: Berlin received in CEST, due in CET.
    const autumn = due('2025-10-10T12:00:00Z', 'GDPR', 'access', policy({ timeZone: 'Europe/Berlin' }));
    expect(autumn.dueAt.toISOString()).toBe('2025-11-09T22:59:59.999Z');
  });
});

describe('R01 due date: CCPA and OTHER', () => {
  it('R01 CCPA: the legal deadline is 45 calendar days after receipt; our 30-day default is earlier', () => {
    const r = due('2025-01-10T15:00:00Z', 'CCPA');
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-02-24');
    expect(iso(r.dueOn)).toBe('2025-02-09');
    expect(r.dueAt.toISOString()).toBe('2025-02-09T23:59:59.999Z');
  });

  it('R01 CCPA: calendar days, no weekend roll (45 days from 8 January 2025 is Saturday 22 February)', () => {
    const r = due('2025-01-08T15:00:00Z', 'CCPA', 'deletion', policy({ defaultResponseDays: 60 }));
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-02-22');
    expect(iso(r.dueOn)).toBe('2025-02-22');
  });

  it('R01 a default longer than the law is cut to the legal deadline', () => {
    const r = due('2025-01-10T15:00:00Z', 'CCPA', 'access', policy({ defaultResponseDays: 90 }));
    expect(r.dueAt).toEqual(r.legalDeadlineAt);
  });

  it('R01 CCPA in Los Angeles: 45 days counted in the controller’s calendar', () => {
    // 10 January 2025 02:00 UTC is still 9 January in Los Angeles.
    const r = due(
      '2025-01-10T02:00:00Z',
      'CCPA',
      'access',
      policy({ timeZone: 'America/Los_Angeles', defaultResponseDays: 60 }),
    );
    expect(iso(r.receivedOn)).toBe('2025-01-09');
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-02-23');
    expect(r.dueAt.toISOString()).toBe('2025-02-24T07:59:59.999Z');
  });

  it('R01 OTHER: no legal deadline unless configured; then it caps the default', () => {
    const none = due('2025-01-10T15:00:00Z', 'OTHER');
    expect(none.legalDeadlineAt).toBeNull();
    expect(iso(none.dueOn)).toBe('2025-02-09');
    const twenty = due(
      '2025-01-10T15:00:00Z',
      'OTHER',
      'access',
      policy({ otherPolicy: { legalDays: 20, extensionDays: null, accessLimit: null } }),
    );
    expect(iso(twenty.dueOn)).toBe('2025-01-30');
    expect(twenty.dueAt).toEqual(twenty.legalDeadlineAt);
  });

  it('refuses a non-positive default', () => {
    expect(() => due('2025-01-10T15:00:00Z', 'GDPR', 'access', policy({ defaultResponseDays: 0 }))).toThrow(RangeError);
  });
});

describe('R03 acknowledgement and R04 opt-outs', () => {
  it('R03 know, delete and correct requests are acknowledged within 10 business days', () => {
    const r = due('2025-03-03T09:00:00Z', 'CCPA', 'access'); // Monday
    expect(iso(toLocalDate(present(r.acknowledgeBy), 'UTC'))).toBe('2025-03-17');
    expect(due('2025-03-03T09:00:00Z', 'CCPA', 'deletion').acknowledgeBy).not.toBeNull();
    expect(due('2025-03-03T09:00:00Z', 'CCPA', 'correction').acknowledgeBy).not.toBeNull();
    expect(due('2025-03-03T09:00:00Z', 'CCPA', 'access_categories').acknowledgeBy).not.toBeNull();
    expect(due('2025-03-03T09:00:00Z', 'GDPR', 'objection').acknowledgeBy).toBeNull();
    expect(due('2025-03-03T09:00:00Z', 'CCPA', 'opt_out_sale').acknowledgeBy).toBeNull();
  });

  it('R03 business days skip holidays', () => {
    const r = due('2025-03-07T09:00:00Z', 'CCPA', 'deletion', policy({ holidays: ['2025-03-10'] })); // Friday
    expect(iso(toLocalDate(present(r.acknowledgeBy), 'UTC'))).toBe('2025-03-24'); // 10 bd from Fri 7 skipping Mon 10
  });

  it('R04 opt-out of sale and limit-sensitive are due within 15 business days', () => {
    const r = due('2025-03-03T09:00:00Z', 'CCPA', 'opt_out_sale'); // Monday
    expect(r.clock).toBe('opt_out');
    expect(iso(present(r.legalDeadlineOn))).toBe('2025-03-24');
    expect(iso(r.dueOn)).toBe('2025-03-24');
    const withHoliday = due('2025-03-03T09:00:00Z', 'CCPA', 'limit_sensitive', policy({ holidays: ['2025-03-17'] }));
    expect(iso(withHoliday.dueOn)).toBe('2025-03-25');
  });
});

describe('R12 verification window and reminders', () => {
  it('R12 an unverified request closes 14 days after receipt', () => {
    const r = due('2025-03-01T09:00:00Z', 'GDPR');
    const closeAt = computeVerificationDeadline({
      receivedAt: at('2025-03-01T09:00:00Z'),
      dueAt: r.dueAt,
      policy: defaultPolicy,
    });
    expect(closeAt.toISOString()).toBe('2025-03-15T23:59:59.999Z');
  });

  it('R12 the verification window never runs past the due date', () => {
    const p = policy({ defaultResponseDays: 10 });
    const r = due('2025-03-01T09:00:00Z', 'GDPR', 'access', p);
    const closeAt = computeVerificationDeadline({
      receivedAt: at('2025-03-01T09:00:00Z'),
      dueAt: r.dueAt,
      policy: defaultPolicy,
    });
    expect(closeAt).toEqual(r.dueAt);
  });

  it('reminds operators 7 and 2 days before the due date, dropping reminders already past', () => {
    const dueAt = at('2025-03-31T23:59:59.999Z');
    expect(reminderTimes(dueAt, at('2025-03-01T00:00:00Z'), defaultPolicy).map((t) => t.toISOString())).toEqual([
      '2025-03-24T23:59:59.999Z',
      '2025-03-29T23:59:59.999Z',
    ]);
    expect(reminderTimes(dueAt, at('2025-03-26T00:00:00Z'), defaultPolicy).map((t) => t.toISOString())).toEqual([
      '2025-03-29T23:59:59.999Z',
    ]);
    expect(reminderTimes(dueAt, at('2025-03-29T23:59:59.999Z'), defaultPolicy)).toEqual([]);
  });

  it('reminders are local days before the due day, across DST', () => {
    const p = { timeZone: 'Europe/Berlin', reminderDaysBeforeDue: [2, 7, 7] };
    const dueAt = at('2025-04-02T21:59:59.999Z'); // end of 2 April, CEST
    expect(reminderTimes(dueAt, at('2025-01-01T00:00:00Z'), p).map((t) => t.toISOString())).toEqual([
      '2025-03-26T22:59:59.999Z', // end of 26 March, CET
      '2025-03-31T21:59:59.999Z',
    ]);
  });

  it('is overdue only after the due instant', () => {
    const dueAt = at('2025-03-31T23:59:59.999Z');
    expect(isOverdue(dueAt, dueAt)).toBe(false);
    expect(isOverdue(dueAt, at('2025-04-01T00:00:00Z'))).toBe(true);
  });
});

describe('R01 properties', () => {
  const input = fc
    .record({
      receivedAt: fc.date({ min: MIN_INSTANT, max: MAX_INSTANT, noInvalidDate: true }),
      timeZone: fc.constantFrom(...TIME_ZONES),
      jurisdiction: fc.constantFrom(...JURISDICTIONS),
      type: fc.constantFrom(...REQUEST_TYPES),
      defaultResponseDays: fc.integer({ min: 1, max: 120 }),
      otherLegalDays: fc.option(fc.integer({ min: 1, max: 120 })),
      holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 20 }),
    })
    .filter((i) => i.type !== 'appeal' || isOfferedIn(i.type, i.jurisdiction)); // R26: appeals exist only where the law has them

  it('R01 property: the due date is never after the legal deadline and never before receipt', () => {
    fc.assert(
      fc.property(input, (i) => {
        const receivedOn = toLocalDate(i.receivedAt, i.timeZone);
        const p = policy({
          timeZone: i.timeZone,
          defaultResponseDays: i.defaultResponseDays,
          holidays: holidaysNear(receivedOn, i.holidayOffsets),
          otherPolicy: { legalDays: i.otherLegalDays, extensionDays: null, accessLimit: null },
        });
        const r = computeDueDate({ receivedAt: i.receivedAt, jurisdiction: i.jurisdiction, type: i.type, policy: p });
        expect(r.dueAt.getTime()).toBeGreaterThan(i.receivedAt.getTime());
        if (r.legalDeadlineAt) expect(r.dueAt.getTime()).toBeLessThanOrEqual(r.legalDeadlineAt.getTime());
        // Every deadline is the last instant of a local day.
        expect(toLocalDate(r.dueAt, i.timeZone)).toEqual(r.dueOn);
        expect(compareLocalDates(toLocalDate(new Date(r.dueAt.getTime() + 1), i.timeZone), r.dueOn)).toBeGreaterThan(0);
        if (r.acknowledgeBy) expect(r.acknowledgeBy.getTime()).toBeLessThanOrEqual(r.dueAt.getTime());
        const closeAt = computeVerificationDeadline({ receivedAt: i.receivedAt, dueAt: r.dueAt, policy: p });
        expect(closeAt.getTime()).toBeLessThanOrEqual(r.dueAt.getTime());
        expect(closeAt.getTime()).toBeGreaterThan(i.receivedAt.getTime());
      }),
      RUNS,
    );
  });

  it('R01 property GDPR: the legal deadline is the first working day on or after receipt + 1 month (clamped)', () => {
    fc.assert(
      fc.property(input, (i) => {
        const receivedOn = toLocalDate(i.receivedAt, i.timeZone);
        const holidays = holidaysNear(receivedOn, i.holidayOffsets);
        const r = computeDueDate({
          receivedAt: i.receivedAt,
          jurisdiction: 'GDPR',
          type: 'access',
          policy: policy({ timeZone: i.timeZone, holidays }),
        });
        const end = addMonthsClamped(receivedOn, 1);
        const legal = present(r.legalDeadlineOn);
        expect(isWorkingDay(legal, holidays)).toBe(true);
        expect(compareLocalDates(legal, end)).toBeGreaterThanOrEqual(0);
        for (let x = end; compareLocalDates(x, legal) < 0; x = addCalendarDays(x, 1)) {
          expect(isWorkingDay(x, holidays)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  it('R01 property GDPR: receipt on a day the next month lacks ends on that month’s last day (leap years included)', () => {
    const monthEnd = fc
      .record({
        year: fc.integer({ min: 2000, max: 2100 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 29, max: 31 }),
      })
      .map(clampToMonth)
      .filter((x) => x.day > daysInMonth(x.month === 12 ? x.year + 1 : x.year, (x.month % 12) + 1));
    fc.assert(
      fc.property(monthEnd, (receivedOn) => {
        const receivedAt = new Date(Date.UTC(receivedOn.year, receivedOn.month - 1, receivedOn.day, 12));
        const r = computeDueDate({
          receivedAt,
          jurisdiction: 'GDPR',
          type: 'access',
          policy: policy({ defaultResponseDays: 90 }),
        });
        const next = addMonthsClamped({ ...receivedOn, day: 1 }, 1);
        const lastDay = { ...next, day: daysInMonth(next.year, next.month) };
        // The unrolled end is the month's last day; the roll only moves it into the following month.
        const legal = present(r.legalDeadlineOn);
        expect(compareLocalDates(legal, lastDay)).toBeGreaterThanOrEqual(0);
        if (isWorkingDay(lastDay)) expect(legal).toEqual(lastDay);
      }),
      RUNS,
    );
  });
});
