// Benchmark of the compliance records (issue 8), printed, never asserted:
//   R22 metrics of N requests (GET /api/v1/operator/metrics, JSON): seconds;
//   R21 request-log CSV export (streamed): entries/s;
//   R21 verify every chain (records:verify's function): entries/s;
//   R21 retention purge of all N closed requests and their logs: entries/s.
// Run with `npm run bench -- records` (once tools/scripts/bench.mjs lists it), or against a running
// `npm run stack` with `node tools/scripts/run-ts.mjs libs/intake/bench/records.bench.ts`.
// BENCH_RECORDS (default 2000) sets N; each request has 5 log entries.
import 'reflect-metadata';
import { getModelToken } from '@nestjs/mongoose';
import { loadConfig } from '@rightsflow/config';
import { REQUEST_TYPES } from '@rightsflow/domain';
import { bootstrapActivityService } from '@rightsflow/platform';
import type { Connection, Model } from 'mongoose';
import { getConnectionToken } from '@nestjs/mongoose';
import { randomBytes } from 'node:crypto';
import { RequestRetention } from '../src/lib/records/request-retention';
import { verifyRecords } from '../src/lib/records/verify-records';
import { IntakeModule } from '../src/lib/intake.module';
import { logEntryId, REQUEST_LOG_MODEL, RequestLogEntry } from '../src/lib/registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../src/lib/registry/request.schema';
import { chainedLog } from '../src/test/records-fixtures';
import { requestRecord } from '../src/test/registry-fixtures';

const total = Number(process.env['BENCH_RECORDS'] ?? 2000);
const run = randomBytes(3).toString('hex');
const DAY = 86_400_000;
const config = loadConfig({ ...process.env, NODE_ENV: 'test', TASK_QUEUE_PREFIX: `bench${run}`, MONGO_DB_PREFIX: `bench${run}`, CONTROLLER_TIME_ZONE: 'UTC' });

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function main(): Promise<void> {
  const app = await bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: 0, config });
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const requests = app.get<Model<RequestRecord>>(getModelToken(REQUEST_MODEL));
  const log = app.get<Model<RequestLogEntry>>(getModelToken(REQUEST_LOG_MODEL));
  const auth = { authorization: `Bearer ${config.secrets.operatorApiToken}` };
  try {
    const [, loadSeconds] = await timed(async () => {
      for (let from = 0; from < total; from += 500) {
        const batch = Array.from({ length: Math.min(500, total - from) }, (_, k) => {
          const i = from + k;
          const receivedAt = new Date(Date.UTC(2023, 0, 1) + ((i * 7919) % 365) * DAY);
          return requestRecord(config, `bench${i}@example.test`, { type: REQUEST_TYPES[i % REQUEST_TYPES.length], receivedAt, status: i % 3 ? 'completed' : 'denied', closedAt: new Date(receivedAt.getTime() + (i % 40) * DAY), lastSeq: 5 });
        });
        await requests.insertMany(batch.map((r) => ({ _id: r.requestId, ...r })));
        const states = ['received', 'awaiting_verification', 'verified', 'in_fulfilment', 'completed'];
        await log.insertMany(batch.flatMap((r) => chainedLog(r.requestId, states, r.receivedAt)).map((e) => ({ _id: logEntryId(e.requestId, e.seq), ...e })));
      }
    });
    const entries = total * 5;
    console.log(`loaded ${total} requests, ${entries} log entries in ${loadSeconds.toFixed(1)} s`);

    const [metrics, metricsSeconds] = await timed(async () => (await fetch(`${base}/api/v1/operator/metrics?year=2023`, { headers: auth })).json() as Promise<{ total: { received: number } }>);
    console.log(`R22 metrics of ${metrics.total.received} requests: ${metricsSeconds.toFixed(2)} s`);

    const [csvBytes, csvSeconds] = await timed(async () => (await (await fetch(`${base}/api/v1/operator/request-log.csv`, { headers: auth })).arrayBuffer()).byteLength);
    console.log(`R21 request-log CSV: ${entries} entries (${(csvBytes / 1e6).toFixed(1)} MB) in ${csvSeconds.toFixed(2)} s = ${Math.round(entries / csvSeconds)} entries/s`);

    const [report, verifySeconds] = await timed(() => verifyRecords(log, requests));
    console.log(`R21 verify: ${report.entries} entries, ${report.broken.length} broken, in ${verifySeconds.toFixed(2)} s = ${Math.round(report.entries / verifySeconds)} entries/s`);

    const retention = app.get(RequestRetention);
    const [swept, purgeSeconds] = await timed(() => retention.sweep({ now: new Date().toISOString(), dryRun: false, requestLogRetentionMonths: 24 }));
    const purged = swept.counts['logEntries'] ?? 0;
    console.log(`R21 purge: ${swept.counts['requests']} requests, ${purged} entries in ${purgeSeconds.toFixed(2)} s = ${Math.round(purged / purgeSeconds)} entries/s`);
  } finally {
    const db = app.get<Connection>(getConnectionToken());
    await db.dropDatabase().catch(() => undefined);
    await app.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
