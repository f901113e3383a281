/**
 * Progress of a long activity, carried by Temporal heartbeats: after each
 * collection the activity heartbeats `{ doneCollections, results }` (names and
 * counts, nothing personal), and a retry reads them back from
 * `heartbeatDetails` to skip what is finished and still report it. Inside a
 * collection, `tick()` keeps the heartbeat alive through large cursors.
 */
export interface ProgressContext {
  heartbeat(details?: unknown): void;
  readonly heartbeatDetails: unknown;
}

/** Per collection id, counts of what was done, e.g. { 'portal.accounts': { deleted: 1 } }. */
export type CollectionResults = Record<string, Record<string, number>>;

export interface CollectionProgress {
  doneCollections: string[];
  results: CollectionResults;
}

export const noProgress: ProgressContext = { heartbeat: () => undefined, heartbeatDetails: undefined };

export class Progress {
  readonly results: CollectionResults = {};
  private readonly finished = new Set<string>();
  private lastBeat = 0;

  constructor(private readonly context: ProgressContext) {
    const details = context.heartbeatDetails as Partial<CollectionProgress> | undefined;
    for (const id of details?.doneCollections ?? []) {
      if (typeof id !== 'string') continue;
      this.finished.add(id);
      this.results[id] = { ...(details?.results?.[id] ?? {}) };
    }
  }

  isDone(collection: string): boolean {
    return this.finished.has(collection);
  }

  get doneCollections(): string[] {
    return [...this.finished];
  }

  done(collection: string, result: Record<string, number>): void {
    this.finished.add(collection);
    this.results[collection] = result;
    this.beat();
  }

  /** Cheap to call per record: heartbeats at most every 2 seconds. */
  tick(): void {
    if (Date.now() - this.lastBeat >= 2_000) this.beat();
  }

  private beat(): void {
    this.lastBeat = Date.now();
    this.context.heartbeat({
      doneCollections: this.doneCollections,
      results: this.results,
    } satisfies CollectionProgress);
  }
}
