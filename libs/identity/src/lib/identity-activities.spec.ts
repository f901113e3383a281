import { INestApplication } from '@nestjs/common';
import { companySqlStoreUrl, serviceDatabaseName } from '@rightsflow/config';
import { AssuranceResult, CheckSecretResult, IssuedChallenge } from '@rightsflow/contracts';
import { hashLinkToken, hashVerificationCode, seal, unseal } from '@rightsflow/platform';
import {
  requireStackEnv,
  runActivity,
  startTestOrchestrator,
  startTestService,
  temporalClient,
  testConfig,
} from '@rightsflow/testing';
import type { TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { Client } from '@temporalio/client';
import mongoose, { Connection } from 'mongoose';
import pg, { escapeIdentifier } from 'pg';
import { randomBytes } from 'node:crypto';
import { AssuranceService } from './assurance/assurance.service';
import { ChallengeService } from './challenges/challenge.service';
import { PORTAL_STORE } from './assurance/subject-records.lookup';
import { IdentityActivitiesController } from './identity-activities.controller';
import { IdentityModule } from './identity.module';

jest.setTimeout(120_000);

/**
 * The identity service's activities through the real path: Temporal dev server
 * → runActivityWorkflow → the identity task queue → Nest handler → FerretDB.
 */
describe('identity activities (real Temporal, FerretDB)', () => {
  const config = testConfig({ CHALLENGES_PER_REQUEST_HOUR: '6', CHALLENGES_PER_SUBJECT_HOUR: '8' });
  const hmacKey = config.secrets.hmacKey;
  const encryptionKey = config.secrets.encryptionKey;
  let service: INestApplication;
  let orchestrator: INestApplication;
  let client: Client;
  let identityDb: Connection;
  // The sample company's portal (PostgreSQL), a database of this file's own on the stack's server.
  const portal = companySqlStoreUrl(config, PORTAL_STORE.name, PORTAL_STORE.urlEnv, {});
  const server = () => new pg.Client({ connectionString: config.postgres.url });

  beforeAll(async () => {
    service = await startTestService('identity', IdentityModule, config);
    orchestrator = await startTestOrchestrator(config);
    client = await temporalClient(config);
    identityDb = await mongoose
      .createConnection(requireStackEnv('MONGO_URL'), { dbName: serviceDatabaseName(config, 'identity') })
      .asPromise();
    const admin = server();
    await admin.connect();
    await admin.query(`CREATE DATABASE ${escapeIdentifier(portal.derivedDatabase as string)}`);
    await admin.end();
    const company = new pg.Client({ connectionString: portal.url });
    await company.connect();
    await company.query(
      'CREATE TABLE accounts (id bigserial PRIMARY KEY, email text NOT NULL, "fullName" text, "accountId" text, phone text)',
    );
    await company.query(
      `INSERT INTO accounts (email, "fullName", "accountId", phone) VALUES
        ('ada@example.com', 'Ada Lovelace', 'ACC-1815', '+44 20 7946 0018'),
        ('grace@example.com', 'Grace Hopper', 'ACC-1906', '+1 212 555 0199')`,
    );
    await company.end();
  });

  afterAll(async () => {
    await identityDb?.dropDatabase();
    await identityDb?.close();
    await orchestrator?.close();
    await service?.close();
    await client?.connection.close();
    const admin = server();
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(portal.derivedDatabase as string)} WITH (FORCE)`);
    await admin.end();
  });

  const run = <T>(activity: string, input: unknown) => runActivity<T>(client, config, 'identity', activity, input);
  const sealed = (value: string) => seal(encryptionKey, value);
  const newRequestId = () => `req-${randomBytes(6).toString('hex')}`;
  const issue = (requestId: string, extra: Record<string, unknown> = {}) =>
    run<IssuedChallenge>('issueChallenge', {
      requestId,
      party: 'subject',
      sealedSubjectEmail: sealed(`${requestId}@example.com`),
      codeTtlMinutes: 15,
      maxAttempts: 5,
      ...extra,
    });
  const codeOf = (challenge: IssuedChallenge) => unseal(encryptionKey, challenge.sealedCode);
  const tokenOf = (challenge: IssuedChallenge) => unseal(encryptionKey, challenge.sealedLinkToken);
  const wrong = (code: string) => (code === '000000' ? '000001' : '000000');
  const checkCode = (requestId: string, challenge: IssuedChallenge, code: string) =>
    run<CheckSecretResult>('checkSecret', {
      requestId,
      challengeId: challenge.challengeId,
      secretHash: hashVerificationCode(hmacKey, requestId, code),
      kind: 'code',
    });
  const checkLink = (requestId: string, challengeId: string, secretHash: string) =>
    run<CheckSecretResult>('checkSecret', { requestId, challengeId, secretHash, kind: 'link' });
  const failureOf = async (promise: Promise<unknown>): Promise<{ type?: string; message: string }> => {
    try {
      await promise;
    } catch (error) {
      return error as { type?: string; message: string };
    }
    throw new Error('expected the activity to fail');
  };
  const verified: CheckSecretResult = { verified: true, attemptsLeft: 4, dead: false };
  const dead: CheckSecretResult = { verified: false, attemptsLeft: 0, dead: true };

  it('R09 issues a 6-digit code and a link token, stores only their keyed hashes, and verifies by code once', async () => {
    const requestId = newRequestId();
    const issuedAfter = Date.now();
    const challenge = await issue(requestId);
    const issuedBefore = Date.now();
    const code = codeOf(challenge);
    const token = tokenOf(challenge);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 15 minutes (codeTtlMinutes) from the moment it was issued, however long issuing took.
    expect(Date.parse(challenge.expiresAt)).toBeGreaterThanOrEqual(issuedAfter + 15 * 60_000);
    expect(Date.parse(challenge.expiresAt)).toBeLessThanOrEqual(issuedBefore + 15 * 60_000);

    const stored = await identityDb.collection('challenges').findOne({ _id: challenge.challengeId as never });
    expect(stored).toMatchObject({
      requestId,
      party: 'subject',
      codeHash: hashVerificationCode(hmacKey, requestId, code),
      linkTokenHash: hashLinkToken(hmacKey, requestId, token),
    });
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(Object.values(stored ?? {}).map(String)).not.toContain(code);

    expect(await checkCode(requestId, challenge, code)).toEqual(verified);
    expect(await checkCode(requestId, challenge, code)).toEqual(dead);
  });

  it('R09 verifies by the one-click link, and a replayed link fails', async () => {
    const requestId = newRequestId();
    const challenge = await issue(requestId);
    const tokenHash = hashLinkToken(hmacKey, requestId, tokenOf(challenge));
    expect(await checkLink(requestId, challenge.challengeId, tokenHash)).toEqual(verified);
    expect(await checkLink(requestId, challenge.challengeId, tokenHash)).toEqual(dead);
    // The code of a challenge already used by its link does not work either.
    expect(await checkCode(requestId, challenge, codeOf(challenge))).toEqual(dead);
  });

  it('R12 five wrong codes kill the challenge, and the right code then fails', async () => {
    const requestId = newRequestId();
    const challenge = await issue(requestId);
    const code = codeOf(challenge);
    const results: CheckSecretResult[] = [];
    for (let i = 0; i < 5; i++) results.push(await checkCode(requestId, challenge, wrong(code)));
    expect(results).toEqual(
      [4, 3, 2, 1, 0].map((attemptsLeft) => ({ verified: false, attemptsLeft, dead: attemptsLeft === 0 })),
    );
    expect(await checkCode(requestId, challenge, code)).toEqual(dead);
  });

  it('R12 an expired code fails', async () => {
    const requestId = newRequestId();
    const challenge = await issue(requestId);
    await identityDb
      .collection('challenges')
      .updateOne({ _id: challenge.challengeId as never }, { $set: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await checkCode(requestId, challenge, codeOf(challenge))).toEqual(dead);
  });

  it('R09 a resend invalidates the old code and link', async () => {
    const requestId = newRequestId();
    const first = await issue(requestId);
    const second = await issue(requestId);
    expect(second.challengeId).not.toBe(first.challengeId);
    expect(await checkCode(requestId, first, codeOf(first))).toEqual(dead);
    expect(await checkLink(requestId, first.challengeId, hashLinkToken(hmacKey, requestId, tokenOf(first)))).toEqual(
      dead,
    );
    expect(await checkCode(requestId, second, codeOf(second))).toEqual(verified);
  });

  it('R09 a code or link token of another request never verifies', async () => {
    const mine = newRequestId();
    const theirs = newRequestId();
    const myChallenge = await issue(mine);
    const theirChallenge = await issue(theirs);
    const theirToken = tokenOf(theirChallenge);
    // Their token hashed for my request, or for theirs, against my challenge: no match.
    expect((await checkLink(mine, myChallenge.challengeId, hashLinkToken(hmacKey, mine, theirToken))).verified).toBe(
      false,
    );
    expect((await checkLink(mine, myChallenge.challengeId, hashLinkToken(hmacKey, theirs, theirToken))).verified).toBe(
      false,
    );
    // Their challenge named under my request id: not found.
    expect(await checkLink(mine, theirChallenge.challengeId, hashLinkToken(hmacKey, mine, theirToken))).toEqual(dead);
    expect(await checkCode(mine, theirChallenge, codeOf(theirChallenge))).toEqual(dead);
  });

  it('R09 refuses bad input as a non-retryable ValidationError naming the field', async () => {
    const requestId = newRequestId();
    const challenge = await issue(requestId);
    const base = {
      requestId,
      challengeId: challenge.challengeId,
      secretHash: hashVerificationCode(hmacKey, requestId, '123456'),
      kind: 'code',
    };
    const cases: [string, unknown, string][] = [
      ['checkSecret', { ...base, secretHash: '123456' }, 'secretHash'],
      ['checkSecret', { ...base, kind: 'sms' }, 'kind'],
      ['checkSecret', { ...base, challengeId: 'not-a-challenge' }, 'challengeId'],
      ['checkSecret', { ...base, extra: 1 }, 'extra'],
      [
        'checkSecret',
        {
          ...base,
          assessWhenVerified: {
            required: 'extreme',
            jurisdiction: 'GDPR',
            sealedSubjectEmail: sealed('a@example.com'),
          },
        },
        'required',
      ],
      [
        'issueChallenge',
        {
          requestId: 'has spaces',
          party: 'subject',
          sealedSubjectEmail: sealed('a@example.com'),
          codeTtlMinutes: 15,
          maxAttempts: 5,
        },
        'requestId',
      ],
      [
        'issueChallenge',
        {
          requestId,
          party: 'subject',
          sealedSubjectEmail: sealed('a@example.com'),
          codeTtlMinutes: 0.5,
          maxAttempts: 5,
        },
        'codeTtlMinutes',
      ],
      [
        'issueChallenge',
        { requestId, party: 'robot', sealedSubjectEmail: sealed('a@example.com'), codeTtlMinutes: 15, maxAttempts: 5 },
        'party',
      ],
      [
        'issueChallenge',
        { requestId, party: 'subject', sealedSubjectEmail: 'a@example.com', codeTtlMinutes: 15, maxAttempts: 5 },
        'sealedSubjectEmail',
      ],
      [
        'issueChallenge',
        {
          requestId,
          party: 'subject',
          sealedSubjectEmail: sealed('a@example.com'),
          codeTtlMinutes: 15,
          maxAttempts: 5,
          agentPermissionRef: 'doc-1',
        },
        'agentPermissionRef',
      ],
      [
        'assessAssurance',
        { requestId, required: 'extreme', jurisdiction: 'GDPR', sealedSubjectEmail: sealed('a@example.com') },
        'required',
      ],
      [
        'assessAssurance',
        {
          requestId,
          required: 'reasonable',
          jurisdiction: 'GDPR',
          sealedSubjectEmail: sealed('a@example.com'),
          sealedDataPoints: sealed('[1,2]'),
        },
        'sealedDataPoints',
      ],
      [
        'assessAssurance',
        {
          requestId,
          required: 'reasonable',
          jurisdiction: 'GDPR',
          sealedSubjectEmail: seal('ab'.repeat(32), 'other key'),
        },
        'sealedSubjectEmail',
      ],
      ['purgeVerificationData', { requestId: '' }, 'requestId'],
    ];
    for (const [activity, input, field] of cases) {
      const failure = await failureOf(run(activity, input));
      expect({ activity, field, type: failure.type }).toEqual({ activity, field, type: 'ValidationError' });
      expect(failure.message).toContain(field);
    }
    // What the subject types is refused before it is hashed (intake uses the same functions).
    for (const typed of ['12a456', '1234567', '١٢٣٤٥٦', '１２３４５６', '']) {
      expect(() => hashVerificationCode(hmacKey, requestId, typed)).toThrow(/code must be exactly 6 digits/);
    }
  });

  it('R12 ten parallel wrong guesses count at most five attempts and never verify', async () => {
    const requestId = newRequestId();
    const challenge = await issue(requestId);
    const code = codeOf(challenge);
    const results = await Promise.all(Array.from({ length: 10 }, () => checkCode(requestId, challenge, wrong(code))));
    expect(results.every((result) => !result.verified)).toBe(true);
    const counted = results.filter((result) => !(result.dead && result.attemptsLeft === 0)).length;
    expect(counted).toBeLessThanOrEqual(4);
    expect(await identityDb.collection('challenge_attempts').countDocuments({ group: challenge.challengeId })).toBe(5);
    expect(await checkCode(requestId, challenge, code)).toEqual(dead);
  });

  describe('R09 assurance levels against the company records', () => {
    const verifySubject = async (requestId: string, email: string) => {
      const challenge = await issue(requestId, { sealedSubjectEmail: sealed(email) });
      expect((await checkCode(requestId, challenge, codeOf(challenge))).verified).toBe(true);
    };
    const assess = (requestId: string, email: string, extra: Record<string, unknown> = {}) =>
      run<AssuranceResult>('assessAssurance', {
        requestId,
        required: 'reasonably_high',
        jurisdiction: 'CCPA',
        sealedSubjectEmail: sealed(email),
        ...extra,
      });
    const declaration = () => ({
      sealedSignedName: sealed('Ada Lovelace'),
      acceptedPenaltyOfPerjury: true,
      signedAt: new Date().toISOString(),
    });
    const allThree = sealed(JSON.stringify({ name: 'ada LOVELACE', accountId: 'acc-1815', phone: '020 7946 0018' }));

    it('R09 reasonably high: 3 matching details + a signed declaration pass, and the declaration is kept with the record', async () => {
      const requestId = newRequestId();
      await verifySubject(requestId, 'Ada@Example.com');
      expect(
        await assess(requestId, 'Ada@Example.com', { sealedDataPoints: allThree, declaration: declaration() }),
      ).toEqual({ reached: 'reasonably_high' });
      const record = await identityDb.collection('assessments').findOne({ requestId });
      expect(record).toMatchObject({ reached: 'reasonably_high', declaration: { acceptedPenaltyOfPerjury: true } });
      expect(unseal(encryptionKey, record?.['declaration'].sealedSignedName)).toBe('Ada Lovelace');
    });

    it('R09 2 matching details, or no declaration, downgrade to reasonable with the reason', async () => {
      const requestId = newRequestId();
      await verifySubject(requestId, 'ada@example.com');
      const twoOfThree = sealed(
        JSON.stringify({ name: 'Ada Lovelace', accountId: 'ACC-1815', phone: '+1 415 555 0100' }),
      );
      const downgraded = await assess(requestId, 'ada@example.com', {
        sealedDataPoints: twoOfThree,
        declaration: declaration(),
      });
      expect(downgraded).toEqual({
        reached: 'reasonable',
        shortfall: expect.stringMatching(
          /^R09 reasonably high degree not reached: the details given could not be matched/,
        ),
      });
      expect(downgraded.shortfall).not.toMatch(/phone|name|account|2/i);
      expect(await assess(requestId, 'ada@example.com', { sealedDataPoints: allThree })).toEqual({
        reached: 'reasonable',
        shortfall: 'R09 reasonably high degree not reached: no signed declaration under penalty of perjury',
      });
    });

    it('R10 a correction is verified without the corrected field', async () => {
      const requestId = newRequestId();
      await verifySubject(requestId, 'ada@example.com');
      const corrections = sealed(JSON.stringify([{ field: 'phone', value: '+44 20 7946 0999' }]));
      expect(
        (
          await assess(requestId, 'ada@example.com', {
            sealedDataPoints: allThree,
            declaration: declaration(),
            sealedCorrections: corrections,
          })
        ).reached,
      ).toBe('reasonable');
      expect(
        (
          await assess(requestId, 'ada@example.com', {
            sealedDataPoints: allThree,
            declaration: declaration(),
            excludeFields: ['name'],
          })
        ).reached,
      ).toBe('reasonable');
    });

    it('R09 checkSecret with assessWhenVerified assesses only an answer that verifies, once, as assessAssurance would', async () => {
      const requestId = newRequestId();
      const challenge = await issue(requestId, { sealedSubjectEmail: sealed('ada@example.com') });
      const assessWhenVerified = {
        required: 'reasonably_high',
        jurisdiction: 'CCPA',
        sealedSubjectEmail: sealed('ada@example.com'),
        sealedDataPoints: allThree,
        declaration: declaration(),
      };
      const answer = (code: string) =>
        run<CheckSecretResult>('checkSecret', {
          requestId,
          challengeId: challenge.challengeId,
          secretHash: hashVerificationCode(hmacKey, requestId, code),
          kind: 'code',
          assessWhenVerified,
        });
      // A wrong answer is not assessed: no result, no record.
      expect(await answer(wrong(codeOf(challenge)))).toEqual({ verified: false, attemptsLeft: 4, dead: false });
      expect(await identityDb.collection('assessments').countDocuments({ requestId })).toBe(0);

      expect(await answer(codeOf(challenge))).toEqual({
        verified: true,
        attemptsLeft: 3,
        dead: false,
        assurance: { reached: 'reasonably_high' },
      });
      const records = await identityDb.collection('assessments').find({ requestId }).toArray();
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ required: 'reasonably_high', reached: 'reasonably_high', matchedPoints: 3 });
      // The same inputs through assessAssurance give the same result.
      expect(
        await assess(requestId, 'ada@example.com', { sealedDataPoints: allThree, declaration: declaration() }),
      ).toEqual({
        reached: 'reasonably_high',
      });
    });

    it('R09 a retried checkSecret with assessWhenVerified returns its verification and its stored assessment', async () => {
      const controller = service.get(IdentityActivitiesController);
      const requestId = newRequestId();
      const challenge = await issue(requestId, { sealedSubjectEmail: sealed('ada@example.com') });
      const input = {
        requestId,
        challengeId: challenge.challengeId,
        secretHash: hashVerificationCode(hmacKey, requestId, codeOf(challenge)),
        kind: 'code' as const,
        assessWhenVerified: {
          required: 'reasonable' as const,
          jurisdiction: 'GDPR' as const,
          sealedSubjectEmail: sealed('ada@example.com'),
        },
      };
      const attempt = (n: number) =>
        controller.checkSecret(input, { idempotencyKey: 'k-check-assess', attempt: n } as TemporalActivityContext);
      const first = await attempt(1);
      expect(first).toEqual({ verified: true, attemptsLeft: 4, dead: false, assurance: { reached: 'reasonable' } });
      expect(await attempt(2)).toEqual(first);
      expect(await identityDb.collection('assessments').countDocuments({ requestId })).toBe(1);
      expect(await identityDb.collection('challenge_uses').countDocuments({ requestId })).toBe(1);
    });

    it('R09 reasonable needs a matching detail under CCPA, the email alone under GDPR, and nothing counts before the email is proven', async () => {
      const requestId = newRequestId();
      const reasonable = (jurisdiction: string, points?: object) =>
        assess(requestId, 'grace@example.com', {
          required: 'reasonable',
          jurisdiction,
          ...(points ? { sealedDataPoints: sealed(JSON.stringify(points)) } : {}),
        });
      expect(await reasonable('GDPR', { name: 'Grace Hopper' })).toEqual({
        reached: 'none',
        shortfall: 'R09: control of the email address was not proven',
      });
      await verifySubject(requestId, 'grace@example.com');
      expect(await reasonable('GDPR')).toEqual({ reached: 'reasonable' });
      expect((await reasonable('CCPA')).reached).toBe('none');
      expect((await reasonable('CCPA', { name: 'Someone Else' })).reached).toBe('none');
      expect(await reasonable('CCPA', { phone: '(212) 555-0199' })).toEqual({ reached: 'reasonable' });
    });
  });

  it('R11 an agent proves its own email and the subject confirms; with a power of attorney the agent alone suffices', async () => {
    const assessGdpr = (requestId: string) =>
      run<AssuranceResult>('assessAssurance', {
        requestId,
        required: 'reasonable',
        jurisdiction: 'GDPR',
        sealedSubjectEmail: sealed('grace@example.com'),
      });

    const requestId = newRequestId();
    const agent = await issue(requestId, { party: 'agent', agentPermissionRef: 'upload-7f3a' });
    expect(await identityDb.collection('challenges').findOne({ _id: agent.challengeId as never })).toMatchObject({
      party: 'agent',
      agentPermissionRef: 'upload-7f3a',
    });
    const subject = await issue(requestId, { party: 'subject' });
    // The subject's challenge does not supersede the agent's: each party has its own.
    expect((await checkCode(requestId, agent, codeOf(agent))).verified).toBe(true);
    expect((await assessGdpr(requestId)).reached).toBe('none');
    expect((await checkCode(requestId, subject, codeOf(subject))).verified).toBe(true);
    expect(await assessGdpr(requestId)).toEqual({ reached: 'reasonable' });

    const withAttorney = newRequestId();
    const attorney = await issue(withAttorney, { party: 'agent', agentPermissionRef: 'poa-1', powerOfAttorney: true });
    expect((await checkCode(withAttorney, attorney, codeOf(attorney))).verified).toBe(true);
    expect(await assessGdpr(withAttorney)).toEqual({ reached: 'reasonable' });
  });

  it('R10 purge deletes every verification record of the request and nothing of another; a second purge deletes nothing', async () => {
    const requestId = newRequestId();
    const other = newRequestId();
    const challenge = await issue(requestId, { sealedSubjectEmail: sealed('ada@example.com') });
    await checkCode(requestId, challenge, wrong(codeOf(challenge)));
    await checkCode(requestId, challenge, codeOf(challenge));
    await run('assessAssurance', {
      requestId,
      required: 'reasonably_high',
      jurisdiction: 'CCPA',
      sealedSubjectEmail: sealed('ada@example.com'),
      sealedDataPoints: sealed(JSON.stringify({ name: 'Ada Lovelace' })),
      declaration: {
        sealedSignedName: sealed('Ada Lovelace'),
        acceptedPenaltyOfPerjury: true,
        signedAt: new Date().toISOString(),
      },
    });
    await issue(other);

    const collections = ['challenges', 'challenge_attempts', 'challenge_uses', 'challenge_issue_slots', 'assessments'];
    const countFor = async (id: string) =>
      Object.fromEntries(
        await Promise.all(
          collections.map(async (name) => [name, await identityDb.collection(name).countDocuments({ requestId: id })]),
        ),
      );
    expect(await countFor(requestId)).toEqual({
      challenges: 1,
      challenge_attempts: 2,
      challenge_uses: 1,
      challenge_issue_slots: 1,
      assessments: 1,
    });

    expect(await run('purgeVerificationData', { requestId })).toEqual({ deleted: 6 });
    expect(await countFor(requestId)).toEqual(Object.fromEntries(collections.map((name) => [name, 0])));
    expect((await countFor(other))['challenges']).toBe(1);
    expect(await run('purgeVerificationData', { requestId })).toEqual({ deleted: 0 });
  });

  it('limits challenges per request and per subject per hour (abuse resistance)', async () => {
    const requestId = newRequestId();
    for (let i = 0; i < 6; i++) await issue(requestId);
    expect(await failureOf(issue(requestId))).toMatchObject({
      type: 'ChallengeLimitReached',
      message: expect.stringContaining('request'),
    });

    const email = sealed('same-person@example.com');
    for (let i = 0; i < 8; i++) await issue(newRequestId(), { sealedSubjectEmail: email });
    expect(await failureOf(issue(newRequestId(), { sealedSubjectEmail: email }))).toMatchObject({
      type: 'ChallengeLimitReached',
      message: expect.stringContaining('subject'),
    });
  });

  describe('R09 idempotent under Temporal retries (same idempotency key)', () => {
    it('R09 each attempt of a retried issueChallenge issues its own challenge; a timed-out attempt finishing late leaves the delivered one working', async () => {
      const challenges = service.get(ChallengeService);
      const requestId = newRequestId();
      const input = {
        requestId,
        party: 'subject' as const,
        sealedSubjectEmail: sealed(`${requestId}@example.com`),
        codeTtlMinutes: 15,
        maxAttempts: 5,
      };
      const key = `dsar-${requestId}:3`;
      // Attempt 1 timed out in Temporal but is still running; attempt 2's result is the one delivered;
      // attempt 1 then finishes (its result is dropped by Temporal).
      const retried = await challenges.issue(input, { idempotencyKey: key, attempt: 2 });
      const first = await challenges.issue(input, { idempotencyKey: key, attempt: 1 });
      expect(first.challengeId).not.toBe(retried.challengeId);
      expect(await identityDb.collection('challenges').countDocuments({ requestId, status: 'open' })).toBe(2);
      // A retry is not counted against the hourly limit again.
      expect(await identityDb.collection('challenge_issue_slots').countDocuments({ requestId })).toBe(1);

      const check = (secretHash: string, kind: 'code' | 'link', runKey: string, attempt = 1) =>
        challenges.check(
          { requestId, challengeId: retried.challengeId, secretHash, kind },
          { idempotencyKey: runKey, attempt },
        );
      expect((await check(hashLinkToken(hmacKey, requestId, tokenOf(first)), 'link', 'k-stale')).verified).toBe(false);
      const wrongHash = hashVerificationCode(hmacKey, requestId, wrong(codeOf(retried)));
      // A first attempt takes slot 1 without reading; slot 1 is taken (k-stale), so this one counts and takes slot 2.
      expect(await check(wrongHash, 'code', 'k-wrong')).toEqual({ verified: false, attemptsLeft: 3, dead: false });
      expect(await check(wrongHash, 'code', 'k-wrong', 2)).toEqual({ verified: false, attemptsLeft: 3, dead: false });
      // A first attempt that ran late, after its retry counted: the unique (group, key) index gives it the retry's slot.
      expect(await check(wrongHash, 'code', 'k-late', 2)).toEqual({ verified: false, attemptsLeft: 2, dead: false });
      expect(await check(wrongHash, 'code', 'k-late', 1)).toEqual({ verified: false, attemptsLeft: 2, dead: false });
      const rightHash = hashVerificationCode(hmacKey, requestId, codeOf(retried));
      expect(await check(rightHash, 'code', 'k-right')).toEqual({ verified: true, attemptsLeft: 1, dead: false });
      expect(await check(rightHash, 'code', 'k-right', 2)).toEqual({ verified: true, attemptsLeft: 1, dead: false });
      expect(await check(rightHash, 'code', 'k-other')).toEqual(dead);
      expect(await identityDb.collection('challenge_attempts').countDocuments({ group: retried.challengeId })).toBe(4);
    });

    it('R09 a retried assessAssurance returns the stored result', async () => {
      const assurance = service.get(AssuranceService);
      const requestId = newRequestId();
      const input = {
        requestId,
        required: 'reasonable' as const,
        jurisdiction: 'GDPR' as const,
        sealedSubjectEmail: sealed('ada@example.com'),
      };
      expect(await assurance.assess(input, { idempotencyKey: 'k-assess', attempt: 1 })).toEqual({
        reached: 'none',
        shortfall: expect.any(String),
      });
      const challenge = await issue(requestId, { sealedSubjectEmail: sealed('ada@example.com') });
      await checkCode(requestId, challenge, codeOf(challenge));
      expect((await assurance.assess(input, { idempotencyKey: 'k-assess', attempt: 2 })).reached).toBe('none');
      // A first attempt that ran late, after its retry stored the result: the stored one, not a second record.
      expect((await assurance.assess(input, { idempotencyKey: 'k-assess', attempt: 1 })).reached).toBe('none');
      expect((await assurance.assess(input, { idempotencyKey: 'k-assess-2', attempt: 1 })).reached).toBe('reasonable');
      expect(await identityDb.collection('assessments').countDocuments({ requestId })).toBe(2);
    });
  });
});
