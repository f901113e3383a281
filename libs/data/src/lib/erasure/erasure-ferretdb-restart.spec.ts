import { RightsflowConfig } from '@rightsflow/config';
import type { FulfilmentReport } from '@rightsflow/contracts';
import { seal } from '@rightsflow/platform';
import { eventually, LocalOpenDsrProcessor, testConfig, workspaceRoot } from '@rightsflow/testing';
import { temporal } from '@temporalio/proto';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { mongo } from 'mongoose';
import { subjectEmail } from '../../seed/sample-company.generator';
import { CompanyRecords } from '../../test-support/company-records';
import { freePort } from '../../test-support/data-test-kit';
import { DataServiceHarness, startDataService } from '../../test-support/data-service-harness';
import { companyCollection } from '../company/data-stores';
import { resolveLinks } from '../discovery/discovery';

jest.setTimeout(240_000);

/**
 * A FerretDB of this test's own, on the stack's PostgreSQL, so the test can kill it
 * (SIGKILL: no goodbye to its clients, its open transaction rolled back) and start it
 * again on the same port while the data service is erasing a subject.
 */
class OwnFerretDb {
  private child?: ChildProcess;

  constructor(
    private readonly binary: string,
    private readonly port: number,
    private readonly postgresUrl: string,
  ) {}

  get url(): string {
    return `mongodb://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      this.binary,
      ['-listen', `127.0.0.1:${this.port}`, '-postgresql-url', this.postgresUrl, '-log-level', 'error'],
      { stdio: 'ignore' },
    );
    this.child = child;
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`FerretDB exited with ${child.exitCode}`);
      const client = new mongo.MongoClient(this.url, { serverSelectionTimeoutMS: 1_000 });
      try {
        await client.connect();
        return (await client.db('admin').command({ ping: 1 }))['ok'] === 1 ? true : undefined;
      } catch {
        return undefined; // not listening yet
      } finally {
        await client.close();
      }
    }, 30_000);
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

const ferretdbBinary = path.join(workspaceRoot, '.tools', 'bin', 'ferretdb');
/** The stack builds FerretDB unless MONGO_URL or a mongod replaces it; then there is no FerretDB to restart. */
const withFerretDb = existsSync(ferretdbBinary) && Boolean(process.env['POSTGRES_URL']) ? describe : describe.skip;

withFerretDb(
  'data service: FerretDB restarted in the middle of a deletion (real Temporal, PostgreSQL, FerretDB)',
  () => {
    const subject = 11;
    const heavyEvents = 30_000;
    const bundleRoot = mkdtempSync(path.join(tmpdir(), 'rf-ferret-restart-'));
    let ferretdb: OwnFerretDb;
    let config: RightsflowConfig;
    let harness: DataServiceHarness;
    let processors: LocalOpenDsrProcessor;
    let ferretDatabase: string;

    beforeAll(async () => {
      const serverUrl = String(process.env['POSTGRES_URL']);
      ferretDatabase = `ferret_restart_${process.pid}_${Date.now()}`;
      const admin = new PgClient({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(ferretDatabase)}`);
      await admin.end();
      const own = new URL(serverUrl);
      own.pathname = `/${ferretDatabase}`;
      ferretdb = new OwnFerretDb(ferretdbBinary, await freePort(), own.toString());
      await ferretdb.start();

      processors = await new LocalOpenDsrProcessor().start();
      const port = await freePort();
      config = testConfig({
        MONGO_URL: ferretdb.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        BUNDLE_DIR: bundleRoot,
        PROCESSOR_ENDPOINTS: [
          `engage-cloud=${processors.url('/engage/opendsr')}`,
          `analytics-cloud=${processors.url('/analytics/opendsr')}`,
          `ad-partner=${processors.url('/ads/opendsr')}`,
        ].join(','),
      });
      harness = await startDataService(config, port);
      // Enough of the subject's engagement events that deleting them on FerretDB takes a while.
      const events = companyCollection(
        harness.stores,
        new CompanyRecords(harness.stores, harness.inventory).spec('engagement.events'),
      );
      const userId = `u-${String(subject).padStart(6, '0')}`;
      for (let i = 0; i < heavyEvents; i += 5_000) {
        await events.insertMany(
          Array.from({ length: 5_000 }, (_, j) => ({
            userId,
            eventName: 'page_viewed',
            properties: { page: `/p/${i + j}` },
          })),
          { ordered: false },
        );
      }
    });

    afterAll(async () => {
      await harness?.stop().catch(() => undefined);
      await processors?.stop();
      await ferretdb?.kill();
      const admin = new PgClient({ connectionString: String(process.env['POSTGRES_URL']) });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(ferretDatabase)} WITH (FORCE)`);
      await admin.end();
      rmSync(bundleRoot, { recursive: true, force: true });
    });

    it('R17 the activity fails while FerretDB is down, retries once it is back, and the deletion is complete', async () => {
      const { client, stores, inventory } = harness;
      const records = new CompanyRecords(stores, inventory);
      // The subject's link values before the deletion: afterwards nothing may still carry them.
      const links = await resolveLinks(stores, inventory, subjectEmail(subject));
      const countLinked = async () =>
        new Map(
          await Promise.all(
            inventory.collections.map(
              async (spec) => [spec.id, (await records.linked(spec.id, links.get(spec.id) ?? [])).length] as const,
            ),
          ),
        );
      const before = await countLinked();
      expect(before.get('engagement.events')).toBeGreaterThanOrEqual(heavyEvents);

      const requestId = `req_ferretrestart${subject}`;
      // runActivity's own workflow, started here under a known id so the test can watch its activity.
      const run = await client.workflow.start('runActivityWorkflow', {
        taskQueue: config.temporal.taskQueues.orchestrator,
        workflowId: `run-eraseSubjectData-${requestId}`,
        args: [
          {
            service: 'data',
            activity: 'eraseSubjectData',
            input: { requestId, sealedSubjectEmail: seal(config.secrets.encryptionKey, subjectEmail(subject)) },
            maximumAttempts: 20,
          },
        ],
      });
      const pending = async () => (await run.describe()).raw.pendingActivities?.[0];
      // Attempt 1 has started on the data service: take FerretDB away under it.
      await eventually(async () =>
        (await pending())?.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
          ? true
          : undefined,
      );
      await ferretdb.kill();
      // Temporal records the attempt's failure (the driver's connection was cut) before FerretDB comes back.
      const failure = await eventually(async () => (await pending())?.lastFailure?.message ?? undefined, 120_000);
      expect(failure).toBeTruthy();
      await ferretdb.start();

      const report = (await run.result()) as FulfilmentReport;
      expect(report.collections['engagement.events']).toEqual({ deleted: before.get('engagement.events') });

      // Attempt 1 failed, a later attempt finished the work.
      const attempts = (await run.fetchHistory()).events
        ?.filter((e) => e.activityTaskStartedEventAttributes)
        .map((e) => e.activityTaskStartedEventAttributes?.attempt);
      expect(Math.max(...(attempts as number[]))).toBeGreaterThanOrEqual(2);

      // No record in either engine still carries the subject's link values (legal holds keep fields, never the link).
      const after = await countLinked();
      expect(Object.fromEntries(after)).toEqual(Object.fromEntries(inventory.collections.map((spec) => [spec.id, 0])));
    });
  },
);
