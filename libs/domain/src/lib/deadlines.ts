/**
 * R01 due date, R03 acknowledgement, R04 opt-out clock, R12 verification
 * window and operator reminders.
 *
 * Every period starts the day after receipt (the day of receipt is not
 * counted) and ends at the last instant of its final local day in the
 * controller's time zone.
 */
import {
  addBusinessDays,
  addCalendarDays,
  addMonthsClamped,
  compareLocalDates,
  endOfLocalDay,
  LocalDate,
  rollToWorkingDay,
  startOfLocalDay,
  toLocalDate,
} from './calendar';
import { appealDeadlines, hasAppeal, isPrivacyLaw, lawDeadlines } from './laws';
import { DsarPolicy, LEGAL } from './policy';
import { acknowledgementRequired, Clock, clockFor, Jurisdiction, RequestType } from './request-types';

export type DeadlinePolicy = Pick<DsarPolicy, 'timeZone' | 'holidays' | 'defaultResponseDays' | 'otherPolicy'>;

export interface DueDateInput {
  readonly receivedAt: Date;
  readonly jurisdiction: Jurisdiction;
  readonly type: RequestType;
  readonly policy: DeadlinePolicy;
}

export interface DueDates {
  readonly clock: Clock;
  /** The local day of receipt (day 0). */
  readonly receivedOn: LocalDate;
  /** When the answer is due: the earlier of our default and the legal deadline. */
  readonly dueAt: Date;
  readonly dueOn: LocalDate;
  /** The law's deadline; null only for OTHER with no configured legalDays. */
  readonly legalDeadlineAt: Date | null;
  readonly legalDeadlineOn: LocalDate | null;
  /** R03: acknowledgement deadline for know/delete/correct (never after dueAt); null when not required. */
  readonly acknowledgeBy: Date | null;
}

const earlier = (a: LocalDate, b: LocalDate) => (compareLocalDates(a, b) <= 0 ? a : b);

/**
 * The GDPR period's last day before the weekend/holiday roll: same-numbered
 * day `months` after receipt, or that month's last day (Reg. 1182/71 art. 3(2)(c)).
 * Extensions count on from this day, not from the rolled one.
 */
export function gdprPeriodEndUnrolled(receivedOn: LocalDate, months: number = LEGAL.gdprResponseMonths): LocalDate {
  return addMonthsClamped(receivedOn, months);
}

/** The legal deadline's local day, or null when the jurisdiction sets none (OTHER without legalDays). */
export function legalDeadlineDay(
  receivedOn: LocalDate,
  jurisdiction: Jurisdiction,
  clock: Clock,
  policy: Pick<DsarPolicy, 'holidays' | 'otherPolicy'>,
): LocalDate | null {
  // R04's 15 business days for every law: never later than the state laws' 45 days.
  if (clock === 'opt_out') return addBusinessDays(receivedOn, LEGAL.optOutBusinessDays, policy.holidays);
  // R26: an appeal's own clock, calendar days from its receipt (laws.ts); UTC here because the day is given.
  if (clock === 'appeal') {
    if (!isPrivacyLaw(jurisdiction) || !hasAppeal(jurisdiction))
      throw new RangeError(`R26: ${jurisdiction} has no appeal`);
    return appealDeadlines(jurisdiction, dayStart(receivedOn), 'UTC').decideOn;
  }
  switch (jurisdiction) {
    case 'GDPR':
    case 'UK_GDPR':
      // A Saturday, Sunday or public holiday moves the end to the next working day (art. 3(4); R24 the ICO's count).
      return rollToWorkingDay(gdprPeriodEndUnrolled(receivedOn), policy.holidays);
    case 'VCDPA':
    case 'CPA':
    case 'CTDPA':
    case 'TDPSA':
    case 'OCPA':
      // R25: 45 calendar days, no roll.
      return lawDeadlines({ law: jurisdiction, receivedAt: dayStart(receivedOn), timeZone: 'UTC' }).dueOn;
    case 'CCPA':
      // Calendar days, no roll: 45 days whatever verification takes.
      return addCalendarDays(receivedOn, LEGAL.ccpaResponseDays);
    case 'OTHER':
      return policy.otherPolicy.legalDays === null ? null : addCalendarDays(receivedOn, policy.otherPolicy.legalDays);
    default:
      throw new RangeError(`Unknown jurisdiction: ${String(jurisdiction satisfies never)}`);
  }
}

