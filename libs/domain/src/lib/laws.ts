/**
 * R24–R27: the UK GDPR and the US state privacy laws whose clocks, free
 * requests, rights and appeals differ from the GDPR and the CCPA.
 *
 * Every number carries its citation here and in docs/laws.md. How days are
 * counted is part of each law's facts (`counting`):
 *  - UK GDPR: months, from the day of receipt to the same date of the next
 *    month (its last day when it has none), and an end on a weekend or bank
 *    holiday moves to the next working day (ICO guidance on time limits,
 *    R24) — the same arithmetic as the EU GDPR's R01.
 *  - US states: calendar days, the day of receipt not counted, and no roll: a
 *    45th day on a Saturday is that Saturday (none of the five statutes
 *    speaks of business days).
 * Pure functions: the caller passes the time zone and holidays.
 */
import {
  addCalendarDays,
  addMonthsClamped,
  endOfLocalDay,
  Holidays,
  LocalDate,
  rollToWorkingDay,
  toLocalDate,
} from './calendar';
import { countInWindow } from './quota';
import { US_STATE_JURISDICTIONS } from './request-types';

export const STATE_LAWS = US_STATE_JURISDICTIONS;
export type StateLaw = (typeof STATE_LAWS)[number];
export const PRIVACY_LAWS = ['UK_GDPR', ...STATE_LAWS] as const;
export type PrivacyLaw = (typeof PRIVACY_LAWS)[number];

/** Rights a law may grant, in our words (each maps to one or more request types). */
export const LAW_RIGHTS = [
  'access',
  'correction',
  'deletion',
  'portability',
  'restriction',
  'objection',
  'opt_out_targeted_advertising',
  'opt_out_sale',
  'opt_out_profiling',
] as const;
export type LawRight = (typeof LAW_RIGHTS)[number];

/** Who hears a complaint, and how a person reaches them. */
export interface Regulator {
  readonly name: string;
  readonly url: string;
  readonly phone: string | null;
}

/** A period: whole months (UK) or calendar days (US states). */
export type Period = { readonly months: number } | { readonly days: number };

export interface LawFacts {
  readonly law: PrivacyLaw;
  readonly title: string;
  readonly place: string;
  readonly counting: 'months_rolled_to_working_day' | 'calendar_days';
  readonly response: Period;
  readonly responseCite: string;
  /** Added once to the first period; the notice with the reason goes out before the first period ends. */
  readonly extension: Period;
  readonly extensionCite: string;
  /** Requests owed free per trailing 12 months; null = no number (free unless manifestly unfounded or excessive). */
  readonly freeRequestsPer12Months: number | null;
  readonly freeCite: string;
  readonly rights: readonly LawRight[];
  readonly rightsCite: string;
  /** The controller's appeal of a refusal; null when the law has none (the UK: a complaint to the ICO instead). */
  readonly appeal: {
    readonly decisionDays: number;
    /** Further days for the appeal decision when reasonably necessary, with notice within decisionDays; null = none. */
    readonly extensionDays: number | null;
    readonly cite: string;
  } | null;
  /** Where a refused person complains (after a denied appeal under the state laws). */
  readonly regulator: Regulator;
  readonly regulatorCite: string;
  /** From when a universal opt-out signal (Global Privacy Control) must be honoured; null = not required by the law. */
  readonly universalOptOutFrom: string | null;
  readonly universalOptOutCite: string | null;
}

const STATE_RIGHTS: readonly LawRight[] = [
  'access',
  'correction',
  'deletion',
  'portability',
  'opt_out_targeted_advertising',
  'opt_out_sale',
  'opt_out_profiling',
];

