import { condition } from '@temporalio/workflow';

/**
 * The request's clock. Deadlines are real calendar instants (receipt + 30 days…);
 * `timeScale` compresses every wait so tests and demos can watch a month pass in
 * seconds (1 in production). Workflow time (Date.now in the sandbox) is
 * deterministic, so this is too.
 */
export class VirtualClock {
  private readonly startedAt = Date.now();

  constructor(
    private readonly receivedAt: Date,
    private readonly scale: number,
  ) {}

  /** The request's "now": receipt plus the elapsed workflow time, scaled. */
  now(): Date {
    return new Date(this.receivedAt.getTime() + (Date.now() - this.startedAt) * this.scale);
  }

  /** Milliseconds of workflow time until a request-clock instant (0 when past). */
  msUntil(instant: Date): number {
    return Math.max(0, Math.ceil((instant.getTime() - this.now().getTime()) / this.scale));
  }

  /** Waits until `done()` holds or the instant arrives; true when done() won. */
  async waitUntil(done: () => boolean, instant: Date): Promise<boolean> {
    const ms = this.msUntil(instant);
    if (ms === 0) return done();
    return condition(done, ms);
  }
}
