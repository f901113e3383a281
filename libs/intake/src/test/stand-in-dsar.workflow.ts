import type { ConfirmLinkInput, DsarState, DsarWorkflowInput, SubmitCodeInput, SubmitCodeResult, WithdrawInput } from '@rightsflow/contracts';
import { canWithdraw } from '@rightsflow/domain';
import { condition, defineQuery, defineSignal, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';

/**
 * A stand-in for the request workflow in intake's tests: the same name and
 * the same messages (state, submitCode, confirmLink, withdraw), answering from
 * a tiny state, and recording what intake sent so tests can check that only
 * hashes arrive. It runs on a real worker against the real Temporal server;
 * the real workflow is tested by its owner.
 */
export interface StandInReceived {
  codeHashes: string[];
  linkHashes: string[];
  withdrawnBy?: string;
}

export async function dsarWorkflow(input: DsarWorkflowInput): Promise<void> {
  let expected: { codeHash: string; linkHash: string } | undefined;
  const received: StandInReceived = { codeHashes: [], linkHashes: [] };
  const at = () => new Date().toISOString();
  const state: DsarState = {
    requestId: input.requestId,
    type: input.type,
    effectiveType: input.type,
    jurisdiction: input.jurisdiction,
    status: 'awaiting_verification',
    receivedAt: input.receivedAt,
    dueAt: new Date(Date.parse(input.receivedAt) + 30 * 86_400_000).toISOString(),
    legalDeadlineAt: new Date(Date.parse(input.receivedAt) + 45 * 86_400_000).toISOString(),
    extended: false,
    overdue: false,
    verification: { attemptsLeft: 3, resendsLeft: 3 },
    openTasks: [],
    timeline: [
      { at: input.receivedAt, status: 'received', actor: 'subject' },
      { at: input.receivedAt, status: 'awaiting_verification', actor: 'system' },
    ],
  };
  const move = (status: DsarState['status'], actor: 'subject' | 'agent' | 'system', note?: string) => {
    state.status = status;
    state.timeline.push({ at: at(), status, actor, ...(note ? { note } : {}) });
  };

  setHandler(defineQuery<DsarState>('state'), () => state);
  setHandler(defineQuery<StandInReceived>('received'), () => received);
  setHandler(defineSignal<[{ codeHash: string; linkHash: string }]>('expect'), (hashes) => void (expected = hashes));
  setHandler(
    defineUpdate<SubmitCodeResult, [SubmitCodeInput]>('submitCode'),
    ({ codeHash }) => {
      received.codeHashes.push(codeHash);
      if (codeHash === expected?.codeHash) {
        move('verified', 'subject');
        return { verified: true, attemptsLeft: state.verification.attemptsLeft };
      }
      state.verification.attemptsLeft -= 1;
      return { verified: false, attemptsLeft: state.verification.attemptsLeft, ...(state.verification.attemptsLeft === 0 ? { closed: true } : {}) };
    },
    {
      validator: (_input: SubmitCodeInput) => {
        if (state.status !== 'awaiting_verification') throw new Error(`this request is not waiting for verification (${state.status})`);
      },
    },
  );
  setHandler(defineSignal<[ConfirmLinkInput]>('confirmLink'), ({ tokenHash }) => {
    received.linkHashes.push(tokenHash);
    if (state.status === 'awaiting_verification' && tokenHash === expected?.linkHash) move('verified', 'subject');
  });
  setHandler(
    defineUpdate<DsarState['status'], [WithdrawInput]>('withdraw'),
    ({ by }) => {
      received.withdrawnBy = by;
      move('withdrawn', by);
      return state.status;
    },
    {
      validator: (_input: WithdrawInput) => {
        if (!canWithdraw(state.status)) throw new Error(`a request in state ${state.status} cannot be withdrawn`);
      },
    },
  );
  // Stays open (like a real request) until the test run ends; ids are unique per run.
  await condition(() => workflowInfo().historyLength > 10_000);
}
