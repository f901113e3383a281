import fc from 'fast-check';
import { at, holidaysNear, present, iso, MAX_INSTANT, MIN_INSTANT, RUNS, TIME_ZONES } from '../test/fixtures';
import { addCalendarDays, addMonthsClamped, compareLocalDates, rollToWorkingDay, toLocalDate } from './calendar';
import { computeDueDate, DeadlinePolicy } from './deadlines';
import { checkExtension, ExtensionInput, ExtensionResult } from './extension';
import { defaultPolicy } from './policy';
import { Jurisdiction, RequestType } from './request-types';

const policy = (overrides: Partial<DeadlinePolicy> = {}): DeadlinePolicy => ({ ...defaultPolicy, ...overrides });

/** An extension request for a request received at `receivedAt`, decided at `now`, with its computed due date. */
function request(
  receivedAt: string,
  jurisdiction: Jurisdiction,
  extra: Partial<ExtensionInput> = {},
  type: RequestType = 'access',
): ExtensionInput {
  const p = extra.policy ?? policy();
  const { dueAt } = computeDueDate({ receivedAt: at(receivedAt), jurisdiction, type, policy: p });
  return {
    now: at(receivedAt),
    currentDueAt: dueAt,
    receivedAt: at(receivedAt),
    jurisdiction,
    type,
    alreadyExtended: false,
    reason: 'The request covers several years of records in three systems.',
    policy: p,
    ...extra,
  };
}

function ok(result: ExtensionResult) {
  if (!result.ok) throw new Error(`expected an allowed extension, got: ${result.error}`);
  return result;
}
const dayOf = (t: Date) => iso(toLocalDate(t, 'UTC'));

describe('R02 extension: conditions', () => {
  it('R02 refuses an extension without a reason', () => {
    const r = checkExtension(request('2025-01-31T10:00:00Z', 'GDPR', { reason: '   ' }));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/reason/) });
  });

  it('R02 allows an extension once only', () => {
    const r = checkExtension(request('2025-01-31T10:00:00Z', 'GDPR', { alreadyExtended: true }));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/once/) });
  });

  it('R02 allows an extension only before the current due date', () => {
    const base = request('2025-01-31T10:00:00Z', 'GDPR');
    expect(checkExtension({ ...base, now: base.currentDueAt })).toEqual({
      ok: false,
      error: expect.stringMatching(/before the current due date/),
    });
    expect(checkExtension({ ...base, now: new Date(base.currentDueAt.getTime() + 1) }).ok).toBe(false);
    expect(checkExtension({ ...base, now: new Date(base.currentDueAt.getTime() - 1) }).ok).toBe(true);
  });

  it('R04 opt-out requests cannot be extended', () => {
    const r = checkExtension(request('2025-03-03T09:00:00Z', 'CCPA', {}, 'opt_out_sale'));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/R04/) });
  });

  it('refuses malformed requests: both units, months outside GDPR, non-positive amounts', () => {
    expect(checkExtension(request('2025-01-10T15:00:00Z', 'GDPR', { requestedDays: 10, requestedMonths: 1 })).ok).toBe(
      false,
    );
    expect(checkExtension(request('2025-01-10T15:00:00Z', 'CCPA', { requestedMonths: 1 })).ok).toBe(false);
    expect(checkExtension(request('2025-01-10T15:00:00Z', 'CCPA', { requestedDays: 0 })).ok).toBe(false);
    expect(checkExtension(request('2025-01-10T15:00:00Z', 'GDPR', { requestedMonths: 1.5 })).ok).toBe(false);
  });
});

describe('R02 extension: GDPR', () => {
  it('R02 GDPR: by default extends to the maximum, two further months (received 31 January → 28 April)', () => {
    const r = ok(checkExtension(request('2025-01-31T10:00:00Z', 'GDPR', { now: at('2025-02-10T00:00:00Z') })));
    expect(r.newDueAt.toISOString()).toBe('2025-04-28T23:59:59.999Z');
    expect(r.maxDueAt).toEqual(r.newDueAt);
    expect(r.capped).toBe(false);
  });

  it('R02 GDPR: the maximum rolls off a weekend (received 15 March → Sunday 15 June → Monday 16 June)', () => {
    const r = ok(checkExtension(request('2025-03-15T10:00:00Z', 'GDPR')));
    expect(dayOf(r.maxDueAt)).toBe('2025-06-16');
  });

  it('R02 GDPR: a requested month counts from the current due date', () => {
    const r = ok(checkExtension(request('2025-03-15T10:00:00Z', 'GDPR', { requestedMonths: 1 }))); // current due 14 April
    expect(dayOf(r.newDueAt)).toBe('2025-05-14');
    expect(r.capped).toBe(false);
  });

  it('R02 GDPR: a request past two further months is capped at the legal maximum', () => {
    const r = ok(checkExtension(request('2025-03-15T10:00:00Z', 'GDPR', { requestedMonths: 3 })));
    expect(dayOf(r.newDueAt)).toBe('2025-06-16');
    expect(r.capped).toBe(true);
  });

  it('R02 GDPR: in the controller’s time zone', () => {
    const p = policy({ timeZone: 'Europe/Berlin' });
    const r = ok(checkExtension(request('2025-01-31T10:00:00Z', 'GDPR', { policy: p })));
    expect(r.newDueAt.toISOString()).toBe('2025-04-28T21:59:59.999Z'); // end of 28 April, CEST
  });
});

