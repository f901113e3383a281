// Benchmark of the compliance records (issue 8), printed, never asserted:
//   R22 metrics of a year of N requests (GET /api/v1/operator/metrics, JSON): seconds;
//   R21 daily anchors sealed over the log for the first time: entries/s;
//   R21 request-log CSV export (streamed): entries/s;
//   R21 verify every chain (records:verify's function): entries/s;
//   R21 retention purge of M expired log entries (with their requests): entries/s.
// Run with `npm run bench -- records`, or against a running `npm run stack` with
// `node tools/scripts/run-ts.mjs libs/intake/bench/records.bench.ts`.
// BENCH_REQUESTS (default 1,000,000) sets N; BENCH_PURGE_ENTRIES (default 1,000,000) sets M:
// the first M/5 requests have 5 log entries each; every request closed in 2023, so all are expired.
// BENCH_STAGES (default all: metrics,anchors,csv,verify,purge) picks what is measured; the purge
// always runs on a sealed log, as in production where the daily run has sealed every earlier day.
import 'reflect-metadata';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { loadConfig } from '@rightsflow/config';
import { REQUEST_TYPES } from '@rightsflow/domain';
import { bootstrapActivityService } from '@rightsflow/platform';
import { addTestOperator, liveHeapMb } from '@rightsflow/testing';
import type { Connection, Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { sealLogAnchors } from '../src/lib/records/log-anchors';
import { RequestRetention } from '../src/lib/records/request-retention';
import { verifyRecords } from '../src/lib/records/verify-records';
import { IntakeModule } from '../src/lib/intake.module';
import { LOG_ANCHOR_MODEL, LogAnchor } from '../src/lib/registry/log-anchor.schema';
import { logEntryId, logKeyOf, REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, RequestLogEntry, RequestLogKey } from '../src/lib/registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../src/lib/registry/request.schema';
import { chainedLog } from '../src/test/records-fixtures';
import { requestRecord } from '../src/test/registry-fixtures';

const requestCount = Number(process.env['BENCH_REQUESTS'] ?? 1_000_000);
const purgeEntries = Math.min(Number(process.env['BENCH_PURGE_ENTRIES'] ?? 1_000_000), requestCount * 5);
const loggedRequests = Math.ceil(purgeEntries / 5);
const STAGES = ['metrics', 'anchors', 'csv', 'verify', 'purge'] as const;
const stages = new Set((process.env['BENCH_STAGES'] ?? STAGES.join(',')).split(',').map((stage) => stage.trim()));
for (const stage of stages) if (!(STAGES as readonly string[]).includes(stage)) throw new Error(`BENCH_STAGES: unknown stage "${stage}" (${STAGES.join(', ')})`);
const run = randomBytes(3).toString('hex');
const DAY = 86_400_000;
const MB = 1024 * 1024;
const config = loadConfig({ ...process.env, NODE_ENV: 'test', TASK_QUEUE_PREFIX: `bench${run}`, MONGO_DB_PREFIX: `bench${run}`, CONTROLLER_TIME_ZONE: 'UTC' });
const rate = (count: number, seconds: number) => `${Math.round(count / seconds).toLocaleString('en')}/s`;

/**
 * GET through node:http, without fetch's 300 s header timeout: on FerretDB a
 * year of a million requests is read in one long scan before the first byte.
 */
function get(url: string, headers: Record<string, string>, onChunk: (chunk: Buffer) => void = () => undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const kept: Buffer[] = [];
      response.on('data', (chunk: Buffer) => {
        onChunk(chunk);
        if (response.headers['content-type']?.startsWith('application/json')) kept.push(chunk);
      });
      response.on('end', () => resolve(Buffer.concat(kept).toString('utf8')));
      response.on('error', reject);
    });
    request.setTimeout(0);
    request.on('error', reject);
  });
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/**
 * Peak live heap (after a full GC, sampled each second) of this process, service
 * and client both, while `work` runs. Not RSS: the loading stages before grew
 * this process, and RSS seldom shrinks back.
 */
async function peakLiveHeap<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = liveHeapMb();
  const timer = setInterval(() => (peak = Math.max(peak, liveHeapMb())), 1_000);
  try {
    return [await work(), peak * MB];
  } finally {
    clearInterval(timer);
  }
}

async function load(requests: Model<RequestRecord>, log: Model<RequestLogEntry>, keys: Model<RequestLogKey>): Promise<void> {
  const sealedEmail = requestRecord(config, 'bench@example.test').sealedEmail; // sealing a million emails is not what is measured
  const states = ['received', 'awaiting_verification', 'verified', 'in_fulfilment', 'completed'];
  for (let from = 0; from < requestCount; from += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, requestCount - from) }, (_, k) => {
      const i = from + k;
      const receivedAt = new Date(Date.UTC(2023, 0, 1) + ((i * 7919) % 365) * DAY + (i % 86_400) * 1000);
      const record = requestRecord(config, 'bench@example.test', {
        requestId: `req_bench${String(i).padStart(7, '0')}`,
        type: REQUEST_TYPES[i % REQUEST_TYPES.length],
        receivedAt,
        status: i % 3 ? 'completed' : 'denied',
        closeReason: i % 3 ? undefined : 'excessive: bench',
        closedAt: new Date(receivedAt.getTime() + (i % 40) * DAY),
        lastSeq: i < loggedRequests ? 5 : 0,
        sealedEmail,
      });
      return { _id: record.requestId, ...record };
    });
    await requests.collection.insertMany(batch as never[], { ordered: false });
    const logged = batch.filter((_, k) => from + k < loggedRequests);
    if (logged.length) {
      const entries = logged.flatMap((r) => chainedLog(r.requestId, states, r.receivedAt)).slice(0, purgeEntries - from * 5);
      await log.collection.insertMany(entries.map((e) => ({ _id: logEntryId(e.requestId, e.seq), ...e })) as never[], { ordered: false });
      await keys.collection.insertMany(entries.map(logKeyOf) as never[], { ordered: false });
    }
  }
}

