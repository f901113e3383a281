import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RightsflowConfig } from '@rightsflow/config';
import type { RetentionSweepInput, RetentionSweepResult } from '@rightsflow/contracts';
import { isPurgeable, isTerminal } from '@rightsflow/domain';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { logEntryId, REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, RequestLogEntry, RequestLogKey } from '../registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';

const DAY_MS = 86_400_000;
/** Log entries + records per round of deletes. */
const PURGE_BATCH = 1000;

type Candidate = Pick<RequestRecord, 'requestId' | 'status' | 'closedAt' | 'legalHold' | 'lastSeq'>;

/**
 * R21/R23: the request registry's retention sweep. A request record and its
 * whole log go once the request closed `months` (≥ 24) before `now`, by the
 * controller's calendar (retentionPurgeAt). Never an open request, never one
 * under legal hold.
 *
 * Order makes it restartable: log entries (and their idempotency keys) go
 * first, found one _id at a time (the only filter FerretDB pushes down) and
 * deleted in batches, the records last, so an interrupted sweep finds the
 * record again next time and finishes.
 */
@Injectable()
export class RequestRetention {
  constructor(
    @InjectModel(REQUEST_MODEL) private readonly requests: Model<RequestRecord>,
    @InjectModel(REQUEST_LOG_MODEL) private readonly log: Model<RequestLogEntry>,
    @InjectModel(REQUEST_LOG_KEY_MODEL) private readonly keys: Model<RequestLogKey>,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  async sweep(input: RetentionSweepInput, heartbeat: (progress: unknown) => void = () => undefined): Promise<RetentionSweepResult> {
    const now = new Date(input.now);
    const counts = { requests: 0, logEntries: 0, heldBack: 0 };
    const batch = new PurgeBatch();
    for (const request of await this.candidates(now, input.requestLogRetentionMonths)) {
      if (!request.closedAt || !isTerminal(request.status)) continue;
      if (!isPurgeable(request.closedAt, now, input.requestLogRetentionMonths, { timeZone: this.config.policy.timeZone })) continue;
      if (request.legalHold) {
        counts.heldBack++;
        continue;
      }
      counts.logEntries += await this.collectEntries(request, batch);
      batch.requestIds.push(request.requestId);
      counts.requests++;
      if (batch.size >= PURGE_BATCH) {
        if (!input.dryRun) await this.purge(batch);
        batch.clear();
        heartbeat(counts);
      }
    }
    if (!input.dryRun) await this.purge(batch);
    return { service: 'intake', counts };
  }

  /**
   * One deleteMany per collection and batch, log entries and keys before the
   * records (restartable). On MongoDB `_id: { $in }` is an index lookup; on
   * FerretDB v1 it is one scan of the collection per batch, which beats a
   * delete per document (each its own SQLite write, ~14 ms) until the log
   * holds some hundred thousand entries.
   */
  private async purge(batch: PurgeBatch): Promise<void> {
    if (batch.keyIds.length) await this.keys.deleteMany({ _id: { $in: batch.keyIds } }).exec();
    if (batch.entryIds.length) await this.log.deleteMany({ _id: { $in: batch.entryIds } }).exec();
    if (batch.requestIds.length) await this.requests.deleteMany({ _id: { $in: batch.requestIds } }).exec();
  }

  /**
   * Closed requests old enough to be near the line. A daily scan (FerretDB
   * filters anything but _id in Go, indexed or not; MongoDB could use an
   * index on closedAt, which this sweep alone would not justify).
   */
  private candidates(now: Date, months: number): Promise<Candidate[]> {
    // A month is at least 28 days (+2 for time zones): a superset of the purgeable, which isPurgeable then decides.
    const before = new Date(now.getTime() - months * 28 * DAY_MS + 2 * DAY_MS);
    return this.requests
      .find({ closedAt: { $lt: before } }, { requestId: 1, status: 1, closedAt: 1, legalHold: 1, lastSeq: 1 })
      .lean<Candidate[]>()
      .exec();
  }

  /** Seq 1..lastSeq, then on until the first gap (an append may have landed after the registry's hint). */
  private async *entryIds(request: Candidate): AsyncGenerator<string> {
    let seq = 1;
    for (; seq <= request.lastSeq; seq++) yield logEntryId(request.requestId, seq);
    for (; ; seq++) {
      const id = logEntryId(request.requestId, seq);
      if (!(await this.log.exists({ _id: id }).exec())) return;
      yield id;
    }
  }

  /** Adds the request's stored entries (and their idempotency keys) to the batch; returns how many. */
  private async collectEntries(request: Candidate, batch: PurgeBatch): Promise<number> {
    let found = 0;
    for await (const id of this.entryIds(request)) {
      const entry = await this.log.findById(id, { idempotencyKey: 1 }).lean<Pick<RequestLogEntry, 'idempotencyKey'>>().exec();
      if (!entry) continue;
      batch.entryIds.push(id);
      batch.keyIds.push(entry.idempotencyKey);
      found++;
    }
    return found;
  }
}

/** What one round of deletes removes. */
class PurgeBatch {
  requestIds: string[] = [];
  entryIds: string[] = [];
  keyIds: string[] = [];

  get size(): number {
    return this.entryIds.length + this.requestIds.length;
  }

  clear(): void {
    this.requestIds = [];
    this.entryIds = [];
    this.keyIds = [];
  }
}
