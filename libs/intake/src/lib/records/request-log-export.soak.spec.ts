import { INestApplication } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { addTestOperator, appUrl, startTestService, testConfig } from '@rightsflow/testing';
import type { Model } from 'mongoose';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chainedLog } from '../../test/records-fixtures';
import { IntakeModule } from '../intake.module';
import { logEntryId, REQUEST_LOG_MODEL, RequestLogEntry } from '../registry/request-log.schema';
import { REQUEST_LOG_CSV_HEADER } from './operator-records';

// R21 audit export: a million log entries download as one streamed CSV, with
// the service's memory flat however long the log (a known pain of other
// tools is a timeout or an out-of-memory on exactly this download).

const ENTRIES = Number(process.env['LOG_EXPORT_ENTRIES'] ?? 1_000_000);
const PER_REQUEST = 5;
const MB = 1024 * 1024;

jest.setTimeout(1_800_000);

v8.setFlagsFromString('--expose-gc');
/** A full garbage collection, so a sample counts live memory only (what a leak or a buffer would hold). */
const collectGarbage = runInNewContext('gc') as () => void;

/** Samples taken as the download goes: one every ENTRIES / SAMPLES rows, so the count never depends on machine speed. */
const SAMPLES = 20;

/** Live heap (after a full GC) and RSS now (the service runs in this process). */
function memorySample(): { heap: number; rss: number } {
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

describe('R21 the request-log CSV export at a million entries', () => {
  const config = testConfig();
  let intake: INestApplication;
  let log: Model<RequestLogEntry>;

  beforeAll(async () => {
    intake = await startTestService('intake', IntakeModule, config);
    log = intake.get(getModelToken(REQUEST_LOG_MODEL));
    // Hash-chained entries of ENTRIES / 5 requests, inserted through the driver in large unordered batches.
    const start = Date.UTC(2025, 0, 1);
    for (let first = 0; first < ENTRIES / PER_REQUEST; first += 2_000) {
      const batch: object[] = [];
      for (let i = first; i < Math.min(first + 2_000, ENTRIES / PER_REQUEST); i++) {
        const requestId = `req_export${String(i).padStart(7, '0')}`;
        const entries = chainedLog(
          requestId,
          ['received', 'awaiting_verification', 'verified', 'in_fulfilment', 'completed'],
          new Date(start + i * 30_000),
        );
        batch.push(...entries.map((entry) => ({ _id: logEntryId(requestId, entry.seq), ...entry })));
      }
      await log.collection.insertMany(batch as never[], { ordered: false });
    }
  });

  afterAll(async () => {
    await log?.db.dropDatabase();
    await intake?.close();
  });

  it(`streams ${ENTRIES.toLocaleString('en')} entries as CSV with flat memory`, async () => {
    expect(await log.estimatedDocumentCount()).toBe(ENTRIES);
    collectGarbage();
    const before = process.memoryUsage();
    const memory = { heap: [] as number[], rss: [] as number[] };
    const counted = await (async () => {
      const base = await appUrl(intake);
      const token = await addTestOperator(base, config, 'export-viewer', 'viewer');
      const response = await fetch(`${base}/api/v1/operator/request-log.csv`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('transfer-encoding')).toBe('chunked');
      // Count rows as the bytes arrive; keep only the first line and a partial tail.
      let rows = 0;
      let bytes = 0;
      let nextSampleAt = ENTRIES / SAMPLES;
      let header = '';
      const decoder = new TextDecoder();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        bytes += chunk.byteLength;
        const text = decoder.decode(chunk, { stream: true });
        if (!header) header = text.slice(0, text.indexOf('\r\n'));
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) rows++;
        if (rows >= nextSampleAt) {
          const sample = memorySample();
          // One sample per checkpoint passed: a chunk may pass several when ENTRIES is small.
          for (; rows >= nextSampleAt; nextSampleAt += ENTRIES / SAMPLES) {
            memory.heap.push(sample.heap);
            memory.rss.push(sample.rss);
          }
        }
      }
      return { rows, bytes, header };
    })();
    // Notes hold no newline here, so every row ends in exactly one.
    expect(counted.header).toBe(REQUEST_LOG_CSV_HEADER.join(','));
    expect(counted.rows).toBe(ENTRIES + 1);

    const peakHeap = Math.max(...memory.heap);
    const quarter = Math.floor(memory.heap.length / 4);
    const earlyPeak = Math.max(...memory.heap.slice(0, quarter));
    const latePeak = Math.max(...memory.heap.slice(-quarter));
    console.log(
      `R21 CSV export: ${counted.rows - 1} entries, ${(counted.bytes / MB).toFixed(0)} MB; live heap before ${(before.heapUsed / MB).toFixed(0)} MB, ` +
        `peak ${(peakHeap / MB).toFixed(0)} MB (first quarter ${(earlyPeak / MB).toFixed(0)} MB, last quarter ${(latePeak / MB).toFixed(0)} MB, ${memory.heap.length} samples); ` +
        `RSS before ${(before.rss / MB).toFixed(0)} MB, peak ${(Math.max(...memory.rss) / MB).toFixed(0)} MB`,
    );
    // Flat: the CSV is some 200 MB, yet live memory grows by a bounded amount and does not climb as the stream goes on.
    expect(counted.bytes).toBeGreaterThan(((ENTRIES * 150) / 1e6) * MB);
    expect(memory.heap.length).toBe(SAMPLES);
    expect(peakHeap - before.heapUsed).toBeLessThan(50 * MB);
    expect(latePeak - earlyPeak).toBeLessThan(20 * MB);
  });
});
