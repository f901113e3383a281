import fc from 'fast-check';
import { at, holidaysNear, iso, MAX_INSTANT, MIN_INSTANT, present, RUNS, TIME_ZONES } from '../test/fixtures';
import {
  addCalendarDays,
  addMonthsClamped,
  compareLocalDates,
  daysBetween,
  dayOfWeek,
  isWorkingDay,
  toLocalDate,
} from './calendar';
import { computeDueDate } from './deadlines';
import { checkExtension, maxExtendedDueDay } from './extension';
import {
  appealDeadlines,
  grantsRight,
  hasAppeal,
  isFreeRequest,
  LAW_FACTS,
  lawDeadlines,
  PRIVACY_LAWS,
  PrivacyLaw,
  STATE_LAWS,
  ukRelevantTime,
} from './laws';
import { defaultPolicy } from './policy';
import { Jurisdiction } from './request-types';

const SATURDAY = 6;
const SUNDAY = 0;
const clock = (law: PrivacyLaw, receivedAt: string, holidays: string[] = [], timeZone = 'UTC') =>
  lawDeadlines({ law, receivedAt: at(receivedAt), timeZone, holidays });

const instant = fc.date({ min: MIN_INSTANT, max: MAX_INSTANT, noInvalidDate: true });
const zone = fc.constantFrom(...TIME_ZONES);
const stateLaw = fc.constantFrom(...STATE_LAWS);
const holidayOffsets = fc.array(fc.integer({ min: 25, max: 100 }), { maxLength: 8 });

describe('R24 UK GDPR clock: months from receipt, rolled to a working day', () => {
  it('R24 received 31 January ends 28 February (29 in a leap year); the extension ends 28 April', () => {
    const r2025 = clock('UK_GDPR', '2025-01-31T10:00:00Z');
    expect(iso(r2025.dueOn)).toBe('2025-02-28');
    expect(r2025.dueAt.toISOString()).toBe('2025-02-28T23:59:59.999Z');
    expect(iso(r2025.maxExtendedOn)).toBe('2025-04-28'); // two months on from the unrolled 28 February
    expect(iso(clock('UK_GDPR', '2028-01-31T10:00:00Z').dueOn)).toBe('2028-02-29');
  });

  it('R24 an end on a Saturday moves to Monday; an end on a bank holiday to the next working day', () => {
    expect(iso(clock('UK_GDPR', '2025-04-17T09:00:00Z').dueOn)).toBe('2025-05-19'); // Sat 17 May → Mon 19
    // 5 May 2025 is the early May bank holiday.
    expect(iso(clock('UK_GDPR', '2025-04-05T09:00:00Z', ['2025-05-05']).dueOn)).toBe('2025-05-06');
  });

  it('R24 received on leap day: due 29 March; the extension ends on the spring bank holiday and moves', () => {
    const r = clock('UK_GDPR', '2028-02-29T12:00:00Z', ['2028-05-29']);
    expect(iso(r.dueOn)).toBe('2028-03-29');
    expect(iso(r.maxExtendedOn)).toBe('2028-05-30'); // 29 May 2028 is the spring bank holiday (a Monday)
  });

  it('R24 a month end on a Sunday before a bank holiday: 31 March 2028 ends Tuesday 2 May', () => {
    const r = clock('UK_GDPR', '2028-03-31T12:00:00Z', ['2028-05-01']);
    expect(iso(r.dueOn)).toBe('2028-05-02'); // 30 April is a Sunday, 1 May the early May bank holiday
    expect(iso(r.maxExtendedOn)).toBe('2028-06-30'); // from the unrolled 30 April
  });

  it('R24 Art. 12A: the clock starts at the latest of receipt, proof of identity and fee', () => {
    const relevant = ukRelevantTime(at('2026-03-02T09:00:00Z'), at('2026-03-05T16:00:00Z'), null);
    expect(relevant.toISOString()).toBe('2026-03-05T16:00:00.000Z');
    // 5 April 2026 is Easter Sunday; Good Friday and Easter Monday are bank holidays.
    const r = lawDeadlines({
      law: 'UK_GDPR',
      receivedAt: relevant,
      timeZone: 'Europe/London',
      holidays: ['2026-04-03', '2026-04-06'],
    });
    expect(iso(r.dueOn)).toBe('2026-04-07');
    expect(r.dueAt.toISOString()).toBe('2026-04-07T22:59:59.999Z'); // end of the day in BST
  });

  it('R24 Art. 12A(3): days waiting for a clarification are added before the roll', () => {
    const r = lawDeadlines({ law: 'UK_GDPR', receivedAt: at('2026-03-02T09:00:00Z'), timeZone: 'UTC', pausedDays: 10 });
    expect(iso(r.dueOn)).toBe('2026-04-13'); // 2 April + 10 = Sunday 12 April → Monday 13
  });

  it('R24 the UK keeps the GDPR clocks: same deadline and extension limit as R01/R02 for any receipt', () => {
    fc.assert(
      fc.property(instant, zone, holidayOffsets, (receivedAt, timeZone, offsets) => {
        const holidays = holidaysNear(toLocalDate(receivedAt, timeZone), offsets);
        const policy = { ...defaultPolicy, timeZone, holidays, defaultResponseDays: 400 };
        const eu = computeDueDate({ receivedAt, jurisdiction: 'GDPR', type: 'access', policy });
        const uk = lawDeadlines({ law: 'UK_GDPR', receivedAt, timeZone, holidays });
        expect(iso(uk.dueOn)).toBe(iso(present(eu.legalDeadlineOn)));
        expect(iso(uk.maxExtendedOn)).toBe(iso(present(maxExtendedDueDay(uk.receivedOn, 'GDPR', policy))));
      }),
      RUNS,
    );
  });

  it('R24 the UK deadline is the first working day on or after the same date next month', () => {
    fc.assert(
      fc.property(instant, zone, holidayOffsets, (receivedAt, timeZone, offsets) => {
        const holidays = holidaysNear(toLocalDate(receivedAt, timeZone), offsets);
        const r = lawDeadlines({ law: 'UK_GDPR', receivedAt, timeZone, holidays });
        const sameDate = addMonthsClamped(r.receivedOn, 1);
        expect(isWorkingDay(r.dueOn, holidays)).toBe(true);
        expect(compareLocalDates(r.dueOn, sameDate)).toBeGreaterThanOrEqual(0);
        for (let d = sameDate; compareLocalDates(d, r.dueOn) < 0; d = addCalendarDays(d, 1)) {
          expect(isWorkingDay(d, holidays)).toBe(false);
        }
        expect(r.extensionNoticeBy.getTime()).toBe(r.dueAt.getTime());
      }),
      RUNS,
    );
  });
});

