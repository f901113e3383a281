import { INestApplication } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { RETENTION_WORKFLOW, RetentionSweepResult, RetentionWorkflowInput } from '@rightsflow/contracts';
import { DataModule } from '@rightsflow/data';
import { isPurgeable } from '@rightsflow/domain';
import { IdentityModule } from '@rightsflow/identity';
import { startTestOrchestrator, startTestService, temporalClient, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection, Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chainedLog } from '../../test/records-fixtures';
import { requestRecord, uniqueEmail } from '../../test/registry-fixtures';
import { IntakeModule } from '../intake.module';
import { LOG_ANCHOR_MODEL, LogAnchor } from '../registry/log-anchor.schema';
import { verifyRequestLog } from '../registry/request-log';
import { lastSealableDay, utcDay, verifyLogAnchors } from './log-anchors';
import { logEntryId, logKeyOf, REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, RequestLogEntry, RequestLogKey } from '../registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const bundleRoot = mkdtempSync(path.join(tmpdir(), 'rf-retention-'));

/** `now` shifted by whole calendar months (UTC) and days, at the same time of day. */
function shifted(now: Date, months: number, days: number): Date {
  const date = new Date(now);
  date.setUTCMonth(date.getUTCMonth() + months);
  return new Date(date.getTime() + days * DAY);
}

