// Data service benchmark: prints figures, asserts nothing.
//   npm run bench -- data
//   BENCH_SUBJECTS=10000,100000 npm run bench -- data
// Env: BENCH_SUBJECTS company sizes, comma-separated (default 10000): the company is
// grown from one size to the next and the same measures are taken at each, with the
// ratio between sizes and an extrapolation to 1,000,000 subjects when that size is
// not in the list; BENCH_REQUESTS export requests timed per size (default 3);
// BENCH_HEAVY_EVENTS events of the heavy subject (default 100000); BENCH_KEEP=1 keeps
// the databases. Uses throw-away databases bench<random>_company/_data (MongoDB) and
// bench<random>_portal/_telemetry (PostgreSQL, on POSTGRES_URL's server).
import { loadConfig, RightsflowConfig } from '@rightsflow/config';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { connectDataStores, DataStores } from '../src/lib/company/data-stores';
import { StoreConnector } from '../src/lib/connectors/store-connector';
import { LinkWalk, resolveLinks, subjectRecords } from '../src/lib/discovery/discovery';
import { dropCompanyStores } from '../src/test-support/company-records';
import { eraseSubject } from '../src/lib/erasure/erase-subject-data';
import { exportSubjectData } from '../src/lib/export/export-subject-data';
import { Inventory } from '../src/lib/inventory/inventory.types';
import { loadInventory } from '../src/lib/inventory/load-inventory';
import { noProgress } from '../src/lib/progress';
import { seedHeavySubject } from '../src/seed/heavy-subject';
import { subjectEmail } from '../src/seed/sample-company.generator';
import { seedCompany } from '../src/seed/seed';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES = [...new Set((process.env['BENCH_SUBJECTS'] ?? '10000').split(',').map((s) => Number(s.trim())))].sort(
  (a, b) => a - b,
);
const REQUESTS = env('BENCH_REQUESTS', 3);
const HEAVY_EVENTS = env('BENCH_HEAVY_EVENTS', 100_000);
const HEAVY_COMPANY = 1_000;
const MILLION = 1_000_000;
const MB = 1024 * 1024;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const minutes = (ms: number) => (ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : seconds(ms));
const count = (n: number) => Math.round(n).toLocaleString('en-US');
const signed = (n: number) => `${n >= 0 ? '+' : ''}${n}`;
/** The machine's 1-minute load average: figures taken on a shared machine are only as quiet as it was. */
const load = () => `load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

/**
 * Samples memory every 250 ms while `work` runs: the live heap after a full GC
 * (global.gc, node --expose-gc; otherwise heapUsed with garbage) and RSS.
 * Returns the peaks and the number of samples.
 */
async function liveHeapDuring<T>(
  work: () => Promise<T>,
): Promise<[T, { rss: number; heap: number; samples: number; gc: boolean }]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const peak = { rss: process.memoryUsage().rss, heap: 0, samples: 0, gc: gc !== undefined };
  const timer = setInterval(() => {
    gc?.();
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.heap = Math.max(peak.heap, now.heapUsed);
    peak.samples++;
  }, 250);
  try {
    return [await work(), peak];
  } finally {
    clearInterval(timer);
  }
}

/** Adds up, per engine, the time spent in the connectors' calls (the rights' work on each store). */
function timeByEngine(stores: DataStores): { totals: Map<string, number>; restore(): void } {
  const totals = new Map<string, number>();
  const restores: (() => void)[] = [];
  for (const connector of stores.connectors.connectors) {
    for (const method of ['deleteRecords', 'deidentify', 'update'] as const) {
      const original = connector[method].bind(connector) as (...args: unknown[]) => Promise<unknown>;
      (connector as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original(...args);
        } finally {
          totals.set(connector.engine, (totals.get(connector.engine) ?? 0) + performance.now() - started);
        }
      };
      restores.push(() => delete (connector as unknown as Record<string, unknown>)[method]);
    }
  }
  return { totals, restore: () => restores.forEach((r) => r()) };
}

/** Discovery + reading every record of a subject, timed per store (the export's reads, without its files). */
async function perStore(stores: DataStores, inventory: Inventory, email: string): Promise<Map<string, number>> {
  const walk = new LinkWalk(inventory, email);
  const times = new Map<string, number>();
  for (const spec of inventory.collections) {
    const started = performance.now();
    walk.valuesFor(spec);
    for await (const doc of subjectRecords(stores, spec, walk.links)) walk.observe(spec, doc);
    times.set(spec.store, (times.get(spec.store) ?? 0) + performance.now() - started);
  }
  return times;
}

/** A store and how its lookups are served: FerretDB with the pushdown GIN index, or FerretDB reading everything. */
function storeLabel(inventory: Inventory, store: string, connector: StoreConnector, ferret: boolean, scans: boolean): string {
  const spec = inventory.stores.find((s) => s.name === store);
  const how = connector.engine === 'mongodb' && ferret ? (scans ? ', FerretDB scans' : ', FerretDB + PostgreSQL GIN index') : '';
  return `${store} (${spec?.engine}${how})`;
}

async function engine(stores: DataStores): Promise<string> {
  const info = await stores.company.command({ buildInfo: 1 });
  return info['ferretdbVersion'] !== undefined
    ? `FerretDB (MongoDB ${info['version']} wire)`
    : `MongoDB ${info['version']}`;
}

async function exportOnce(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  email: string,
  tag: string,
) {
  return exportSubjectData(
    config,
    stores,
    inventory,
    {
      requestId: `bench-${tag}`,
      email,
      type: 'access',
      jurisdiction: 'OTHER',
      linkDays: 1,
      idempotencyKey: `bench-${tag}-${randomBytes(4).toString('hex')}`,
    },
    noProgress,
  );
}

interface SizeFigures {
  subjects: number;
  records: number;
  seedMs: number;
  seededSubjects: number;
  seededRecords: number;
  medianMs: number;
  maxMs: number;
}

/** Grows the company to `subjects` and times REQUESTS exports of subjects spread over it. */
async function measureSize(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  from: number,
  subjects: number,
  recordsBefore: number,
): Promise<{ figures: SizeFigures; picks: number[] }> {
  console.log(`\n== ${count(subjects)} subjects`);
  const [seeded, seedMs] = await timed(() => seedCompany(stores, inventory, { subjects: subjects - from, from }));
  const records = recordsBefore + seeded.records;
  console.log(
    `Seed: +${count(seeded.subjects)} subjects, +${count(seeded.records)} records in ${seconds(seedMs)} ` +
      `(${count(seeded.subjects / (seedMs / 1000))} subjects/s, ${count(seeded.records / (seedMs / 1000))} records/s; indexes included; ${load()}); company now ${count(records)} records`,
  );

  const picks = Array.from({ length: REQUESTS }, (_, i) => Math.floor(((i + 0.5) * subjects) / REQUESTS));
  const [links, discoverMs] = await timed(() => resolveLinks(stores, inventory, subjectEmail(picks[0])));
  console.log(
    `  discovery alone (subject ${picks[0]}): ${seconds(discoverMs)}, ${[...links.values()].flat().length} link values ` +
      '(the export does its discovery in the same pass as it reads the records)',
  );
  const times: number[] = [];
  for (const index of picks) {
    const [result, ms] = await timed(() => exportOnce(config, stores, inventory, subjectEmail(index), `s${index}`));
    times.push(ms);
    console.log(
      `  discovery + export of subject ${index}: ${result.recordCount} records in ${seconds(ms)} (${load()})`,
    );
  }
  // Time per store: discovery and reads of each store, REQUESTS samples (median).
  const ferret = (await engine(stores)).startsWith('FerretDB');
  const scanning = new Set(
    (await stores.connectors.check()).filter((c) => c.status === 'scan').map((c) => c.collection.split('.')[0]),
  );
  const byStore = new Map<string, number[]>();
  for (const index of picks)
    for (const [store, ms] of await perStore(stores, inventory, subjectEmail(index)))
      byStore.set(store, [...(byStore.get(store) ?? []), ms]);
  console.log(
    `  per store (median of ${picks.length}): ` +
      [...byStore]
        .map(([store, list]) => {
          const sorted = [...list].sort((a, b) => a - b);
          const spec = inventory.collections.find((c) => c.store === store);
          const connector = stores.connectors.for(spec as Inventory['collections'][number]);
          return `${storeLabel(inventory, store, connector, ferret, scanning.has(store))} ${seconds(sorted[Math.floor(sorted.length / 2)])}`;
        })
        .join(', '),
  );
  times.sort((a, b) => a - b);
  const figures = {
    subjects,
    records,
    seedMs,
    seededSubjects: seeded.subjects,
    seededRecords: seeded.records,
    medianMs: times[Math.floor(times.length / 2)],
    maxMs: times[times.length - 1],
  };
  console.log(
    `Per request at ${count(subjects)} subjects: median ${seconds(figures.medianMs)}, max ${seconds(figures.maxMs)} (${load()})`,
  );
  return { figures, picks };
}

function printScaling(sizes: SizeFigures[]): void {
  const first = sizes[0];
  console.log('\n== Scaling');
  console.log('  subjects      records       per request (median)   × first size   seed subjects/s   seed records/s');
  for (const s of sizes) {
    console.log(
      `  ${count(s.subjects).padStart(9)}  ${count(s.records).padStart(11)}   ${seconds(s.medianMs).padStart(20)}   ` +
        `${`${(s.medianMs / first.medianMs).toFixed(2)}×`.padStart(12)}   ${count(s.seededSubjects / (s.seedMs / 1000)).padStart(15)}   ` +
        `${count(s.seededRecords / (s.seedMs / 1000)).padStart(14)}`,
    );
  }
  const last = sizes[sizes.length - 1];
  if (sizes.length > 1) {
    const exponent = Math.log(last.medianMs / first.medianMs) / Math.log(last.subjects / first.subjects);
    console.log(
      `  ${count(last.subjects / first.subjects)}× the subjects took ${(last.medianMs / first.medianMs).toFixed(2)}× the time per request ` +
        `(time ∝ subjects^${exponent.toFixed(2)}; 0 would be index lookups, 1 a full read of every collection).`,
    );
  }
  if (last.subjects >= MILLION) {
    console.log(
      `  Goal (1,000,000 within 2× of the smallest size): measured ${(last.medianMs / first.medianMs).toFixed(2)}×.`,
    );
    return;
  }
  // Extrapolation, not a measurement: time per request = a + b × company records,
  // fitted on the two largest sizes (through the origin with a single size).
  const recordsPerSubject = last.records / last.subjects;
  const millionRecords = recordsPerSubject * MILLION;
  const prev = sizes.length > 1 ? sizes[sizes.length - 2] : undefined;
  const slope = prev ? (last.medianMs - prev.medianMs) / (last.records - prev.records) : last.medianMs / last.records;
  const intercept = prev ? last.medianMs - slope * last.records : 0;
  const millionMs = intercept + slope * millionRecords;
  const seedRate = last.seededRecords / (last.seedMs / 1000);
  console.log(
    `  EXTRAPOLATION to 1,000,000 subjects (not measured): ~${count(millionRecords)} records; ` +
      `a request would take ~${minutes(millionMs)} (${(millionMs / first.medianMs).toFixed(0)}× the ${count(first.subjects)}-subject figure; goal 2×), ` +
      `fitted linearly on ${prev ? `${count(prev.subjects)} and ${count(last.subjects)}` : count(last.subjects)} subjects; ` +
      `seeding would take ~${minutes((millionRecords / seedRate) * 1000)} at the ${count(seedRate)} records/s measured last.`,
  );
}

async function engineNote(stores: DataStores): Promise<string> {
  const name = await engine(stores);
  return name.startsWith('FerretDB')
    ? "The portal and telemetry are PostgreSQL tables (btree index lookups); the engagement store is on FerretDB, which pushes the connector's equality lookups down to PostgreSQL, where the GIN index the data service adds serves them (without FERRETDB_POSTGRES_URL it reads the whole collection, and its time grows with the company). On MongoDB 7 they are IXSCANs (discovery.spec.ts)."
    : 'The portal and telemetry are PostgreSQL tables (btree index lookups); MongoDB answers the engagement lookups through the link-field indexes (IXSCAN).';
}

/** Peak memory exporting one subject with HEAVY_EVENTS events, and deletion throughput, in a small company of its own. */
async function heavySubject(config: RightsflowConfig, inventory: Inventory, bundles: string): Promise<void> {
  const heavyConfig = loadConfig({
    ...process.env,
    MONGO_DB_PREFIX: `${config.mongo.dbPrefix}h`,
    BUNDLE_DIR: bundles,
    NODE_ENV: 'development',
  });
  const { stores, close } = await connectDataStores(heavyConfig);
  try {
    console.log(
      `\n== Heavy subject (${count(HEAVY_EVENTS)} events) in a company of ${count(HEAVY_COMPANY)} subjects of its own`,
    );
    await seedCompany(stores, inventory, { subjects: HEAVY_COMPANY });
    const heavy = 'heavy-subject@example.com';
    const [, heavySeedMs] = await timed(() =>
      seedHeavySubject(stores, inventory, { email: heavy, events: HEAVY_EVENTS }),
    );
    console.log(`Heavy subject: ${count(HEAVY_EVENTS)} events inserted in ${seconds(heavySeedMs)}`);
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    const [[heavyResult, heavyMs], peak] = await liveHeapDuring(() =>
      timed(() => exportOnce(heavyConfig, stores, inventory, heavy, 'heavy')),
    );
    const bundleBytes = (await fs.stat(path.join(bundles, heavyResult.bundleId, 'data.json'))).size;
    console.log(
      `Export of the heavy subject: ${count(heavyResult.recordCount)} records (data.json ${Math.round(bundleBytes / MB)} MB) in ${seconds(heavyMs)}; ` +
        `${peak.gc ? 'live heap after a full GC' : 'V8 heap (no --expose-gc: garbage included)'}: idle ${Math.round(before.heapUsed / MB)} MB, ` +
        `peak ${Math.round(peak.heap / MB)} MB (${signed(Math.round((peak.heap - before.heapUsed) / MB))} MB; goal under 200 MB above idle), ` +
        `${peak.samples} samples every 250 ms; RSS peak ${Math.round(peak.rss / MB)} MB (${load()})`,
    );
    const timing = timeByEngine(stores);
    const [erased, eraseMs] = await timed(() =>
      eraseSubject(heavyConfig, stores, inventory, { requestId: 'bench-erase-heavy', email: heavy }, noProgress),
    );
    timing.restore();
    const records = countOf(erased.collections);
    const perEngine = new Map<string, number>();
    for (const spec of inventory.collections)
      perEngine.set(spec.engine, (perEngine.get(spec.engine) ?? 0) + countOf({ x: erased.collections[spec.id] ?? {} }));
    console.log(
      `Deletion of the heavy subject: ${count(records)} records in ${seconds(eraseMs)} (${count(records / (eraseMs / 1000))} records/s overall, 1 sample); ` +
        [...perEngine]
          .map(([name, n]) => {
            const ms = timing.totals.get(name) ?? 0;
            return `${name}: ${count(n)} records in ${seconds(ms)} (${ms > 0 ? count(n / (ms / 1000)) : '-'} records/s)`;
          })
          .join(', ') +
        ` (${load()})`,
    );
  } finally {
    if (process.env['BENCH_KEEP'] !== '1') {
      await dropCompanyStores(heavyConfig, inventory, stores);
      await stores.own.dropDatabase();
    }
    await close();
  }
}

async function main(): Promise<void> {
  if (SIZES.some((n) => !Number.isInteger(n) || n < 10))
    throw new Error('BENCH_SUBJECTS: comma-separated integers ≥ 10');
  const bundles = mkdtempSync(path.join(tmpdir(), 'rf-bench-bundles-'));
  const config = loadConfig({
    ...process.env,
    MONGO_DB_PREFIX: `bench${randomBytes(3).toString('hex')}`,
    BUNDLE_DIR: bundles,
    NODE_ENV: 'development',
  });
  const inventory = loadInventory(config.data.inventoryFile);
  const { stores, close } = await connectDataStores(config);
  console.log(
    `Data service benchmark on ${await engine(stores)} at ${config.mongo.url}, database ${stores.company.databaseName}`,
  );
  console.log(
    `Company sizes ${SIZES.map(count).join(' → ')} subjects, ${REQUESTS} export request(s) timed at each. ${await engineNote(stores)}`,
  );
  try {
    const figures: SizeFigures[] = [];
    let from = 0;
    let records = 0;
    for (const [i, subjects] of SIZES.entries()) {
      const measured = await measureSize(config, stores, inventory, from, subjects, records);
      figures.push(measured.figures);
      ({ subjects: from, records } = measured.figures);
      if (i === 0) await ordinaryDeletions(config, stores, inventory, measured.picks);
    }
    printScaling(figures);
    await heavySubject(config, inventory, bundles);
  } finally {
    if (process.env['BENCH_KEEP'] !== '1') {
      await dropCompanyStores(config, inventory, stores);
      await stores.own.dropDatabase();
    }
    await close();
    rmSync(bundles, { recursive: true, force: true });
  }
}

/** Deletion of the subjects just exported, at the smallest size (each deletion reads every collection on FerretDB). */
async function ordinaryDeletions(config: RightsflowConfig, stores: DataStores, inventory: Inventory, picks: number[]) {
  let records = 0;
  let ms = 0;
  for (const index of picks) {
    const [erased, took] = await timed(() =>
      eraseSubject(
        config,
        stores,
        inventory,
        { requestId: `bench-erase-${index}`, email: subjectEmail(index) },
        noProgress,
      ),
    );
    records += countOf(erased.collections);
    ms += took;
  }
  console.log(
    `Deletion of ${picks.length} ordinary subjects: ${records} records in ${seconds(ms)} (${(records / (ms / 1000)).toFixed(1)} records/s, ${seconds(ms / picks.length)} per subject)`,
  );
}

function countOf(collections: Record<string, Record<string, number>>): number {
  return Object.values(collections).reduce(
    (sum, counts) => sum + (counts['deleted'] ?? 0) + (counts['deidentified'] ?? 0),
    0,
  );
}

main().catch((error) => {
  console.error(`data bench: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
