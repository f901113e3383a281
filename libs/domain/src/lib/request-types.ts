/**
 * Request types and jurisdictions, and the per-type facts every other rule
 * reads: verification level (R09, R04), quota (R05), clock (R01/R04),
 * acknowledgement (R03), recipients to notify (R18) and the downgrade target
 * when high assurance fails (R09).
 */

export const REQUEST_TYPES = [
  'access',
  'access_categories',
  'portability',
  'deletion',
  'correction',
  'restriction',
  'lift_restriction',
  'objection',
  'opt_out_sale',
  'limit_sensitive',
  'appeal',
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/**
 * The law a request is answered under. UK_GDPR and the five US state laws
 * (VCDPA, CPA, CTDPA, TDPSA, OCPA) are described in laws.ts. OTHER = any other
 * regime; its deadline, extension and quota come from `DsarPolicy.otherPolicy`.
 */
export const JURISDICTIONS = ['GDPR', 'CCPA', 'UK_GDPR', 'VCDPA', 'CPA', 'CTDPA', 'TDPSA', 'OCPA', 'OTHER'] as const;
export type Jurisdiction = (typeof JURISDICTIONS)[number];
/** The US state laws with an appeal of a refusal (R25, R26); laws.ts has their facts. */
export const US_STATE_JURISDICTIONS = [
  'VCDPA',
  'CPA',
  'CTDPA',
  'TDPSA',
  'OCPA',
] as const satisfies readonly Jurisdiction[];

/** GDPR-like: the EU GDPR and the UK GDPR share clocks (R01, R24), verification and rights. */
export function isGdprLike(jurisdiction: Jurisdiction): boolean {
  return jurisdiction === 'GDPR' || jurisdiction === 'UK_GDPR';
}

export function isUsStateLaw(jurisdiction: Jurisdiction): boolean {
  return (US_STATE_JURISDICTIONS as readonly string[]).includes(jurisdiction);
}

/** Channels an objection / unsubscribe can name (R20). */
export const CHANNELS = ['email', 'sms', 'push', 'in_app', 'web_push'] as const;
export type Channel = (typeof CHANNELS)[number];

/**
 * none: no verification at all (opt-outs, R04).
 * reasonable: control of the email + match to records (R09).
 * reasonably_high: email + ≥ 3 matched data points + signed declaration (R09, CCPA specific pieces).
 */
export const VERIFICATION_LEVELS = ['none', 'reasonable', 'reasonably_high'] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

/**
 * response: R01 due date (+ R02 extension). opt_out: R04, 15 business days, no extension.
 * appeal: R26, the law's days to decide an appeal (Colorado may extend by 60).
 */
export type Clock = 'response' | 'opt_out' | 'appeal';

export interface RequestTypeRule {
  readonly type: RequestType;
  /** Baseline level per jurisdiction. Under GDPR ask for more only with reasonable doubt (12(6)). */
  readonly verification: Readonly<Record<Jurisdiction, VerificationLevel>>;
  /** A CCPA "request to know" (§1798.110/.115, incl. portability): counts toward R05. */
  readonly isKnowRequest: boolean;
  readonly clock: Clock;
  /** R03: know, delete and correct requests are acknowledged within 10 business days. */
  readonly acknowledgementRequired: boolean;
  /** R18 (and see notes on the opt-out rows): recipients must be told. */
  readonly notifyRecipients: boolean;
  /** R09: what a failed reasonably-high verification falls back to. */
  readonly downgradeTo: RequestType | null;
  /** Where the right exists (product.md "Request types"); OTHER offers every type. */
  readonly offeredIn: readonly Jurisdiction[];
}

const ALL: readonly Jurisdiction[] = JURISDICTIONS;
const GDPR_LIKE: readonly Jurisdiction[] = ['GDPR', 'UK_GDPR'];

/** A level per jurisdiction from one per family: GDPR-like, the CCPA, the US state laws, OTHER. */
function levels(gdpr: VerificationLevel, ccpa: VerificationLevel, states: VerificationLevel, other: VerificationLevel) {
  const byLaw = { GDPR: gdpr, UK_GDPR: gdpr, CCPA: ccpa, OTHER: other } as Record<Jurisdiction, VerificationLevel>;
  for (const law of US_STATE_JURISDICTIONS) byLaw[law] = states;
  return byLaw;
}
// The state laws ask for an "authenticated" request by commercially reasonable means: our reasonable level.
const REASONABLE = levels('reasonable', 'reasonable', 'reasonable', 'reasonable');
const NONE = levels('none', 'none', 'none', 'none');

export const REQUEST_TYPE_RULES: Readonly<Record<RequestType, RequestTypeRule>> = {
  access: {
    type: 'access',
    verification: levels('reasonable', 'reasonably_high', 'reasonable', 'reasonable'),
    isKnowRequest: true,
    clock: 'response',
    acknowledgementRequired: true,
    notifyRecipients: false,
    downgradeTo: 'access_categories',
    offeredIn: ALL,
  },
  access_categories: {
    type: 'access_categories',
    verification: REASONABLE,
    isKnowRequest: true,
    clock: 'response',
    acknowledgementRequired: true,
    notifyRecipients: false,
    downgradeTo: null,
    offeredIn: ['CCPA', 'OTHER'],
  },
  // Portability is verified "as access": under CCPA it is part of a request for specific pieces.
  portability: {
    type: 'portability',
    verification: levels('reasonable', 'reasonably_high', 'reasonable', 'reasonable'),
    isKnowRequest: true,
    clock: 'response',
    acknowledgementRequired: true,
    notifyRecipients: false,
    downgradeTo: 'access_categories',
    offeredIn: ALL,
  },
  // Baseline "reasonable"; the identity service raises it for sensitive data (Regs §7062).
  deletion: {
    type: 'deletion',
    verification: REASONABLE,
    isKnowRequest: false,
    clock: 'response',
    acknowledgementRequired: true,
    notifyRecipients: true,
    downgradeTo: null,
    offeredIn: ALL,
  },
  // Verified with data other than the field being corrected (R10).
  correction: {
    type: 'correction',
    verification: REASONABLE,
    isKnowRequest: false,
    clock: 'response',
    acknowledgementRequired: true,
    notifyRecipients: true,
    downgradeTo: null,
    offeredIn: ALL,
  },
  restriction: {
    type: 'restriction',
    verification: REASONABLE,
    isKnowRequest: false,
    clock: 'response',
    acknowledgementRequired: false,
    notifyRecipients: true,
    downgradeTo: null,
    offeredIn: [...GDPR_LIKE, 'OTHER'],
  },
  // Not in R18's list, but recipients told to restrict must also be told they may resume.
  lift_restriction: {
    type: 'lift_restriction',
    verification: REASONABLE,
    isKnowRequest: false,
    clock: 'response',
    acknowledgementRequired: false,
    notifyRecipients: true,
    downgradeTo: null,
    offeredIn: [...GDPR_LIKE, 'OTHER'],
  },
  objection: {
    type: 'objection',
    verification: REASONABLE,
    isKnowRequest: false,
    clock: 'response',
    acknowledgementRequired: false,
    notifyRecipients: false,
    downgradeTo: null,
    offeredIn: [...GDPR_LIKE, 'OTHER'],
  },
  // Opt-outs: never verified (R04). Third parties the PI was sold/shared to must
  // be told to comply (Regs §7026(f)), hence notifyRecipients.
  opt_out_sale: {
    type: 'opt_out_sale',
    verification: NONE,
    isKnowRequest: false,
    clock: 'opt_out',
    acknowledgementRequired: false,
    notifyRecipients: true,
    downgradeTo: null,
    // The state laws' opt-outs of sale, targeted advertising and profiling are answered as one (laws.ts).
    offeredIn: ['CCPA', ...US_STATE_JURISDICTIONS, 'OTHER'],
  },
  // Likewise Regs §7027(g) for third parties that received sensitive PI.
  limit_sensitive: {
    type: 'limit_sensitive',
    verification: NONE,
    isKnowRequest: false,
    clock: 'opt_out',
    acknowledgementRequired: false,
    notifyRecipients: true,
    downgradeTo: null,
    offeredIn: ['CCPA', 'OTHER'],
  },
  // R26: the appeal of a refused request, made from that request's signed status link (the person was
  // verified for it already); an operator decides it with written reasons.
  appeal: {
    type: 'appeal',
    verification: NONE,
    isKnowRequest: false,
    clock: 'appeal',
    acknowledgementRequired: true,
    notifyRecipients: false,
    downgradeTo: null,
    offeredIn: US_STATE_JURISDICTIONS,
  },
};

export function isRequestType(value: unknown): value is RequestType {
  return typeof value === 'string' && (REQUEST_TYPES as readonly string[]).includes(value);
}

export function isJurisdiction(value: unknown): value is Jurisdiction {
  return typeof value === 'string' && (JURISDICTIONS as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isVerificationLevel(value: unknown): value is VerificationLevel {
  return typeof value === 'string' && (VERIFICATION_LEVELS as readonly string[]).includes(value);
}

/** An objection names at least one known channel, each once. Returns the problem, or null. */
export function validateObjectionChannels(channels: unknown): string | null {
  if (!Array.isArray(channels) || channels.length === 0) return 'an objection names at least one channel';
  const bad = channels.filter((c) => !isChannel(c));
  if (bad.length > 0) return `unknown channel(s): ${bad.map(String).join(', ')}; expected ${CHANNELS.join(', ')}`;
  if (new Set(channels).size !== channels.length) return 'each channel may be named once';
  return null;
}

export function ruleFor(type: RequestType): RequestTypeRule {
  const rule = REQUEST_TYPE_RULES[type];
  if (!rule) throw new RangeError(`Unknown request type: ${String(type)}`);
  return rule;
}

/** R09/R04 baseline verification level. */
export function verificationLevel(type: RequestType, jurisdiction: Jurisdiction): VerificationLevel {
  return ruleFor(type).verification[jurisdiction];
}

export function requiresVerification(type: RequestType, jurisdiction: Jurisdiction): boolean {
  return verificationLevel(type, jurisdiction) !== 'none';
}

/** R09: the type to answer as when reasonably-high verification fails; null when there is no fallback (deny/close instead). */
export function downgradeTarget(type: RequestType, jurisdiction: Jurisdiction): RequestType | null {
  return verificationLevel(type, jurisdiction) === 'reasonably_high' ? ruleFor(type).downgradeTo : null;
}

/**
 * R05 applies to CCPA know requests only; GDPR has no numeric limit (only R06).
 * OTHER may configure one: see `accessLimitFor` in quota.ts, which covers both.
 */
export function countsTowardAccessQuota(type: RequestType, jurisdiction: Jurisdiction): boolean {
  return jurisdiction === 'CCPA' && ruleFor(type).isKnowRequest;
}

export function clockFor(type: RequestType): Clock {
  return ruleFor(type).clock;
}

export function acknowledgementRequired(type: RequestType): boolean {
  return ruleFor(type).acknowledgementRequired;
}

export function notifiesRecipients(type: RequestType): boolean {
  return ruleFor(type).notifyRecipients;
}

export function isOfferedIn(type: RequestType, jurisdiction: Jurisdiction): boolean {
  return ruleFor(type).offeredIn.includes(jurisdiction);
}
