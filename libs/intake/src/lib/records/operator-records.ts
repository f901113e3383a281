import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { dsarWorkflowId } from '@rightsflow/contracts';
import { csvRow } from '@rightsflow/platform';
import { isGrpcServiceError } from '@temporalio/client';
import { optionalTsToDate, WorkflowNotFoundError } from '@temporalio/common';
import { Model } from 'mongoose';
import { RequestLog, toChainedEntry } from '../registry/request-log';
import { REQUEST_LOG_MODEL, RequestLogEntry } from '../registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';
import { DsarWorkflows } from '../submission/dsar-workflows';
import { MetricsAccumulator, MetricsRange, MetricsRecord, RequestMetrics } from './metrics';

export interface HistoryEventSummary {
  eventId: string;
  type: string;
  at?: string;
}

export interface RequestTimeline {
  requestId: string;
  status: string;
  log: ReturnType<typeof toChainedEntry>[];
  /** Event types and times of the request's workflow history (no payloads); null when Temporal has none. */
  history: HistoryEventSummary[] | null;
}

export const REQUEST_LOG_CSV_HEADER = ['requestId', 'seq', 'at', 'from', 'to', 'actor', 'note', 'dueAt', 'prevHash', 'hash', 'via'];

const GRPC_NOT_FOUND = 5;
const CSV_CHUNK_CHARS = 64 * 1024;

/** No such workflow (or its history is past the namespace's retention). */
function isWorkflowMissing(error: unknown): boolean {
  if (error instanceof WorkflowNotFoundError) return true;
  const cause = (error as { cause?: unknown })?.cause;
  return [error, cause].some((e) => isGrpcServiceError(e) && e.code === GRPC_NOT_FOUND);
}

/** "workflowExecutionStartedEventAttributes" → "WorkflowExecutionStarted": the event's type without the proto enum. */
function eventTypeOf(event: object): string {
  const key = Object.entries(event).find(([name, value]) => name.endsWith('EventAttributes') && value)?.[0];
  return key ? key.charAt(0).toUpperCase() + key.slice(1, -'EventAttributes'.length) : 'Unknown';
}

/**
 * What operators and auditors read of the records (R21, R22): metrics, one
 * request's timeline, and the whole log as a stream. Operator-only: the
 * controller checks the token.
 */
@Injectable()
export class OperatorRecords {
  constructor(
    @InjectModel(REQUEST_MODEL) private readonly requests: Model<RequestRecord>,
    @InjectModel(REQUEST_LOG_MODEL) private readonly log: Model<RequestLogEntry>,
    private readonly requestLog: RequestLog,
    private readonly workflows: DsarWorkflows,
  ) {}

  /**
   * R22. Reads the records received in the range through a cursor, only the
   * fields the figures need, and counts them as they come (no $avg/$push on
   * FerretDB): memory holds one number per response, for the medians.
   */
  async metrics(range: MetricsRange): Promise<RequestMetrics> {
    const metrics = new MetricsAccumulator(range);
    const cursor = this.requests
      .find({ receivedAt: { $gte: range.from, $lt: range.to } }, { _id: 0, type: 1, jurisdiction: 1, status: 1, receivedAt: 1, closedAt: 1, closeReason: 1 })
      .lean<MetricsRecord>()
      .cursor({ batchSize: 2000 });
    for await (const record of cursor) metrics.add(record);
    return metrics.result();
  }

  async timeline(requestId: string): Promise<RequestTimeline | null> {
    const record = await this.requests.findById(requestId, { status: 1 }).lean<Pick<RequestRecord, 'status'>>().exec();
    if (!record) return null;
    const log = (await this.requestLog.entries(requestId)).map(toChainedEntry);
    return { requestId, status: record.status, log, history: await this.historySummary(requestId) };
  }

  private async historySummary(requestId: string): Promise<HistoryEventSummary[] | null> {
    try {
      const history = await this.workflows.client.workflow.getHandle(dsarWorkflowId(requestId)).fetchHistory();
      return (history.events ?? []).map((event) => ({
        eventId: String(event.eventId ?? ''),
        type: eventTypeOf(event),
        at: optionalTsToDate(event.eventTime)?.toISOString(),
      }));
    } catch (error) {
      if (isWorkflowMissing(error)) return null;
      throw error;
    }
  }

  /**
   * The request log as CSV rows, entries at or after `from` and before `to`,
   * in the order the database reads them. A cursor: one batch in memory at a
   * time; `write` may wait (back-pressure) before the next row is read. No
   * sort on purpose: FerretDB sorts in its own memory before the first row
   * (and refuses `$natural` on ordinary collections), so only an unsorted
   * read streams on both databases. Every row names its request and seq, so
   * a reader can order them.
   */
  async streamLogCsv(range: Partial<MetricsRange>, write: (chunk: string) => Promise<void>): Promise<number> {
    const at: Record<string, Date> = {};
    if (range.from) at['$gte'] = range.from;
    if (range.to) at['$lt'] = range.to;
    const cursor = this.log
      .find(Object.keys(at).length ? { at } : {})
      .lean<RequestLogEntry>()
      .cursor({ batchSize: 1000 });
    // Rows go out in chunks of about 64 KB: one write per row costs more than the row.
    let chunk = csvRow(REQUEST_LOG_CSV_HEADER);
    let rows = 0;
    for await (const entry of cursor) {
      const e = toChainedEntry(entry);
      chunk += csvRow([e.requestId, e.seq, e.at, e.from, e.to, e.actor, e.note, e.dueAt, e.prevHash, e.hash, e.via]);
      rows++;
      if (chunk.length >= CSV_CHUNK_CHARS) {
        await write(chunk);
        chunk = '';
      }
    }
    if (chunk) await write(chunk);
    return rows;
  }
}
