/**
 * The controller's configurable policy, with the defaults of product.md
 * ("Defaults"). Legal constants (GDPR one month, CCPA 45 days, …) are not
 * configurable: they live in `LEGAL` below.
 */
import { isIsoDate, isValidTimeZone } from './calendar';
import { isRequestType, RequestType } from './request-types';

/** What the law fixes; a policy may be stricter, never looser. */
export const LEGAL = {
  /** R01 GDPR 12(3): one month. */
  gdprResponseMonths: 1,
  /** R02 GDPR 12(3): two further months. */
  gdprExtensionMonths: 2,
  /** R01 §1798.130(a)(2)(A): 45 calendar days. */
  ccpaResponseDays: 45,
  /** R02 §1798.130(a)(2)(A): one further 45 days (90 total). */
  ccpaExtensionDays: 45,
  /** R03 Regs §7021(a). */
  acknowledgementBusinessDays: 10,
  /** R04 Regs §7026(f), §7027(g): opt-outs done within 15 business days. */
  optOutBusinessDays: 15,
  /** R05 §1798.130(b): not owed more than twice per 12 months. */
  ccpaAccessLimit: 2,
  ccpaAccessWindowMonths: 12,
  /** R21 Regs §7101: keep the request log at least 24 months. */
  minRequestLogRetentionMonths: 24,
} as const;

export interface VerificationPolicy {
  readonly codeDigits: number;
  readonly codeTtlMinutes: number;
  readonly maxAttempts: number;
  readonly maxResends: number;
  /** R12: an unverified request closes this many calendar days after receipt (never past the due date). */
  readonly unverifiedCloseDays: number;
}

/** Policy for jurisdiction OTHER: null means "no such rule". */
export interface OtherJurisdictionPolicy {
  /** Legal response period in calendar days, or null when only our default applies. */
  readonly legalDays: number | null;
  /** Extension in calendar days beyond the legal (or default) period; null = no extension. */
  readonly extensionDays: number | null;
  /** Know requests owed per trailing 12 months; null = unlimited. */
  readonly accessLimit: number | null;
}

