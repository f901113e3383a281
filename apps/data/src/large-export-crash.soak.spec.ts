import {
  CompanyRecords,
  connectDataStores,
  dropCompanyStores,
  loadInventory,
  seedCompany,
  seedHeavySubject,
} from '@rightsflow/data';
import type { ExportResult } from '@rightsflow/contracts';
import { seal } from '@rightsflow/platform';
import { readZip, startTestOrchestrator, temporalClient, testConfig, workspaceRoot } from '@rightsflow/testing';
import { INestApplication } from '@nestjs/common';
import { Client, WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter, Payload, PayloadCodec } from '@temporalio/common';
import { payloadCodec } from '@rightsflow/temporal-bridge';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, promises as fs, rmSync } from 'node:fs';
import { freePort } from '@rightsflow/testing';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The data service as `npm start` runs it (tools/scripts/lib/services.cjs), killed
// with SIGKILL in the middle of exporting a subject with EVENTS click events, then
// started again. Temporal notices the missing heartbeats and retries the export on
// the new process, which resumes from the last heartbeat: the collections finished
// before the crash are not read again, the one cut in half is written afresh. The
// bundle must still hold exactly the subject's records, once each.
const { startServices } = require(path.join(workspaceRoot, 'tools/scripts/lib/services.cjs'));

jest.setTimeout(300_000);

// Large enough that writing the events takes seconds even on a fast machine: the kill
// must come after Temporal has recorded a heartbeat (sent at most every 2 s) that names
// the collections finished before them, yet before the events are all written.
// From PostgreSQL, 100,000 events were all written within one heartbeat period.
const EVENTS = 300_000;
const HEAVY_EMAIL = 'heavy-crash@example.com';
const EVENTS_ID = 'telemetry.events';

type Inventory = ReturnType<typeof loadInventory>;
type Stores = Awaited<ReturnType<typeof connectDataStores>>['stores'];
type Doc = Record<string, unknown>;

interface ServiceProcess {
  stop(options?: { hard?: boolean }): Promise<void>;
  start(): Promise<void>;
}

/** What the export heartbeats (libs/data/src/lib/progress.ts). */
interface CollectionProgress {
  doneCollections: string[];
  results: Record<string, Record<string, number>>;
}


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A record as JSON with sorted keys, database ids and never-disclosed fields left out. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Doc)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function comparable(record: Doc, withheld: string[]): string {
  const { _id, ...rest } = JSON.parse(JSON.stringify(record)) as Doc;
  void _id;
  for (const field of withheld) delete rest[field];
  return canonical(rest);
}

/**
 * The subject's records straight from the company database, without the data
 * service's discovery code: direct links by email, the others by `$in` on the
 * values found in the parent collection.
 */
async function directQuery(stores: Stores, inventory: Inventory, email: string): Promise<Map<string, Doc[]>> {
  const found = new Map<string, Doc[]>();
  for (const spec of inventory.collections) {
    const link = spec.link as { field: string; via?: string; key?: string };
    let values: unknown[] = [email];
    if (link.via && link.key) {
      const key = link.key;
      values = (found.get(link.via) ?? []).flatMap((parent) => [parent[key]].flat()).filter((v) => v != null);
    }
    found.set(spec.id, await new CompanyRecords(stores, inventory).linked(spec.id, values));
  }
  return found;
}

/** The export's pending activity as Temporal sees it: attempt and last recorded heartbeat. */
async function pendingExport(
  handle: WorkflowHandle,
  codec: PayloadCodec,
): Promise<{ attempt: number; progress?: CollectionProgress } | undefined> {
  const described = await handle.describe();
  const pending = described.raw.pendingActivities?.[0];
  if (!pending) return undefined;
  // Heartbeat details are encrypted like every payload; the product's codec opens them.
  const [payload] = await codec.decode((pending.heartbeatDetails?.payloads ?? []) as Payload[]);
  return {
    attempt: pending.attempt ?? 0,
    progress: payload ? defaultPayloadConverter.fromPayload<CollectionProgress>(payload as Payload) : undefined,
  };
}