describe('R25 US state clocks: 45 calendar days, no weekend roll', () => {
  it('R25 a 45th day on a Sunday stays on that Sunday in every state; the UK rolls its own end', () => {
    for (const law of STATE_LAWS) {
      const r = clock(law, '2025-04-17T09:00:00Z', ['2025-06-02']);
      expect(iso(r.dueOn)).toBe('2025-06-01');
      expect(dayOfWeek(r.dueOn)).toBe(SUNDAY);
      expect(iso(r.maxExtendedOn)).toBe('2025-07-16');
    }
    expect(dayOfWeek(clock('UK_GDPR', '2025-04-17T09:00:00Z').dueOn)).not.toBe(SATURDAY);
  });

  it('R25 received on leap day 2028: due 14 April, extended at most to 29 May', () => {
    for (const law of STATE_LAWS) {
      const r = clock(law, '2028-02-29T12:00:00Z');
      expect(iso(r.dueOn)).toBe('2028-04-14');
      expect(iso(r.maxExtendedOn)).toBe('2028-05-29');
    }
  });

  it('R25 across the year end and February: 31 December → 14 February; 15 January → 29 February or 1 March', () => {
    expect(iso(clock('VCDPA', '2026-12-31T12:00:00Z').dueOn)).toBe('2027-02-14');
    expect(iso(clock('VCDPA', '2027-12-31T12:00:00Z').dueOn)).toBe('2028-02-14'); // January has 31 days either way
    expect(iso(clock('VCDPA', '2028-01-15T12:00:00Z').dueOn)).toBe('2028-02-29'); // leap day itself is a deadline
    expect(iso(clock('VCDPA', '2027-01-15T12:00:00Z').dueOn)).toBe('2027-03-01');
  });

  it('R25 days are the controller’s: 23:30 UTC on 31 March is still 31 March in Los Angeles', () => {
    const r = clock('CPA', '2025-03-31T23:30:00Z', [], 'America/Los_Angeles');
    expect(iso(r.receivedOn)).toBe('2025-03-31');
    expect(iso(r.dueOn)).toBe('2025-05-15');
    expect(r.dueAt.toISOString()).toBe('2025-05-16T06:59:59.999Z'); // end of 15 May, PDT
  });

  it('R25 the statutes have no pause: a pause under a state law is refused', () => {
    expect(() =>
      lawDeadlines({ law: 'TDPSA', receivedAt: at('2025-01-01T00:00:00Z'), timeZone: 'UTC', pausedDays: 3 }),
    ).toThrow(/no pause/);
  });

  it('R25 for any receipt, zone and holidays: exactly 45 and 90 calendar days, holidays ignored', () => {
    fc.assert(
      fc.property(stateLaw, instant, zone, holidayOffsets, (law, receivedAt, timeZone, offsets) => {
        const holidays = holidaysNear(toLocalDate(receivedAt, timeZone), offsets);
        const r = lawDeadlines({ law, receivedAt, timeZone, holidays });
        expect(daysBetween(r.receivedOn, r.dueOn)).toBe(45);
        expect(daysBetween(r.receivedOn, r.maxExtendedOn)).toBe(90);
        expect(iso(lawDeadlines({ law, receivedAt, timeZone }).dueOn)).toBe(iso(r.dueOn));
        expect(r.extensionNoticeBy.getTime()).toBe(r.dueAt.getTime());
      }),
      RUNS,
    );
  });

  it('R25 where the laws differ: without holidays the UK always ends before day 45 and never on a weekend; the states may end on one', () => {
    fc.assert(
      fc.property(stateLaw, instant, (law, receivedAt) => {
        const uk = lawDeadlines({ law: 'UK_GDPR', receivedAt, timeZone: 'UTC' });
        const us = lawDeadlines({ law, receivedAt, timeZone: 'UTC' });
        expect(compareLocalDates(uk.dueOn, us.dueOn)).toBeLessThan(0); // one month (+ ≤ 2 days roll) < 45 days
        expect([SATURDAY, SUNDAY]).not.toContain(dayOfWeek(uk.dueOn));
      }),
      RUNS,
    );
  });
});

