import { RightsflowConfig } from '@rightsflow/config';
import type { FulfilmentReport } from '@rightsflow/contracts';
import { seal, subjectKey } from '@rightsflow/platform';
import { eventually, LocalOpenDsrProcessor, runActivity, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { subjectEmail } from '../../seed/sample-company.generator';
import { CompanyRecords } from '../../test-support/company-records';
import { freePort } from '../../test-support/data-test-kit';
import { DataServiceHarness, startDataService } from '../../test-support/data-service-harness';
import { CompanyDocument, DataStores } from '../company/data-stores';
import { resolveLinks, subjectRecords } from '../discovery/discovery';
import { Inventory } from '../inventory/inventory.types';
import { NOTIFICATIONS, NotificationDoc, notifyRecipients } from '../processors/notify-recipients';
import { CollectionProgress } from '../progress';
import { eraseSubject } from './erase-subject-data';
import { reapplySuppressions } from './reapply-suppressions';
import { SUPPRESSION_LIST } from './suppression-list';

jest.setTimeout(180_000);

let config: RightsflowConfig;
let inventory: Inventory;
let harness: DataServiceHarness;
let client: Client;
let stores: DataStores;
let records: CompanyRecords;
let processors: LocalOpenDsrProcessor;
let adPartner: LocalOpenDsrProcessor;
const bundleRoot = mkdtempSync(path.join(tmpdir(), 'rf-erasure-'));

function erase(index: number, requestId: string, maximumAttempts = 3): Promise<FulfilmentReport> {
  return runActivity<FulfilmentReport>(
    client,
    config,
    'data',
    'eraseSubjectData',
    { requestId, sealedSubjectEmail: seal(config.secrets.encryptionKey, subjectEmail(index)) },
    { maximumAttempts },
  );
}

/** Everything of a subject, with _id: what a backup holds. */
async function snapshot(index: number): Promise<Map<string, CompanyDocument[]>> {
  const links = await resolveLinks(stores, inventory, subjectEmail(index));
  const out = new Map<string, CompanyDocument[]>();
  for (const spec of inventory.collections) {
    const docs: CompanyDocument[] = [];
    for await (const doc of subjectRecords(stores, spec, links)) docs.push(doc);
    out.set(spec.mongoName, docs);
  }
  return out;
}

/** Values that identify only this subject: none may remain outside legal-hold fields. */
function tracesOf(backup: Map<string, CompanyDocument[]>, index: number): string[] {
  const profile = backup.get('engagement_profiles')?.[0];
  return [
    subjectEmail(index),
    `+1-555-${String(index).padStart(6, '0').slice(0, 3)}-${String(index).padStart(6, '0').slice(3)}`,
    `acct-${String(index).padStart(6, '0')}`,
    `u-${String(index).padStart(6, '0')}`,
    ...((profile?.['cookieIds'] as string[]) ?? []),
    ...(backup.get('telemetry_sessions') ?? []).map((s) => String(s['sessionId'])),
    ...(backup.get('telemetry_events') ?? []).map((e) => String(e['ip'])),
  ];
}

/** Scans every record of every table and collection of both engines, legal-hold fields left out; returns the traces found. */
async function scan(traces: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const spec of inventory.collections) {
    const held = spec.fields.filter((f) => f.erasure === 'legal_hold').map((f) => f.name);
    for (const doc of await records.find(spec.id)) {
      for (const field of held) delete doc[field];
      const text = JSON.stringify(doc);
      for (const trace of traces) if (text.includes(`"${trace}"`)) found.push(`${spec.id}: ${trace}`);
    }
  }
  return found;
}