export const LAW_FACTS: Readonly<Record<PrivacyLaw, LawFacts>> = {
  UK_GDPR: {
    law: 'UK_GDPR',
    title: 'UK GDPR and Data Protection Act 2018',
    place: 'United Kingdom',
    counting: 'months_rolled_to_working_day',
    // Art. 12(3): "within one month of receipt"; ICO "Time limits for responding": same date next
    // month (or its last day), an end on a weekend or bank holiday moves to the next working day.
    response: { months: 1 },
    responseCite: 'UK GDPR Art. 12(3), Art. 12A; ICO guidance "Right of access: time limits"',
    // Art. 12(3): "by two further months where necessary", reasons within the first month.
    extension: { months: 2 },
    extensionCite: 'UK GDPR Art. 12(3)',
    // Art. 12(5): free; a reasonable fee or refusal only when manifestly unfounded or excessive.
    freeRequestsPer12Months: null,
    freeCite: 'UK GDPR Art. 12(5), Art. 15(3)',
    rights: ['access', 'correction', 'deletion', 'portability', 'restriction', 'objection'],
    rightsCite: 'UK GDPR Arts. 15, 16, 17, 18, 20, 21',
    appeal: null,
    regulator: {
      name: "Information Commissioner's Office (ICO)",
      url: 'https://ico.org.uk/make-a-complaint/',
      phone: '0303 123 1113',
    },
    regulatorCite: 'UK GDPR Arts. 12(4), 77; Data Protection Act 2018 s. 165',
    universalOptOutFrom: null,
    universalOptOutCite: null,
  },
  VCDPA: {
    law: 'VCDPA',
    title: 'Virginia Consumer Data Protection Act',
    place: 'Virginia',
    counting: 'calendar_days',
    response: { days: 45 },
    responseCite: 'Va. Code §59.1-577(B)(1)',
    extension: { days: 45 },
    extensionCite: 'Va. Code §59.1-577(B)(1)',
    // "free of charge, up to twice annually per consumer".
    freeRequestsPer12Months: 2,
    freeCite: 'Va. Code §59.1-577(B)(3)',
    rights: STATE_RIGHTS,
    rightsCite: 'Va. Code §59.1-577(A)(1)-(5)',
    // "Within 60 days of receipt of an appeal … in writing … written explanation of the reasons".
    appeal: {
      decisionDays: 60,
      extensionDays: null,
      cite: 'Va. Code §59.1-577(C); notice of the process §59.1-578(C)',
    },
    regulator: {
      name: 'Office of the Attorney General of Virginia, Consumer Protection Section',
      url: 'https://www.oag.state.va.us/consumer-protection/index.php/file-a-complaint',
      phone: '(804) 786-2042',
    },
    regulatorCite: 'Va. Code §59.1-577(C)',
    universalOptOutFrom: null,
    universalOptOutCite: null,
  },
  CPA: {
    law: 'CPA',
    title: 'Colorado Privacy Act',
    place: 'Colorado',
    counting: 'calendar_days',
    response: { days: 45 },
    responseCite: 'C.R.S. §6-1-1306(2)(a)',
    extension: { days: 45 },
    extensionCite: 'C.R.S. §6-1-1306(2)(a)',
    // Free, except that a second or subsequent request within 12 months may be charged.
    freeRequestsPer12Months: 1,
    freeCite: 'C.R.S. §6-1-1306(2)(c)',
    rights: STATE_RIGHTS,
    rightsCite: 'C.R.S. §6-1-1306(1)(a)-(e) (portability at most twice per calendar year, (1)(e))',
    // 45 days, extendable by 60 with notice and reasons within the 45.
    appeal: { decisionDays: 45, extensionDays: 60, cite: 'C.R.S. §6-1-1306(3)(b)' },
    regulator: {
      name: 'Colorado Attorney General',
      url: 'https://coag.gov/file-complaint/',
      phone: '(720) 508-6000',
    },
    regulatorCite: 'C.R.S. §6-1-1306(3)(c)',
    universalOptOutFrom: '2024-07-01',
    universalOptOutCite: 'C.R.S. §6-1-1306(1)(a)(IV); 4 CCR 904-3 Part 5',
  },
  CTDPA: {
    law: 'CTDPA',
    title: 'Connecticut Data Privacy Act',
    place: 'Connecticut',
    counting: 'calendar_days',
    response: { days: 45 },
    responseCite: 'Conn. Gen. Stat. §42-518(c)(1)',
    extension: { days: 45 },
    extensionCite: 'Conn. Gen. Stat. §42-518(c)(1)',
    // "free of charge, once per consumer during any twelve-month period".
    freeRequestsPer12Months: 1,
    freeCite: 'Conn. Gen. Stat. §42-518(c)(3)',
    rights: STATE_RIGHTS,
    rightsCite: 'Conn. Gen. Stat. §42-518(a)(1)-(5)',
    appeal: { decisionDays: 60, extensionDays: null, cite: 'Conn. Gen. Stat. §42-518(d)' },
    regulator: {
      name: 'Connecticut Office of the Attorney General',
      url: 'https://portal.ct.gov/ag/common/complaint-form-landing-page',
      phone: '(860) 808-5318',
    },
    regulatorCite: 'Conn. Gen. Stat. §42-518(d)',
    universalOptOutFrom: '2025-01-01',
    universalOptOutCite: 'Conn. Gen. Stat. §42-520(a)',
  },
  TDPSA: {
    law: 'TDPSA',
    title: 'Texas Data Privacy and Security Act',
    place: 'Texas',
    counting: 'calendar_days',
    response: { days: 45 },
    responseCite: 'Tex. Bus. & Com. Code §541.052(b)',
    extension: { days: 45 },
    extensionCite: 'Tex. Bus. & Com. Code §541.052(b)',
    // "free of charge, at least twice annually per consumer".
    freeRequestsPer12Months: 2,
    freeCite: 'Tex. Bus. & Com. Code §541.052(d)',
    rights: STATE_RIGHTS,
    rightsCite: 'Tex. Bus. & Com. Code §541.051(b)',
    appeal: { decisionDays: 60, extensionDays: null, cite: 'Tex. Bus. & Com. Code §541.053' },
    regulator: {
      name: 'Office of the Attorney General of Texas, Consumer Protection Division',
      url: 'https://www.texasattorneygeneral.gov/consumer-protection/file-consumer-complaint',
      phone: '(800) 621-0508',
    },
    regulatorCite: 'Tex. Bus. & Com. Code §541.053',
    universalOptOutFrom: '2025-01-01',
    universalOptOutCite: 'Tex. Bus. & Com. Code §541.055(e)',
  },
  OCPA: {
    law: 'OCPA',
    title: 'Oregon Consumer Privacy Act',
    place: 'Oregon',
    counting: 'calendar_days',
    response: { days: 45 },
    responseCite: 'ORS 646A.576(5)(a)-(b)',
    extension: { days: 45 },
    extensionCite: 'ORS 646A.576(5)(b)',
    // Free for the first request in any 12-month period (Oregon DOJ business FAQ).
    freeRequestsPer12Months: 1,
    freeCite: 'ORS 646A.576(5)(c)',
    rights: STATE_RIGHTS,
    rightsCite: 'ORS 646A.574(1) (also the list of specific third parties, (1)(a)(B))',
    // "approve or deny the appeal within 45 days after the date on which the controller received the appeal".
    appeal: { decisionDays: 45, extensionDays: null, cite: 'ORS 646A.576(6)(d)' },
    regulator: {
      name: 'Oregon Department of Justice, Consumer Protection',
      url: 'https://justice.oregon.gov/consumercomplaints/',
      phone: '(877) 877-9392',
    },
    regulatorCite: 'ORS 646A.576(6)(d)',
    universalOptOutFrom: '2026-01-01',
    universalOptOutCite: 'ORS 646A.574(1)(d)',
  },
};

