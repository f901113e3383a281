import { Context, Info } from '@temporalio/activity';
import { startKeepAlive } from './keep-alive';

/**
 * What a handler learns about the activity it serves, through Nest's `@Ctx()`.
 * The idempotency key is the same on every retry of one activity and different
 * for every other activity, so handlers use it to make effects happen once.
 */
export class TemporalActivityContext {
  private stopKeepAlive: () => void = () => undefined;

  constructor(readonly info: Info) {}

  /** Heartbeats for the activity (startKeepAlive) until its handler sends one of its own, or `close()`. */
  keepAlive(): void {
    this.stopKeepAlive = startKeepAlive();
  }

  /** The activity has ended. */
  close(): void {
    this.stopKeepAlive();
  }

  get idempotencyKey(): string {
    const owner = this.info.workflowExecution?.workflowId ?? 'standalone';
    return `${owner}:${this.info.activityId}`;
  }

  get attempt(): number {
    return this.info.attempt;
  }

  /** Progress a long activity has made; it comes back in `heartbeatDetails` after a retry. */
  heartbeat(details?: unknown): void {
    this.stopKeepAlive(); // from now on the handler's own reports say it is alive
    Context.current().heartbeat(details);
  }

  get heartbeatDetails(): unknown {
    return this.info.heartbeatDetails;
  }

  get cancellationSignal(): AbortSignal {
    return Context.current().cancellationSignal;
  }
}