describe('retention sweep through retentionWorkflow on real Temporal (intake, identity, data)', () => {
  // UTC calendar, so "24 months + 1 day" is exact whatever the hour the test runs at.
  const config = testConfig({ CONTROLLER_TIME_ZONE: 'UTC', BUNDLE_DIR: bundleRoot });
  let intake: INestApplication;
  let identity: INestApplication;
  let data: INestApplication;
  let orchestrator: INestApplication;
  let client: Client;
  let requests: Model<RequestRecord>;
  let log: Model<RequestLogEntry>;
  let keys: Model<RequestLogKey>;
  let anchors: Model<LogAnchor>;
  const now = new Date();

  const stored: Record<'expired' | 'dayShort' | 'open' | 'held', { record: RequestRecord; entries: RequestLogEntry[] }> = {} as never;

  async function store(overrides: Partial<RequestRecord>, states: string[]) {
    const record = requestRecord(config, uniqueEmail('retention'), { lastSeq: states.length, ...overrides });
    await requests.create({ _id: record.requestId, ...record });
    const entries = chainedLog(record.requestId, states, record.receivedAt);
    await log.insertMany(entries.map((entry) => ({ _id: logEntryId(entry.requestId, entry.seq), ...entry })));
    await keys.insertMany(entries.map(logKeyOf));
    return { record, entries };
  }

  const sweep = (input: RetentionWorkflowInput): Promise<RetentionSweepResult[]> =>
    client.workflow.execute(RETENTION_WORKFLOW, {
      taskQueue: config.temporal.taskQueues.orchestrator,
      workflowId: `retention-test-${randomBytes(6).toString('hex')}`,
      args: [input],
    });

  const countsOf = (results: RetentionSweepResult[]) => Object.fromEntries(results.map((r) => [r.service, r.counts]));
  const present = async (entry: RequestLogEntry) => Boolean(await log.exists({ _id: logEntryId(entry.requestId, entry.seq) }));

  let identityChallenges: Model<Record<string, unknown>>;
  let dataDb: Connection;

  beforeAll(async () => {
    [intake, identity, data, orchestrator, client] = await Promise.all([
      startTestService('intake', IntakeModule, config),
      startTestService('identity', IdentityModule, config),
      startTestService('data', DataModule, config),
      startTestOrchestrator(config),
      temporalClient(config),
    ]);
    requests = intake.get(getModelToken(REQUEST_MODEL));
    log = intake.get(getModelToken(REQUEST_LOG_MODEL));
    keys = intake.get(getModelToken(REQUEST_LOG_KEY_MODEL));
    anchors = intake.get(getModelToken(LOG_ANCHOR_MODEL));
    identityChallenges = identity.get(getModelToken('IdentityChallenge'));
    dataDb = data.get(getConnectionToken());

    const closed = ['received', 'awaiting_verification', 'verified', 'denied'];
    const expiredAt = shifted(now, -24, -1);
    const dayShortAt = shifted(now, -24, 1);
    expect(isPurgeable(expiredAt, now, 24, { timeZone: 'UTC' })).toBe(true);
    expect(isPurgeable(dayShortAt, now, 24, { timeZone: 'UTC' })).toBe(false);
    stored.expired = await store({ receivedAt: shifted(expiredAt, 0, -30), status: 'denied', closedAt: expiredAt, closeReason: 'excessive: x' }, closed);
    stored.dayShort = await store({ receivedAt: shifted(dayShortAt, 0, -30), status: 'denied', closedAt: dayShortAt }, closed);
    stored.open = await store({ receivedAt: shifted(now, -36, 0), status: 'verified' }, closed.slice(0, 3));
    stored.held = await store({ receivedAt: shifted(now, -40, 0), status: 'denied', closedAt: shifted(now, -36, 0), legalHold: true }, closed);

    // Identity: a challenge left behind by a purge that never ran, and a current one.
    const challenge = (id: string, issuedAt: Date) => ({
      _id: id, requestId: `req_${id}`, party: 'subject', codeHash: 'h', linkTokenHash: 'h', issuedAt, expiresAt: new Date(issuedAt.getTime() + 3_600_000),
      maxAttempts: 5, status: 'open', idempotencyKey: `key-${id}`, issuedAttempt: 1,
    });
    await identityChallenges.create([challenge('ch_leftover', shifted(now, 0, -(config.policy.verificationWindowDays + 2))), challenge('ch_current', shifted(now, 0, -1))]);
    // Data: one bundle whose link expired, one still live (records only; deleting tolerates a missing directory).
    await dataDb.collection('bundles').insertMany([
      { _id: `b${'e'.repeat(32)}` as never, requestId: 'req_expired', expiresAt: shifted(now, 0, -1) },
      { _id: `b${'l'.repeat(32)}` as never, requestId: 'req_live', expiresAt: shifted(now, 0, 5) },
    ]);
  });

  afterAll(async () => {
    await orchestrator?.close();
    await Promise.all([intake?.close(), identity?.close(), data?.close()]);
    await client?.connection.close();
    rmSync(bundleRoot, { recursive: true, force: true });
  });

  it('R21 R23 a dry run counts what would go and deletes nothing', async () => {
    const results = await sweep({ dryRun: true });
    expect(results.map((r) => r.service)).toEqual(['intake', 'identity', 'data']);
    expect(countsOf(results)).toEqual({
      intake: { anchoredDays: 0, requests: 1, logEntries: 4, heldBack: 1 },
      identity: { challenges: 1, attempts: 0, uses: 0, issueSlots: 0, assessments: 0 },
      data: { bundles: 1 },
    });
    expect(await anchors.countDocuments()).toBe(0);
    for (const { record, entries } of Object.values(stored)) {
      expect(await requests.exists({ _id: record.requestId })).toBeTruthy();
      for (const entry of entries) expect(await present(entry)).toBe(true);
    }
    expect(await identityChallenges.exists({ _id: 'ch_leftover' })).toBeTruthy();
    expect(await dataDb.collection('bundles').countDocuments()).toBe(2);
  });

  it('R21 R23 purges a request closed 24 months + 1 day ago with its whole log; keeps one closed a day less, an open one and one under legal hold', async () => {
    const results = await sweep({});
    // R21: the log is anchored before anything is purged, every day from the oldest entry's to the day before yesterday.
    const oldestDay = utcDay(stored.held.record.receivedAt);
    const days = Math.round((Date.parse(lastSealableDay(now)) - Date.parse(oldestDay)) / DAY) + 1;
    expect(results[0].logAnchor).toEqual({ day: lastSealableDay(now), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(countsOf(results)).toEqual({
      intake: { anchoredDays: days, requests: 1, logEntries: 4, heldBack: 1 },
      identity: { challenges: 1, attempts: 0, uses: 0, issueSlots: 0, assessments: 0 },
      data: { bundles: 1 },
    });
    expect(await requests.exists({ _id: stored.expired.record.requestId })).toBeNull();
    for (const entry of stored.expired.entries) {
      expect(await present(entry)).toBe(false);
      expect(await keys.exists({ _id: entry.idempotencyKey })).toBeNull();
    }
    for (const kept of [stored.dayShort, stored.open, stored.held]) {
      expect(await requests.exists({ _id: kept.record.requestId })).toBeTruthy();
      expect(await verifyRequestLog(log, kept.record.requestId)).toMatchObject({ ok: true, entries: kept.entries.length });
    }
    expect(await identityChallenges.exists({ _id: 'ch_leftover' })).toBeNull();
    expect(await identityChallenges.exists({ _id: 'ch_current' })).toBeTruthy();
    expect(await dataDb.collection('bundles').find({}, { projection: { _id: 1 } }).toArray()).toEqual([{ _id: `b${'l'.repeat(32)}` }]);
    // The purged entries were older than 24 months: the anchors still verify.
    expect(await verifyLogAnchors(log, anchors, now)).toMatchObject({ anchors: days, broken: [] });
  });

  it('R21 R23 a second run purges nothing (idempotent)', async () => {
    expect(countsOf(await sweep({}))).toEqual({
      intake: { anchoredDays: 0, requests: 0, logEntries: 0, heldBack: 1 },
      identity: { challenges: 0, attempts: 0, uses: 0, issueSlots: 0, assessments: 0 },
      data: { bundles: 0 },
    });
  });
});
