import { AccessInformation } from './access-information';
import { cellText, escapeHtml } from './formats';

/** Rows per collection shown in the HTML summary; the JSON and CSV files carry every record. */
export const HTML_ROWS_PER_COLLECTION = 200;

/** The person-readable summary (R15), written around the per-collection tables. */
export function summaryHead(
  meta: { brand: string; requestType: string; generatedAt: string },
  info: AccessInformation,
): string {
  const list = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const perCategory = (entries: { category: string; recipients: string[] }[]) =>
    entries.length === 0 ? '<p>None.</p>' : list(entries.map((e) => `${e.category}: ${e.recipients.join(', ')}`));
  const parts = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Your personal data — ${escapeHtml(info.controller.name)}</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;font-size:.85rem;display:block;overflow-x:auto}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}caption{text-align:left;font-weight:bold}</style>',
    '</head><body><main>',
    `<h1>Your personal data at ${escapeHtml(info.controller.name)}</h1>`,
    `<p>Prepared by ${escapeHtml(meta.brand)} on ${escapeHtml(meta.generatedAt)} in answer to your ${escapeHtml(meta.requestType.replace('_', ' '))} request. The complete data is in <code>data.json</code> (machine-readable) and in one CSV file per collection in <code>csv/</code>.</p>`,
    '<h2>Where we looked</h2>',
    `<table><thead><tr><th scope="col">Collection</th><th scope="col">What it is</th><th scope="col">Your records</th></tr></thead><tbody>${info.searched
      .map(
        (s) =>
          `<tr><td>${escapeHtml(s.collection)}</td><td>${escapeHtml(s.description)}</td><td>${s.records}</td></tr>`,
      )
      .join('')}</tbody></table>`,
  ];
  if (info.gdpr) {
    const g = info.gdpr;
    parts.push(
      '<h2>About this data (GDPR Art. 15)</h2>',
      '<h3>Purposes</h3>',
      list(g.purposes.map((p) => p.description)),
      '<h3>Categories of data</h3>',
      list(g.categoriesOfData),
      '<h3>Recipients</h3>',
      list(g.recipients.map((r) => `${r.name} (${r.kind}): ${r.description}`)),
      '<h3>How long we keep it</h3>',
      list(g.retention.map((r) => `${r.description}: ${r.periods.join('; ')}`)),
      '<h3>Where it comes from, when not from you</h3>',
      list(g.sourcesOtherThanYou),
      '<h3>Automated decisions</h3>',
      `<p>${escapeHtml(g.automatedDecisionMaking)}</p>`,
      '<h3>Your rights</h3>',
      list(g.rights),
      `<p>${escapeHtml(g.complaint)}</p>`,
    );
  }
  if (info.ccpa) {
    const c = info.ccpa;
    parts.push(
      '<h2>About this data (California: CCPA)</h2>',
      '<h3>Categories of personal information we collected</h3>',
      list(c.categoriesCollected),
      '<h3>Categories of sources</h3>',
      list(c.categoriesOfSources),
      '<h3>Business or commercial purposes</h3>',
      list(c.businessOrCommercialPurposes),
      '<h3>Categories of third parties we disclosed it to</h3>',
      list(c.categoriesOfThirdPartiesDisclosedTo),
      '<h3>Sold</h3>',
      perCategory(c.sold),
      '<h3>Shared (cross-context behavioural advertising)</h3>',
      perCategory(c.shared),
      '<h3>Disclosed for a business purpose</h3>',
      perCategory(c.disclosedForBusinessPurpose),
      '<h3>Your rights</h3>',
      list(c.rights),
      `<p>${escapeHtml(c.complaint)}</p>`,
    );
  }
  if (info.heldNotDisclosed.length > 0) {
    parts.push('<h2>Held but not disclosed</h2>', list(info.heldNotDisclosed.map((h) => `${h.where}: ${h.statement}`)));
  }
  parts.push(
    `<p>Questions: ${escapeHtml(info.controller.privacyContact)}, ${escapeHtml(info.controller.postalAddress)}</p>`,
    '<h2>Your records</h2>',
  );
  return parts.join('\n');
}

export function summaryTail(): string {
  return '\n</main></body></html>\n';
}

/** A collection's table, built while its records stream by (at most HTML_ROWS_PER_COLLECTION rows). */
export class HtmlTable {
  private columns: string[] = [];
  private rows = 0;

  constructor(
    private readonly collection: string,
    private readonly description: string,
  ) {}

  row(record: Record<string, unknown>): string {
    this.rows++;
    if (this.rows > HTML_ROWS_PER_COLLECTION) return '';
    let head = '';
    if (this.rows === 1) {
      this.columns = Object.keys(record);
      head = `<table><caption>${escapeHtml(this.collection)} — ${escapeHtml(this.description)}</caption><thead><tr>${this.columns
        .map((c) => `<th scope="col">${escapeHtml(c)}</th>`)
        .join('')}</tr></thead><tbody>`;
    }
    return `${head}<tr>${this.columns.map((c) => `<td>${escapeHtml(cellText(record[c]))}</td>`).join('')}</tr>\n`;
  }

  end(csvFile: string): string {
    if (this.rows === 0) return '';
    const more =
      this.rows > HTML_ROWS_PER_COLLECTION
        ? `<p>Showing ${HTML_ROWS_PER_COLLECTION} of ${this.rows} records; all are in <code>${escapeHtml(csvFile)}</code>.</p>`
        : '';
    return `</tbody></table>${more}\n`;
  }
}
