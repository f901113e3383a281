import { DENIAL_BASES } from '@rightsflow/contracts';
import {
  addCalendarDays,
  isIsoDate,
  Jurisdiction,
  LifecycleState,
  parseIsoDate,
  REQUEST_TYPES,
  RequestType,
  startOfLocalDay,
  US_STATE_JURISDICTIONS,
} from '@rightsflow/domain';

/**
 * R22 (Regs §7102): per request type, for a calendar year or any range of
 * receipt dates — received, complied with in whole or in part, denied by
 * reason, and the median (and mean) days to a substantive response. Computed
 * here, in code, from the registry's records (FerretDB has no $avg/$push).
 *
 * How closures count:
 *  - complied in whole: `completed`; in part: `completed` whose closing note
 *    says "partial" (R07 records a partial denial with the completion);
 *  - denied, by reason: `denied` by the basis the operator chose (the closing
 *    note is "basis: reason"; no known basis → "other"), `closed_unverified`
 *    as identity_not_verified (R12), `closed_not_obligated` as not_obligated (R05);
 *  - withdrawn and linked duplicates are neither; open requests are counted apart.
 * Days to a substantive response: closedAt − receivedAt, in days (24 h), over
 * the complied and denied requests of the range.
 */
export interface MetricsRecord {
  type: RequestType;
  /** The law the request was answered under (appeals are counted per law). */
  jurisdiction?: Jurisdiction;
  status: LifecycleState;
  receivedAt: Date;
  closedAt?: Date;
  closeReason?: string;
}

/** Receipt instants in [from, to). */
export interface MetricsRange {
  from: Date;
  to: Date;
}

export interface TypeMetrics {
  type: RequestType | 'all';
  received: number;
  compliedInWhole: number;
  compliedInPart: number;
  denied: number;
  deniedByReason: Record<string, number>;
  withdrawn: number;
  duplicates: number;
  open: number;
  /** How many responses the day figures are over. */
  responded: number;
  medianDaysToResponse: number | null;
  meanDaysToResponse: number | null;
}

/** R26 in the style of R22: appeals received under one law and how they ended. */
export interface AppealMetrics {
  law: Jurisdiction;
  received: number;
  granted: number;
  denied: number;
  withdrawn: number;
  open: number;
  medianDaysToDecision: number | null;
}

export interface RequestMetrics {
  from: string;
  to: string;
  byType: TypeMetrics[];
  total: TypeMetrics;
  /** One row per law with an appeal (zeros included). */
  appealsByLaw: AppealMetrics[];
}

const DAY_MS = 86_400_000;

/** The median of numbers (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort(); // typed arrays sort numerically, and fast for a year of a large company
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The denial reason a closed record counts under, or null when it was not a denial. */
export function denialReason(record: Pick<MetricsRecord, 'status' | 'closeReason'>): string | null {
  if (record.status === 'closed_unverified') return 'identity_not_verified';
  if (record.status === 'closed_not_obligated') return 'not_obligated';
  if (record.status !== 'denied') return null;
  const basis = /^([a-z_]+):/.exec(record.closeReason ?? '')?.[1];
  return basis && (DENIAL_BASES as readonly string[]).includes(basis) ? basis : 'other';
}

export function isPartialCompliance(record: Pick<MetricsRecord, 'status' | 'closeReason'>): boolean {
  return record.status === 'completed' && /\bpartial/i.test(record.closeReason ?? '');
}

function emptyMetrics(type: RequestType | 'all'): TypeMetrics & { days: number[] } {
  return {
    type,
    received: 0,
    compliedInWhole: 0,
    compliedInPart: 0,
    denied: 0,
    deniedByReason: {},
    withdrawn: 0,
    duplicates: 0,
    open: 0,
    responded: 0,
    medianDaysToResponse: null,
    meanDaysToResponse: null,
    days: [],
  };
}

function count(metrics: TypeMetrics & { days: number[] }, record: MetricsRecord): void {
  metrics.received++;
  const reason = denialReason(record);
  let responded = false;
  if (record.status === 'completed') {
    if (isPartialCompliance(record)) metrics.compliedInPart++;
    else metrics.compliedInWhole++;
    responded = true;
  } else if (reason) {
    metrics.denied++;
    metrics.deniedByReason[reason] = (metrics.deniedByReason[reason] ?? 0) + 1;
    responded = true;
  } else if (record.status === 'withdrawn') metrics.withdrawn++;
  else if (record.status === 'linked_duplicate') metrics.duplicates++;
  else metrics.open++;
  if (responded && record.closedAt) metrics.days.push((record.closedAt.getTime() - record.receivedAt.getTime()) / DAY_MS);
}

