/**
 * R02 extension: GDPR (and UK GDPR, R24) up to two further months, CCPA and
 * the US state laws (R25) one further 45 days (90 in total); a Colorado appeal
 * 60 further days (R26). Once, before the current due date, with a reason that is
 * sent to the subject (sending the notice is the workflow's job).
 */
import {
  addCalendarDays,
  addMonthsClamped,
  compareLocalDates,
  endOfLocalDay,
  LocalDate,
  rollToWorkingDay,
  startOfLocalDay,
  toLocalDate,
} from './calendar';
import { DeadlinePolicy, gdprPeriodEndUnrolled } from './deadlines';
import { LEGAL } from './policy';
import { appealDeadlines, hasAppeal, isPrivacyLaw, lawDeadlines } from './laws';
import { clockFor, isGdprLike, Jurisdiction, RequestType } from './request-types';

export interface ExtensionInput {
  readonly now: Date;
  readonly currentDueAt: Date;
  readonly receivedAt: Date;
  readonly jurisdiction: Jurisdiction;
  readonly type: RequestType;
  readonly alreadyExtended: boolean;
  /** Sent to the subject with the notice; must not be blank. */
  readonly reason: string;
  /** Days added to the current due day; at most one of requestedDays / requestedMonths. */
  readonly requestedDays?: number;
  /** GDPR only: months added to the current due day (same-numbered day, clamped). */
  readonly requestedMonths?: number;
  readonly policy: DeadlinePolicy;
}

export type ExtensionResult =
  | {
      readonly ok: true;
      readonly newDueAt: Date;
      /** The latest due date the law allows for this request. */
      readonly maxDueAt: Date;
      /** True when the requested extension went past maxDueAt and was cut back to it. */
      readonly capped: boolean;
    }
  | { readonly ok: false; readonly error: string };

/**
 * The latest allowed due day, or null when the jurisdiction allows no extension.
 *
 * GDPR: the two further months run from the first period's end before its
 * weekend/holiday roll (receipt + 1 month, then + 2 months, each clamped to the
 * month's end), and the result is rolled to a working day. Counting on from the
 * unrolled end is the most conservative reading (e.g. received 31 January ends
 * 28 April, not 30 April).
 */
export function maxExtendedDueDay(
  receivedOn: LocalDate,
  jurisdiction: Jurisdiction,
  policy: Pick<DeadlinePolicy, 'holidays' | 'otherPolicy' | 'defaultResponseDays'>,
): LocalDate | null {
  switch (jurisdiction) {
    case 'GDPR':
    case 'UK_GDPR':
      return rollToWorkingDay(
        addMonthsClamped(gdprPeriodEndUnrolled(receivedOn), LEGAL.gdprExtensionMonths),
        policy.holidays,
      );
    case 'CCPA':
      return addCalendarDays(receivedOn, LEGAL.ccpaResponseDays + LEGAL.ccpaExtensionDays);
    case 'VCDPA':
    case 'CPA':
    case 'CTDPA':
    case 'TDPSA':
    case 'OCPA':
      // R25: once by 45 days, 90 in all (laws.ts).
      return lawDeadlines({ law: jurisdiction, receivedAt: startOfLocalDay(receivedOn, 'UTC'), timeZone: 'UTC' })
        .maxExtendedOn;
    case 'OTHER': {
      const { legalDays, extensionDays } = policy.otherPolicy;
      if (extensionDays === null) return null;
      return addCalendarDays(receivedOn, (legalDays ?? policy.defaultResponseDays) + extensionDays);
    }
    default:
      throw new RangeError(`Unknown jurisdiction: ${String(jurisdiction satisfies never)}`);
  }
}

/** R26: only Colorado lets an appeal decision be extended (by 60 days); null elsewhere. */
function maxExtendedAppealDay(appealReceivedOn: LocalDate, jurisdiction: Jurisdiction): LocalDate | null {
  if (!isPrivacyLaw(jurisdiction) || !hasAppeal(jurisdiction)) return null;
  return appealDeadlines(jurisdiction, startOfLocalDay(appealReceivedOn, 'UTC'), 'UTC').maxExtendedOn;
}

const fail = (error: string): ExtensionResult => ({ ok: false, error });
const isPositiveInt = (n: number) => Number.isInteger(n) && n > 0;

/** R02: whether an extension is allowed and, if so, the new due date (default: the maximum). */
export function checkExtension(input: ExtensionInput): ExtensionResult {
  const { now, currentDueAt, receivedAt, jurisdiction, type, policy, requestedDays, requestedMonths } = input;

  if (typeof input.reason !== 'string' || input.reason.trim() === '') {
    return fail('R02: an extension needs a reason, which is sent to the subject');
  }
  if (input.alreadyExtended) return fail('R02: this request has already been extended; an extension is allowed once');
  if (clockFor(type) === 'opt_out') return fail(`R04: ${type} requests cannot be extended`);
  if (now.getTime() >= currentDueAt.getTime()) {
    return fail(`R02: an extension must be decided before the current due date (${currentDueAt.toISOString()})`);
  }
  if (requestedDays !== undefined && requestedMonths !== undefined) {
    return fail('give either requestedDays or requestedMonths, not both');
  }
  if (requestedDays !== undefined && !isPositiveInt(requestedDays)) {
    return fail(`requestedDays must be a positive integer, got ${requestedDays}`);
  }
  if (requestedMonths !== undefined) {
    if (!isGdprLike(jurisdiction))
      return fail('requestedMonths applies to the GDPR and UK GDPR only; give requestedDays');
    if (!isPositiveInt(requestedMonths))
      return fail(`requestedMonths must be a positive integer, got ${requestedMonths}`);
  }

  const receivedOn = toLocalDate(receivedAt, policy.timeZone);
  const maxOn =
    clockFor(type) === 'appeal'
      ? maxExtendedAppealDay(receivedOn, jurisdiction)
      : maxExtendedDueDay(receivedOn, jurisdiction, policy);
  if (maxOn === null) return fail(`R02: the ${jurisdiction} policy allows no extension`);

  const currentOn = toLocalDate(currentDueAt, policy.timeZone);
  let wantedOn = maxOn;
  if (requestedDays !== undefined) wantedOn = addCalendarDays(currentOn, requestedDays);
  if (requestedMonths !== undefined) wantedOn = addMonthsClamped(currentOn, requestedMonths);

  const capped = compareLocalDates(wantedOn, maxOn) > 0;
  const newOn = capped ? maxOn : wantedOn;
  const newDueAt = endOfLocalDay(newOn, policy.timeZone);
  if (newDueAt.getTime() <= currentDueAt.getTime()) {
    return fail('R02: the current due date is already at the legal maximum');
  }
  return { ok: true, newDueAt, maxDueAt: endOfLocalDay(maxOn, policy.timeZone), capped };
}
