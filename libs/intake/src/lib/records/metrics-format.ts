import { csvRow } from '@rightsflow/platform';
import { html } from '../web/html';
import { page } from '../web/layout';
import { RequestMetrics, TypeMetrics } from './metrics';

const round = (days: number | null): number | null => (days === null ? null : Math.round(days * 10) / 10);

function reasonsOf(metrics: RequestMetrics): string[] {
  return [...new Set([metrics.total, ...metrics.byType].flatMap((row) => Object.keys(row.deniedByReason)))].sort();
}

const rows = (metrics: RequestMetrics): TypeMetrics[] => [...metrics.byType, metrics.total];

/** R22 metrics as CSV: one row per request type and a total, one column per denial reason seen. */
export function metricsCsv(metrics: RequestMetrics): string {
  const reasons = reasonsOf(metrics);
  const header = ['from', 'to', 'type', 'received', 'complied_in_whole', 'complied_in_part', 'denied', ...reasons.map((r) => `denied_${r}`), 'withdrawn', 'duplicates', 'open', 'responded', 'median_days_to_response', 'mean_days_to_response'];
  return (
    csvRow(header) +
    rows(metrics)
      .map((row) =>
        csvRow([metrics.from, metrics.to, row.type, row.received, row.compliedInWhole, row.compliedInPart, row.denied, ...reasons.map((r) => row.deniedByReason[r] ?? 0), row.withdrawn, row.duplicates, row.open, row.responded, round(row.medianDaysToResponse), round(row.meanDaysToResponse)]),
      )
      .join('')
  );
}

/** R22 metrics as a printable page (the same figures as the JSON and CSV). */
export function metricsHtml(metrics: RequestMetrics, brandName: string): string {
  const reasons = reasonsOf(metrics);
  const title = `Request metrics ${metrics.from.slice(0, 10)} to ${metrics.to.slice(0, 10)}`;
  const days = (value: number | null) => (value === null ? '–' : String(round(value)));
  const body = html`<h1>${title}</h1>
<p>Requests received from ${metrics.from} (included) to ${metrics.to} (excluded), per type (Regs §7102). Days to a substantive response are calendar days from receipt to closure.</p>
<table>
<thead><tr><th scope="col">Type</th><th scope="col">Received</th><th scope="col">Complied in whole</th><th scope="col">Complied in part</th><th scope="col">Denied</th>${reasons.map((r) => html`<th scope="col">Denied: ${r}</th>`)}<th scope="col">Withdrawn</th><th scope="col">Duplicates</th><th scope="col">Open</th><th scope="col">Median days</th><th scope="col">Mean days</th></tr></thead>
<tbody>${rows(metrics).map(
    (row) =>
      html`<tr><th scope="row">${row.type}</th><td>${row.received}</td><td>${row.compliedInWhole}</td><td>${row.compliedInPart}</td><td>${row.denied}</td>${reasons.map((r) => html`<td>${row.deniedByReason[r] ?? 0}</td>`)}<td>${row.withdrawn}</td><td>${row.duplicates}</td><td>${row.open}</td><td>${days(row.medianDaysToResponse)}</td><td>${days(row.meanDaysToResponse)}</td></tr>`,
  )}</tbody>
</table>
<h2>Appeals by law</h2>
<p>Appeals of refused requests under the US state laws (R26): granted reverses the refusal, denied keeps it. Days to a decision are calendar days from the appeal's receipt.</p>
<table>
<thead><tr><th scope="col">Law</th><th scope="col">Received</th><th scope="col">Granted</th><th scope="col">Denied</th><th scope="col">Withdrawn</th><th scope="col">Open</th><th scope="col">Median days</th></tr></thead>
<tbody>${metrics.appealsByLaw.map(
    (row) =>
      html`<tr><th scope="row">${row.law}</th><td>${row.received}</td><td>${row.granted}</td><td>${row.denied}</td><td>${row.withdrawn}</td><td>${row.open}</td><td>${days(row.medianDaysToDecision)}</td></tr>`,
  )}</tbody>
</table>`;
  return page({ title, brandName, body });
}
