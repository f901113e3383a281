import fc from 'fast-check';
import { RUNS } from '../test/fixtures';
import {
  allowedTransitions,
  canDeny,
  canTransition,
  canWithdraw,
  IllegalTransitionError,
  isLifecycleState,
  isOpen,
  isTerminal,
  LIFECYCLE_STATES,
  LifecycleState,
  requiresReason,
  stateAfterReceipt,
  TERMINAL_STATES,
  transition,
} from './state-machine';

const OPEN = LIFECYCLE_STATES.filter((s) => !isTerminal(s));

function walk(...states: LifecycleState[]): LifecycleState {
  return states.slice(1).reduce((from, to) => transition(from, to), states[0]);
}

describe('state machine: legal paths', () => {
  it('takes an access request through verification and eligibility to completion', () => {
    expect(
      walk('received', 'awaiting_verification', 'verified', 'eligibility_checked', 'in_fulfilment', 'completed'),
    ).toBe('completed');
  });

  it('passes through approval when the policy asks for it', () => {
    expect(
      walk(
        'received',
        'awaiting_verification',
        'verified',
        'eligibility_checked',
        'awaiting_approval',
        'in_fulfilment',
        'completed',
      ),
    ).toBe('completed');
  });

  it('R04 takes an opt-out straight from received to fulfilment, with no verification', () => {
    expect(stateAfterReceipt('opt_out_sale', 'CCPA')).toBe('in_fulfilment');
    expect(stateAfterReceipt('limit_sensitive', 'CCPA')).toBe('in_fulfilment');
    expect(stateAfterReceipt('access', 'CCPA')).toBe('awaiting_verification');
    expect(walk('received', 'in_fulfilment', 'completed')).toBe('completed');
    const optOut = { type: 'opt_out_sale', jurisdiction: 'CCPA' } as const;
    const access = { type: 'access', jurisdiction: 'GDPR' } as const;
    expect(transition('received', 'in_fulfilment', optOut)).toBe('in_fulfilment');
    expect(() => transition('received', 'awaiting_verification', optOut)).toThrow(IllegalTransitionError);
    expect(() => transition('received', 'in_fulfilment', access)).toThrow(IllegalTransitionError);
    expect(transition('received', 'withdrawn', optOut)).toBe('withdrawn');
  });

  it('R12 closes an unverified request only while awaiting verification', () => {
    expect(walk('received', 'awaiting_verification', 'closed_unverified')).toBe('closed_unverified');
    expect(canTransition('verified', 'closed_unverified')).toBe(false);
  });

  it('R05 closes as not obligated at intake or after verification', () => {
    expect(canTransition('received', 'closed_not_obligated')).toBe(true);
    expect(canTransition('verified', 'closed_not_obligated')).toBe(true);
    expect(canTransition('in_fulfilment', 'closed_not_obligated')).toBe(false);
  });

  it('R08 links a duplicate at intake or once identity is known, never mid-fulfilment', () => {
    expect(canTransition('received', 'linked_duplicate')).toBe(true);
    expect(canTransition('awaiting_verification', 'linked_duplicate')).toBe(true);
    expect(canTransition('verified', 'linked_duplicate')).toBe(true);
    expect(canTransition('in_fulfilment', 'linked_duplicate')).toBe(false);
  });

  it('R06 allows a denial from every open state after verification, and not before', () => {
    expect(OPEN.filter(canDeny)).toEqual(['verified', 'eligibility_checked', 'awaiting_approval', 'in_fulfilment']);
    expect(canDeny('received')).toBe(false);
    expect(canDeny('awaiting_verification')).toBe(false);
  });

  it('allows withdrawal from every open state and from no closed one', () => {
    for (const s of OPEN) expect(canWithdraw(s)).toBe(true);
    for (const s of TERMINAL_STATES) expect(canWithdraw(s)).toBe(false);
  });

  it('R07 closures without fulfilment need a stated reason', () => {
    expect(TERMINAL_STATES.filter(requiresReason)).toEqual([
      'denied',
      'closed_not_obligated',
      'closed_unverified',
      'linked_duplicate',
    ]);
  });
});

describe('state machine: illegal transitions', () => {
  it('throws an IllegalTransitionError naming both states', () => {
    let error: unknown;
    try {
      transition('received', 'completed');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IllegalTransitionError);
    expect((error as IllegalTransitionError).from).toBe('received');
    expect((error as IllegalTransitionError).to).toBe('completed');
    expect((error as Error).message).toMatch(/received → completed/);
  });

  it('refuses skipping verification, going backwards, and leaving a closed state', () => {
    expect(() => transition('awaiting_verification', 'in_fulfilment')).toThrow(IllegalTransitionError);
    expect(() => transition('verified', 'awaiting_verification')).toThrow(IllegalTransitionError);
    expect(() => transition('completed', 'in_fulfilment')).toThrow(/not an open state/);
    expect(() => transition('withdrawn', 'withdrawn')).toThrow(IllegalTransitionError);
    expect(() => transition('received', 'nonsense' as LifecycleState)).toThrow(IllegalTransitionError);
  });

  it('knows its states', () => {
    expect(isLifecycleState('in_fulfilment')).toBe(true);
    expect(isLifecycleState('pending')).toBe(false);
    expect(isOpen('received')).toBe(true);
    expect(isOpen('completed')).toBe(false);
    expect(allowedTransitions('completed')).toEqual([]);
  });

  it('property: transition succeeds exactly when the table allows it, and closed states are final', () => {
    const state = fc.constantFrom(...LIFECYCLE_STATES);
    fc.assert(
      fc.property(state, state, (from, to) => {
        if (canTransition(from, to)) expect(transition(from, to)).toBe(to);
        else expect(() => transition(from, to)).toThrow(IllegalTransitionError);
        if (isTerminal(from)) expect(canTransition(from, to)).toBe(false);
      }),
      RUNS,
    );
  });

  it('property: every random walk ends in a closed state within a few steps (no cycles)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 12, maxLength: 12 }), (choices) => {
        let s: LifecycleState = 'received';
        for (const c of choices) {
          const next = allowedTransitions(s);
          if (next.length === 0) break;
          s = transition(s, next[c % next.length]);
        }
        expect(isTerminal(s)).toBe(true);
      }),
      RUNS,
    );
  });
});