describe('the data service crashes in the middle of a large export', () => {
  const bundleRoot = mkdtempSync(path.join(tmpdir(), 'rf-large-export-'));
  let dataUrl: string;
  let config: ReturnType<typeof testConfig>;
  let inventory: Inventory;
  let stores: Stores;
  let closeMongo: () => Promise<void>;
  let data: ServiceProcess;
  let stopServices: () => Promise<void>;
  let orchestrator: INestApplication;
  let client: Client;

  beforeAll(async () => {
    const dataPort = await freePort();
    dataUrl = `http://127.0.0.1:${dataPort}`;
    config = testConfig({ PUBLIC_BASE_URL: dataUrl, BUNDLE_DIR: bundleRoot });
    inventory = loadInventory(config.data.inventoryFile);
    const connected = await connectDataStores(config);
    stores = connected.stores;
    closeMongo = () => connected.close();
    await seedCompany(stores, inventory, { subjects: 20 });
    await seedHeavySubject(stores, inventory, { email: HEAVY_EMAIL, events: EVENTS });

    const started = await startServices({
      root: workspaceRoot,
      only: ['data'],
      env: {
        ...process.env,
        NODE_ENV: 'test',
        TASK_QUEUE_PREFIX: config.temporal.taskQueues.orchestrator.replace(/-orchestrator$/, ''),
        MONGO_DB_PREFIX: config.mongo.dbPrefix,
        DATA_HEALTH_PORT: dataPort,
        PUBLIC_BASE_URL: dataUrl,
        BUNDLE_DIR: bundleRoot,
      },
      logDir: path.join(process.env['STACK_DATA_DIR'] ?? tmpdir(), 'large-export-logs'),
      log: () => undefined,
    });
    data = started.processes['data'];
    stopServices = started.stop;
    orchestrator = await startTestOrchestrator(config);
    client = await temporalClient(config);
  }, 300_000);

  afterAll(async () => {
    await client?.connection.close();
    await orchestrator?.close();
    await stopServices?.();
    if (stores) await dropCompanyStores(config, inventory, stores);
    await stores?.own.dropDatabase();
    await closeMongo?.();
    rmSync(bundleRoot, { recursive: true, force: true });
  });

  it('R13 R14 R15 completes after a SIGKILL mid-export with exactly the subject’s records, none twice, none withheld fields', async () => {
    const expected = await directQuery(stores, inventory, HEAVY_EMAIL);
    expect(expected.get(EVENTS_ID)?.length).toBe(EVENTS);
    const withheld = new Map(
      inventory.collections.map((spec) => [spec.id, spec.fields.filter((f) => f.neverDisclose).map((f) => f.name)]),
    );
    const secrets = inventory.collections.flatMap((spec) =>
      (expected.get(spec.id) ?? []).flatMap((doc) => (withheld.get(spec.id) ?? []).map((f) => String(doc[f]))),
    );
    expect(secrets.length).toBe(3); // password hash, security answer hash, work permit number

    // The export runs through Temporal exactly as the request workflow runs it.
    const handle = await client.workflow.start('runActivityWorkflow', {
      taskQueue: config.temporal.taskQueues.orchestrator,
      workflowId: `large-export-${randomBytes(6).toString('hex')}`,
      args: [
        {
          service: 'data',
          activity: 'exportSubjectData',
          input: {
            requestId: 'req-large-export',
            sealedSubjectEmail: seal(config.secrets.encryptionKey, HEAVY_EMAIL),
            type: 'access',
            jurisdiction: 'GDPR',
            linkDays: 7,
          },
          maximumAttempts: 3,
        },
      ],
    });
    const startedAt = Date.now();

    // Wait until Temporal holds a heartbeat saying the first collections are done while
    // the events are still being written into the bundle's part file: then kill.
    let bundleDir: string | undefined;
    let inProgress = false;
    let running = false;
    while (!inProgress) {
      if (Date.now() - startedAt > 120_000) throw new Error('the export never reached the events collection');
      bundleDir ??= (await fs.readdir(bundleRoot)).map((d) => path.join(bundleRoot, d))[0];
      const pending = await pendingExport(handle, payloadCodec(config));
      const done = pending?.progress?.doneCollections ?? [];
      if ((running && pending === undefined) || done.includes(EVENTS_ID))
        throw new Error(
          `the export finished ${EVENTS_ID} before a heartbeat showed it in progress (done: ${done.join(', ')}); raise EVENTS`,
        );
      running ||= pending !== undefined;
      const part = bundleDir
        ? await fs.stat(path.join(bundleDir, 'parts', `${EVENTS_ID}.json`)).catch(() => undefined)
        : undefined;
      inProgress = done.includes('telemetry.sessions') && (part?.size ?? 0) > 0;
      if (!inProgress) await sleep(100);
    }
    await data.stop({ hard: true });
    const killedAt = Date.now();
    // What the retry will be given: the last heartbeat Temporal recorded before the process died.
    const resumeFrom = (await pendingExport(handle, payloadCodec(config)))?.progress;
    expect(resumeFrom?.doneCollections).toEqual(expect.arrayContaining(['engagement.profiles', 'telemetry.sessions']));
    expect(resumeFrom?.doneCollections).not.toContain(EVENTS_ID);

    // Mid-export: the events part is cut short, no data.json, no bundle record.
    const partial = await fs.readFile(path.join(bundleDir as string, 'parts', `${EVENTS_ID}.json`), 'utf8');
    const writtenBeforeKill = partial.split('\n').length - 1;
    expect(partial.trimEnd().endsWith(']')).toBe(false);
    expect(writtenBeforeKill).toBeLessThan(EVENTS);
    await expect(fs.stat(path.join(bundleDir as string, 'data.json'))).rejects.toThrow();
    expect(await stores.own.collection('bundles').countDocuments()).toBe(0);
    console.log(
      `SIGKILL of the data service ${((killedAt - startedAt) / 1000).toFixed(1)} s into the export: ` +
        `Temporal's last heartbeat says done [${resumeFrom?.doneCollections.join(', ')}]; ` +
        `parts/${EVENTS_ID}.json held ${writtenBeforeKill} of ${EVENTS} records (${partial.length} bytes, unterminated); no data.json, no bundle record.`,
    );

    // Changed after they were exported: a resumed export must not read them again.
    const records = new CompanyRecords(stores, inventory);
    const [profile] = await records.find('engagement.profiles', { email: HEAVY_EMAIL });
    await records.restore('engagement.profiles', [{ ...profile, name: 'Renamed After The Crash' }]);
    const [session] = await records.find('telemetry.sessions', {
      sessionId: expected.get('telemetry.sessions')?.[0]?.['sessionId'],
    });
    await records.restore('telemetry.sessions', [{ ...session, city: 'Lyon' }]);

    await data.start();
    const result = (await handle.result()) as ExportResult;
    const finishedAt = Date.now();

    // Temporal ran a second attempt after the first one stopped heartbeating.
    const history = await handle.fetchHistory();
    const attempt = history.events?.find(
      (e) => e.activityTaskStartedEventAttributes,
    )?.activityTaskStartedEventAttributes;
    expect(attempt?.attempt).toBe(2);
    expect(attempt?.lastFailure?.timeoutFailureInfo).toBeTruthy();
    console.log(
      `Attempt ${attempt?.attempt} after a heartbeat timeout finished ${((finishedAt - killedAt) / 1000).toFixed(1)} s after the kill ` +
        `(restart included), ${result.recordCount} records.`,
    );

    // The bundle, downloaded through its signed link.
    const response = await fetch(result.downloadUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const files = await readZip(Buffer.from(await response.arrayBuffer()));
    const doc = JSON.parse(files.get('data.json')?.toString('utf8') ?? '{}') as {
      counts: Record<string, number>;
      records: Record<string, Doc[]>;
    };

    // Per collection: exactly the records of the direct query, each once.
    for (const spec of inventory.collections) {
      const fields = withheld.get(spec.id) ?? [];
      const want = (expected.get(spec.id) ?? []).map((r) => comparable(r, fields)).sort();
      const got = (doc.records[spec.id] ?? []).map((r) => comparable(r, fields)).sort();
      const missing = want.filter((r, i) => r !== got[i]).slice(0, 2);
      expect({ collection: spec.id, count: got.length, counted: doc.counts[spec.id], missing }).toEqual({
        collection: spec.id,
        count: want.length,
        counted: want.length,
        missing: [],
      });
      for (const record of doc.records[spec.id] ?? [])
        for (const field of fields) if (field in record) expect(String(record[field])).toMatch(/^Withheld: /);
    }
    const events = doc.records[EVENTS_ID] ?? [];
    expect(new Set(events.map((e) => e['at'])).size).toBe(EVENTS);
    expect(result.recordCount).toBe([...expected.values()].reduce((sum, list) => sum + list.length, 0));
    const csvLines = (files.get(`csv/${EVENTS_ID}.csv`)?.toString('utf8') ?? '').split('\r\n').filter(Boolean);
    expect(csvLines.length).toBe(1 + EVENTS);

    // Resumed, not redone: the profile and session hold what they held before the crash.
    expect(doc.records['engagement.profiles']?.[0]?.['name']).toBe('Heavy User');
    expect(doc.records['telemetry.sessions']?.[0]?.['city']).toBe('Paris');

    // R14: no never-disclosed value anywhere in the bundle; nobody else's data either.
    const text = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    for (const secret of secrets) expect(text.includes(secret)).toBe(false);
    expect(text.match(/subject-\d{6}@example\.com/)).toBeNull();
    console.log(
      `Bundle: ${events.length} events (unique), CSV ${csvLines.length - 1} rows, every collection equal to a direct query; ` +
        `profile and session as exported before the crash (changed in the database since): resumed, not redone.`,
    );
  });
});