/** Midnight UTC of a local day: lets the laws.ts clocks, which take instants, count from a day already known. */
function dayStart(day: LocalDate): Date {
  return startOfLocalDay(day, 'UTC');
}

/** R01 (and R04 for opt-outs, R03 for the acknowledgement, R26 for appeals). */
export function computeDueDate(input: DueDateInput): DueDates {
  const { receivedAt, jurisdiction, type, policy } = input;
  if (!Number.isInteger(policy.defaultResponseDays) || policy.defaultResponseDays < 1) {
    throw new RangeError(`defaultResponseDays must be a positive integer, got ${policy.defaultResponseDays}`);
  }
  const clock = clockFor(type);
  const receivedOn = toLocalDate(receivedAt, policy.timeZone);
  const legalDeadlineOn = legalDeadlineDay(receivedOn, jurisdiction, clock, policy);
  const defaultOn = addCalendarDays(receivedOn, policy.defaultResponseDays);
  const dueOn = legalDeadlineOn === null ? defaultOn : earlier(defaultOn, legalDeadlineOn);
  const dueAt = endOfLocalDay(dueOn, policy.timeZone);

  let acknowledgeBy: Date | null = null;
  if (acknowledgementRequired(type)) {
    const ackOn = addBusinessDays(receivedOn, LEGAL.acknowledgementBusinessDays, policy.holidays);
    acknowledgeBy = endOfLocalDay(earlier(ackOn, dueOn), policy.timeZone);
  }

  return {
    clock,
    receivedOn,
    dueAt,
    dueOn,
    legalDeadlineAt: legalDeadlineOn === null ? null : endOfLocalDay(legalDeadlineOn, policy.timeZone),
    legalDeadlineOn,
    acknowledgeBy,
  };
}

export interface VerificationDeadlineInput {
  readonly receivedAt: Date;
  readonly dueAt: Date;
  readonly policy: Pick<DsarPolicy, 'timeZone'> & {
    readonly verification: Pick<DsarPolicy['verification'], 'unverifiedCloseDays'>;
  };
}

/**
 * R12: when an unverified request is closed — the end of the local day
 * `unverifiedCloseDays` after receipt, but never later than the due date, so
 * waiting for verification can never make the answer late.
 */
export function computeVerificationDeadline(input: VerificationDeadlineInput): Date {
  const { receivedAt, dueAt, policy } = input;
  const days = policy.verification.unverifiedCloseDays;
  if (!Number.isInteger(days) || days < 1)
    throw new RangeError(`unverifiedCloseDays must be a positive integer, got ${days}`);
  const windowEnd = endOfLocalDay(addCalendarDays(toLocalDate(receivedAt, policy.timeZone), days), policy.timeZone);
  return windowEnd.getTime() <= dueAt.getTime() ? windowEnd : new Date(dueAt.getTime());
}

/**
 * Operator reminders: for each N in `reminderDaysBeforeDue`, the end of the
 * local day N days before the due day — the moment exactly N whole days remain
 * for an end-of-day due date. Reminders at or before `now` are dropped;
 * the rest come sorted, without duplicates.
 */
export function reminderTimes(
  dueAt: Date,
  now: Date,
  policy: Pick<DsarPolicy, 'timeZone' | 'reminderDaysBeforeDue'>,
): Date[] {
  const dueOn = toLocalDate(dueAt, policy.timeZone);
  const times = new Set<number>();
  for (const n of policy.reminderDaysBeforeDue) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`reminder days must be positive integers, got ${n}`);
    const t = endOfLocalDay(addCalendarDays(dueOn, -n), policy.timeZone).getTime();
    if (t > now.getTime()) times.add(t);
  }
  return [...times].sort((a, b) => a - b).map((t) => new Date(t));
}

/** Overdue once the due instant has passed. */
export function isOverdue(dueAt: Date, now: Date): boolean {
  return now.getTime() > dueAt.getTime();
}
