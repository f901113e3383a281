import { Model } from 'mongoose';
import { ChainVerification, verifyChain } from '../registry/hash-chain';
import { toChainedEntry, verifyRequestLog } from '../registry/request-log';
import { RequestLogEntry } from '../registry/request-log.schema';
import { RequestRecord } from '../registry/request.schema';

export interface RequestVerification {
  requestId: string;
  result: ChainVerification;
}

export interface VerifyReport {
  requests: number;
  entries: number;
  /** The broken chains, first broken entry of each. */
  broken: RequestVerification[];
}

/**
 * R21: recomputes the hash chain of one request, or of every request in the
 * log (one pass through a cursor in (requestId, seq) order, one request's
 * entries in memory at a time). A chain shorter than the registry's record of
 * it (entries removed from the end) is broken too.
 */
export async function verifyRecords(
  log: Model<RequestLogEntry>,
  requests: Model<RequestRecord>,
  requestId?: string,
  onRequest: (verification: RequestVerification) => void = () => undefined,
): Promise<VerifyReport> {
  const report: VerifyReport = { requests: 0, entries: 0, broken: [] };
  const check = async (id: string, result: ChainVerification): Promise<void> => {
    const record = await requests.findById(id, { lastSeq: 1 }).lean<Pick<RequestRecord, 'lastSeq'>>().exec();
    if (result.ok && record && result.entries < record.lastSeq) {
      result = { ok: false, entries: result.entries, brokenAtSeq: result.entries + 1, reason: `the registry counts ${record.lastSeq} entries, the log has ${result.entries} (entries removed)` };
    }
    const verification = { requestId: id, result };
    report.requests++;
    report.entries += result.entries;
    if (!result.ok) report.broken.push(verification);
    onRequest(verification);
  };
  if (requestId) {
    await check(requestId, await verifyRequestLog(log, requestId));
    return report;
  }
  let current: string | null = null;
  let entries: RequestLogEntry[] = [];
  for await (const entry of log.find({}).sort({ requestId: 1, seq: 1 }).lean<RequestLogEntry>().cursor({ batchSize: 1000 })) {
    if (current !== null && entry.requestId !== current) {
      await check(current, verifyChain(entries.map(toChainedEntry)));
      entries = [];
    }
    current = entry.requestId;
    entries.push(entry);
  }
  if (current !== null) await check(current, verifyChain(entries.map(toChainedEntry)));
  return report;
}

/** One line per finding, for the command's output. */
export function describeVerification({ requestId, result }: RequestVerification): string {
  return result.ok ? `OK ${requestId}: ${result.entries} entries, head ${result.headHash.slice(0, 12)}…` : `BROKEN ${requestId}: entry ${result.brokenAtSeq} – ${result.reason}`;
}
