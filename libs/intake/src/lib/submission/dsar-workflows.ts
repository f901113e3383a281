import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import {
  DSAR_WORKFLOW,
  DsarDueAt,
  DsarJurisdiction,
  DsarOverdue,
  dsarMessages,
  DsarState,
  DsarStatus,
  DsarType,
  DsarWorkflowInput,
  dsarWorkflowId,
  SubmitCodeResult,
  WithdrawInput,
} from '@rightsflow/contracts';
import { computeDueDate, type LifecycleState } from '@rightsflow/domain';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { lazyTemporalClient } from '@rightsflow/temporal-bridge';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, WorkflowNotFoundError } from '@temporalio/common';
import { RequestNotAcceptingError, WorkflowUnavailableError } from './intake-errors';

/** How long a person's click may wait for the workflow before we say "try again". */
const QUERY_TIMEOUT_MS = 3_000;
const UPDATE_TIMEOUT_MS = 20_000;

/**
 * Intake's Temporal client: starts request workflows and talks to running
 * ones (query, signal, update). Every call carries a deadline, so a busy or
 * unreachable cluster becomes a clear "try again" instead of a hung page.
 */
@Injectable()
export class DsarWorkflows implements OnApplicationShutdown {
  private readonly logger = new Logger(DsarWorkflows.name);
  readonly client: Client;

  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {
    // Lazy: the service starts (and serves the form) before Temporal is reachable.
    this.client = lazyTemporalClient(config);
  }

  /**
   * Starts `dsar-<requestId>`; a repeated start is harmless: a running
   * workflow is reused, a closed one is never started again. `deadline`
   * (epoch ms) bounds the call with all its retries.
   */
  async start(input: DsarWorkflowInput, deadline?: number): Promise<void> {
    const start = () =>
      this.client.workflow.start(DSAR_WORKFLOW, {
        taskQueue: this.config.temporal.taskQueues.orchestrator,
        workflowId: dsarWorkflowId(input.requestId),
        args: [input],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        typedSearchAttributes: [
          { key: DsarStatus, value: 'received' },
          { key: DsarType, value: input.type },
          { key: DsarJurisdiction, value: input.jurisdiction },
          // As the workflow computes them, so its first step has no search attribute left to upsert.
          { key: DsarDueAt, value: computeDueDate({ receivedAt: new Date(input.receivedAt), jurisdiction: input.jurisdiction, type: input.type, policy: input.policy }).dueAt },
          { key: DsarOverdue, value: false },
        ],
      });
    try {
      // A deadline also ends the client's own retries, so none fires on a connection closed meanwhile.
      await (deadline === undefined ? start() : this.client.withDeadline(deadline, start));
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return; // closed already: it ran
      throw error;
    }
  }

  /** The running workflow's state, or null when it is closed, unknown or does not answer in time. */
  async state(requestId: string): Promise<DsarState | null> {
    const handle = this.client.workflow.getHandle(dsarWorkflowId(requestId));
    try {
      return await this.client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, async () => {
        const description = await handle.describe();
        if (description.status.name !== 'RUNNING') return null;
        return handle.query<DsarState>(dsarMessages.state);
      });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) this.logger.warn(`state of ${requestId} unavailable: ${(error as Error).message}`);
      return null;
    }
  }

  submitCode(requestId: string, codeHash: string): Promise<SubmitCodeResult> {
    return this.update<SubmitCodeResult>(requestId, dsarMessages.submitCode, { codeHash });
  }

  withdraw(requestId: string, by: WithdrawInput['by']): Promise<LifecycleState> {
    return this.update<LifecycleState>(requestId, dsarMessages.withdraw, { by } satisfies WithdrawInput);
  }

  /** An operator's update (approve, deny, decideAppeal, extend, completeTask, withdraw); a refusal carries the workflow's reason. */
  operatorUpdate<T>(requestId: string, name: 'approve' | 'deny' | 'decideAppeal' | 'extend' | 'completeTask' | 'withdraw', arg: object): Promise<T> {
    return this.update<T>(requestId, dsarMessages[name], arg);
  }

  /** A signal: the workflow decides; a closed workflow means there is nothing left to confirm. */
  async confirmLink(requestId: string, tokenHash: string): Promise<void> {
    await this.call(() => this.client.workflow.getHandle(dsarWorkflowId(requestId)).signal(dsarMessages.confirmLink, { tokenHash }), QUERY_TIMEOUT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }

  private update<T>(requestId: string, name: string, arg: unknown): Promise<T> {
    return this.call(() => this.client.workflow.getHandle(dsarWorkflowId(requestId)).executeUpdate<T, [unknown]>(name, { args: [arg] }), UPDATE_TIMEOUT_MS);
  }

  private async call<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + timeoutMs, work);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new RequestNotAcceptingError('This request is closed.');
      // The workflow's validator refused (e.g. not waiting for a code): its message is written for the subject.
      if (error instanceof WorkflowUpdateFailedError) throw new RequestNotAcceptingError(error.cause?.message ?? error.message);
      this.logger.warn(`workflow call failed: ${(error as Error).message}`);
      throw new WorkflowUnavailableError();
    }
  }
}
