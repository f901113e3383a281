import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { isTerminal, LifecycleState, TERMINAL_STATES } from '@rightsflow/domain';
import { Model } from 'mongoose';
import { isDuplicateKeyError } from '@rightsflow/platform';
import { REQUEST_MODEL, RequestRecord } from './request.schema';

export type InsertOutcome = { inserted: true } | { inserted: false; existing: RequestRecord };

/** The request registry: reads and writes of request records, and nothing else. */
@Injectable()
export class RequestRegistry implements OnModuleInit {
  constructor(@InjectModel(REQUEST_MODEL) private readonly requests: Model<RequestRecord>) {}

  /** Indexes must exist before the first request is served. */
  async onModuleInit(): Promise<void> {
    await this.requests.init();
  }

  /**
   * Inserts a request, or returns the one already stored under its id: the
   * id of a submission with an Idempotency-Key is derived from the key, so a
   * retry lands here.
   */
  async insert(record: RequestRecord): Promise<InsertOutcome> {
    try {
      await this.requests.create({ _id: record.requestId, ...record });
      return { inserted: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.findById(record.requestId);
      if (!existing) throw error;
      return { inserted: false, existing };
    }
  }

  findById(requestId: string): Promise<RequestRecord | null> {
    return this.requests.findById(requestId).lean<RequestRecord>().exec();
  }

  async markWorkflowStarted(requestId: string, at: Date): Promise<void> {
    await this.requests.updateOne({ _id: requestId }, { $set: { workflowStarted: true, workflowStartedAt: at } }).exec();
  }

  /** Requests received before `before` whose workflow start is not confirmed. */
  findUnstarted(before: Date, limit: number): Promise<RequestRecord[]> {
    return this.requests
      .find({ workflowStarted: false, receivedAt: { $lt: before } })
      .sort({ receivedAt: 1 })
      .limit(limit)
      .lean<RequestRecord[]>()
      .exec();
  }

  /**
   * Mirrors a request-log entry onto the record. Only a newer entry moves the
   * status, so a late retry of an older transition never rolls it back. A log
   * entry proves the workflow runs. Closing keeps its note (R22 metrics) and
   * drops the data points and corrections (R10, R23).
   *
   * `to` is null for a note on the current state (an extension, a task done).
   * A note neither moves the status nor counts as the newest entry here: an
   * operator's note and the workflow's next step are concurrent activities, so
   * the note may land after a closing transition (and must not reopen it) or
   * reach the registry before it (and must not block it). It only carries a
   * new due date. The log itself keeps every entry in order either way.
   */
  async applyTransition(requestId: string, seq: number, to: LifecycleState | null, at: Date, dueAt?: Date, note?: string): Promise<void> {
    if (to === null) {
      await this.requests.updateOne({ _id: requestId }, { $set: { workflowStarted: true, ...(dueAt ? { dueAt } : {}) } }).exec();
      return;
    }
    const set: Partial<RequestRecord> = { status: to, lastSeq: seq, workflowStarted: true };
    if (dueAt) set.dueAt = dueAt;
    const closing = isTerminal(to);
    if (closing) set.closedAt = at;
    if (closing && note) set.closeReason = note;
    await this.requests
      .updateOne({ _id: requestId, lastSeq: { $lt: seq } }, closing ? { $set: set, $unset: { sealedDataPoints: 1, sealedCorrections: 1 } } : { $set: set })
      .exec();
  }

  /**
   * R08: the oldest other open request of the same type from the same subject,
   * if it is older than this one (ties broken by id, so two racing requests
   * agree on which one wins).
   */
  async findOpenDuplicate(requestId: string): Promise<string | null> {
    const request = await this.findById(requestId);
    if (!request) return null;
    const candidates = await this.requests
      .find({
        subjectKey: request.subjectKey,
        type: request.type,
        receivedAt: { $lte: request.receivedAt },
        status: { $nin: [...TERMINAL_STATES] },
        _id: { $ne: requestId },
      })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(5)
      .lean<RequestRecord[]>()
      .exec();
    const older = candidates.find(
      (other) =>
        other.receivedAt.getTime() < request.receivedAt.getTime() ||
        (other.receivedAt.getTime() === request.receivedAt.getTime() && other.requestId < requestId),
    );
    return older?.requestId ?? null;
  }
}
