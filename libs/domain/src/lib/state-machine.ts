/**
 * The lifecycle of a request, as an explicit transition table.
 *
 *   received ─▶ awaiting_verification ─▶ verified ─▶ eligibility_checked ─▶ [awaiting_approval] ─▶ in_fulfilment ─▶ completed
 *   received ─▶ in_fulfilment                       (opt-outs: never verified, R04)
 *   received ─▶ awaiting_approval ─▶ in_fulfilment   (appeals: an operator decides, R26; granted = completed)
 *
 * Closures (terminal):
 *   completed             fulfilled (a partial fulfilment is `completed` with its partial denial recorded, R07)
 *   denied                refused by an operator with a stored basis (R06/R07); only after verification
 *                         (or, for opt-outs, while in fulfilment)
 *   closed_not_obligated  R05: over the access quota (checked at intake or after verification)
 *   closed_unverified     R12: verification window ran out
 *   withdrawn             the subject withdrew; allowed from every open state
 *   linked_duplicate      R08: same subject and type as an open request; linked to it and not
 *                         processed. Decided at intake, or after verification once identity is known.
 *
 * State names are the `status` values a workflow reports (search attribute, query).
 */
import { Jurisdiction, RequestType, requiresVerification } from './request-types';

export const LIFECYCLE_STATES = [
  'received',
  'awaiting_verification',
  'verified',
  'eligibility_checked',
  'awaiting_approval',
  'in_fulfilment',
  'completed',
  'denied',
  'closed_not_obligated',
  'closed_unverified',
  'withdrawn',
  'linked_duplicate',
] as const;
export type LifecycleState = (typeof LIFECYCLE_STATES)[number];

export const TERMINAL_STATES = [
  'completed',
  'denied',
  'closed_not_obligated',
  'closed_unverified',
  'withdrawn',
  'linked_duplicate',
] as const satisfies readonly LifecycleState[];
export type TerminalState = (typeof TERMINAL_STATES)[number];

/** Allowed moves. Withdraw is listed explicitly in every open state so the table is the whole truth. */
export const TRANSITIONS: Readonly<Record<LifecycleState, readonly LifecycleState[]>> = {
  received: [
    'awaiting_verification',
    'in_fulfilment',
    'awaiting_approval',
    'closed_not_obligated',
    'linked_duplicate',
    'withdrawn',
  ],
  awaiting_verification: ['verified', 'closed_unverified', 'linked_duplicate', 'withdrawn'],
  verified: ['eligibility_checked', 'closed_not_obligated', 'linked_duplicate', 'denied', 'withdrawn'],
  eligibility_checked: ['awaiting_approval', 'in_fulfilment', 'denied', 'withdrawn'],
  awaiting_approval: ['in_fulfilment', 'denied', 'withdrawn'],
  in_fulfilment: ['completed', 'denied', 'withdrawn'],
  completed: [],
  denied: [],
  closed_not_obligated: [],
  closed_unverified: [],
  withdrawn: [],
  linked_duplicate: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    const allowed = isLifecycleState(from) ? TRANSITIONS[from] : [];
    super(
      `Illegal transition ${from} → ${to}` +
        (allowed.length ? ` (allowed from ${from}: ${allowed.join(', ')})` : ` (${from} is not an open state)`),
    );
    this.name = 'IllegalTransitionError';
  }
}

export function isLifecycleState(value: unknown): value is LifecycleState {
  return typeof value === 'string' && (LIFECYCLE_STATES as readonly string[]).includes(value);
}

export function allowedTransitions(from: LifecycleState): readonly LifecycleState[] {
  return isLifecycleState(from) ? TRANSITIONS[from] : [];
}

/**
 * Optional facts about the request. When given, the table is narrowed: from
 * `received` a request that needs verification may only go to
 * awaiting_verification, and one that needs none (opt-outs) only to
 * in_fulfilment — besides the closures.
 */
export interface TransitionContext {
  readonly type: RequestType;
  readonly jurisdiction: Jurisdiction;
}

export function canTransition(from: LifecycleState, to: LifecycleState, context?: TransitionContext): boolean {
  if (!allowedTransitions(from).includes(to)) return false;
  if (
    context &&
    from === 'received' &&
    (to === 'awaiting_verification' || to === 'in_fulfilment' || to === 'awaiting_approval')
  ) {
    return to === stateAfterReceipt(context.type, context.jurisdiction);
  }
  return true;
}

/** Returns `to` when the move is allowed, else throws IllegalTransitionError naming both states. */
export function transition(from: LifecycleState, to: LifecycleState, context?: TransitionContext): LifecycleState {
  if (!isLifecycleState(to) || !canTransition(from, to, context)) throw new IllegalTransitionError(from, to);
  return to;
}

export function isTerminal(state: LifecycleState): state is TerminalState {
  return (TERMINAL_STATES as readonly string[]).includes(state);
}

export function isOpen(state: LifecycleState): boolean {
  return isLifecycleState(state) && !isTerminal(state);
}

export function canWithdraw(state: LifecycleState): boolean {
  return canTransition(state, 'withdrawn');
}

export function canDeny(state: LifecycleState): boolean {
  return canTransition(state, 'denied');
}

/** R07: closures without fulfilment store their basis and send it to the subject. */
export function requiresReason(state: LifecycleState): boolean {
  return (
    state === 'denied' ||
    state === 'closed_not_obligated' ||
    state === 'closed_unverified' ||
    state === 'linked_duplicate'
  );
}

/**
 * Where a new request goes from `received`: opt-outs straight to fulfilment (R04), appeals to an
 * operator's decision (R26), the rest to verification.
 */
export function stateAfterReceipt(type: RequestType, jurisdiction: Jurisdiction): LifecycleState {
  if (type === 'appeal') return 'awaiting_approval';
  return requiresVerification(type, jurisdiction) ? 'awaiting_verification' : 'in_fulfilment';
}
