import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RequestRegistry } from '../registry/request-registry';
import { IntakeService } from './intake.service';
import { WorkflowStarter } from './workflow-starter';

const SWEEP_EVERY_MS = 30_000;
/** Younger requests are probably being started right now after their submission (WorkflowStarter). */
const GRACE_MS = 15_000;

/**
 * A request is stored before its workflow starts; if Temporal was unreachable
 * at that moment, this starts it later. Starting twice is harmless (same
 * workflow id), so every replica may sweep.
 */
@Injectable()
export class WorkflowStartSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkflowStartSweeper.name);
  private timer?: NodeJS.Timeout;
  private current?: Promise<number>;

  constructor(
    private readonly registry: RequestRegistry,
    private readonly intake: IntakeService,
    private readonly starter: WorkflowStarter,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /** Before the database and Temporal connections close: no new sweep, and the running one finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
  }

  /** Starts what is pending; returns how many started (0 when a sweep is already running). */
  sweep(graceMs = GRACE_MS): Promise<number> {
    if (this.current) return Promise.resolve(0);
    this.current = this.run(graceMs).finally(() => (this.current = undefined));
    return this.current;
  }

  private async run(graceMs: number): Promise<number> {
    try {
      let started = 0;
      for (const record of await this.registry.findUnstarted(new Date(Date.now() - graceMs), 50)) {
        if (this.starter.holds(record.requestId)) continue; // still queued here after a burst
        if (!(await this.intake.startWorkflow(record))) continue;
        await this.registry.markWorkflowStarted(record.requestId, new Date());
        started++;
      }
      if (started > 0) this.logger.log(`started ${started} pending request workflow(s)`);
      return started;
    } catch (error) {
      this.logger.warn(`start sweep failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