describe('data service: deletion and recipients (real Temporal + FerretDB)', () => {
  beforeAll(async () => {
    const port = await freePort();
    processors = await new LocalOpenDsrProcessor().start();
    // Stopped and started again below: it keeps its port, so its endpoint stays valid.
    adPartner = await new LocalOpenDsrProcessor().start();
    config = testConfig({
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      BUNDLE_DIR: bundleRoot,
      PROCESSOR_ENDPOINTS: [
        `engage-cloud=${processors.url('/engage/opendsr')}`,
        `analytics-cloud=${processors.url('/analytics/opendsr')}`,
        `ad-partner=${adPartner.url('/opendsr')}`,
      ].join(','),
    });
    harness = await startDataService(config, port);
    ({ inventory, stores, client } = harness);
    records = new CompanyRecords(stores, inventory);
  });

  afterAll(async () => {
    await harness?.stop();
    await processors?.stop();
    await adPartner?.stop();
    rmSync(bundleRoot, { recursive: true, force: true });
  });

  let backupOf3: Map<string, CompanyDocument[]>;

  it('R17 R18 erases each field as the inventory says, keeps legal holds naming the exception, suppresses the subject and tells every recipient', async () => {
    backupOf3 = await snapshot(3);
    const traces = tracesOf(backupOf3, 3);
    expect(await scan(traces)).not.toEqual([]);
    const heldLogs = backupOf3.get('telemetry_access_logs') ?? [];

    const report = await erase(3, 'req-erase-3');

    expect(report.collections['engagement.profiles']).toEqual({ deleted: 1 });
    expect(report.collections['telemetry.sessions']).toEqual({ deleted: backupOf3.get('telemetry_sessions')?.length });
    expect(report.collections['telemetry.events']).toEqual({ deidentified: backupOf3.get('telemetry_events')?.length });
    expect(report.collections['telemetry.access_logs']).toEqual({
      deidentified: heldLogs.length,
      kept: heldLogs.length,
    });
    expect(report.exceptions).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/security incidents.*§1798\.105\(d\)\(2\).*telemetry\.access_logs\.ip/),
      ]),
    );
    // Nothing left that points to the subject, except fields under a legal hold.
    expect(await scan(traces)).toEqual([]);
    // Held fields stay (with the link pseudonymised); de-identified events keep no identifier.
    const hashed = (doc: CompanyDocument, field: string) => String(doc[field]).startsWith('h:');
    const logs = (await records.find('telemetry.access_logs')).filter((l) => hashed(l, 'cookieId'));
    expect(logs.map((l) => l['ip']).sort()).toEqual(heldLogs.map((l) => l['ip']).sort());
    const events = (await records.find('telemetry.events')).filter((e) => hashed(e, 'sessionId'));
    expect(events).toHaveLength(backupOf3.get('telemetry_events')?.length ?? -1);
    expect(events.every((e) => /\.0$/.test(String(e['ip'])) && e['elementText'] === null && e['url'] === null)).toBe(
      true,
    );
    expect(
      await stores.own
        .collection(SUPPRESSION_LIST)
        .countDocuments({ _id: subjectKey(config.secrets.hmacKey, subjectEmail(3)) } as CompanyDocument),
    ).toBe(1);

    expect(report.recipients).toEqual(
      expect.arrayContaining([
        { name: 'EngageCloud (engagement platform)', notified: true },
        { name: 'AnalyticsCloud (product telemetry)', notified: true },
        { name: 'AdReach Network', notified: true },
        {
          name: 'Event sponsors and speakers',
          notified: false,
          reason: expect.stringMatching(/one-off attendee list/),
        },
        { name: 'Cloud hosting provider', notified: false, reason: expect.stringMatching(/without access/) },
      ]),
    );
    const told = [...processors.received, ...adPartner.received].filter(
      (r) => r.body.subject_identities[0].identity_value === subjectEmail(3),
    );
    expect(told.map((r) => `${r.path} ${r.body.subject_request_type}`).sort()).toEqual([
      '/analytics/opendsr erasure',
      '/engage/opendsr erasure',
      '/opendsr erasure',
    ]);
  });

  it('R18 accepts a processor’s signed status callback and refuses an unsigned one', async () => {
    const request = processors.received.find((r) => r.body.subject_identities[0].identity_value === subjectEmail(3));
    if (!request) throw new Error('no request received');
    expect(await processors.callBack(request, 'completed')).toBe(204);
    const stored = await stores.own
      .collection<NotificationDoc>(NOTIFICATIONS)
      .findOne({ _id: request.body.subject_request_id });
    expect(stored).toMatchObject({ status: 'completed', kind: 'erasure', recipient: 'engage-cloud' });
    const unsigned = request.body.status_callback_urls[0].replace(/token=[^&]+/, 'token=forged.token');
    expect(await processors.callBack(request, 'cancelled', unsigned)).toBe(403);
  });

  it('R17 a second erasure of the same subject changes nothing', async () => {
    const report = await erase(3, 'req-erase-3-again');
    const changed = Object.values(report.collections)
      .flatMap((counts) => Object.values(counts))
      .filter((n) => n > 0);
    expect(changed).toEqual([]);
  });

  it('R17 re-applies the deletion when a backup restores the subject’s records (suppression list)', async () => {
    // Parents first (the inventory's order), as a restore of the portal's foreign keys needs.
    for (const spec of inventory.collections) await records.restore(spec.id, backupOf3.get(spec.mongoName) ?? []);
    const traces = tracesOf(backupOf3, 3);
    expect((await scan(traces)).length).toBeGreaterThan(0);
    const result = await reapplySuppressions(config, stores, inventory);
    expect(result.subjects).toBe(1);
    expect(await scan(traces)).toEqual([]);
    expect((await reapplySuppressions(config, stores, inventory)).subjects).toBe(0);
  });

  it('R18 a processor that is down is told once it is back, through Temporal retries, and finished collections are not redone', async () => {
    await adPartner.stop();
    const pending = erase(4, 'req-erase-4', 10);
    // Back up only once an attempt has found it down (its failure is on record), so the retry path is what is tested.
    await eventually(async () => {
      const notice = await stores.own
        .collection<NotificationDoc>(NOTIFICATIONS)
        .findOne({ recipient: 'ad-partner', requestId: 'req-erase-4' });
      return notice?.lastError ? notice : undefined;
    }, 60_000);
    await adPartner.start();
    const report = await pending;
    expect(report.recipients).toEqual(expect.arrayContaining([{ name: 'AdReach Network', notified: true }]));
    expect(
      adPartner.received.filter((r) => r.body.subject_identities[0].identity_value === subjectEmail(4)),
    ).toHaveLength(1);
    const notice = await stores.own
      .collection<NotificationDoc>(NOTIFICATIONS)
      .findOne({ recipient: 'ad-partner', requestId: 'req-erase-4' });
    expect(notice?.attempts).toBeGreaterThanOrEqual(2);
    // The retry reports the first attempt's work from its heartbeat (a redo would find nothing left and report 0).
    expect(report.collections['engagement.profiles']).toEqual({ deleted: 1 });
  });

  it('R18 a processor still unreachable after PROCESSOR_NOTIFY_ATTEMPTS is reported as not told, with the stored reason', async () => {
    await adPartner.stop();
    try {
      const recipients = await notifyRecipients(config, stores, inventory, {
        requestId: 'req-erase-5',
        kind: 'erasure',
        email: subjectEmail(5),
        attempt: config.data.processorNotifyAttempts,
      });
      expect(recipients).toEqual(
        expect.arrayContaining([
          {
            name: 'AdReach Network',
            notified: false,
            reason: expect.stringMatching(/^Could not be reached after \d+ attempts: fetch failed/),
            followUp: true, // R18: an operator must tell it another way
          },
        ]),
      );
      const stored = await stores.own
        .collection<NotificationDoc>(NOTIFICATIONS)
        .findOne({ recipient: 'ad-partner', requestId: 'req-erase-5' });
      expect(stored?.notNotifiedReason).toMatch(/Could not be reached/);
      await expect(
        notifyRecipients(config, stores, inventory, {
          requestId: 'req-erase-6',
          kind: 'erasure',
          email: subjectEmail(6),
          attempt: 1,
        }),
      ).rejects.toThrow(/ad-partner/);
    } finally {
      await adPartner.start();
    }
  });

  it('resumes from heartbeat details: collections already done are skipped and still reported', async () => {
    const beats: CollectionProgress[] = [];
    const outcome = await eraseSubject(
      config,
      stores,
      inventory,
      { requestId: 'req-erase-7', email: subjectEmail(7) },
      {
        heartbeatDetails: {
          doneCollections: ['engagement.profiles'],
          results: { 'engagement.profiles': { deleted: 1 } },
        },
        heartbeat: (d) => beats.push(d as CollectionProgress),
      },
    );
    expect(outcome.collections['engagement.profiles']).toEqual({ deleted: 1 });
    expect(await records.count('engagement.profiles', { email: subjectEmail(7) })).toBe(1);
    expect(await records.count('portal.accounts', { email: subjectEmail(7) })).toBe(0);
    expect(beats[beats.length - 1].doneCollections).toHaveLength(inventory.collections.length);
  });
});
