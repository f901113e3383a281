import { RightsflowConfig } from '@rightsflow/config';
import type { ExportResult } from '@rightsflow/contracts';
import { seal } from '@rightsflow/platform';
import { runActivity, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pad, subjectEmail } from '../../seed/sample-company.generator';
import { CompanyRecords } from '../../test-support/company-records';
import { freePort, readZip } from '../../test-support/data-test-kit';
import { DataServiceHarness, startDataService } from '../../test-support/data-service-harness';
import { seedHeavySubject } from '../../seed/heavy-subject';
import { DataStores } from '../company/data-stores';
import { PostgresStoreConnector } from '../connectors/postgres-store-connector';
import { resolveLinks } from '../discovery/discovery';
import { bundleDir, bundleIdFor, deleteExpiredBundles, openBundleForDownload } from './bundle-store';
import { checkBundleDocument, exportSubjectData, ExportRequest, PARTS_IN_MEMORY_BYTES } from './export-subject-data';
import { readFile } from 'node:fs/promises';
import { CollectionProgress } from '../progress';

jest.setTimeout(180_000);

const DAY = 86_400_000;
let config: RightsflowConfig;
let harness: DataServiceHarness;
let client: Client;
let stores: DataStores;
const bundleRoot = mkdtempSync(path.join(tmpdir(), 'rf-bundles-'));

async function exportFor(
  index: number,
  type: 'access' | 'access_categories' | 'portability',
  jurisdiction: 'GDPR' | 'CCPA' | 'OTHER' = 'GDPR',
) {
  return runActivity<ExportResult>(client, config, 'data', 'exportSubjectData', {
    requestId: `req-export-${index}-${type}`,
    sealedSubjectEmail: seal(config.secrets.encryptionKey, subjectEmail(index)),
    type,
    jurisdiction,
    linkDays: 7,
  });
}

async function download(url: string): Promise<Map<string, Buffer>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/zip');
  expect(response.headers.get('cache-control')).toBe('no-store');
  return readZip(Buffer.from(await response.arrayBuffer()));
}