export function isPrivacyLaw(value: unknown): value is PrivacyLaw {
  return typeof value === 'string' && (PRIVACY_LAWS as readonly string[]).includes(value);
}

export function lawFacts(law: PrivacyLaw): LawFacts {
  const facts = LAW_FACTS[law];
  if (!facts) throw new RangeError(`Unknown privacy law: ${String(law)}`);
  return facts;
}

export function grantsRight(law: PrivacyLaw, right: LawRight): boolean {
  return lawFacts(law).rights.includes(right);
}

/** Adds a period to a local day the way the law counts it, before any working-day roll. */
function addPeriod(day: LocalDate, period: Period): LocalDate {
  return 'months' in period ? addMonthsClamped(day, period.months) : addCalendarDays(day, period.days);
}

/** The working-day roll applies only to laws counted in months (UK); the US laws count plain calendar days. */
function finish(facts: LawFacts, day: LocalDate, holidays: Holidays): LocalDate {
  return facts.counting === 'months_rolled_to_working_day' ? rollToWorkingDay(day, holidays) : day;
}

/**
 * UK GDPR Art. 12A (R24): the clock starts at the "relevant time", the latest
 * of receipt, the requested proof of identity and any fee. Pass only the
 * instants that apply.
 */
export function ukRelevantTime(receivedAt: Date, ...later: readonly (Date | null | undefined)[]): Date {
  let latest = receivedAt;
  for (const t of later) if (t && t.getTime() > latest.getTime()) latest = t;
  return latest;
}

