import type { MessageFacts, MessageKind, OptionalFactOf, RequiredFactOf } from '@rightsflow/contracts';
import type { Channel, Jurisdiction, RequestType } from '@rightsflow/domain';

/**
 * What a template sees: the contract's facts opened (sealed code and link token
 * become the code and the verification URL) and formatted for the reader
 * (dates in the controller's time zone and the message's language).
 */
export interface FactViews {
  requestType: RequestType;
  jurisdiction: Jurisdiction;
  dueAt: string;
  newDueAt: string;
  reason: string;
  nextOwedAt: string;
  downloadUrl: string;
  /** When the download link stops working, and how many days from now that is. */
  linkExpiresAt: { at: string; days: number };
  statusUrl: string;
  exceptions: string[];
  channels: Channel[];
  daysLeft: number;
  activity: string;
  code: string;
  verifyUrl: string;
  codeExpiresAt: string;
}

/** The view key a contract fact becomes (sealed facts are opened into something else). */
export type ViewKey<F extends keyof MessageFacts> = F extends 'sealedCode'
  ? 'code'
  : F extends 'sealedLinkToken'
    ? 'verifyUrl'
    : F;

// Every contract fact has a view, and every view comes from a contract fact.
type AssertEveryFactHasAView =
  { [F in keyof MessageFacts as ViewKey<F>]-?: unknown } extends Record<keyof FactViews, unknown> ? true : never;
export const everyFactHasAView: AssertEveryFactHasAView = true;

/** Shown in every message whatever its kind. */
export interface CommonView {
  /** The request reference people see: the request id. */
  reference: string;
  brandName: string;
  /** Days a subject has to confirm before an unverified request closes (R12). */
  verificationWindowDays: number;
  /** The request's workflow in the Temporal UI (operator messages). */
  workflowUrl: string;
}

/**
 * A template's input for one kind: the common view, the kind's required facts,
 * and its optional facts as optional. A template that reads any other fact does
 * not compile.
 */
export type ViewFor<K extends MessageKind> = CommonView & {
  [F in RequiredFactOf<K> as ViewKey<F>]: FactViews[ViewKey<F>];
} & {
  [F in OptionalFactOf<K> as ViewKey<F>]?: FactViews[ViewKey<F>];
};
