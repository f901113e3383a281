import { REQUEST_TYPES, US_STATE_JURISDICTIONS } from '@rightsflow/domain';
import { ChainedContent, entryHash, GENESIS_HASH } from '../lib/registry/hash-chain';
import type { RequestLogEntry } from '../lib/registry/request-log.schema';
import type { MetricsRecord } from '../lib/records/metrics';

const DAY = 86_400_000;

/** A deterministic year of requests: every type, every closure, some open, plus a few outside the year. */
export function generatedYear(year: number, count: number, seed = 7): MetricsRecord[] {
  let state = seed;
  const next = (n: number) => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31), state % n);
  const closures: { status: MetricsRecord['status']; closeReason?: string }[] = [
    { status: 'completed', closeReason: 'export ready: 12 records' },
    { status: 'completed', closeReason: 'partial: trade secrets withheld' },
    { status: 'denied', closeReason: 'manifestly_unfounded: 40 requests in a week' },
    { status: 'denied', closeReason: 'exemption: legal claims' },
    { status: 'denied', closeReason: 'no basis given' },
    { status: 'closed_unverified' },
    { status: 'closed_not_obligated' },
    { status: 'withdrawn' },
    { status: 'linked_duplicate' },
    { status: 'in_fulfilment' },
  ];
  const start = Date.UTC(year, 0, 1);
  return Array.from({ length: count }, (_, i) => {
    const receivedAt = new Date(start - 20 * DAY + next(405) * DAY + next(DAY));
    const closure = closures[next(closures.length)];
    const open = closure.status === 'in_fulfilment';
    const type = REQUEST_TYPES[i % REQUEST_TYPES.length];
    return {
      type,
      // Appeals exist under the US state laws only (R26); the rest are CCPA requests.
      jurisdiction: type === 'appeal' ? US_STATE_JURISDICTIONS[i % US_STATE_JURISDICTIONS.length] : 'CCPA',
      receivedAt,
      ...closure,
      ...(open ? {} : { closedAt: new Date(receivedAt.getTime() + next(90 * DAY)) }),
    };
  });
}


/** A request's log as the request log would have written it: hash-chained entries from `received` to `to`. */
export function chainedLog(requestId: string, states: string[], startAt: Date, notes: Record<number, string> = {}): RequestLogEntry[] {
  const entries: RequestLogEntry[] = [];
  let prevHash = GENESIS_HASH;
  states.forEach((to, i) => {
    const content: ChainedContent = { requestId, seq: i + 1, from: i === 0 ? null : states[i - 1], to, actor: 'system', at: new Date(startAt.getTime() + i * 60_000).toISOString(), note: notes[i + 1] };
    const hash = entryHash(prevHash, content);
    entries.push({ ...content, at: new Date(content.at), prevHash, hash, idempotencyKey: `${requestId}-wf:${i + 1}` } as RequestLogEntry);
    prevHash = hash;
  });
  return entries;
}
