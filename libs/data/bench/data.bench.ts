// Data service benchmark: prints figures, asserts nothing.
//   MONGO_URL=mongodb://127.0.0.1:27017 node tools/scripts/run-ts.mjs libs/data/bench/data.bench.ts
// Env: BENCH_SUBJECTS (default 10000), BENCH_REQUESTS (export requests timed, default 3),
// BENCH_HEAVY_EVENTS (default 100000), BENCH_MILLION=1 to also try 1,000,000 subjects,
// BENCH_KEEP=1 to keep the databases. Uses throw-away databases bench<random>_company/_data.
import { loadConfig, RightsflowConfig } from '@rightsflow/config';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDataStores, DataStores } from '../src/lib/company/data-stores';
import { resolveLinks } from '../src/lib/discovery/discovery';
import { eraseSubject } from '../src/lib/erasure/erase-subject-data';
import { exportSubjectData } from '../src/lib/export/export-subject-data';
import { Inventory } from '../src/lib/inventory/inventory.types';
import { loadInventory } from '../src/lib/inventory/load-inventory';
import { noProgress } from '../src/lib/progress';
import { subjectEmail } from '../src/seed/sample-company.generator';
import { seedCompany } from '../src/seed/seed';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SUBJECTS = env('BENCH_SUBJECTS', 10_000);
const REQUESTS = env('BENCH_REQUESTS', 3);
const HEAVY_EVENTS = env('BENCH_HEAVY_EVENTS', 100_000);
const MB = 1024 * 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/** Samples RSS and V8 heap every 20 ms while `work` runs; returns the peaks. */
async function peakMemory<T>(work: () => Promise<T>): Promise<[T, { rss: number; heap: number }]> {
  const peak = { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
  const timer = setInterval(() => {
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
  }, 20);
  try {
    return [await work(), peak];
  } finally {
    clearInterval(timer);
  }
}

async function engine(stores: DataStores): Promise<string> {
  const info = await stores.company.command({ buildInfo: 1 });
  return info['ferretdbVersion'] !== undefined ? `FerretDB (MongoDB ${info['version']} wire)` : `MongoDB ${info['version']}`;
}

/** One subject with a single browser session of `events` click events (and the usual profile). */
async function seedHeavySubject(stores: DataStores, email: string, events: number): Promise<void> {
  const cookieId = `ck-heavy-${randomBytes(3).toString('hex')}`;
  const sessionId = `s-heavy-${randomBytes(5).toString('hex')}`;
  await stores.company.collection('engagement_profiles').insertOne({ userId: 'u-heavy', email, name: 'Heavy User', cookieIds: [cookieId], subscriptions: { email: true }, restricted: false });
  await stores.company.collection('telemetry_sessions').insertOne({ sessionId, cookieId, ipMasked: '203.0.113.0', city: 'Paris', country: 'FR', startedAt: new Date() });
  const start = Date.now();
  for (let done = 0; done < events; done += 5_000) {
    const batch = Array.from({ length: Math.min(5_000, events - done) }, (_, i) => ({
      sessionId,
      type: 'click',
      ip: '203.0.113.7',
      elementText: `Button ${(done + i) % 50}`,
      url: `https://app.example.com/page/${(done + i) % 200}`,
      at: new Date(start + done + i),
    }));
    await stores.company.collection('telemetry_events').insertMany(batch, { ordered: false });
  }
}

async function exportOnce(config: RightsflowConfig, stores: DataStores, inventory: Inventory, email: string, tag: string) {
  return exportSubjectData(config, stores, inventory, { requestId: `bench-${tag}`, email, type: 'access', jurisdiction: 'OTHER', linkDays: 1, idempotencyKey: `bench-${tag}-${randomBytes(4).toString('hex')}` }, noProgress);
}

async function main(): Promise<void> {
  const bundles = mkdtempSync(path.join(tmpdir(), 'rf-bench-bundles-'));
  const config = loadConfig({ ...process.env, MONGO_DB_PREFIX: `bench${randomBytes(3).toString('hex')}`, BUNDLE_DIR: bundles, NODE_ENV: 'development' });
  const inventory = loadInventory(config.data.inventoryFile);
  const { stores, client } = await connectDataStores(config);
  console.log(`Data service benchmark on ${await engine(stores)} at ${config.mongo.url}, database ${stores.company.databaseName}`);
  try {
    // 1. The company.
    const [seeded, seedMs] = await timed(() => seedCompany(stores, inventory, { subjects: SUBJECTS }));
    const rate = seeded.records / (seedMs / 1000);
    console.log(`\nSeed: ${SUBJECTS} subjects, ${seeded.records} records in ${seconds(seedMs)} (${Math.round(rate)} records/s)`);

    // 2. Discovery + export per request.
    const picks = Array.from({ length: REQUESTS }, (_, i) => Math.floor(((i + 0.5) * SUBJECTS) / REQUESTS));
    const times: number[] = [];
    for (const index of picks) {
      const [links, discoverMs] = await timed(() => resolveLinks(stores, inventory, subjectEmail(index)));
      const [result, totalMs] = await timed(() => exportOnce(config, stores, inventory, subjectEmail(index), `s${index}`));
      times.push(totalMs);
      console.log(`  export subject ${index}: ${result.recordCount} records, discovery alone ${seconds(discoverMs)} (${[...links.values()].flat().length} link values), discovery+export ${seconds(totalMs)}`);
    }
    times.sort((a, b) => a - b);
    console.log(`Discovery + export per request at ${SUBJECTS} subjects: median ${seconds(times[Math.floor(times.length / 2)])}, max ${seconds(times[times.length - 1])}`);

    // 3. One million subjects: only when it fits in a few minutes.
    const millionRecords = (seeded.records / SUBJECTS) * 1_000_000;
    const millionSeedMinutes = millionRecords / rate / 60;
    if (process.env['BENCH_MILLION'] === '1') {
      const [more, moreMs] = await timed(() => seedCompany(stores, inventory, { subjects: 1_000_000 - SUBJECTS, from: SUBJECTS }));
      console.log(`Seeded up to 1,000,000 subjects: +${more.records} records in ${seconds(moreMs)}`);
      const [, ms] = await timed(() => exportOnce(config, stores, inventory, subjectEmail(777_777), 'million'));
      console.log(`Discovery + export per request at 1,000,000 subjects: ${seconds(ms)}`);
    } else {
      console.log(
        `1,000,000 subjects: not run. Seeding ~${Math.round(millionRecords / 1e6)} M records at the measured ${Math.round(rate)} records/s takes ~${Math.round(millionSeedMinutes)} min` +
          ' (more than a few minutes); on FerretDB v1.24 every discovery query also reads its whole collection, so a request would take' +
          ` ~${seconds(((times[times.length - 1] ?? 0) / seeded.records) * millionRecords)} (scaled by size from the run above). Set BENCH_MILLION=1 to run it anyway (MongoDB 7 answers through the link-field indexes).`,
      );
    }

    // 4. Peak memory while exporting a subject with HEAVY_EVENTS events.
    const heavy = 'heavy-subject@example.com';
    const [, heavySeedMs] = await timed(() => seedHeavySubject(stores, heavy, HEAVY_EVENTS));
    console.log(`\nHeavy subject: ${HEAVY_EVENTS} events inserted in ${seconds(heavySeedMs)}`);
    global.gc?.();
    const before = process.memoryUsage();
    const [[heavyResult, heavyMs], peak] = await peakMemory(() => timed(() => exportOnce(config, stores, inventory, heavy, 'heavy')));
    const bundleBytes = (await fs.stat(path.join(bundles, heavyResult.bundleId, 'data.json'))).size;
    console.log(
      `Export of the heavy subject: ${heavyResult.recordCount} records (data.json ${Math.round(bundleBytes / MB)} MB) in ${seconds(heavyMs)}; ` +
        `RSS before ${Math.round(before.rss / MB)} MB, peak ${Math.round(peak.rss / MB)} MB (+${Math.round((peak.rss - before.rss) / MB)} MB); ` +
        `V8 heap before ${Math.round(before.heapUsed / MB)} MB, peak ${Math.round(peak.heap / MB)} MB (garbage not yet collected included; run node with --expose-gc for a steadier baseline)`,
    );

    // 5. Deletion throughput.
    const [heavyErased, heavyEraseMs] = await timed(() => eraseSubject(config, stores, inventory, { requestId: 'bench-erase-heavy', email: heavy }, noProgress));
    const heavyRecords = countOf(heavyErased.collections);
    console.log(`\nDeletion of the heavy subject: ${heavyRecords} records in ${seconds(heavyEraseMs)} (${Math.round(heavyRecords / (heavyEraseMs / 1000))} records/s)`);
    let normalRecords = 0;
    let normalMs = 0;
    for (const index of picks) {
      const [erased, ms] = await timed(() => eraseSubject(config, stores, inventory, { requestId: `bench-erase-${index}`, email: subjectEmail(index) }, noProgress));
      normalRecords += countOf(erased.collections);
      normalMs += ms;
    }
    console.log(
      `Deletion of ${picks.length} ordinary subjects: ${normalRecords} records in ${seconds(normalMs)} (${Math.round(normalRecords / (normalMs / 1000))} records/s, ${seconds(normalMs / picks.length)} per subject)`,
    );
  } finally {
    if (process.env['BENCH_KEEP'] !== '1') {
      await stores.company.dropDatabase();
      await stores.own.dropDatabase();
    }
    await client.close();
    rmSync(bundles, { recursive: true, force: true });
  }
}

function countOf(collections: Record<string, Record<string, number>>): number {
  return Object.values(collections).reduce((sum, counts) => sum + (counts['deleted'] ?? 0) + (counts['deidentified'] ?? 0), 0);
}

main().catch((error) => {
  console.error(`data bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
