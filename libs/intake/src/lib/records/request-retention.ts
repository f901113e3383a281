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
import { planRangePurge, PURGE_BATCH, PurgeDocument, RangePurge } from './range-purge';

const DAY_MS = 86_400_000;

type Candidate = Pick<RequestRecord, 'requestId' | 'status' | 'closedAt' | 'legalHold'>;

/** An entry of a purgeable request, with its idempotency key (the _id of its key document). */
interface DoomedEntry extends PurgeDocument {
  key: string;
}

/** What one read of the log says about the purge of the purgeable requests. */
interface LogPurge {
  entries: number;
  /** Entries, and their keys (which carry the same request and time), by range and by name. */
  plan: RangePurge<DoomedEntry>;
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
 * One read of the log finds the purgeable requests' entries; then requests,
 * entries and keys are deleted mostly by time range, not by naming each
 * (range-purge.ts: FerretDB's `$in` costs a comparison per id per document).
 * Order makes it restartable: idempotency keys and log entries first, the
 * records last, so an interrupted sweep finds the record again next time and
 * finishes.
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

    const candidates = await this.candidates(now, input.requestLogRetentionMonths);
    const purgeable = new Set<string>();
    for (const request of candidates) {
      if (!request.closedAt || !isTerminal(request.status)) continue;
      if (!isPurgeable(request.closedAt, now, input.requestLogRetentionMonths, { timeZone: this.config.policy.timeZone })) continue;
      if (request.legalHold) counts.heldBack++;
      else purgeable.add(request.requestId);
    }
    counts.requests = purgeable.size;
    if (purgeable.size > 0) {
      const logPurge = await this.logPurgeOf(purgeable, () => heartbeat(counts));
      counts.logEntries = logPurge.entries;
      if (!input.dryRun) await this.purge(candidates, purgeable, logPurge, () => heartbeat(counts));
    }
    return { service: 'intake', counts, ...(anchored?.head ? { logAnchor: anchored.head } : {}) };
  }

  /**
   * Closed requests old enough to be near the line. A daily scan (FerretDB
   * filters anything but _id in Go, indexed or not; MongoDB could use an
   * index on closedAt, which this sweep alone would not justify).
   */
  private async candidates(now: Date, months: number): Promise<Candidate[]> {
    // A month is at least 28 days (+2 for time zones): a superset of the purgeable, which isPurgeable then decides.
    const before = new Date(now.getTime() - months * 28 * DAY_MS + 2 * DAY_MS);
    // Through a cursor, not toArray: the driver's toArray pushes a whole batch as spread arguments,
    // which overflows the call stack when a server answers a million documents in one batch.
    const candidates: Candidate[] = [];
    const cursor = this.requests
      .find({ closedAt: { $lt: before } }, { requestId: 1, status: 1, closedAt: 1, legalHold: 1 })
      .lean<Candidate>()
      .cursor({ batchSize: 2000 });
    for await (const candidate of cursor) candidates.push(candidate);
    return candidates;
  }

  /** How the entries (and keys) of `requestIds` go, by one read of the log. */
  private async logPurgeOf(requestIds: Set<string>, tick: () => void): Promise<LogPurge> {
    const firstAt = new Map<string, number>();
    const doomed: DoomedEntry[] = [];
    const cursor = this.log
      .find({}, { _id: 1, requestId: 1, at: 1, idempotencyKey: 1 })
      .lean<Pick<RequestLogEntry, '_id' | 'requestId' | 'at' | 'idempotencyKey'>>()
      .cursor({ batchSize: 2000 });
    let read = 0;
    for await (const entry of cursor) {
      const at = new Date(entry.at).getTime();
      firstAt.set(entry.requestId, Math.min(at, firstAt.get(entry.requestId) ?? at));
      if (requestIds.has(entry.requestId)) {
        doomed.push({ id: String(entry._id), at, key: entry.idempotencyKey });
      }
      if (++read % 50_000 === 0) tick();
    }
    const groups = [...firstAt].map(([id, at]) => ({ id, doomed: requestIds.has(id), firstAt: at }));
    return { entries: doomed.length, plan: planRangePurge(groups, doomed) };
  }

  private async purge(candidates: Candidate[], purgeable: Set<string>, log: LogPurge, tick: () => void): Promise<void> {
    const inBatches = async <T>(items: T[], remove: (batch: T[]) => Promise<unknown>) => {
      for (let i = 0; i < items.length; i += PURGE_BATCH) {
        await remove(items.slice(i, i + PURGE_BATCH));
        tick();
      }
    };
    const byRange = async (plan: RangePurge, remove: (from: Date, to: Date, kept: string[]) => Promise<unknown>) => {
      for (const [from, to] of plan.ranges) {
        await remove(new Date(from), new Date(to), plan.kept);
        tick();
      }
    };

    if (log.entries > 0) {
      const { plan } = log;
      await byRange(plan, (from, to, kept) => this.keys.deleteMany({ at: { $gte: from, $lt: to }, requestId: { $nin: kept } }).exec());
      await inBatches(plan.late, (late) => this.keys.deleteMany({ _id: { $in: late.map((entry) => entry.key) } }).exec());
      await byRange(plan, (from, to, kept) => this.log.deleteMany({ at: { $gte: from, $lt: to }, requestId: { $nin: kept } }).exec());
      await inBatches(plan.late, (late) => this.log.deleteMany({ _id: { $in: late.map((entry) => entry.id) } }).exec());
    }

    // The requests, by their closing time; a hold placed since the candidates were read still counts.
    const requestPlan = planRangePurge(
      candidates.map((c) => ({ id: c.requestId, doomed: purgeable.has(c.requestId), firstAt: (c.closedAt as Date).getTime() })),
      candidates.filter((c) => purgeable.has(c.requestId)).map((c) => ({ id: c.requestId, at: (c.closedAt as Date).getTime() })),
    );
    await byRange(requestPlan, (from, to, kept) =>
      this.requests.deleteMany({ closedAt: { $gte: from, $lt: to }, legalHold: { $ne: true }, _id: { $nin: kept } }).exec(),
    );
    await inBatches(requestPlan.late, (late) => this.requests.deleteMany({ _id: { $in: late.map((request) => request.id) } }).exec());
  }
}
