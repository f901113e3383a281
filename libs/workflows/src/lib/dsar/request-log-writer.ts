import type { LoggedTransitionInput, RecordTransitionInput } from '@rightsflow/contracts';
import type { ServiceActivities } from './activities';

/**
 * patched() id: from issue 16 on, a request writes its log entries in batches
 * (one recordTransitions activity per step, not one recordTransition per
 * entry) and starts the independent effects of a step together (see
 * EffectsInFlight). Decided once, at the start of a run, so a run begun
 * before it replays every step as it was.
 */
export const BATCHED_LOG_OVERLAPPED_STEPS = 'batched-log-overlapped-steps';

/** Where RequestState sends its request-log entries (R21). */
export interface RequestLogWriter {
  /** Takes the next entry; resolves once it is stored, or at once where entries wait for flush(). */
  append(entry: RecordTransitionInput): Promise<void>;
  /** Resolves once every entry appended so far is stored. */
  flush(): Promise<void>;
}

/** Runs from before issue 16: each entry its own recordTransition activity, awaited in place. */
export class EntryByEntryLog implements RequestLogWriter {
  constructor(private readonly services: ServiceActivities) {}

  append(entry: RecordTransitionInput): Promise<void> {
    return this.services.intake.recordTransition(entry);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Entries wait until flush(), which sends everything waiting in one
 * recordTransitions activity. A flush while the previous write is in flight
 * goes after it, so the hash chain gets the entries in the workflow's order.
 */
export class BatchedLog implements RequestLogWriter {
  private readonly waiting: LoggedTransitionInput[] = [];
  private written: Promise<void> = Promise.resolve();

  constructor(
    private readonly requestId: string,
    private readonly services: ServiceActivities,
  ) {}

  append({ requestId: _, ...transition }: RecordTransitionInput): Promise<void> {
    this.waiting.push(transition);
    return Promise.resolve();
  }

  flush(): Promise<void> {
    const transitions = this.waiting.splice(0);
    if (transitions.length > 0) {
      this.written = this.written.then(() =>
        this.services.intake.recordTransitions({ requestId: this.requestId, transitions }),
      );
    }
    return this.written;
  }
}