describe('data service: access and portability (real Temporal + FerretDB)', () => {
  beforeAll(async () => {
    const port = await freePort();
    config = testConfig({ PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, BUNDLE_DIR: bundleRoot });
    harness = await startDataService(config, port);
    ({ stores, client } = harness);
  });

  afterAll(async () => {
    await harness?.stop();
    rmSync(bundleRoot, { recursive: true, force: true });
  });

  it('R13 R15 R16 exports exactly the subject’s records from every collection as JSON, CSV per collection and HTML, behind a signed link', async () => {
    const result = await exportFor(7, 'access');
    expect(result.downloadUrl).toMatch(
      new RegExp(`^${config.http.publicBaseUrl}/download/${result.bundleId}\\?token=`),
    );
    const files = await download(result.downloadUrl);
    const doc = JSON.parse(files.get('data.json')?.toString('utf8') ?? '{}');
    expect(checkBundleDocument(doc)).toEqual([]);

    // The same records as a direct query (SQL or MongoDB) of every table and collection, and nothing of anyone else.
    const inventory = harness.inventory;
    const records = new CompanyRecords(stores, inventory);
    const links = await resolveLinks(stores, inventory, subjectEmail(7));
    let total = 0;
    for (const spec of inventory.collections) {
      const count = (await records.linked(spec.id, links.get(spec.id) ?? [])).length;
      total += count;
      expect({ [spec.id]: doc.records[spec.id]?.length ?? 0 }).toEqual({ [spec.id]: count });
      if (count > 0) expect(files.has(`csv/${spec.id}.csv`)).toBe(true);
    }
    expect(result.recordCount).toBe(total);
    expect(Object.keys(doc.records).length).toBeGreaterThanOrEqual(6);
    const text = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    const subjectsMentioned = new Set([...text.matchAll(/(?:subject-|acct-|u-|ck-|s-)(\d{6})/g)].map((m) => m[1]));
    expect([...subjectsMentioned]).toEqual([pad(7)]);

    // CSV: a header and one line per record; HTML: a readable summary with the R13 information.
    const accountsCsv = files.get('csv/portal.accounts.csv')?.toString('utf8') ?? '';
    expect(accountsCsv.split('\r\n').filter(Boolean)).toHaveLength(1 + (doc.records['portal.accounts']?.length ?? 0));
    const html = files.get('summary.html')?.toString('utf8') ?? '';
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('About this data (GDPR Art. 15)');
    expect(html).toContain(subjectEmail(7));
  });

  it('R13 carries the GDPR 15(1)(a)-(h) information and, under CCPA, separate lists of categories, sources, purposes, third parties, sold, shared and disclosed', async () => {
    const gdpr = JSON.parse(
      (await download((await exportFor(4, 'access', 'GDPR')).downloadUrl)).get('data.json')?.toString('utf8') ?? '{}',
    );
    expect(Object.keys(gdpr.information.gdpr).sort()).toEqual(
      [
        'automatedDecisionMaking',
        'categoriesOfData',
        'complaint',
        'purposes',
        'recipients',
        'retention',
        'rights',
        'sourcesOtherThanYou',
      ].sort(),
    );
    expect(gdpr.information.gdpr.complaint).toMatch(/supervisory authority/);
    expect(gdpr.information.ccpa).toBeUndefined();

    const ccpa = JSON.parse(
      (await download((await exportFor(4, 'access', 'CCPA')).downloadUrl)).get('data.json')?.toString('utf8') ?? '{}',
    );
    const lists = ccpa.information.ccpa;
    expect(lists.categoriesCollected).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Identifiers/),
        expect.stringMatching(/^Internet or other electronic network activity/),
      ]),
    );
    expect(lists.categoriesOfSources.length).toBeGreaterThan(0);
    expect(lists.businessOrCommercialPurposes.length).toBeGreaterThan(0);
    expect(lists.sold).toEqual([]);
    expect(lists.shared).toEqual(
      expect.arrayContaining([expect.objectContaining({ recipients: ['AdReach Network'] })]),
    );
    expect(lists.disclosedForBusinessPurpose.length).toBeGreaterThan(0);
    expect(ccpa.information.gdpr).toBeUndefined();
  });

  it('R14 never discloses passwords, security answers or government IDs, and says that such a type is held', async () => {
    const inventory = harness.inventory;
    // A subject with a portal account (password) and, for the seed, the first one with a job application (work permit).
    const secrets: string[] = [];
    let withApplication = -1;
    const records = new CompanyRecords(stores, inventory);
    for (let i = 0; i < 20 && withApplication < 0; i++) {
      if ((await records.count('portal.job_applications', { email: subjectEmail(i) })) > 0) withApplication = i;
    }
    const index = withApplication >= 0 ? withApplication : 1;
    for (const id of ['portal.accounts', 'portal.job_applications']) {
      for (const doc of await records.find(id, { email: subjectEmail(index) })) {
        for (const field of ['passwordHash', 'securityAnswerHash', 'workPermitNumber'])
          if (doc[field]) secrets.push(String(doc[field]));
      }
    }
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const files = await download((await exportFor(index, 'access')).downloadUrl);
    const text = [...files.values()].map((b) => b.toString('utf8')).join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
    const doc = JSON.parse(files.get('data.json')?.toString('utf8') ?? '{}');
    expect(doc.records['portal.accounts'][0].passwordHash).toMatch(/^Withheld: we hold an account password/);
    expect(doc.information.heldNotDisclosed.map((h: { type: string }) => h.type)).toEqual(
      expect.arrayContaining(['an account password', 'security questions and answers']),
    );
    expect(inventory.collections.length).toBe(14);
  });

  it('R13 a categories-only request lists categories and no specific pieces; R15 portability leaves out inferred data', async () => {
    const categories = await exportFor(9, 'access_categories', 'CCPA');
    const files = await download(categories.downloadUrl);
    const doc = JSON.parse(files.get('data.json')?.toString('utf8') ?? '{}');
    expect(checkBundleDocument(doc)).toEqual([]);
    expect(doc.records).toEqual({});
    expect([...files.keys()].filter((f) => f.startsWith('csv/'))).toEqual([]);
    expect(files.get('summary.html')?.toString('utf8')).not.toContain(subjectEmail(9));
    expect(doc.information.ccpa.categoriesCollected.length).toBeGreaterThan(0);

    const portable = JSON.parse(
      (await download((await exportFor(9, 'portability')).downloadUrl)).get('data.json')?.toString('utf8') ?? '{}',
    );
    expect(portable.records['engagement.profiles'][0]).toHaveProperty('email', subjectEmail(9));
    expect(portable.records['engagement.profiles'][0]).not.toHaveProperty('interests');
  });

  it('R16 refuses forged, altered, other-bundle and expired links; R23 deletes bundles whose link expired', async () => {
    const first = await exportFor(12, 'access');
    const second = await exportFor(13, 'access');
    const token = new URL(first.downloadUrl).searchParams.get('token') ?? '';
    const otherToken = new URL(second.downloadUrl).searchParams.get('token') ?? '';
    const base = `${config.http.publicBaseUrl}/download/${first.bundleId}`;
    expect((await fetch(`${base}?token=${encodeURIComponent(otherToken)}`)).status).toBe(403);
    expect((await fetch(`${base}?token=${encodeURIComponent(token.slice(0, -2))}xx`)).status).toBe(403);
    expect((await fetch(base)).status).toBe(403);
    expect((await fetch(`${base}/summary.html?token=${encodeURIComponent(token)}`)).status).toBe(200);
    expect((await fetch(`${base}/..%2F..%2Fetc%2Fpasswd?token=${encodeURIComponent(token)}`)).status).toBe(404);

    const later = Date.parse(first.expiresAt) + 1;
    expect(await openBundleForDownload(config, stores, first.bundleId, token, later)).toMatchObject({
      ok: false,
      status: 410,
    });
    const { deleted } = await runActivity<{ deleted: number }>(client, config, 'data', 'deleteExpiredBundles', {
      now: new Date(Date.now() + 8 * DAY).toISOString(),
    });
    expect(deleted).toBeGreaterThanOrEqual(2);
    await expect(stat(bundleDir(config, first.bundleId))).rejects.toThrow();
    expect((await fetch(first.downloadUrl)).status).toBe(410);
    expect(await deleteExpiredBundles(config, stores, new Date(Date.now() + 8 * DAY))).toEqual({ deleted: 0 });
  });

  /** A direct export request for subject `index`, its own bundle per `key`. */
  function exportRequest(index: number, key: string): ExportRequest {
    return {
      requestId: `req-${key}`,
      email: subjectEmail(index),
      type: 'access',
      jurisdiction: 'GDPR',
      linkDays: 1,
      idempotencyKey: `wf-${key}:1`,
    };
  }

  /** Progress that records each heartbeat and fails like a lost worker once three collections are done. */
  function crashingAfterThree(beats: CollectionProgress[]) {
    return {
      heartbeatDetails: undefined,
      heartbeat: (details: unknown) => {
        beats.push(details as CollectionProgress);
        if ((details as CollectionProgress).doneCollections.length === 3) throw new Error('worker lost');
      },
    };
  }

  it('resumes an interrupted export from its heartbeat: finished collections are not read again', async () => {
    // A large export's parts are on disk by the time it is large. This subject's records would fit in memory,
    // so the export is run with no memory for parts (partsInMemoryBytes 0): every part spills as a large
    // subject's do, and the finished collections' parts are on disk for the retry to skip.
    const spillEverything = 0;
    const inventory = harness.inventory;
    const request = exportRequest(15, 'resume');
    const beats: CollectionProgress[] = [];
    await expect(
      exportSubjectData(config, stores, inventory, request, crashingAfterThree(beats), spillEverything),
    ).rejects.toThrow('worker lost');
    const last = beats[beats.length - 1];
    expect(last.doneCollections).toEqual(inventory.collections.slice(0, 3).map((c) => c.id));
    expect(last.doneCollections).toContain('engagement.profiles');

    // Changed after the profile was exported: a resumed export must not read it again.
    const records = new CompanyRecords(stores, inventory);
    const [profile] = await records.find('engagement.profiles', { email: subjectEmail(15) });
    await records.restore('engagement.profiles', [{ ...profile, name: 'Changed Meanwhile' }]);
    const result = await exportSubjectData(
      config,
      stores,
      inventory,
      request,
      { heartbeatDetails: last, heartbeat: () => undefined },
      spillEverything,
    );
    const doc = JSON.parse(await readFile(path.join(bundleDir(config, result.bundleId), 'data.json'), 'utf8'));
    expect(checkBundleDocument(doc)).toEqual([]);
    expect(doc.records['engagement.profiles'][0].name).not.toBe('Changed Meanwhile');
    expect(
      doc.records['portal.accounts'] ??
        doc.records['portal.marketing_contacts'] ??
        doc.records['telemetry.access_logs'],
    ).toBeDefined();
    // A retry after success returns the same bundle.
    expect(
      (
        await exportSubjectData(config, stores, inventory, request, {
          heartbeatDetails: undefined,
          heartbeat: () => undefined,
        })
      ).bundleId,
    ).toBe(result.bundleId);
  });

  it('a retry does again a finished collection whose part was held in memory: only parts on disk are skipped', async () => {
    const inventory = harness.inventory;
    const request = exportRequest(16, 'resume-small');
    const beats: CollectionProgress[] = [];
    await expect(exportSubjectData(config, stores, inventory, request, crashingAfterThree(beats))).rejects.toThrow(
      'worker lost',
    );
    const last = beats[beats.length - 1];
    expect(last.doneCollections).toContain('engagement.profiles');
    // A small export: its parts were in memory, gone with the attempt; no part file was written.
    expect(existsSync(path.join(bundleDir(config, bundleIdFor(config, request.idempotencyKey)), 'parts'))).toBe(false);

    const records = new CompanyRecords(stores, inventory);
    const [profile] = await records.find('engagement.profiles', { email: subjectEmail(16) });
    await records.restore('engagement.profiles', [{ ...profile, name: 'Changed Meanwhile' }]);
    const result = await exportSubjectData(config, stores, inventory, request, {
      heartbeatDetails: last,
      heartbeat: () => undefined,
    });
    const doc = JSON.parse(await readFile(path.join(bundleDir(config, result.bundleId), 'data.json'), 'utf8'));
    expect(checkBundleDocument(doc)).toEqual([]);
    expect(doc.records['engagement.profiles'][0].name).toBe('Changed Meanwhile');
  });

  it('R15 writes the same bundle, byte for byte, whether its parts stay in memory, spill part-way or all spill', async () => {
    const inventory = harness.inventory;
    /** The bundle's files, generatedAt and bundleId blanked; and, per heartbeat, whether the parts directory existed. */
    async function exported(limit: number): Promise<{ files: Map<string, string>; partsOnDiskAtBeat: boolean[] }> {
      const request = exportRequest(7, `same-bytes-${limit}`);
      const dir = bundleDir(config, bundleIdFor(config, request.idempotencyKey));
      const partsOnDiskAtBeat: boolean[] = [];
      const progress = {
        heartbeatDetails: undefined,
        heartbeat: () => partsOnDiskAtBeat.push(existsSync(path.join(dir, 'parts'))),
      };
      const result = await exportSubjectData(config, stores, inventory, request, progress, limit);
      expect((await readdir(dir)).sort()).toEqual(['csv', 'data.json', 'summary.html']);
      const names = ['data.json', 'summary.html', ...(await readdir(path.join(dir, 'csv'))).map((f) => `csv/${f}`)];
      const { generatedAt } = JSON.parse(await readFile(path.join(dir, 'data.json'), 'utf8'));
      const files = new Map<string, string>();
      for (const name of names.sort()) {
        const text = await readFile(path.join(dir, name), 'utf8');
        files.set(name, text.replaceAll(generatedAt, 'GENERATED-AT').replaceAll(result.bundleId, 'BUNDLE-ID'));
      }
      return { files, partsOnDiskAtBeat };
    }

    const inMemory = await exported(PARTS_IN_MEMORY_BYTES);
    const partWay = await exported(2048);
    const allSpilled = await exported(0);
    expect(inMemory.partsOnDiskAtBeat.every((onDisk) => !onDisk)).toBe(true);
    expect(partWay.partsOnDiskAtBeat[0]).toBe(false);
    expect(partWay.partsOnDiskAtBeat[partWay.partsOnDiskAtBeat.length - 1]).toBe(true);
    expect(allSpilled.partsOnDiskAtBeat.every((onDisk) => onDisk)).toBe(true);
    expect(inMemory.files.size).toBeGreaterThanOrEqual(8); // data.json, summary.html and a CSV per collection held
    expect(partWay.files).toEqual(inMemory.files);
    expect(allSpilled.files).toEqual(inMemory.files);
  });

  it('refuses input it cannot use, without retrying', async () => {
    await expect(
      runActivity(client, config, 'data', 'exportSubjectData', {
        requestId: 'r',
        sealedSubjectEmail: 'not-sealed',
        type: 'access',
        jurisdiction: 'GDPR',
        linkDays: 7,
      }),
    ).rejects.toMatchObject({
      type: 'ValidationError',
    });
    await expect(
      runActivity(client, config, 'data', 'exportSubjectData', {
        requestId: 'r',
        sealedSubjectEmail: 'x',
        type: 'everything',
        jurisdiction: 'GDPR',
        linkDays: 7,
      }),
    ).rejects.toMatchObject({
      type: 'ValidationError',
    });
  });

  it('R13 a PostgreSQL connection terminated mid-export: the activity is retried and the bundle holds exactly the subject’s records', async () => {
    const inventory = harness.inventory;
    const email = 'terminated-export@example.com';
    const { events } = await seedHeavySubject(stores, inventory, { email, events: 50_000 });
    const records = new CompanyRecords(stores, inventory);
    const telemetry = stores.connectors.for(records.spec('telemetry.events')) as PostgresStoreConnector;
    let finished = false;
    const pending = runActivity<ExportResult>(client, config, 'data', 'exportSubjectData', {
      requestId: 'req-export-terminated',
      sealedSubjectEmail: seal(config.secrets.encryptionKey, email),
      type: 'access',
      jurisdiction: 'GDPR',
      linkDays: 1,
    }).finally(() => (finished = true));
    // Waits for the data service's read of the click-stream events, and cuts that connection once.
    let terminated = 0;
    while (!finished && terminated === 0) {
      const { rows } = await telemetry.pool.query<{ cut: boolean }>(
        `SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
            AND query LIKE '%FROM "events" WHERE%'`,
      );
      terminated += rows.filter((r) => r.cut).length;
    }
    const result = await pending;
    expect(terminated).toBe(1);
    const files = await download(result.downloadUrl);
    const doc = JSON.parse(files.get('data.json')?.toString('utf8') ?? '{}');
    expect(checkBundleDocument(doc)).toEqual([]);
    const exported = doc.records['telemetry.events'] as { at: string }[];
    expect(exported).toHaveLength(events);
    expect(new Set(exported.map((e) => e.at)).size).toBe(events); // each event once
    const sessions = await records.find('telemetry.sessions', {
      cookieId: doc.records['telemetry.sessions'][0].cookieId,
    });
    expect(await records.count('telemetry.events', { sessionId: sessions[0]['sessionId'] })).toBe(events);
  });
});