export interface LawClockInput {
  readonly law: PrivacyLaw;
  /** Receipt (for the UK, the relevant time: see ukRelevantTime). */
  readonly receivedAt: Date;
  readonly timeZone: string;
  readonly holidays?: Holidays;
  /**
   * UK GDPR Art. 12A(3): whole days the clock stood still while we waited for a
   * clarification we asked for; they are added before the working-day roll.
   * The US statutes have no pause (authentication does not stop their clock, R25).
   */
  readonly pausedDays?: number;
}

export interface LawDeadlines {
  readonly law: PrivacyLaw;
  readonly receivedOn: LocalDate;
  /** The law's answer deadline (R24/R25). */
  readonly dueOn: LocalDate;
  readonly dueAt: Date;
  /** The latest the single extension may reach. */
  readonly maxExtendedOn: LocalDate;
  readonly maxExtendedAt: Date;
  /** The extension notice, with its reason, must reach the person by the end of the first period. */
  readonly extensionNoticeBy: Date;
}

/**
 * R24/R25: the answer deadline and the extension limit. The UK extension
 * counts its two months on from the first period's end before the roll (as
 * R02 does for the EU GDPR: received 31 January ends 28 April, not 30 April).
 */
export function lawDeadlines(input: LawClockInput): LawDeadlines {
  const { law, receivedAt, timeZone } = input;
  const holidays = input.holidays ?? [];
  const paused = input.pausedDays ?? 0;
  const facts = lawFacts(law);
  if (!Number.isInteger(paused) || paused < 0) throw new RangeError(`pausedDays must be an integer ≥ 0, got ${paused}`);
  if (paused > 0 && facts.counting !== 'months_rolled_to_working_day') {
    throw new RangeError(`${law}: the statute has no pause of its clock`);
  }
  const receivedOn = toLocalDate(receivedAt, timeZone);
  const firstEnd = addCalendarDays(addPeriod(receivedOn, facts.response), paused);
  const dueOn = finish(facts, firstEnd, holidays);
  const maxExtendedOn = finish(facts, addPeriod(firstEnd, facts.extension), holidays);
  const dueAt = endOfLocalDay(dueOn, timeZone);
  return {
    law,
    receivedOn,
    dueOn,
    dueAt,
    maxExtendedOn,
    maxExtendedAt: endOfLocalDay(maxExtendedOn, timeZone),
    extensionNoticeBy: dueAt,
  };
}

export interface AppealDeadlines {
  readonly law: StateLaw;
  readonly appealReceivedOn: LocalDate;
  /** R26: the written decision with reasons is due by the end of this day. */
  readonly decideOn: LocalDate;
  readonly decideBy: Date;
  /** Colorado only: the latest an extended appeal decision may come; null where the law allows none. */
  readonly maxExtendedOn: LocalDate | null;
  readonly maxExtendedBy: Date | null;
}

export function hasAppeal(law: PrivacyLaw): law is StateLaw {
  return lawFacts(law).appeal !== null;
}

/** R26: when the controller must decide an appeal (calendar days from its receipt, no roll). */
export function appealDeadlines(law: PrivacyLaw, appealReceivedAt: Date, timeZone: string): AppealDeadlines {
  const appeal = lawFacts(law).appeal;
  if (!appeal || !hasAppeal(law))
    throw new RangeError(`${law} has no appeal to the controller; a complaint goes to the regulator`);
  const appealReceivedOn = toLocalDate(appealReceivedAt, timeZone);
  const decideOn = addCalendarDays(appealReceivedOn, appeal.decisionDays);
  const maxExtendedOn = appeal.extensionDays === null ? null : addCalendarDays(decideOn, appeal.extensionDays);
  return {
    law,
    appealReceivedOn,
    decideOn,
    decideBy: endOfLocalDay(decideOn, timeZone),
    maxExtendedOn,
    maxExtendedBy: maxExtendedOn === null ? null : endOfLocalDay(maxExtendedOn, timeZone),
  };
}

/**
 * R27: whether one more request is owed free now, given the instants of the
 * person's earlier accepted requests under this law. Uses the R05 trailing
 * 12-month window (same edge: a request stops counting at the start of the
 * same-numbered day a year later). Virginia and Texas say "annually"; the
 * trailing window is the reading R27 fixes.
 */
export function isFreeRequest(law: PrivacyLaw, earlier: readonly Date[], now: Date, timeZone: string): boolean {
  const limit = lawFacts(law).freeRequestsPer12Months;
  return limit === null || countInWindow(earlier, now, timeZone) < limit;
}
