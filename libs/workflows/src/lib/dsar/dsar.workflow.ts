import {
  APPEAL_OUTCOMES,
  AssessAssuranceInput,
  ApproveInput,
  CompleteTaskInput,
  ConfirmLinkInput,
  DecideAppealInput,
  DENIAL_BASES,
  DenyInput,
  DSAR_WORKFLOW_REVISIONS,
  DsarState,
  DsarWorkflowInput,
  dsarMessages,
  ExtendInput,
  MessageFacts,
  MessageKind,
  SubmitCodeInput,
  SubmitCodeResult,
  WithdrawInput,
  Actor,
} from '@rightsflow/contracts';
import {
  canDeny,
  canWithdraw,
  checkExtension,
  computeVerificationDeadline,
  countsTowardAccessQuota,
  downgradeTarget,
  LifecycleState,
  needsApproval,
  requiresVerification,
  ruleFor,
  VerificationLevel,
  verificationLevel,
} from '@rightsflow/domain';
import {
  allHandlersFinished,
  condition,
  defineQuery,
  defineSignal,
  defineUpdate,
  patched,
  setHandler,
} from '@temporalio/workflow';
import { serviceActivities } from './activities';
import { watchDeadline } from './deadline-watch';
import { EffectsInFlight } from './effects-in-flight';
import { fulfil } from './fulfilment';
import { Messenger } from './messages';
import { BATCHED_LOG_OVERLAPPED_STEPS } from './request-log-writer';
import { RequestState } from './request-state';
import { EmailVerification } from './verification';
import { VirtualClock } from './virtual-clock';

export const stateQuery = defineQuery<DsarState>(dsarMessages.state);
export const submitCodeUpdate = defineUpdate<SubmitCodeResult, [SubmitCodeInput]>(dsarMessages.submitCode);
export const confirmLinkSignal = defineSignal<[ConfirmLinkInput]>(dsarMessages.confirmLink);
export const resendCodeSignal = defineSignal<[]>(dsarMessages.resendCode);
export const approveUpdate = defineUpdate<LifecycleState, [ApproveInput]>(dsarMessages.approve);
export const denyUpdate = defineUpdate<LifecycleState, [DenyInput]>(dsarMessages.deny);
export const extendUpdate = defineUpdate<{ dueAt: string }, [ExtendInput]>(dsarMessages.extend);
export const completeTaskUpdate = defineUpdate<string[], [CompleteTaskInput]>(dsarMessages.completeTask);
export const withdrawUpdate = defineUpdate<LifecycleState, [WithdrawInput]>(dsarMessages.withdraw);
export const decideAppealUpdate = defineUpdate<LifecycleState, [DecideAppealInput]>(dsarMessages.decideAppeal);

interface Closure {
  to: LifecycleState;
  actor: Actor;
  reason: string;
  message: MessageKind;
  facts?: MessageFacts;
  /** The operator API's attestation of an operator actor, passed to the request log. */
  attestation?: string;
}

const levelRank: Record<VerificationLevel, number> = { none: 0, reasonable: 1, reasonably_high: 2 };

/**
 * patched() id, decided once at the start of a run, and implying issue 16's
 * batched log (BATCHED_LOG_OVERLAPPED_STEPS): the acknowledgement goes in one
 * sendMessages with the first challenge email instead of an activity of its
 * own, and the entries from verification to fulfilment go with the closing
 * log write instead of one more before fulfilment (the search attributes
 * still say `in_fulfilment` at once). Two activities and their workflow tasks
 * fewer per request.
 */
export const FEWER_ACTIVITIES_PER_REQUEST = 'ack-with-challenge-log-with-answer';

/**
 * One data-subject request, from receipt to its end (R01–R12, R21): verify,
 * check eligibility, wait for approval, fulfil, answer — with the deadline
 * clock running beside it and operators able to act at any point.
 */
