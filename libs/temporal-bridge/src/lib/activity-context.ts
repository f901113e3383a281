import { Context, Info } from '@temporalio/activity';

/**
 * What a handler learns about the activity it serves, through Nest's `@Ctx()`.
 * The idempotency key is the same on every retry of one activity and different
 * for every other activity, so handlers use it to make effects happen once.
 */
export class TemporalActivityContext {
  /** Whether the handler has sent a heartbeat of its own (then KeepAlive stops). */
  reportedProgress = false;

  constructor(readonly info: Info) {}

  get idempotencyKey(): string {
    const owner = this.info.workflowExecution?.workflowId ?? 'standalone';
    return `${owner}:${this.info.activityId}`;
  }

  get attempt(): number {
    return this.info.attempt;
  }

  /** Progress a long activity has made; it comes back in `heartbeatDetails` after a retry. */
  heartbeat(details?: unknown): void {
    this.reportedProgress = true;
    Context.current().heartbeat(details);
  }

  get heartbeatDetails(): unknown {
    return this.info.heartbeatDetails;
  }

  get cancellationSignal(): AbortSignal {
    return Context.current().cancellationSignal;
  }
}