function finish({ days, ...metrics }: TypeMetrics & { days: number[] }): TypeMetrics {
  return { ...metrics, responded: days.length, medianDaysToResponse: median(days), meanDaysToResponse: mean(days) };
}

function emptyAppealMetrics(law: Jurisdiction): AppealMetrics & { days: number[] } {
  return { law, received: 0, granted: 0, denied: 0, withdrawn: 0, open: 0, medianDaysToDecision: null, days: [] };
}

/** A granted appeal closes `completed`, a refused one `denied` (R26). */
function countAppeal(appeals: AppealMetrics & { days: number[] }, record: MetricsRecord): void {
  appeals.received++;
  if (record.status === 'completed') appeals.granted++;
  else if (record.status === 'denied') appeals.denied++;
  else if (record.status === 'withdrawn') appeals.withdrawn++;
  else appeals.open++;
  if ((record.status === 'completed' || record.status === 'denied') && record.closedAt) {
    appeals.days.push((record.closedAt.getTime() - record.receivedAt.getTime()) / DAY_MS);
  }
}

/**
 * R22 metrics counted one record at a time (a cursor feeds it): every type
 * gets a row, zeros included. Records received outside the range are skipped.
 */
export class MetricsAccumulator {
  private readonly byType = new Map(REQUEST_TYPES.map((type) => [type, emptyMetrics(type)]));
  private readonly total = emptyMetrics('all');
  private readonly appeals = new Map<Jurisdiction, AppealMetrics & { days: number[] }>(
    US_STATE_JURISDICTIONS.map((law) => [law, emptyAppealMetrics(law)]),
  );

  constructor(private readonly range: MetricsRange) {}

  add(record: MetricsRecord): void {
    const at = record.receivedAt.getTime();
    if (at < this.range.from.getTime() || at >= this.range.to.getTime()) return;
    let metrics = this.byType.get(record.type);
    if (!metrics) this.byType.set(record.type, (metrics = emptyMetrics(record.type)));
    count(metrics, record);
    count(this.total, record);
    if (record.type === 'appeal' && record.jurisdiction) {
      let appeals = this.appeals.get(record.jurisdiction);
      if (!appeals) this.appeals.set(record.jurisdiction, (appeals = emptyAppealMetrics(record.jurisdiction)));
      countAppeal(appeals, record);
    }
  }

  result(): RequestMetrics {
    const { from, to } = this.range;
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      byType: [...this.byType.values()].map(finish),
      total: finish(this.total),
      appealsByLaw: [...this.appeals.values()].map(({ days, ...row }) => ({ ...row, medianDaysToDecision: median(days) })),
    };
  }
}

/** R22 metrics of the requests received in `range`, one row per request type (every type, zeros included). */
export function computeMetrics(records: Iterable<MetricsRecord>, range: MetricsRange): RequestMetrics {
  const metrics = new MetricsAccumulator(range);
  for (const record of records) metrics.add(record);
  return metrics.result();
}

/**
 * The range a query asks for, in the controller's calendar: `year` (a whole
 * calendar year) or `from`/`to` (ISO dates, both days included; or ISO
 * instants, `to` excluded). Null when the query is not understood.
 */
export function metricsRange(query: { year?: string; from?: string; to?: string }, timeZone: string): MetricsRange | null {
  const startOf = (iso: string) => startOfLocalDay(parseIsoDate(iso), timeZone);
  if (query.year !== undefined) {
    if (!/^\d{4}$/.test(query.year)) return null;
    const year = Number(query.year);
    return { from: startOf(`${year}-01-01`), to: startOf(`${year + 1}-01-01`) };
  }
  if (query.from === undefined || query.to === undefined) return null;
  const from = isIsoDate(query.from) ? startOf(query.from) : new Date(query.from);
  const to = isIsoDate(query.to) ? startOfLocalDay(addCalendarDays(parseIsoDate(query.to), 1), timeZone) : new Date(query.to);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to.getTime() <= from.getTime()) return null;
  return { from, to };
}
