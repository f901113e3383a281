import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RightsflowConfig } from '@rightsflow/config';
import type { RetentionSweepInput, RetentionSweepResult } from '@rightsflow/contracts';
import { isPurgeable, isTerminal } from '@rightsflow/domain';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { LOG_ANCHOR_MODEL, LogAnchor } from '../registry/log-anchor.schema';
import { REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, RequestLogEntry, RequestLogKey } from '../registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';
import { sealLogAnchors } from './log-anchors';

const DAY_MS = 86_400_000;
/**
 * Ids per deleteMany. On MongoDB `_id: { $in }` is an index lookup whatever
 * the size; FerretDB v1 answers it with one read of the collection, so fewer,
 * larger batches win there (100,000 ids is about 4 MB of command, well under
 * the 16 MB limit).
 */
const PURGE_BATCH = 100_000;

type Candidate = Pick<RequestRecord, 'requestId' | 'status' | 'closedAt' | 'legalHold'>;

interface Doomed {
  requestIds: string[];
  entryIds: string[];
  keyIds: string[];
}

/**
 * R21/R23: the request registry's daily retention sweep.
 *
 * First it seals the daily anchors over the log (log-anchors.ts), so every
 * entry is anchored before anything can be purged. Then a request record and
 * its whole log go once the request closed `months` (≥ 24) before `now`, by
 * the controller's calendar (retentionPurgeAt). Never an open request, never
 * one under legal hold.
 *
 * The purgeable requests' entries are found in one read of the log (FerretDB
 * filters everything but _id in Go, so one pass beats a lookup per entry) and
 * deleted in large batches. Order makes it restartable: idempotency keys and
 * log entries first, the records last, so an interrupted sweep finds the
 * record again next time and finishes.
 */
@Injectable()
export class RequestRetention {
  constructor(
    @InjectModel(REQUEST_MODEL) private readonly requests: Model<RequestRecord>,
    @InjectModel(REQUEST_LOG_MODEL) private readonly log: Model<RequestLogEntry>,
    @InjectModel(REQUEST_LOG_KEY_MODEL) private readonly keys: Model<RequestLogKey>,
    @InjectModel(LOG_ANCHOR_MODEL) private readonly anchors: Model<LogAnchor>,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  async sweep(input: RetentionSweepInput, heartbeat: (progress: unknown) => void = () => undefined): Promise<RetentionSweepResult> {
    const now = new Date(input.now);
    const counts = { anchoredDays: 0, requests: 0, logEntries: 0, heldBack: 0 };
    // A dry run changes nothing, anchors included.
    const anchored = input.dryRun ? undefined : await sealLogAnchors(this.log, this.anchors, now, () => heartbeat(counts));
    counts.anchoredDays = anchored?.sealed ?? 0;

    const purgeable = new Set<string>();
    for (const request of await this.candidates(now, input.requestLogRetentionMonths)) {
      if (!request.closedAt || !isTerminal(request.status)) continue;
      if (!isPurgeable(request.closedAt, now, input.requestLogRetentionMonths, { timeZone: this.config.policy.timeZone })) continue;
      if (request.legalHold) counts.heldBack++;
      else purgeable.add(request.requestId);
    }
    counts.requests = purgeable.size;
    if (purgeable.size > 0) {
      const doomed = await this.entriesOf(purgeable, () => heartbeat(counts));
      counts.logEntries = doomed.entryIds.length;
      if (!input.dryRun) await this.purge(doomed, () => heartbeat(counts));
    }
    return { service: 'intake', counts, ...(anchored?.head ? { logAnchor: anchored.head } : {}) };
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
      .find({ closedAt: { $lt: before } }, { requestId: 1, status: 1, closedAt: 1, legalHold: 1 })
      .lean<Candidate[]>()
      .exec();
  }

  /** Every stored entry (and idempotency key) of the given requests, by one read of the log. */
  private async entriesOf(requestIds: Set<string>, tick: () => void): Promise<Doomed> {
    const doomed: Doomed = { requestIds: [...requestIds], entryIds: [], keyIds: [] };
    const cursor = this.log
      .find({}, { _id: 1, requestId: 1, idempotencyKey: 1 })
      .lean<Pick<RequestLogEntry, '_id' | 'requestId' | 'idempotencyKey'>>()
      .cursor({ batchSize: 2000 });
    let read = 0;
    for await (const entry of cursor) {
      if (requestIds.has(entry.requestId)) {
        doomed.entryIds.push(String(entry._id));
        doomed.keyIds.push(entry.idempotencyKey);
      }
      if (++read % 50_000 === 0) tick();
    }
    return doomed;
  }

  private async purge(doomed: Doomed, tick: () => void): Promise<void> {
    const inBatches = async (ids: string[], remove: (batch: string[]) => Promise<unknown>) => {
      for (let i = 0; i < ids.length; i += PURGE_BATCH) {
        await remove(ids.slice(i, i + PURGE_BATCH));
        tick();
      }
    };
    await inBatches(doomed.keyIds, (batch) => this.keys.deleteMany({ _id: { $in: batch } }).exec());
    await inBatches(doomed.entryIds, (batch) => this.log.deleteMany({ _id: { $in: batch } }).exec());
    await inBatches(doomed.requestIds, (batch) => this.requests.deleteMany({ _id: { $in: batch } }).exec());
  }
}
