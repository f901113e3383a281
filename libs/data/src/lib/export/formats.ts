import { once } from 'node:events';
import { csvRow } from '@rightsflow/platform';
import { createWriteStream, WriteStream } from 'node:fs';

/** Writes with backpressure, so a large export never buffers more than the stream's high-water mark. */
export async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function closeStream(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

export function openStream(file: string): WriteStream {
  return createWriteStream(file, { flags: 'w', mode: 0o600 });
}

export function escapeHtml(value: unknown): string {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * Columns of a collection's CSV (written by the shared csvRow), fixed before the first row: the keys of the
 * first record in declared order; keys that appear only later go, as JSON, into
 * a final `other` column, so a single pass over the cursor suffices.
 */
export class CsvColumns {
  private columns: string[] | undefined;

  header(first: Record<string, unknown>, declared: string[]): string {
    const keys = Object.keys(first);
    this.columns = [...declared.filter((d) => keys.includes(d)), ...keys.filter((k) => !declared.includes(k))];
    return csvRow([...this.columns, 'other']);
  }

  row(record: Record<string, unknown>): string {
    const columns = this.columns ?? [];
    const others = Object.fromEntries(Object.entries(record).filter(([k]) => !columns.includes(k)));
    return csvRow([...columns.map((c) => record[c]), Object.keys(others).length > 0 ? others : null]);
  }
}
