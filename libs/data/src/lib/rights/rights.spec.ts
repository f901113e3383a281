import { RightsflowConfig } from '@rightsflow/config';
import type { ExportResult, FulfilmentReport } from '@rightsflow/contracts';
import { seal, subjectKey } from '@rightsflow/platform';
import { LocalOpenDsrProcessor, runActivity, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { subjectEmail } from '../../seed/sample-company.generator';
import { CompanyRecords } from '../../test-support/company-records';
import { freePort } from '../../test-support/data-test-kit';
import { DataServiceHarness, startDataService } from '../../test-support/data-service-harness';
import { CompanyDocument, DataStores } from '../company/data-stores';
import { SampleSystems } from '../company/sample-systems';
import { PREFERENCES } from './subject-controls';

jest.setTimeout(180_000);

let config: RightsflowConfig;
let harness: DataServiceHarness;
let client: Client;
let stores: DataStores;
let systems: SampleSystems;
let records: CompanyRecords;
let processor: LocalOpenDsrProcessor;
const bundleRoot = mkdtempSync(path.join(tmpdir(), 'rf-rights-'));

const sealed = (index: number) => seal(config.secrets.encryptionKey, subjectEmail(index));
const run = <T = FulfilmentReport>(activity: string, input: Record<string, unknown>) =>
  runActivity<T>(client, config, 'data', activity, input);

/** A seeded subject with a portal account (the seed gives most subjects one). */
async function withAccount(from: number): Promise<number> {
  for (let i = from; i < 20; i++)
    if ((await records.count('portal.accounts', { email: subjectEmail(i) })) > 0) return i;
  throw new Error('no subject with an account');
}

describe('data service: correction, restriction, objection and opt-outs (real Temporal + FerretDB)', () => {
  beforeAll(async () => {
    const port = await freePort();
    processor = await new LocalOpenDsrProcessor().start();
    config = testConfig({
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
      BUNDLE_DIR: bundleRoot,
      PROCESSOR_ENDPOINTS: ['engage-cloud', 'analytics-cloud', 'ad-partner']
        .map((id) => `${id}=${processor.url(`/${id}/opendsr`)}`)
        .join(','),
    });
    harness = await startDataService(config, port);
    ({ stores, client } = harness);
    systems = new SampleSystems(stores, harness.inventory);
    records = new CompanyRecords(stores, harness.inventory);
  });

  afterAll(async () => {
    await harness?.stop();
    await processor?.stop();
    rmSync(bundleRoot, { recursive: true, force: true });
  });

  it('R19 corrects a field everywhere the inventory says it lives, says what was and was not corrected, and tells recipients', async () => {
    const index = await withAccount(2);
    const email = subjectEmail(index);
    const corrections = [
      { field: 'name', value: 'Ada King' },
      { field: 'phone', value: '+44 20 7946 0000' },
      { field: 'shoeSize', value: '42' },
    ];
    const report = await run('correctSubjectData', {
      requestId: 'req-correct',
      sealedSubjectEmail: sealed(index),
      sealedCorrections: seal(config.secrets.encryptionKey, JSON.stringify(corrections)),
    });

    const [account] = await records.find('portal.accounts', { email });
    const [profile] = await records.find('engagement.profiles', { email });
    expect([account?.['fullName'], account?.['phone'], profile?.['name'], profile?.['phone']]).toEqual([
      'Ada King',
      '+44 20 7946 0000',
      'Ada King',
      '+44 20 7946 0000',
    ]);
    const posts = await records.find('portal.forum_posts', { accountId: account?.['accountId'] });
    expect(posts.every((p) => p['authorName'] === 'Ada King')).toBe(true);
    expect(report.collections['portal.accounts']).toEqual({ corrected_fullName: 1, corrected_phone: 1 });
    expect(report.collections['engagement.profiles']).toEqual({ corrected_name: 1, corrected_phone: 1 });
    expect(report.exceptions).toEqual(['shoeSize: not corrected — we hold no data of that kind']);
    const told = processor.received.filter((r) => r.body.subject_request_type === 'rectification');
    expect(told.map((r) => r.path).sort()).toEqual(['/analytics-cloud/opendsr', '/engage-cloud/opendsr']);
    expect(told[0].body.extensions['corrections']).toEqual([
      { field: 'name', value: 'Ada King' },
      { field: 'phone', value: '+44 20 7946 0000' },
    ]);

    // Visible in the subject's next access export; a second run changes nothing.
    const exported = await run<ExportResult>('exportSubjectData', {
      requestId: 'req-after-correct',
      sealedSubjectEmail: sealed(index),
      type: 'access',
      jurisdiction: 'GDPR',
      linkDays: 1,
    });
    const summary = await fetch(exported.downloadUrl.replace('?token=', '/summary.html?token='));
    expect(await summary.text()).toContain('Ada King');
    const again = await run('correctSubjectData', {
      requestId: 'req-correct-2',
      sealedSubjectEmail: sealed(index),
      sealedCorrections: seal(config.secrets.encryptionKey, JSON.stringify(corrections.slice(0, 2))),
    });
    expect(
      Object.values(again.collections)
        .flatMap((c) => Object.values(c))
        .filter((n) => n > 0),
    ).toEqual([]);
  });

  it('R20 a restricted subject’s records are kept but left out of the sample systems’ normal queries, until the restriction is lifted', async () => {
    const index = await withAccount(6);
    const email = subjectEmail(index);
    const account = await systems.portalAccountByEmail(email);
    const profile = await systems.engagementProfileByEmail(email);
    expect(account).not.toBeNull();
    const cookie = (profile?.['cookieIds'] as string[])[0];
    expect((await systems.sessionsOfCookie(cookie)).length).toBeGreaterThan(0);

    const report = await run('restrictProcessing', {
      requestId: 'req-restrict',
      sealedSubjectEmail: sealed(index),
      lift: false,
    });
    expect(report.collections['portal.accounts']).toEqual({ restricted: 1 });
    expect(report.recipients).toEqual(
      expect.arrayContaining([{ name: 'EngageCloud (engagement platform)', notified: true }]),
    );
    expect(await systems.portalAccountByEmail(email)).toBeNull();
    expect(await systems.engagementProfileByEmail(email)).toBeNull();
    expect(await systems.sessionsOfCookie(cookie)).toEqual([]);
    expect(await systems.forumPostsOf(String(account?.['accountId']))).toEqual([]);
    for (const channel of ['email', 'sms', 'push', 'in_app', 'web_push'] as const)
      expect(await systems.marketingAudience(channel)).not.toContain(email);
    // Kept: still there for the rights service (an access request still sees it).
    expect(await records.count('portal.accounts', { email })).toBe(1);
    const exported = await run<ExportResult>('exportSubjectData', {
      requestId: 'req-restricted-access',
      sealedSubjectEmail: sealed(index),
      type: 'access',
      jurisdiction: 'GDPR',
      linkDays: 1,
    });
    expect(exported.recordCount).toBeGreaterThan(0);

    const lifted = await run('restrictProcessing', {
      requestId: 'req-lift',
      sealedSubjectEmail: sealed(index),
      lift: true,
    });
    expect(lifted.collections['portal.accounts']).toEqual({ lifted: 1 });
    expect(await systems.portalAccountByEmail(email)).not.toBeNull();
    expect((await systems.sessionsOfCookie(cookie)).length).toBeGreaterThan(0);
    expect(
      processor.received
        .filter((r) => r.body.subject_request_type === 'restriction')
        .map((r) => r.body.extensions['lift']),
    ).toEqual(expect.arrayContaining([false, true]));
  });

  it('R20 unsubscribes per channel where each channel lives, and a second run changes nothing', async () => {
    // A subject subscribed to email on the engagement platform and as a portal marketing contact.
    let index = -1;
    for (let i = 10; i < 20 && index < 0; i++) {
      const profile = await records.count('engagement.profiles', {
        email: subjectEmail(i),
        'subscriptions.email': true,
      });
      const contact = await records.count('portal.marketing_contacts', {
        email: subjectEmail(i),
        status: 'subscribed',
      });
      if (profile && contact) index = i;
    }
    expect(index).toBeGreaterThanOrEqual(0);
    const email = subjectEmail(index);
    expect(await systems.marketingAudience('email')).toContain(email);

    const report = await run('unsubscribe', {
      requestId: 'req-unsub',
      sealedSubjectEmail: sealed(index),
      channels: ['email', 'web_push'],
    });
    expect(report.collections['portal.marketing_contacts']).toEqual({ unsubscribed_email: 1 });
    expect(report.collections['engagement.profiles']?.['unsubscribed_email']).toBe(1);
    const [profile] = await records.find('engagement.profiles', { email });
    expect(profile?.['subscriptions']).toMatchObject({ email: false, web_push: false });
    const [contact] = await records.find('portal.marketing_contacts', { email });
    expect(contact).toMatchObject({ status: 'unsubscribed', unsubscribedAt: expect.any(Date) });
    expect(await systems.marketingAudience('email')).not.toContain(email);
    expect(await systems.marketingAudience('web_push')).not.toContain(email);

    const again = await run('unsubscribe', {
      requestId: 'req-unsub-2',
      sealedSubjectEmail: sealed(index),
      channels: ['email', 'web_push'],
    });
    expect(
      Object.values(again.collections)
        .flatMap((c) => Object.values(c))
        .filter((n) => n > 0),
    ).toEqual([]);
  });

  it('R04 records an opt-out of sale/sharing and a limit on sensitive PI on the records and as a preference, even for someone we hold nothing about', async () => {
    const index = await withAccount(14);
    const email = subjectEmail(index);
    const sale = await run('applyOptOut', {
      requestId: 'req-optout',
      sealedSubjectEmail: sealed(index),
      kind: 'sale_sharing',
    });
    expect(sale.collections['engagement.profiles']).toEqual({ opted_out: 1 });
    expect(sale.collections['portal.accounts']).toEqual({ opted_out: 1 });
    const limit = await run('applyOptOut', {
      requestId: 'req-limit',
      sealedSubjectEmail: sealed(index),
      kind: 'sensitive_use',
    });
    expect(limit.collections['portal.accounts']).toEqual({ limited: 1 });
    expect((await records.find('engagement.profiles', { email }))[0]).toMatchObject({
      optOutSaleSharing: true,
      limitSensitiveUse: true,
    });
    expect((await records.find('portal.accounts', { email }))[0]).toMatchObject({
      doNotSell: true,
      limitSensitiveUse: true,
    });

    const stranger = 'stranger@example.org';
    const none = await run('applyOptOut', {
      requestId: 'req-optout-stranger',
      sealedSubjectEmail: seal(config.secrets.encryptionKey, stranger),
      kind: 'sale_sharing',
    });
    expect(none.collections).toEqual({});
    const preference = await stores.own
      .collection(PREFERENCES)
      .findOne({ _id: subjectKey(config.secrets.hmacKey, stranger) } as CompanyDocument);
    expect(preference).toMatchObject({ optOutSaleSharing: true });
  });

  it('hostile values (quotes, SQL, NUL, 100 kB) in the subject and the new values are only data: refused cleanly or stored as written, both engines intact', async () => {
    const before = await records.count('portal.accounts');
    for (const [i, email] of ["o'brien'; DROP TABLE accounts; --@example.com", 'nul\u0000@example.com'].entries()) {
      const report = await run('restrictProcessing', {
        requestId: `req-hostile-${i}`,
        sealedSubjectEmail: seal(config.secrets.encryptionKey, email),
        lift: false,
      });
      expect(report.collections).toEqual({}); // nobody of that address: nothing changed, nothing revealed
    }
    // 100 kB is refused before any store is asked, naming the field (the connectors take it too: their spec).
    await expect(
      run('restrictProcessing', {
        requestId: 'req-hostile-long',
        sealedSubjectEmail: seal(config.secrets.encryptionKey, `${'a'.repeat(100_000)}@example.com`),
        lift: false,
      }),
    ).rejects.toMatchObject({ type: 'ValidationError', message: expect.stringMatching(/^sealedSubjectEmail/) });
    const index = await withAccount(5);
    const email = subjectEmail(index);
    const written = "Robert'); DROP TABLE accounts; --";
    const report = await run('correctSubjectData', {
      requestId: 'req-hostile-correct',
      sealedSubjectEmail: sealed(index),
      sealedCorrections: seal(
        config.secrets.encryptionKey,
        JSON.stringify([
          { field: 'name', value: written },
          { field: 'phone', value: '+1\u0000555' },
        ]),
      ),
    });
    expect(report.exceptions).toEqual(['phone: not corrected — the new value holds a NUL character']);
    expect((await records.find('portal.accounts', { email }))[0]?.['fullName']).toBe(written);
    expect((await records.find('engagement.profiles', { email }))[0]?.['name']).toBe(written);
    expect(await records.count('portal.accounts')).toBe(before);
  });
});
