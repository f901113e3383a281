import {
  Actor,
  DsarDueAt,
  DsarJurisdiction,
  DsarOverdue,
  DsarState,
  DsarStatus,
  DsarType,
  DsarWorkflowInput,
} from '@rightsflow/contracts';
import { computeDueDate, isTerminal, LifecycleState, transition } from '@rightsflow/domain';
import { patched, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type { ServiceActivities } from './activities';
import { BatchedLog, EntryByEntryLog, RequestLogWriter } from './request-log-writer';
import { CHANGED_SEARCH_ATTRIBUTES_ONLY, SearchAttributeUpserts } from './search-attribute-upserts';
import type { VirtualClock } from './virtual-clock';

/**
 * The request's state and the one way to change its status: through the
 * domain's state machine, into the timeline, the search attributes operators
 * filter on, and the request log (R21) — always all four together. In
 * batched runs the last two happen at the next `flush()`, which the workflow
 * makes before it waits, answers or ends: a step's changes are one upsert and
 * one log write.
 */
export class RequestState {
  readonly data: DsarState;
  /** Where the log entries go: one activity each (runs from before issue 16), or batched until flushed. */
  private readonly log: RequestLogWriter;
  private upserts?: SearchAttributeUpserts;
  /** Batched runs publish their search attributes at the next flush, with the log entries. */
  private unpublished = false;

  constructor(
    input: DsarWorkflowInput,
    private readonly clock: VirtualClock,
    services: ServiceActivities,
    private readonly batched = false,
  ) {
    this.log = batched ? new BatchedLog(input.requestId, services) : new EntryByEntryLog(services);
    const due = computeDueDate({
      receivedAt: new Date(input.receivedAt),
      jurisdiction: input.jurisdiction,
      type: input.type,
      policy: input.policy,
    });
    this.data = {
      requestId: input.requestId,
      type: input.type,
      effectiveType: input.type,
      jurisdiction: input.jurisdiction,
      status: 'received',
      receivedAt: input.receivedAt,
      dueAt: due.dueAt.toISOString(),
      legalDeadlineAt: (due.legalDeadlineAt ?? due.dueAt).toISOString(),
      extended: false,
      overdue: false,
      verification: {
        attemptsLeft: input.policy.verification.maxAttempts,
        resendsLeft: input.policy.verification.maxResends,
      },
      openTasks: [],
      timeline: [],
      ...(input.appealOf ? { appealOf: input.appealOf } : {}),
    };
  }

  get status(): LifecycleState {
    return this.data.status;
  }

  get closed(): boolean {
    return isTerminal(this.data.status);
  }

  get dueAt(): Date {
    return new Date(this.data.dueAt);
  }

  /** Records receipt: the first log entry and the search attributes. */
  async open(actor: Actor): Promise<void> {
    this.data.timeline.push({ at: this.data.receivedAt, status: 'received', actor });
    this.changed();
    await this.log.append({
      requestId: this.data.requestId,
      from: null,
      to: 'received',
      actor,
      at: this.data.receivedAt,
      dueAt: this.data.dueAt,
    });
  }

  /** Moves to `to` (throws IllegalTransitionError if the state machine forbids it). */
  async moveTo(to: LifecycleState, actor: Actor, note?: string, attestation?: string): Promise<void> {
    const from = this.data.status;
    this.data.status = transition(from, to);
    const at = this.clock.now().toISOString();
    this.data.timeline.push({ at, status: to, actor, ...(note ? { note } : {}) });
    this.changed();
    await this.log.append({
      requestId: this.data.requestId,
      from,
      to,
      actor,
      at,
      dueAt: this.data.dueAt,
      ...(note ? { note } : {}),
      ...(attestation ? { attestation } : {}),
    });
  }

  /** A change that is not a status move (extension, downgrade) still goes to the log. */
  async note(actor: Actor, note: string, attestation?: string): Promise<void> {
    const at = this.clock.now().toISOString();
    this.data.timeline.push({ at, status: this.data.status, actor, note });
    this.changed();
    await this.log.append({
      requestId: this.data.requestId,
      from: this.data.status,
      to: this.data.status,
      actor,
      at,
      dueAt: this.data.dueAt,
      note,
      ...(attestation ? { attestation } : {}),
    });
  }

  /**
   * Batched runs: publishes the search attributes if they changed and writes
   * the waiting log entries (one recordTransitions); resolves once the log
   * holds every entry so far. Earlier runs did both at each change: nothing to do.
   */
  flush(): Promise<void> {
    this.publishChanges();
    return this.log.flush();
  }

  /** Batched runs: publishes the search attributes if they changed; the log entries wait for the next flush. */
  publishChanges(): void {
    if (this.unpublished) {
      this.unpublished = false;
      this.publish();
    }
  }

  /** The overdue alert is published at once, in every run. */
  setOverdue(): void {
    this.data.overdue = true;
    this.publish();
  }

  private changed(): void {
    if (this.batched) this.unpublished = true;
    else this.publish();
  }

  /** Search attributes (and, in runs from before issue 16, the memo): status, type, jurisdiction, dates — never personal data. */
  publish(): void {
    const attributes = [
      { key: DsarStatus, value: this.data.status },
      { key: DsarType, value: this.data.effectiveType },
      { key: DsarJurisdiction, value: this.data.jurisdiction },
      { key: DsarDueAt, value: new Date(this.data.dueAt) },
      { key: DsarOverdue, value: this.data.overdue },
    ];
    // Batched runs came after changed-only upserts: asking for that patch too would only add its marker.
    if (this.batched || patched(CHANGED_SEARCH_ATTRIBUTES_ONLY)) {
      (this.upserts ??= new SearchAttributeUpserts()).upsertChanged(attributes);
      return;
    }
    upsertSearchAttributes(attributes);
    upsertMemo({
      summary: `${this.data.effectiveType} (${this.data.jurisdiction}) ${this.data.status}, due ${this.data.dueAt.slice(0, 10)}${
        this.data.overdue ? ', OVERDUE' : ''
      }`,
    });
  }
}