export async function dsarWorkflow(input: DsarWorkflowInput): Promise<DsarState> {
  // First, once: a run begun before issue 16 keeps its one-activity-per-step history. A run started
  // with a revision in its input (intake's, since checkAssesses) takes the newest steps and asks
  // patched() nothing; an older one asks for the newest id only, which implies the earlier one:
  // each patched() id costs a marker and a search-attribute upsert.
  const checkAssesses = (input.revision ?? 0) >= DSAR_WORKFLOW_REVISIONS.checkAssesses;
  const fewerActivities = checkAssesses || patched(FEWER_ACTIVITIES_PER_REQUEST);
  const overlapped = fewerActivities || patched(BATCHED_LOG_OVERLAPPED_STEPS);
  const clock = new VirtualClock(new Date(input.receivedAt), input.timeScale ?? 1);
  const services = serviceActivities();
  const state = new RequestState(input, clock, services, overlapped);
  const effects = new EffectsInFlight(overlapped, state);
  const messenger = new Messenger(input, services);
  const verification = new EmailVerification(input, state, services, messenger);
  const requester: Actor = input.channel === 'agent' ? 'agent' : 'subject';
  let closure: Closure | undefined;
  let approvedBy: string | undefined;
  let approvalAttestation: string | undefined;
  const isAppeal = input.type === 'appeal';

  // An operator's or subject's closure is applied by the main flow at its next step;
  // fulfilment, once started, is never interrupted half-way.
  const interruptible = () => state.status !== 'in_fulfilment' && !state.closed;

  setHandler(stateQuery, () => state.data);
  setHandler(submitCodeUpdate, ({ codeHash }) => verification.submitCode(codeHash), {
    validator: (update) => {
      need(typeof update?.codeHash === 'string' && update.codeHash.length > 0, 'codeHash is required');
      need(state.status === 'awaiting_verification', `this request is not waiting for verification (${state.status})`);
    },
  });
  setHandler(confirmLinkSignal, async (signal) => {
    if (typeof signal?.tokenHash === 'string' && state.status === 'awaiting_verification')
      await verification.confirmLink(signal.tokenHash);
  });
  setHandler(resendCodeSignal, () => void verification.requestResend());
  setHandler(
    approveUpdate,
    async ({ operator, attestation }) => {
      approvedBy = operator;
      approvalAttestation = attestation;
      await condition(() => state.status !== 'awaiting_approval');
      if (overlapped) await state.flush(); // the caller's answer comes once the log holds what it caused
      return state.status;
    },
    {
      validator: (update) => {
        need(nonBlank(update?.operator), 'operator is required');
        need(!isAppeal, 'an appeal is decided with decideAppeal, with written reasons (R26)');
        need(state.status === 'awaiting_approval', `this request is not waiting for approval (${state.status})`);
      },
    },
  );
  setHandler(
    decideAppealUpdate,
    async ({ operator, outcome, reasons, attestation }) => {
      if (!closure && approvedBy === undefined) {
        state.data.appealDecision = { outcome, reasons, decidedAt: clock.now().toISOString() };
        if (outcome === 'granted') {
          approvedBy = operator;
          approvalAttestation = attestation;
        } else
          closure = {
            to: 'denied',
            actor: `operator:${operator}`,
            reason: `appeal_denied: ${reasons}`,
            message: 'appeal_denied',
            facts: { reason: reasons },
            attestation,
          };
      }
      await condition(() => state.closed);
      if (overlapped) await state.flush();
      return state.status;
    },
    {
      validator: (update) => {
        need(isAppeal, 'only an appeal is decided with decideAppeal; use approve or deny');
        need(nonBlank(update?.operator), 'operator is required');
        need(
          (APPEAL_OUTCOMES as readonly string[]).includes(update?.outcome),
          `outcome must be one of ${APPEAL_OUTCOMES.join(', ')}`,
        );
        need(nonBlank(update?.reasons), 'reasons are required: the decision is sent in writing with its reasons (R26)');
        need(
          state.status === 'awaiting_approval' && !closure,
          `this appeal is not waiting for a decision (${state.status})`,
        );
      },
    },
  );
  setHandler(
    denyUpdate,
    async ({ operator, reason, basis, attestation }) => {
      closure ??= {
        to: 'denied',
        actor: `operator:${operator}`,
        reason: basis ? `${basis}: ${reason}` : reason,
        message: 'denied',
        facts: { reason },
        attestation,
      };
      await condition(() => state.closed);
      if (overlapped) await state.flush();
      return state.status;
    },
    {
      validator: (update) => {
        need(nonBlank(update?.operator), 'operator is required');
        need(!isAppeal, 'an appeal is decided with decideAppeal, with written reasons (R26)');
        need(nonBlank(update?.reason), 'reason is required (R07: every denial states its basis)');
        need(
          update?.basis === undefined || (DENIAL_BASES as readonly string[]).includes(update.basis),
          `basis must be one of ${DENIAL_BASES.join(', ')}`,
        );
        need(canDeny(state.status) && interruptible(), `a request in state ${state.status} cannot be denied`);
      },
    },
  );
  setHandler(
    extendUpdate,
    async ({ operator, reason, attestation }) => {
      const result = extensionFor(reason);
      if (!result.ok) throw new Error(result.error);
      state.data.dueAt = result.newDueAt.toISOString();
      state.data.extended = true;
      state.data.overdue = false;
      await state.note(`operator:${operator}`, `R02 extended to ${state.data.dueAt}: ${reason}`, attestation);
      if (overlapped) await state.flush();
      await messenger.toRequester('extension_notice', { newDueAt: state.data.dueAt, reason });
      return { dueAt: state.data.dueAt };
    },
    {
      validator: (update) => {
        need(nonBlank(update?.operator), 'operator is required');
        need(!state.closed, 'the request is closed');
        const result = extensionFor(update?.reason ?? '');
        if (!result.ok) throw new Error(result.error);
      },
    },
  );
  setHandler(
    completeTaskUpdate,
    async ({ operator, task, note, attestation }) => {
      state.data.openTasks = state.data.openTasks.filter((t) => t !== task);
      await state.note(`operator:${operator}`, `task done: ${task}${note ? ` (${note})` : ''}`, attestation);
      if (overlapped) await state.flush();
      return state.data.openTasks;
    },
    {
      validator: (update) => {
        need(nonBlank(update?.operator), 'operator is required');
        need(
          state.data.openTasks.includes(update?.task),
          `no open task ${JSON.stringify(update?.task)}; open: ${state.data.openTasks.join(', ') || 'none'}`,
        );
      },
    },
  );
  setHandler(
    withdrawUpdate,
    async ({ by, operator, attestation }) => {
      closure ??= operator
        ? {
            to: 'withdrawn',
            actor: `operator:${operator}`,
            reason: `withdrawn on the ${by}'s behalf`,
            message: 'withdrawn',
            attestation,
          }
        : { to: 'withdrawn', actor: by, reason: `withdrawn by the ${by}`, message: 'withdrawn' };
      await condition(() => state.closed);
      if (overlapped) await state.flush();
      return state.status;
    },
    {
      validator: (update) => {
        need(update?.by === 'subject' || update?.by === 'agent', 'by must be "subject" or "agent"');
        need(
          canWithdraw(state.status) && interruptible(),
          `a request in state ${state.status} can no longer be withdrawn`,
        );
      },
    },
  );

  function extensionFor(reason: string) {
    return checkExtension({
      now: clock.now(),
      currentDueAt: state.dueAt,
      receivedAt: new Date(input.receivedAt),
      jurisdiction: input.jurisdiction,
      type: input.type,
      alreadyExtended: state.data.extended,
      reason,
      policy: input.policy,
    });
  }

  async function close(next: Closure): Promise<void> {
    state.data.reason = next.reason;
    await answer(
      next.to,
      next.actor,
      next.message,
      { reason: next.reason, ...next.facts },
      next.reason,
      next.attestation,
    );
  }

  /**
   * The closing move and the answer to the requester. In overlapped runs the
   * effects still running finish first (the answer is the last email the
   * requester gets), then the closing log write and the answer go together.
   */
  async function answer(
    to: LifecycleState,
    actor: Actor,
    message: MessageKind,
    facts: MessageFacts,
    note?: string,
    attestation?: string,
  ): Promise<void> {
    if (overlapped) await effects.join({ flushLog: false });
    await state.moveTo(to, actor, note, attestation);
    effects.startLogWrite();
    await effects.start(messenger.toRequester(message, facts));
  }

  /**
   * Proves `party`'s email; false when the window ran out or the request was closed meanwhile.
   * `assessing` (the last party, revision checkAssesses) has a verifying answer assessed at once.
   */
  async function verifyEmail(
    party: 'subject' | 'agent',
    verifyBy: Date,
    assessing?: Omit<AssessAssuranceInput, 'requestId'>,
  ): Promise<boolean> {
    effects.startLogWrite(); // the log catches up beside the challenge and its email
    verification.assessWhenVerified = assessing;
    await verification.issue(party);
    for (;;) {
      const woken = await clock.waitUntil(
        () => verification.verified || verification.resendRequested || closure !== undefined,
        verifyBy,
      );
      if (verification.verified) return true;
      if (closure) return false;
      if (!woken) {
        await close({
          to: 'closed_unverified',
          actor: 'system',
          reason: 'R12: the email address was not confirmed within the verification window',
          message: 'closed_unverified',
        });
        return false;
      }
      await verification.issue(party);
    }
  }

  /** R26: an appeal waits for an operator's written decision; true when granted. */
  async function awaitAppealDecision(): Promise<boolean> {
    await state.moveTo('awaiting_approval', 'system', input.appealOf ? `appeal of ${input.appealOf}` : undefined);
    await messenger.toOperators('operator_approval_needed', { dueAt: state.data.dueAt });
    if (overlapped) await effects.join();
    await condition(() => approvedBy !== undefined || closure !== undefined);
    return closure === undefined;
  }

  /** Everything up to fulfilment; returns false when the request closed on the way. */
  async function prepare(): Promise<boolean> {
    if (isAppeal) return awaitAppealDecision();
    if (!requiresVerification(input.type, input.jurisdiction)) return true; // R04: opt-outs need none
    await state.moveTo('awaiting_verification', 'system');
    const verifyBy = computeVerificationDeadline({
      receivedAt: new Date(input.receivedAt),
      dueAt: state.dueAt,
      policy: input.policy,
    });
    const required = verificationLevel(input.type, input.jurisdiction);
    const assuranceInputs: Omit<AssessAssuranceInput, 'requestId'> = {
      required,
      jurisdiction: input.jurisdiction,
      sealedSubjectEmail: input.sealedSubjectEmail,
      ...(input.sealedDataPoints ? { sealedDataPoints: input.sealedDataPoints } : {}),
      // R10: a correction is verified with data other than the fields it corrects.
      ...(input.type === 'correction' && input.sealedCorrections ? { sealedCorrections: input.sealedCorrections } : {}),
      ...(input.declaration ? { declaration: input.declaration } : {}),
    };
    const assessing = checkAssesses ? assuranceInputs : undefined;
    // R11: the subject confirms the agent directly, unless a power of attorney was supplied.
    const subjectConfirmsAgent = input.sealedAgentEmail !== undefined && !input.powerOfAttorney;
    const firstParty = input.sealedAgentEmail ? 'agent' : 'subject';
    if (!(await verifyEmail(firstParty, verifyBy, subjectConfirmsAgent ? undefined : assessing))) return false;
    if (subjectConfirmsAgent && !(await verifyEmail('subject', verifyBy, assessing))) return false;
    if (closure) return false;
    state.data.verification.verifiedAt = clock.now().toISOString();
    await state.moveTo('verified', requester);
    await effects.start(messenger.toRequester('verified', { dueAt: state.data.dueAt }));
    // R08's check is a read: in overlapped runs it runs beside the assurance check instead of after it.
    const duplicateCheck = overlapped ? services.intake.findOpenDuplicate({ requestId: input.requestId }) : undefined;
    if (duplicateCheck) effects.start(duplicateCheck);

    // Revision checkAssesses: the verifying checkSecret assessed already.
    const assurance =
      verification.assurance ??
      (await services.identity.assessAssurance({ requestId: input.requestId, ...assuranceInputs }));
    if (levelRank[assurance.reached] < levelRank[required]) {
      const downgrade = downgradeTarget(input.type, input.jurisdiction);
      const shortfall = assurance.shortfall ?? `verification reached ${assurance.reached}, ${required} needed`;
      if (!downgrade) {
        await close({
          to: 'denied',
          actor: 'system',
          reason: `identity_not_verified: ${shortfall}`,
          message: 'denied',
          facts: { reason: shortfall },
        });
        return false;
      }
      state.data.effectiveType = downgrade;
      await state.note('system', `R09 answered as ${downgrade}: ${shortfall}`);
    }

    const duplicate = await (duplicateCheck ?? services.intake.findOpenDuplicate({ requestId: input.requestId }));
    if (duplicate.duplicateOf) {
      state.data.linkedTo = duplicate.duplicateOf;
      await close({
        to: 'linked_duplicate',
        actor: 'system',
        reason: `R08: linked to open request ${duplicate.duplicateOf}`,
        message: 'linked_duplicate',
      });
      return false;
    }
    if (countsTowardAccessQuota(state.data.effectiveType, input.jurisdiction)) {
      const claim = await services.intake.claimAccessQuota({
        requestId: input.requestId,
        at: input.receivedAt,
        limit: input.policy.ccpaAccessLimit,
        timeZone: input.policy.timeZone,
      });
      if (!claim.granted) {
        state.data.nextOwedAt = claim.nextOwedAt;
        await close({
          to: 'closed_not_obligated',
          actor: 'system',
          reason: `R05: ${input.policy.ccpaAccessLimit} access requests already answered in the last 12 months; next owed ${claim.nextOwedAt.slice(0, 10)}`,
          message: 'not_obligated',
          facts: { nextOwedAt: claim.nextOwedAt },
        });
        return false;
      }
    }
    if (closure) return false;
    await state.moveTo('eligibility_checked', 'system');

    if (needsApproval(input.type, input.policy)) {
      await state.moveTo('awaiting_approval', 'system');
      await messenger.toOperators('operator_approval_needed', { dueAt: state.data.dueAt });
      if (overlapped) await effects.join();
      await condition(() => approvedBy !== undefined || closure !== undefined);
      if (closure) return false;
      await state.note(`operator:${approvedBy}`, 'approved', approvalAttestation);
    }
    return true;
  }

  await state.open(requester);
  const deadline = watchDeadline(state, clock, messenger, input.policy);
  if (ruleFor(input.type).acknowledgementRequired) {
    const acknowledgement = messenger.requesterMessage(input.sealedAgentEmail ? 'agent_received' : 'acknowledgement', {
      dueAt: state.data.dueAt,
    });
    // R03: a challenge email follows at once when the request needs verifying; the acknowledgement goes first with it.
    if (fewerActivities && !isAppeal && requiresVerification(input.type, input.jurisdiction))
      verification.sendWithNextChallenge(acknowledgement);
    else await effects.start(messenger.send(acknowledgement));
  }

  const ready = await prepare();
  if (ready && !closure && isAppeal) {
    // R26: a granted appeal reverses the refusal; the privacy team then acts on the first request.
    const reasons = state.data.appealDecision?.reasons ?? '';
    await state.moveTo('in_fulfilment', `operator:${approvedBy}`, undefined, approvalAttestation);
    await answer('completed', 'system', 'appeal_granted', { reason: reasons }, `appeal granted: ${reasons}`);
  } else if (ready && !closure) {
    await state.moveTo(
      'in_fulfilment',
      approvedBy ? `operator:${approvedBy}` : 'system',
      undefined,
      approvalAttestation,
    );
    // Operators see `in_fulfilment` at once; the log gets it beside fulfilment, or with the answer.
    if (fewerActivities) state.publishChanges();
    else effects.startLogWrite();
    const outcome = await fulfil(state.data.effectiveType, input, state, services).catch(async (error: unknown) => {
      if (fewerActivities) await state.flush(); // a fulfilment that fails for good leaves the log complete
      throw error;
    });
    if (outcome.manualTasks.length > 0) {
      state.data.openTasks = outcome.manualTasks;
      await state.note('system', `manual tasks: ${outcome.manualTasks.join(', ')}`);
      if (overlapped) await effects.join();
      await condition(() => state.data.openTasks.length === 0);
    }
    // R26: something kept under an exception, or a correction not made, is a refusal in part; the log's
    // closing note says "partial", which the R22 metrics count as complied in part (R07).
    const kept = outcome.facts.exceptions?.length ?? 0;
    const notCorrected = input.type === 'correction' && outcome.facts.reason !== undefined;
    if (kept > 0 || notCorrected) state.data.partialRefusal = true;
    const partial =
      kept > 0
        ? `; partial: ${kept} kept under an exception`
        : notCorrected
          ? '; partial: not every correction made'
          : '';
    await answer('completed', 'system', outcome.message, outcome.facts, outcome.summary + partial);
  } else if (closure && !state.closed) {
    await close(closure);
  }

  if (requiresVerification(input.type, input.jurisdiction)) {
    await effects.start(services.identity.purgeVerificationData({ requestId: input.requestId })); // R10
  }
  if (overlapped) await effects.join();
  await deadline;
  await condition(allHandlersFinished);
  if (overlapped) await state.flush(); // a handler's last note
  return state.data;
}

function need(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function nonBlank(value: unknown): boolean {
  return typeof value === 'string' && value.trim().length > 0;
}