describe('R02 extension: CCPA and OTHER', () => {
  it('R02 CCPA: one further 45 days, 90 in total from receipt', () => {
    const r = ok(checkExtension(request('2025-01-10T15:00:00Z', 'CCPA')));
    expect(dayOf(r.maxDueAt)).toBe('2025-04-10');
    expect(r.newDueAt).toEqual(r.maxDueAt);
  });

  it('R02 CCPA: requested days count from the current due date and never pass 90 days', () => {
    const r = ok(checkExtension(request('2025-01-10T15:00:00Z', 'CCPA', { requestedDays: 45 }))); // current due 9 February
    expect(dayOf(r.newDueAt)).toBe('2025-03-26');
    const fromLegal = request('2025-01-10T15:00:00Z', 'CCPA', {
      policy: policy({ defaultResponseDays: 45 }),
      requestedDays: 60,
    });
    const capped = ok(checkExtension(fromLegal));
    expect(dayOf(capped.newDueAt)).toBe('2025-04-10');
    expect(capped.capped).toBe(true);
  });

  it('R02 OTHER: no extension unless the policy sets extensionDays', () => {
    expect(checkExtension(request('2025-01-10T15:00:00Z', 'OTHER')).ok).toBe(false);
    const p = policy({ otherPolicy: { legalDays: 20, extensionDays: 20, accessLimit: null } });
    const r = ok(checkExtension(request('2025-01-10T15:00:00Z', 'OTHER', { policy: p })));
    expect(dayOf(r.maxDueAt)).toBe('2025-02-19');
  });
});

describe('R02 properties', () => {
  it('R02 property: an extension is never past the legal maximum and always later than the current due date', () => {
    const arb = fc.record({
      receivedAt: fc.date({ min: MIN_INSTANT, max: MAX_INSTANT, noInvalidDate: true }),
      timeZone: fc.constantFrom(...TIME_ZONES),
      jurisdiction: fc.constantFrom<Jurisdiction>('GDPR', 'CCPA'),
      type: fc.constantFrom<RequestType>('access', 'portability', 'deletion', 'correction', 'restriction'),
      defaultResponseDays: fc.integer({ min: 1, max: 60 }),
      requestedDays: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
      requestedMonths: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      nowFraction: fc.double({ min: 0, max: 0.999, noNaN: true }),
      holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 120 }), { maxLength: 20 }),
    });
    fc.assert(
      fc.property(arb, (i) => {
        const receivedOn = toLocalDate(i.receivedAt, i.timeZone);
        const p = policy({
          timeZone: i.timeZone,
          defaultResponseDays: i.defaultResponseDays,
          holidays: holidaysNear(receivedOn, i.holidayOffsets),
        });
        const due = computeDueDate({ receivedAt: i.receivedAt, jurisdiction: i.jurisdiction, type: i.type, policy: p });
        const span = due.dueAt.getTime() - i.receivedAt.getTime();
        const now = new Date(i.receivedAt.getTime() + Math.floor(span * i.nowFraction));
        const result = checkExtension({
          now,
          currentDueAt: due.dueAt,
          receivedAt: i.receivedAt,
          jurisdiction: i.jurisdiction,
          type: i.type,
          alreadyExtended: false,
          reason: 'volume',
          requestedDays: i.requestedDays,
          requestedMonths: i.jurisdiction === 'GDPR' && i.requestedDays === undefined ? i.requestedMonths : undefined,
          policy: p,
        });
        const r = ok(result);
        expect(r.newDueAt.getTime()).toBeLessThanOrEqual(r.maxDueAt.getTime());
        expect(r.newDueAt.getTime()).toBeGreaterThan(due.dueAt.getTime());
        expect(r.maxDueAt.getTime()).toBeGreaterThanOrEqual(present(due.legalDeadlineAt).getTime());
        const maxOn = toLocalDate(r.maxDueAt, i.timeZone);
        if (i.jurisdiction === 'CCPA') {
          expect(maxOn).toEqual(addCalendarDays(receivedOn, 90));
        } else {
          // Never later than the plainest reading: receipt + 3 months, rolled to a working day.
          expect(
            compareLocalDates(maxOn, rollToWorkingDay(addMonthsClamped(receivedOn, 3), p.holidays)),
          ).toBeLessThanOrEqual(0);
        }
      }),
      RUNS,
    );
  });
});
