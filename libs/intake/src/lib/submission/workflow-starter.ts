import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import type { DsarWorkflowInput } from '@rightsflow/contracts';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { DsarWorkflows } from './dsar-workflows';

/** Beyond this many waiting starts, a submission starts its own workflow before answering (back-pressure, bounded memory). */
const MAX_QUEUED = 2_000;
/** A start in the background gives up after this (the sweeper tries again later); it also bounds shutdown. */
const START_DEADLINE_MS = 10_000;
interface QueuedStart {
  input: DsarWorkflowInput;
  queuedAt: number;
}

/**
 * Starts request workflows after the submission was answered. A stored
 * request is durable (the start sweeper starts any whose start never
 * happened), so the person does not wait for the Temporal server, which is
 * the busiest process of the stack; at most `workflowStartsInFlight` starts
 * run at once, so a burst of submissions becomes a steady stream of starts,
 * and they give way to submissions still being answered: a queued start waits
 * up to `workflowStartGiveWayMs` while any is, so a burst is answered first
 * and started right after (a longer one is started while it lasts, oldest
 * first). On a busy machine the person at the form comes before the background work.
 * Hand-written rather than p-limit: it must also say which requests it still
 * holds (the sweeper leaves those alone) and fall back to starting in line.
 */
@Injectable()
export class WorkflowStarter implements BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkflowStarter.name);
  private readonly queue: QueuedStart[] = [];
  private readonly pending = new Set<string>();
  private readonly inFlight = new Set<Promise<boolean>>();
  /** Submissions being worked on right now (whileAnswering). */
  private answering = 0;
  private wake?: NodeJS.Timeout;
  private closing = false;

  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    private readonly workflows: DsarWorkflows,
  ) {}

  /**
   * Makes sure the workflow gets started: queued when there is room (resolves at
   * once), otherwise started now. False only when a start made here failed.
   */
  async start(input: DsarWorkflowInput): Promise<boolean> {
    const inBackground = this.config.intake.workflowStartsInFlight > 0 && !this.closing && this.queue.length < MAX_QUEUED;
    if (!inBackground) return this.startNow(input);
    this.pending.add(input.requestId);
    this.queue.push({ input, queuedAt: Date.now() });
    this.pump();
    return true;
  }

  /** Runs a submission's own work; queued starts give way to it (up to workflowStartGiveWayMs). */
  async whileAnswering<T>(work: () => Promise<T>): Promise<T> {
    this.answering++;
    try {
      return await work();
    } finally {
      this.answering--;
      if (this.answering === 0) this.pump();
    }
  }

  /** Starts waiting here, not yet under way. */
  get queued(): number {
    return this.queue.length;
  }

  /** Starts queued or under way here. */
  get backlog(): number {
    return this.queue.length + this.inFlight.size;
  }

  /** A start for this request is queued or running here. */
  holds(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  /**
   * Stops queueing and drops what waits (it stays stored: the sweeper's), then
   * waits for the starts under way, each bounded by its deadline, so none is
   * still retrying when the Temporal connection closes.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearTimeout(this.wake);
    if (this.queue.length > 0) this.logger.warn(`${this.queue.length} workflow start(s) left to the start sweeper`);
    for (const { input } of this.queue.splice(0)) this.pending.delete(input.requestId);
    await Promise.all(this.inFlight);
  }

  private pump(): void {
    while (this.inFlight.size < this.config.intake.workflowStartsInFlight && this.queue.length > 0) {
      const { input, queuedAt } = this.queue[0] as QueuedStart;
      const giveWayUntil = queuedAt + this.config.intake.workflowStartGiveWayMs;
      if (this.answering > 0 && Date.now() < giveWayUntil) {
        this.wakeAt(giveWayUntil);
        return;
      }
      this.queue.shift();
      const started: Promise<boolean> = this.startNow(input, Date.now() + START_DEADLINE_MS).finally(() => {
        this.inFlight.delete(started);
        this.pending.delete(input.requestId);
        this.pump();
      });
      this.inFlight.add(started);
    }
  }

  /** Pumps again when the oldest queued start has given way long enough (one timer at a time). */
  private wakeAt(at: number): void {
    if (this.wake) return;
    this.wake = setTimeout(
      () => {
        this.wake = undefined;
        this.pump();
      },
      Math.max(0, at - Date.now()),
    );
  }

  private async startNow(input: DsarWorkflowInput, deadline?: number): Promise<boolean> {
    try {
      await this.workflows.start(input, deadline);
      return true;
    } catch (error) {
      // Stored: the start sweeper starts it once Temporal answers again.
      this.logger.warn(`workflow start of ${input.requestId} failed, left to the start sweeper: ${(error as Error).message}`);
      return false;
    }
  }
}