describe('R26 appeals: decision deadlines per law', () => {
  it('R26 an appeal received 31 January 2025: VA, CT, TX decide by 1 April; CO, OR by 17 March; CO may extend to 16 May', () => {
    const t = at('2025-01-31T15:00:00Z');
    for (const law of ['VCDPA', 'CTDPA', 'TDPSA'] as const) {
      const a = appealDeadlines(law, t, 'UTC');
      expect(iso(a.decideOn)).toBe('2025-04-01');
      expect(a.maxExtendedOn).toBeNull();
    }
    expect(iso(appealDeadlines('OCPA', t, 'UTC').decideOn)).toBe('2025-03-17');
    expect(appealDeadlines('OCPA', t, 'UTC').maxExtendedOn).toBeNull();
    const co = appealDeadlines('CPA', t, 'UTC');
    expect(iso(co.decideOn)).toBe('2025-03-17');
    expect(iso(present(co.maxExtendedOn))).toBe('2025-05-16');
    expect(present(co.maxExtendedBy).toISOString()).toBe('2025-05-16T23:59:59.999Z');
  });

  it('R26 leap years: an appeal of 15 January 2028 is decided by 29 February (CO, OR), 15 March (VA, CT, TX)', () => {
    const t = at('2028-01-15T08:00:00Z');
    expect(iso(appealDeadlines('CPA', t, 'UTC').decideOn)).toBe('2028-02-29');
    expect(iso(appealDeadlines('VCDPA', t, 'UTC').decideOn)).toBe('2028-03-15');
    expect(iso(appealDeadlines('VCDPA', at('2027-01-15T08:00:00Z'), 'UTC').decideOn)).toBe('2027-03-16');
  });

  it('R26 a decision day on a Saturday stays there (no roll in the state statutes)', () => {
    // 10 May 2025 is a Saturday: 60 days after 11 March, 45 days after 26 March.
    const sixty = appealDeadlines('TDPSA', at('2025-03-11T12:00:00Z'), 'UTC');
    expect(iso(sixty.decideOn)).toBe('2025-05-10');
    expect(dayOfWeek(sixty.decideOn)).toBe(SATURDAY);
    expect(iso(appealDeadlines('CPA', at('2025-03-26T12:00:00Z'), 'UTC').decideOn)).toBe('2025-05-10');
    expect(iso(appealDeadlines('OCPA', at('2025-03-26T12:00:00Z'), 'UTC').decideOn)).toBe('2025-05-10');
  });

  it('R26 the UK has no appeal to the controller: a refusal names the ICO', () => {
    expect(hasAppeal('UK_GDPR')).toBe(false);
    expect(() => appealDeadlines('UK_GDPR', at('2025-01-01T00:00:00Z'), 'UTC')).toThrow(/regulator/);
    expect(LAW_FACTS.UK_GDPR.regulator.url).toBe('https://ico.org.uk/make-a-complaint/');
  });

  it('R26 every state law has an appeal and an Attorney General to name when it is denied', () => {
    for (const law of STATE_LAWS) {
      expect(hasAppeal(law)).toBe(true);
      expect(LAW_FACTS[law].regulator.name).toMatch(/Attorney General|Department of Justice/);
      expect(LAW_FACTS[law].regulator.url).toMatch(/^https:\/\//);
    }
  });

  it('R26 for any appeal: exactly the law’s days, extension only in Colorado (+60)', () => {
    fc.assert(
      fc.property(stateLaw, instant, zone, (law, receivedAt, timeZone) => {
        const a = appealDeadlines(law, receivedAt, timeZone);
        const facts = present(LAW_FACTS[law].appeal);
        expect(daysBetween(a.appealReceivedOn, a.decideOn)).toBe(facts.decisionDays);
        expect(facts.decisionDays).toBe(law === 'CPA' || law === 'OCPA' ? 45 : 60);
        if (law === 'CPA') expect(daysBetween(a.decideOn, present(a.maxExtendedOn))).toBe(60);
        else expect(a.maxExtendedOn).toBeNull();
        expect(a.decideBy.getTime()).toBeGreaterThan(receivedAt.getTime());
      }),
      RUNS,
    );
  });
});

describe('R27 free requests per 12 months', () => {
  const first = at('2025-03-10T15:00:00Z');

  it('R27 Virginia and Texas owe a second free request; Colorado, Connecticut and Oregon do not', () => {
    const now = at('2025-09-01T12:00:00Z');
    expect(isFreeRequest('VCDPA', [first], now, 'UTC')).toBe(true);
    expect(isFreeRequest('TDPSA', [first], now, 'UTC')).toBe(true);
    for (const law of ['CPA', 'CTDPA', 'OCPA'] as const) expect(isFreeRequest(law, [first], now, 'UTC')).toBe(false);
    expect(isFreeRequest('VCDPA', [first, at('2025-06-01T12:00:00Z')], now, 'UTC')).toBe(false);
  });

  it('R27 the window’s edge is R05’s: a request of 10 March counts until the end of 9 March next year', () => {
    expect(isFreeRequest('CTDPA', [first], at('2026-03-09T23:59:59.999Z'), 'UTC')).toBe(false);
    expect(isFreeRequest('CTDPA', [first], at('2026-03-10T00:00:00Z'), 'UTC')).toBe(true);
  });

  it('R27 the UK sets no number: every request is free unless manifestly unfounded or excessive (R06)', () => {
    const many = Array.from({ length: 10 }, (_, i) => at(`2025-0${1 + (i % 9)}-01T00:00:00Z`));
    expect(isFreeRequest('UK_GDPR', many, at('2025-10-01T00:00:00Z'), 'UTC')).toBe(true);
  });

  it('R27 one more earlier request never makes the next one free', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PRIVACY_LAWS),
        fc.array(instant, { maxLength: 4 }),
        instant,
        instant,
        (law, earlier, extra, now) => {
          if (!isFreeRequest(law, earlier, now, 'UTC')) {
            expect(isFreeRequest(law, [...earlier, extra], now, 'UTC')).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });
});

describe('Rights per law', () => {
  it('every state law grants access, correction, deletion, portability and the three opt-outs; the UK has no opt-out of sale', () => {
    for (const law of STATE_LAWS) {
      for (const right of [
        'access',
        'correction',
        'deletion',
        'portability',
        'opt_out_targeted_advertising',
        'opt_out_sale',
        'opt_out_profiling',
      ] as const)
        expect(grantsRight(law, right)).toBe(true);
      expect(grantsRight(law, 'restriction')).toBe(false);
    }
    expect(grantsRight('UK_GDPR', 'restriction')).toBe(true);
    expect(grantsRight('UK_GDPR', 'objection')).toBe(true);
    expect(grantsRight('UK_GDPR', 'opt_out_sale')).toBe(false);
  });

  it('R28 universal opt-out signals: Colorado from July 2024, Connecticut and Texas from 2025, Oregon from 2026, Virginia none', () => {
    expect(LAW_FACTS.CPA.universalOptOutFrom).toBe('2024-07-01');
    expect(LAW_FACTS.CTDPA.universalOptOutFrom).toBe('2025-01-01');
    expect(LAW_FACTS.TDPSA.universalOptOutFrom).toBe('2025-01-01');
    expect(LAW_FACTS.OCPA.universalOptOutFrom).toBe('2026-01-01');
    expect(LAW_FACTS.VCDPA.universalOptOutFrom).toBeNull();
  });

  it('every number has a citation', () => {
    for (const law of PRIVACY_LAWS) {
      const f = LAW_FACTS[law];
      for (const cite of [f.responseCite, f.extensionCite, f.freeCite, f.rightsCite, f.regulatorCite]) {
        expect(cite).toMatch(/§|Arts?\.|ORS/);
      }
      if (f.appeal) expect(f.appeal.cite).toMatch(/§|ORS/);
    }
  });
});

describe('The new laws in the request clocks (R24–R26 through computeDueDate and checkExtension)', () => {
  const policy = { ...defaultPolicy, defaultResponseDays: 400 };

  it('R24/R25 computeDueDate gives each law its legal deadline: UK rolled, states 45 days unrolled', () => {
    const due = (jurisdiction: Jurisdiction) =>
      computeDueDate({ receivedAt: at('2025-04-17T09:00:00Z'), jurisdiction, type: 'access', policy });
    expect(iso(present(due('UK_GDPR').legalDeadlineOn))).toBe('2025-05-19');
    for (const law of STATE_LAWS) expect(iso(present(due(law).legalDeadlineOn))).toBe('2025-06-01');
    expect(iso(present(due('CCPA').legalDeadlineOn))).toBe('2025-06-01'); // the CCPA counts the same way
  });

  it('R26 an appeal runs on its own clock: 60 days in Virginia, 45 in Colorado; our 30-day default is earlier', () => {
    const appeal = (jurisdiction: Jurisdiction) =>
      computeDueDate({ receivedAt: at('2025-01-31T15:00:00Z'), jurisdiction, type: 'appeal', policy: defaultPolicy });
    expect(iso(present(appeal('VCDPA').legalDeadlineOn))).toBe('2025-04-01');
    expect(iso(present(appeal('CPA').legalDeadlineOn))).toBe('2025-03-17');
    expect(iso(appeal('CPA').dueOn)).toBe('2025-03-02');
    expect(() => appeal('GDPR')).toThrow(/R26: GDPR has no appeal/);
  });

  it('R26 only a Colorado appeal may be extended, to 60 days past its 45', () => {
    const receivedAt = at('2025-01-31T15:00:00Z');
    const extend = (jurisdiction: Jurisdiction) =>
      checkExtension({
        now: at('2025-02-01T00:00:00Z'),
        currentDueAt: computeDueDate({ receivedAt, jurisdiction, type: 'appeal', policy: defaultPolicy }).dueAt,
        receivedAt,
        jurisdiction,
        type: 'appeal',
        alreadyExtended: false,
        reason: 'Several systems to search',
        policy: defaultPolicy,
      });
    const co = extend('CPA');
    expect(co.ok && co.newDueAt.toISOString()).toBe('2025-05-16T23:59:59.999Z');
    const va = extend('VCDPA');
    expect(va.ok).toBe(false);
  });

  it('R25 a state-law request extends to day 90; a UK request by two months like the GDPR', () => {
    const receivedAt = at('2025-01-31T15:00:00Z');
    const extend = (jurisdiction: Jurisdiction) =>
      checkExtension({
        now: at('2025-02-01T00:00:00Z'),
        currentDueAt: computeDueDate({ receivedAt, jurisdiction, type: 'deletion', policy: defaultPolicy }).dueAt,
        receivedAt,
        jurisdiction,
        type: 'deletion',
        alreadyExtended: false,
        reason: 'Archived systems',
        policy: defaultPolicy,
      });
    const tx = extend('TDPSA');
    expect(tx.ok && tx.newDueAt.toISOString()).toBe('2025-05-01T23:59:59.999Z');
    const uk = extend('UK_GDPR');
    expect(uk.ok && uk.newDueAt.toISOString()).toBe('2025-04-28T23:59:59.999Z');
  });
});