export interface DsarPolicy {
  /** The controller's IANA time zone: days are counted in its calendar. */
  readonly timeZone: string;
  /** Public holidays, ISO `YYYY-MM-DD`, for the working-day rolls (R01 GDPR, R03, R04). */
  readonly holidays: readonly string[];
  /** R01: our target, receipt + N calendar days, never later than the legal deadline. */
  readonly defaultResponseDays: number;
  readonly verification: VerificationPolicy;
  /** R05: CCPA know requests owed per trailing 12 months (may be raised, never below 2). */
  readonly ccpaAccessLimit: number;
  /** R16: the signed download link (and then the bundle) lives this many days. */
  readonly downloadLinkDays: number;
  /** R21: request-log retention after closure, ≥ 24 months. */
  readonly requestLogRetentionMonths: number;
  /** Operator reminders, in calendar days before the due date. */
  readonly reminderDaysBeforeDue: readonly number[];
  /**
   * Types an operator must approve before fulfilment. Default: none — every
   * type is fulfilled automatically once verified and eligible, and operators
   * can still deny (R06) at any open step. Controllers that want a human check
   * before irreversible work typically add 'deletion'.
   */
  readonly approvalRequiredFor: readonly RequestType[];
  readonly otherPolicy: OtherJurisdictionPolicy;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export const defaultPolicy: DsarPolicy = deepFreeze({
  timeZone: 'UTC',
  holidays: [],
  defaultResponseDays: 30,
  verification: {
    codeDigits: 6,
    codeTtlMinutes: 15,
    maxAttempts: 5,
    maxResends: 3,
    unverifiedCloseDays: 14,
  },
  ccpaAccessLimit: LEGAL.ccpaAccessLimit,
  downloadLinkDays: 7,
  requestLogRetentionMonths: LEGAL.minRequestLogRetentionMonths,
  reminderDaysBeforeDue: [7, 2],
  approvalRequiredFor: [],
  otherPolicy: { legalDays: null, extensionDays: null, accessLimit: null },
});

/** Overrides, shallow-merged one level deep onto the defaults. */
export interface PolicyOverrides extends Partial<Omit<DsarPolicy, 'verification' | 'otherPolicy'>> {
  readonly verification?: Partial<VerificationPolicy>;
  readonly otherPolicy?: Partial<OtherJurisdictionPolicy>;
}

const isPositiveInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
const isNullOrPositiveInt = (n: unknown) => n === null || isPositiveInt(n);

/** Every problem with a policy, as readable sentences; empty when valid. */
export function validatePolicy(policy: DsarPolicy): string[] {
  const errors: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) errors.push(message);
  };
  need(isValidTimeZone(policy.timeZone), `timeZone is not an IANA time zone: ${String(policy.timeZone)}`);
  need(Array.isArray(policy.holidays) && policy.holidays.every(isIsoDate), 'holidays must be ISO dates YYYY-MM-DD');
  need(isPositiveInt(policy.defaultResponseDays), 'defaultResponseDays must be a positive integer');
  const v = policy.verification ?? ({} as VerificationPolicy);
  need(isPositiveInt(v.codeDigits), 'verification.codeDigits must be a positive integer');
  need(isPositiveInt(v.codeTtlMinutes), 'verification.codeTtlMinutes must be a positive integer');
  need(isPositiveInt(v.maxAttempts), 'verification.maxAttempts must be a positive integer');
  need(Number.isInteger(v.maxResends) && v.maxResends >= 0, 'verification.maxResends must be an integer ≥ 0');
  need(isPositiveInt(v.unverifiedCloseDays), 'verification.unverifiedCloseDays must be a positive integer');
  need(
    isPositiveInt(policy.ccpaAccessLimit) && policy.ccpaAccessLimit >= LEGAL.ccpaAccessLimit,
    `ccpaAccessLimit must be an integer ≥ ${LEGAL.ccpaAccessLimit} (R05)`,
  );
  need(isPositiveInt(policy.downloadLinkDays), 'downloadLinkDays must be a positive integer');
  need(
    isPositiveInt(policy.requestLogRetentionMonths) &&
      policy.requestLogRetentionMonths >= LEGAL.minRequestLogRetentionMonths,
    `requestLogRetentionMonths must be an integer ≥ ${LEGAL.minRequestLogRetentionMonths} (R21)`,
  );
  need(
    Array.isArray(policy.reminderDaysBeforeDue) && policy.reminderDaysBeforeDue.every(isPositiveInt),
    'reminderDaysBeforeDue must be positive integers',
  );
  need(
    Array.isArray(policy.approvalRequiredFor) && policy.approvalRequiredFor.every(isRequestType),
    'approvalRequiredFor must list request types',
  );
  const o = policy.otherPolicy ?? ({} as OtherJurisdictionPolicy);
  need(isNullOrPositiveInt(o.legalDays), 'otherPolicy.legalDays must be null or a positive integer');
  need(isNullOrPositiveInt(o.extensionDays), 'otherPolicy.extensionDays must be null or a positive integer');
  need(isNullOrPositiveInt(o.accessLimit), 'otherPolicy.accessLimit must be null or a positive integer');
  return errors;
}

export class InvalidPolicyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid DSAR policy: ${problems.join('; ')}`);
    this.name = 'InvalidPolicyError';
  }
}

// Tolerates a non-array from untyped config so that validatePolicy can report it.
const copy = <T>(list: readonly T[]): readonly T[] => (Array.isArray(list) ? [...list] : list);

/** Defaults + overrides, validated; throws InvalidPolicyError listing every problem. */
export function makePolicy(overrides: PolicyOverrides = {}): DsarPolicy {
  const merged = { ...defaultPolicy, ...overrides };
  // Copies, so freezing the result never freezes the caller's arrays.
  const policy: DsarPolicy = {
    ...merged,
    holidays: copy(merged.holidays),
    reminderDaysBeforeDue: copy(merged.reminderDaysBeforeDue),
    approvalRequiredFor: copy(merged.approvalRequiredFor),
    verification: { ...defaultPolicy.verification, ...overrides.verification },
    otherPolicy: { ...defaultPolicy.otherPolicy, ...overrides.otherPolicy },
  };
  const problems = validatePolicy(policy);
  if (problems.length > 0) throw new InvalidPolicyError(problems);
  return deepFreeze(policy);
}

/** Whether an operator must approve this type before fulfilment. */
export function needsApproval(type: RequestType, policy: Pick<DsarPolicy, 'approvalRequiredFor'>): boolean {
  return policy.approvalRequiredFor.includes(type);
}
