import { INestApplication } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import type { ClaimQuotaResult, FindDuplicateResult } from '@rightsflow/contracts';
import { quotaExpiry } from '@rightsflow/domain';
import { runActivity, startTestOrchestrator, startTestService, temporalClient, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Model } from 'mongoose';
import { requestRecord, uniqueEmail } from '../../test/registry-fixtures';
import { IntakeModule } from '../intake.module';
import { AccessQuota } from '../registry/access-quota';
import { REQUEST_LOG_KEY_MODEL, REQUEST_LOG_MODEL, RequestLogEntry, RequestLogKey } from '../registry/request-log.schema';
import { RequestLog } from '../registry/request-log';
import { RequestRegistry } from '../registry/request-registry';
import { RequestRecord } from '../registry/request.schema';

jest.setTimeout(120_000);

describe('intake activities through real Temporal (registry, request log, quota)', () => {
  const config = testConfig();
  let service: INestApplication;
  let orchestrator: INestApplication;
  let client: Client;
  let registry: RequestRegistry;
  let requestLog: RequestLog;
  let logModel: Model<RequestLogEntry>;
  let keyModel: Model<RequestLogKey>;

  const run = <T>(activity: string, input: unknown) => runActivity<T>(client, config, 'intake', activity, input);

  async function stored(overrides: Partial<RequestRecord> = {}, email = uniqueEmail('subject')): Promise<RequestRecord> {
    const record = requestRecord(config, email, overrides);
    expect(await registry.insert(record)).toEqual({ inserted: true });
    return record;
  }

  beforeAll(async () => {
    [service, orchestrator, client] = await Promise.all([startTestService('intake', IntakeModule, config), startTestOrchestrator(config), temporalClient(config)]);
    registry = service.get(RequestRegistry);
    requestLog = service.get(RequestLog);
    logModel = service.get(getModelToken(REQUEST_LOG_MODEL));
    keyModel = service.get(getModelToken(REQUEST_LOG_KEY_MODEL));
  });

  afterAll(async () => {
    await orchestrator?.close();
    await service?.close();
    await client?.connection.close();
  });

  describe('recordTransition', () => {
    it('R21 appends hash-chained entries with their actors, mirrors status, due date and closure onto the registry, and verifies', async () => {
      const request = await stored({ sealedDataPoints: 'v1.sealed.points.x', sealedCorrections: 'v1.sealed.corrections.x' });
      const t0 = Date.parse('2026-03-02T10:00:00Z');
      const steps = [
        { from: null, to: 'received', actor: 'system' },
        { from: 'received', to: 'awaiting_verification', actor: 'system', dueAt: '2026-04-01T23:59:59.999Z' },
        { from: 'awaiting_verification', to: 'verified', actor: 'subject' },
        { from: 'verified', to: 'denied', actor: 'operator:ops-1', note: 'manifestly unfounded: 40 requests in a week' },
      ];
      for (const [i, step] of steps.entries()) {
        await run<ApplicationFailure>('recordTransition', { requestId: request.requestId, at: new Date(t0 + i * 60_000).toISOString(), ...step });
      }
      const entries = await requestLog.entries(request.requestId);
      expect(entries.map((e) => [e.seq, e.from, e.to, e.actor])).toEqual([
        [1, null, 'received', 'system'],
        [2, 'received', 'awaiting_verification', 'system'],
        [3, 'awaiting_verification', 'verified', 'subject'],
        [4, 'verified', 'denied', 'operator:ops-1'],
      ]);
      expect(entries[3].note).toBe('manifestly unfounded: 40 requests in a week');
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 4 });

      const after = await registry.findById(request.requestId);
      expect(after).toMatchObject({ status: 'denied', lastSeq: 4, dueAt: new Date('2026-04-01T23:59:59.999Z'), closedAt: new Date(t0 + 3 * 60_000) });
      // R10: verification data goes when the request closes.
      expect(after?.sealedDataPoints).toBeUndefined();
      expect(after?.sealedCorrections).toBeUndefined();
    });

    it('R21 names the first tampered entry of a request log', async () => {
      const request = await stored();
      await requestLog.recordTransition({ requestId: request.requestId, from: null, to: 'received', actor: 'system', at: '2026-03-02T10:00:00Z' }, `${request.requestId}:1`);
      await requestLog.recordTransition({ requestId: request.requestId, from: 'received', to: 'in_fulfilment', actor: 'system', at: '2026-03-02T10:01:00Z' }, `${request.requestId}:2`);
      await requestLog.recordTransition({ requestId: request.requestId, from: 'in_fulfilment', to: 'completed', actor: 'system', at: '2026-03-02T10:02:00Z' }, `${request.requestId}:3`);
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 3 });

      await logModel.updateOne({ requestId: request.requestId, seq: 2 }, { $set: { actor: 'operator:someone-else' } });
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: false, brokenAtSeq: 2, reason: 'content does not match its hash' });
    });

    it('R21 appends once under retries with the same idempotency key, including racing retries', async () => {
      const request = await stored();
      const input = { requestId: request.requestId, from: null, to: 'received' as const, actor: 'system' as const, at: '2026-03-02T10:00:00Z' };
      const results = await Promise.all(Array.from({ length: 8 }, () => requestLog.recordTransition(input, 'wf-x:1')));
      expect(new Set(results.map((entry) => entry.hash)).size).toBe(1);
      // Racing appends with different keys all land, each on its own seq, chain intact.
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          requestLog.recordTransition({ ...input, from: 'received', to: 'received', note: `note ${i}` }, `wf-x:note-${i}`),
        ),
      );
      const entries = await requestLog.entries(request.requestId);
      expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 7 });
    });

    it('refuses a move the state machine forbids, an unknown request, and a malformed field, without retrying', async () => {
      const request = await stored();
      const failure = (error: unknown): ApplicationFailure => error as ApplicationFailure;
      const illegal = await run<ApplicationFailure>('recordTransition', { requestId: request.requestId, from: 'received', to: 'completed', actor: 'system', at: '2026-03-02T10:00:00Z' }).catch(failure);
      expect(illegal).toMatchObject({ type: 'IllegalTransition', nonRetryable: true });
      const unknown = await run<ApplicationFailure>('recordTransition', { requestId: 'req_aaaaaaaaaaaaaaaa', from: null, to: 'received', actor: 'system', at: '2026-03-02T10:00:00Z' }).catch(failure);
      expect(unknown).toMatchObject({ type: 'UnknownRequest', nonRetryable: true });
      const malformed = await run<ApplicationFailure>('recordTransition', { requestId: request.requestId, from: null, to: 'received', actor: 'somebody', at: 'yesterday' }).catch(failure);
      expect(malformed).toMatchObject({ type: 'ValidationError', nonRetryable: true });
      expect(malformed.message).toMatch(/actor/);
      expect(malformed.message).toMatch(/at must be/);
      expect(await requestLog.entries(request.requestId)).toEqual([]);
    });
  });

  describe('recordTransitions (a workflow step\'s entries in one activity, issue 16)', () => {
    /** A request's first four moves, as a workflow logs them. */
    const journeyStart = [
      { from: null, to: 'received' as const, actor: 'system' as const, at: '2026-03-02T10:00:00Z' },
      { from: 'received' as const, to: 'awaiting_verification' as const, actor: 'system' as const, at: '2026-03-02T10:00:00Z' },
      { from: 'awaiting_verification' as const, to: 'verified' as const, actor: 'subject' as const, at: '2026-03-02T10:01:00Z' },
      { from: 'verified' as const, to: 'eligibility_checked' as const, actor: 'system' as const, at: '2026-03-02T10:01:00Z' },
    ];

    it('R21 appends a batch in order, mirrors its newest move and due date onto the registry (a note moves nothing), and verifies', async () => {
      const request = await stored();
      const at = (minute: number) => new Date(Date.parse('2026-03-02T10:00:00Z') + minute * 60_000).toISOString();
      await run('recordTransitions', {
        requestId: request.requestId,
        transitions: [
          { from: null, to: 'received', actor: 'system', at: at(0), dueAt: '2026-04-01T23:59:59.999Z' },
          { from: 'received', to: 'awaiting_verification', actor: 'system', at: at(0), dueAt: '2026-04-01T23:59:59.999Z' },
        ],
      });
      expect(await registry.findById(request.requestId)).toMatchObject({ status: 'awaiting_verification', lastSeq: 2 });
      await run('recordTransitions', {
        requestId: request.requestId,
        transitions: [
          { from: 'awaiting_verification', to: 'verified', actor: 'subject', at: at(1), dueAt: '2026-04-01T23:59:59.999Z' },
          { from: 'verified', to: 'verified', actor: 'operator:ops-1', at: at(2), note: 'R02 extended', dueAt: '2026-05-01T23:59:59.999Z' },
        ],
      });
      const entries = await requestLog.entries(request.requestId);
      expect(entries.map((e) => [e.seq, e.from, e.to, e.actor])).toEqual([
        [1, null, 'received', 'system'],
        [2, 'received', 'awaiting_verification', 'system'],
        [3, 'awaiting_verification', 'verified', 'subject'],
        [4, 'verified', 'verified', 'operator:ops-1'],
      ]);
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 4 });
      expect(await registry.findById(request.requestId)).toMatchObject({ status: 'verified', lastSeq: 3, dueAt: new Date('2026-05-01T23:59:59.999Z') });
    });

    it('R21 writes each entry of a batch once when the activity is retried, even after a partial first attempt', async () => {
      const request = await stored();
      const transitions = journeyStart.slice(0, 3);
      const keyOf = (index: number) => `wf-batch:7#${index}`;
      // A first attempt that died after its first entry, then two racing retries of the whole batch.
      await requestLog.recordTransitions(request.requestId, transitions.slice(0, 1), keyOf);
      await Promise.all([1, 2].map(() => requestLog.recordTransitions(request.requestId, transitions, keyOf, true)));
      const entries = await requestLog.entries(request.requestId);
      expect(entries.map((entry) => entry.to)).toEqual(['received', 'awaiting_verification', 'verified']);
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 3 });
    });

    it('R21 a first attempt inserts a long batch in chunks, chained in order; racing first attempts of one batch write it once', async () => {
      const request = await stored();
      const at = (minute: number) => new Date(Date.parse('2026-03-02T10:00:00Z') + minute * 60_000).toISOString();
      const notes = Array.from({ length: 5 }, (_, i) => ({ from: 'received' as const, to: 'received' as const, actor: 'system' as const, at: at(i + 1), note: `note ${i}` }));
      const transitions = [{ from: null, to: 'received' as const, actor: 'system' as const, at: at(0) }, ...notes];
      const keyOf = (index: number) => `wf-chunks:3#${index}`;
      // Six entries: more than one insert's worth (ENTRIES_PER_INSERT), and two first attempts at once.
      const [first, second] = await Promise.all([1, 2].map(() => requestLog.recordTransitions(request.requestId, transitions, keyOf)));
      expect(first?.map((entry) => entry.hash)).toEqual(second?.map((entry) => entry.hash));
      const entries = await requestLog.entries(request.requestId);
      expect(entries.map((entry) => [entry.seq, entry.note ?? null, entry.idempotencyKey])).toEqual(
        [[1, null, keyOf(0)], ...notes.map((note, index) => [index + 2, note.note, keyOf(index + 1)])],
      );
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 6 });
      expect(await registry.findById(request.requestId)).toMatchObject({ status: 'received', lastSeq: 1 }); // notes move nothing
    });

    it('R21 a retry finds the entries its first attempt inserted when it died before writing their keys, and so does a late first attempt', async () => {
      const request = await stored();
      const transitions = journeyStart;
      const keyOf = (index: number) => `wf-keyless:5#${index}`;
      await requestLog.recordTransitions(request.requestId, transitions, keyOf);
      // The crash window: the chunk's entries are stored, their keys are not.
      await keyModel.deleteMany({ requestId: request.requestId });
      const retried = await requestLog.recordTransitions(request.requestId, transitions, keyOf, true);
      // A first attempt that runs late, after its sibling wrote the batch and moved the registry to its last entry.
      const late = await requestLog.recordTransitions(request.requestId, transitions, keyOf);
      expect(late.map((entry) => entry.hash)).toEqual(retried.map((entry) => entry.hash));
      const entries = await requestLog.entries(request.requestId);
      expect(entries.map((entry) => entry.to)).toEqual(['received', 'awaiting_verification', 'verified', 'eligibility_checked']);
      expect(await requestLog.verifyRequestLog(request.requestId)).toMatchObject({ ok: true, entries: 4 });
      expect(await keyModel.countDocuments({ requestId: request.requestId })).toBe(4);
    });

    it('refuses a batch with a forbidden move anywhere in it before writing any of it, and names the bad field of an entry', async () => {
      const request = await stored();
      const failure = (error: unknown): ApplicationFailure => error as ApplicationFailure;
      const illegal = await run<ApplicationFailure>('recordTransitions', {
        requestId: request.requestId,
        transitions: [
          { from: null, to: 'received', actor: 'system', at: '2026-03-02T10:00:00Z' },
          { from: 'received', to: 'completed', actor: 'system', at: '2026-03-02T10:00:00Z' },
        ],
      }).catch(failure);
      expect(illegal).toMatchObject({ type: 'IllegalTransition', nonRetryable: true });
      const malformed = await run<ApplicationFailure>('recordTransitions', {
        requestId: request.requestId,
        transitions: [{ from: null, to: 'received', actor: 'somebody', at: '2026-03-02T10:00:00Z' }],
      }).catch(failure);
      expect(malformed).toMatchObject({ type: 'ValidationError', nonRetryable: true });
      expect(malformed.message).toMatch(/actor/);
      const empty = await run<ApplicationFailure>('recordTransitions', { requestId: request.requestId, transitions: [] }).catch(failure);
      expect(empty).toMatchObject({ type: 'ValidationError', nonRetryable: true });
      expect(empty.message).toMatch(/transitions/);
      expect(await requestLog.entries(request.requestId)).toEqual([]);
    });
  });

  describe('claimAccessQuota', () => {
    const timeZone = 'America/Los_Angeles';

    it('R05 two concurrent third access requests: exactly one takes the last place, the other is refused with the date the next is owed', async () => {
      const email = uniqueEmail('quota');
      const first = await stored({}, email);
      const firstAt = '2026-02-01T17:00:00.000Z';
      expect(await run<ClaimQuotaResult>('claimAccessQuota', { requestId: first.requestId, at: firstAt, limit: 2, timeZone })).toEqual({ granted: true });

      const [a, b] = await Promise.all([stored({}, email), stored({}, email)]);
      const at = '2026-05-01T17:00:00.000Z';
      const results = await Promise.all([a, b].map((r) => run<ClaimQuotaResult>('claimAccessQuota', { requestId: r.requestId, at, limit: 2, timeZone })));
      expect(results.filter((r) => r.granted)).toHaveLength(1);
      const refused = results.find((r) => !r.granted);
      expect(refused).toEqual({ granted: false, nextOwedAt: quotaExpiry(new Date(firstAt), timeZone).toISOString() });

      // A retry of either claim gets its first answer again.
      const again = await Promise.all([a, b].map((r) => run<ClaimQuotaResult>('claimAccessQuota', { requestId: r.requestId, at, limit: 2, timeZone })));
      expect(again).toEqual(results);
    });

    it('R05 twelve simultaneous claims by one subject: exactly two granted', async () => {
      const email = uniqueEmail('storm');
      const requests = await Promise.all(Array.from({ length: 12 }, () => stored({}, email)));
      const quota = service.get(AccessQuota);
      const at = '2026-05-01T17:00:00.000Z';
      const results = await Promise.all(requests.map((r) => quota.claim({ requestId: r.requestId, at, limit: 2, timeZone })));
      expect(results.filter((r) => r.granted)).toHaveLength(2);
      // Another subject's quota is untouched.
      const other = await stored();
      expect(await quota.claim({ requestId: other.requestId, at, limit: 2, timeZone })).toEqual({ granted: true });
    });
  });

  describe('findOpenDuplicate', () => {
    it('R08 links a new request to the older open one of the same type and subject; the older one has no duplicate', async () => {
      const email = uniqueEmail('dup');
      const older = await stored({ type: 'deletion', receivedAt: new Date('2026-03-01T10:00:00Z') }, email);
      const newer = await stored({ type: 'deletion', receivedAt: new Date('2026-03-02T10:00:00Z') }, email);
      await stored({ type: 'access', receivedAt: new Date('2026-02-01T10:00:00Z') }, email);
      await stored({ type: 'deletion', receivedAt: new Date('2026-03-02T10:00:00Z') }); // another subject
      expect(await run<FindDuplicateResult>('findOpenDuplicate', { requestId: newer.requestId })).toEqual({ duplicateOf: older.requestId });
      expect(await run<FindDuplicateResult>('findOpenDuplicate', { requestId: older.requestId })).toEqual({ duplicateOf: null });
    });

    it('R08 ignores closed requests, and two simultaneous requests agree on which one is the original', async () => {
      const email = uniqueEmail('dup2');
      await stored({ type: 'correction', status: 'completed', closedAt: new Date(), receivedAt: new Date('2026-01-01T00:00:00Z') }, email);
      const sameInstant = new Date('2026-03-05T10:00:00Z');
      const [x, y] = await Promise.all([stored({ type: 'correction', receivedAt: sameInstant }, email), stored({ type: 'correction', receivedAt: sameInstant }, email)]);
      const answers = await Promise.all([x, y].map((r) => run<FindDuplicateResult>('findOpenDuplicate', { requestId: r.requestId })));
      const [original, duplicate] = x.requestId < y.requestId ? [x, y] : [y, x];
      expect(answers).toEqual(x === original ? [{ duplicateOf: null }, { duplicateOf: original.requestId }] : [{ duplicateOf: original.requestId }, { duplicateOf: null }]);
      expect(duplicate.requestId).not.toBe(original.requestId);
    });
  });
});