async function main(): Promise<void> {
  const app = await bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: 0, config });
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const requests = app.get<Model<RequestRecord>>(getModelToken(REQUEST_MODEL));
  const log = app.get<Model<RequestLogEntry>>(getModelToken(REQUEST_LOG_MODEL));
  const anchors = app.get<Model<LogAnchor>>(getModelToken(LOG_ANCHOR_MODEL));
  const auth = { authorization: `Bearer ${await addTestOperator(base, config, `bench-viewer-${Date.now()}`, 'viewer')}` };
  const info = await requests.db.getClient().db().admin().command({ buildInfo: 1 });
  const ferret = Object.keys(info).some((key) => key.startsWith('ferretdb'));
  console.log(`database: ${ferret ? 'FerretDB' : 'MongoDB'} (MongoDB ${info['version']} wire)`);
  try {
    const [, loadSeconds] = await timed(() => load(requests, log, app.get<Model<RequestLogKey>>(getModelToken(REQUEST_LOG_KEY_MODEL))));
    console.log(`loaded ${requestCount.toLocaleString('en')} requests and ${purgeEntries.toLocaleString('en')} log entries in ${loadSeconds.toFixed(1)} s`);

    if (stages.has('metrics')) {
      const [[metrics, metricsSeconds], metricsHeap] = await peakLiveHeap(() =>
        timed(async () => JSON.parse(await get(`${base}/api/v1/operator/metrics?year=2023`, auth)) as { total: { received: number; medianDaysToResponse: number } }),
      );
      console.log(`R22 metrics of a year of ${metrics.total.received.toLocaleString('en')} requests: ${metricsSeconds.toFixed(1)} s (${rate(metrics.total.received, metricsSeconds)}), median ${metrics.total.medianDaysToResponse} days, peak live heap ${(metricsHeap / MB).toFixed(0)} MB`);
    }

    const now = new Date();
    if (stages.has('anchors') || stages.has('purge')) {
      const [sealed, sealSeconds] = await timed(() => sealLogAnchors(log, anchors, now));
      if (stages.has('anchors')) console.log(`R21 first daily anchors: ${sealed.sealed} days over ${purgeEntries.toLocaleString('en')} entries in ${sealSeconds.toFixed(1)} s (${rate(purgeEntries, sealSeconds)} entries)`);
    }

    if (stages.has('csv')) {
      const [[csvBytes, csvSeconds], csvHeap] = await peakLiveHeap(() =>
        timed(async () => {
          let bytes = 0;
          await get(`${base}/api/v1/operator/request-log.csv`, auth, (chunk) => (bytes += chunk.byteLength));
          return bytes;
        }),
      );
      console.log(`R21 request-log CSV: ${purgeEntries.toLocaleString('en')} entries (${(csvBytes / MB).toFixed(0)} MB) in ${csvSeconds.toFixed(1)} s = ${rate(purgeEntries, csvSeconds)}, peak live heap ${(csvHeap / MB).toFixed(0)} MB`);
    }

    if (stages.has('verify')) {
      const [report, verifySeconds] = await timed(() => verifyRecords(log, requests));
      console.log(`R21 verify every chain: ${report.entries.toLocaleString('en')} entries, ${report.broken.length} broken, in ${verifySeconds.toFixed(1)} s = ${rate(report.entries, verifySeconds)}`);
    }

    if (!stages.has('purge')) return;
    const retention = app.get(RequestRetention);
    const [swept, purgeSeconds] = await timed(() => retention.sweep({ now: now.toISOString(), dryRun: false, requestLogRetentionMonths: 24 }));
    const purged = swept.counts['logEntries'] ?? 0;
    console.log(
      `R21 retention purge: ${purged.toLocaleString('en')} log entries (with their keys) and ${(swept.counts['requests'] ?? 0).toLocaleString('en')} requests in ${purgeSeconds.toFixed(1)} s = ${rate(purged, purgeSeconds)} entries`,
    );
    // Every loaded request closed in 2023, so nothing may be left.
    const keys = app.get<Model<RequestLogKey>>(getModelToken(REQUEST_LOG_KEY_MODEL));
    const left = await Promise.all([log.countDocuments(), keys.countDocuments(), requests.countDocuments()]);
    console.log(`  left after the purge: ${left[0]} entries, ${left[1]} keys, ${left[2]} requests`);
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
