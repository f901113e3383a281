import type { Channel } from '@rightsflow/domain';

/**
 * The data inventory (infra/inventory/*.yaml), as validated by validateInventory:
 * where each piece of personal data lives, how a record links to a subject, and
 * what each right does to it.
 */

/** CCPA categories of personal information (Cal. Civ. Code §1798.140(v)(1), (ae)). */
export const CCPA_CATEGORIES = {
  identifiers: 'Identifiers (name, email, online identifiers, IP address, account name)',
  customer_records: 'Personal information in customer records (phone number, contact details) — §1798.80(e)',
  protected_classifications: 'Characteristics of protected classifications',
  commercial: 'Commercial information (products or services purchased, subscriptions, records of payments)',
  biometric: 'Biometric information',
  internet_activity: 'Internet or other electronic network activity (browsing, interactions with our sites and apps)',
  geolocation: 'Geolocation data',
  sensory: 'Audio, electronic, visual or similar information',
  professional: 'Professional or employment-related information',
  education: 'Education information (courses, exam results, certifications)',
  inferences: 'Inferences drawn to create a profile (interests, activity scores)',
  sensitive: 'Sensitive personal information (account log-in and password, government identifiers)',
} as const;
export type CcpaCategory = keyof typeof CCPA_CATEGORIES;

/** Categories of sources (§1798.110(a)(2)). */
export const SOURCES = {
  subject: 'You, when you gave it to us',
  device: 'Your browser or device, automatically while you used our sites and products',
  third_party: 'Third parties (for example your employer)',
  inferred: 'Us, derived from other information we hold',
} as const;
export type Source = keyof typeof SOURCES;

/** What erasure does to a field (R17). */
export const ERASURE_ACTIONS = ['delete_record', 'null', 'hash', 'mask_ipv4', 'legal_hold'] as const;
export type ErasureAction = (typeof ERASURE_ACTIONS)[number];

/** Types the law never lets us disclose, only say that we hold (R14, Regs §7024(d)). */
export const NEVER_DISCLOSE_TYPES = {
  password: 'an account password',
  security_answer: 'security questions and answers',
  government_id: 'a government identification number',
  ssn: 'a Social Security number',
  financial_account: 'a financial account number',
  medical_id: 'a medical identification number',
  insurance_id: 'a health insurance identification number',
  biometric: 'biometric data',
} as const;
export type NeverDiscloseType = keyof typeof NEVER_DISCLOSE_TYPES;

/** How a recipient received the data, for the CCPA "sold / shared / disclosed" lists (R13). */
export const DISCLOSURES = ['business_purpose', 'sold', 'shared'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

/** Who a recipient is to us: a processor acts on our behalf, a third party for itself. */
export const RECIPIENT_KINDS = ['processor', 'third_party'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/** Which requests a recipient must hear about (R18). */
export const NOTIFY_KINDS = ['erasure', 'rectification', 'restriction'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export interface FieldSpec {
  name: string;
  category: CcpaCategory;
  source: Source;
  purposes: string[];
  recipients: string[];
  retention: string;
  erasure: ErasureAction;
  /** Set when erasure is legal_hold: the id of the legal exception (R17). */
  exception?: string;
  neverDisclose?: NeverDiscloseType;
  /** Name a correction uses for this field (R19), e.g. `name`. */
  attribute?: string;
  sensitive: boolean;
}

/** The field holds the subject's email. */
export interface DirectLink {
  field: string;
  via?: undefined;
  key?: undefined;
}
/** The field holds a value of `key` of the subject's records in the collection `via`. */
export interface ThroughLink {
  field: string;
  via: string;
  key: string;
}
export type LinkSpec = DirectLink | ThroughLink;

/** A $set document; the string `$now` becomes the time of the request. */
export type SetDocument = Record<string, unknown>;

export interface ControlsSpec {
  unsubscribe: Partial<Record<Channel, SetDocument>>;
  optOutSaleSharing?: SetDocument;
  limitSensitiveUse?: SetDocument;
}

export interface CollectionSpec {
  /** `<store>.<name>`: the name reports and bundles use. */
  id: string;
  store: string;
  name: string;
  /** The MongoDB collection: `<store>_<name>` (MongoDB stores). A PostgreSQL table is `name`. */
  mongoName: string;
  engine: StoreEngine;
  description: string;
  link: LinkSpec;
  fields: FieldSpec[];
  controls: ControlsSpec;
}

/** The engines a store can run on (one connector class each). */
export const STORE_ENGINES = ['mongodb', 'postgres'] as const;
export type StoreEngine = (typeof STORE_ENGINES)[number];

export interface StoreSpec {
  name: string;
  description: string;
  engine: StoreEngine;
  /** The environment variable holding the store's connection URL (never the URL itself: it may carry a secret). */
  urlEnv: string;
  /** MongoDB collections, or PostgreSQL tables (`tables:` in the file; fields are then columns). */
  collections: CollectionSpec[];
}

export interface PurposeSpec {
  id: string;
  description: string;
}

export interface ExceptionSpec {
  id: string;
  cite: string;
  text: string;
}

export interface RecipientSpec {
  id: string;
  name: string;
  kind: RecipientKind;
  description: string;
  disclosure: Disclosure;
  /** OpenDSR base URL (POST <endpoint>, GET <endpoint>/<id>); absent when notNotifiedReason is set. */
  endpoint?: string;
  notifyOn: NotifyKind[];
  /** Why this recipient is never told of requests (R18). */
  notNotifiedReason?: string;
}

export interface Inventory {
  version: 1;
  controller: {
    name: string;
    privacyContact: string;
    postalAddress: string;
    complaint: { gdpr: string; ccpa: string };
  };
  restrictionField: string;
  purposes: PurposeSpec[];
  exceptions: ExceptionSpec[];
  recipients: RecipientSpec[];
  stores: StoreSpec[];
  /** Every collection, parents before the collections linked through them. */
  collections: CollectionSpec[];
}

export function isDirectLink(link: LinkSpec): link is DirectLink {
  return link.via === undefined;
}
