/**
 * The effects a step starts without waiting for them — an email, a log write,
 * a read another check does not depend on — so the request moves on while they
 * run (issue 16: a step's activities then share their round trips through the
 * Temporal server). They are joined, with the request log flushed, before the
 * request waits for a person and at its end; before the answer, so that the
 * answer is the last email, and the closing entry goes with the answer.
 *
 * In runs from before issue 16 (`overlapping` false) nothing is deferred:
 * `start` hands back the effect for the caller to await in place, exactly as
 * those runs did, so their histories replay.
 */
export class EffectsInFlight {
  private readonly running: Promise<unknown>[] = [];

  constructor(
    readonly overlapping: boolean,
    /** Publishes what changed and writes the waiting log entries (RequestState.flush). */
    private readonly state: { flush(): Promise<void> },
  ) {}

  start(effect: Promise<unknown>): Promise<unknown> {
    if (!this.overlapping) return effect;
    // Its failure is thrown by join(); this keeps it from being an unhandled rejection meanwhile.
    effect.catch(() => undefined);
    this.running.push(effect);
    return Promise.resolve();
  }

  /** Starts writing the log entries waiting so far (nothing to do in runs from before issue 16). */
  startLogWrite(): void {
    if (this.overlapping) this.start(this.state.flush());
  }

  /**
   * Every effect started so far has happened and, unless `flushLog` is false
   * (the entries waiting go with the next write), the log holds every entry.
   */
  async join({ flushLog = true } = {}): Promise<void> {
    if (flushLog) this.startLogWrite();
    while (this.running.length > 0) await Promise.all(this.running.splice(0));
  }
}
