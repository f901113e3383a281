import { INestApplication } from '@nestjs/common';
import { getConnectionToken, getModelToken } from '@nestjs/mongoose';
import { DSAR_WORKFLOW, DSAR_WORKFLOW_REVISION, DsarJurisdiction, DsarStatus, DsarType, DsarWorkflowInput } from '@rightsflow/contracts';
import { REQUEST_TYPES } from '@rightsflow/domain';
import { subjectKey, unseal } from '@rightsflow/platform';
import { payloadCodec } from '@rightsflow/temporal-bridge';
import { appUrl, temporalClient, testConfig, startedWorkflow } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { Connection, Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { jsonOf, startIntake, validBody } from '../../test/start-intake';
import { uniqueEmail } from '../../test/registry-fixtures';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';

jest.setTimeout(120_000);

/** A deletion whose dataPoints are { a: { a: … } }, `levels` deep, as JSON text (JSON.stringify would overflow first). */
function deeplyNested(email: string, levels: number): string {
  return `{"type":"deletion","jurisdiction":"GDPR","email":"${email}","name":"Ada","dataPoints":${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}}`;
}

describe('REST API /api/v1/requests (real Temporal and FerretDB; the workflow is started, not run)', () => {
  const config = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '100000', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000', INTAKE_UPLOAD_MAX_KB: '64' });
  let app: INestApplication;
  let base: string;
  let client: Client;
  let requests: Model<RequestRecord>;
  let db: Connection;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  async function startedInput(requestId: string): Promise<DsarWorkflowInput> {
    const history = await (await startedWorkflow(client, requestId)).fetchHistory();
    // History holds the input encrypted; the product's payload codec opens it.
    const [payload] = await payloadCodec(config).decode(history.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads ?? []);
    return defaultPayloadConverter.fromPayload(payload as never) as DsarWorkflowInput;
  }

  const storedCount = () => requests.countDocuments({});
  async function storedRecord(requestId: string): Promise<RequestRecord> {
    const record = await requests.findOne({ requestId }).lean<RequestRecord>();
    if (!record) throw new Error(`${requestId} was not stored`);
    return record;
  }
  const fileCount = () => db.collection('permissions.files').countDocuments({});

  beforeAll(async () => {
    [app, client] = await Promise.all([startIntake(config), temporalClient(config)]);
    base = await appUrl(app);
    requests = app.get(getModelToken(REQUEST_MODEL));
    db = app.get(getConnectionToken());
  });

  afterAll(async () => {
    await app?.close();
    await client?.connection.close();
  });

  describe('accepts every request type with the fields it needs', () => {
    // An appeal is made from a refused request's status page (appeal-journey.spec.ts), never submitted like this.
    it.each(REQUEST_TYPES.filter((type) => type !== 'appeal'))('accepts %s, stores it sealed and starts dsar-<id> with the right input and search attributes', async (type) => {
      const email = uniqueEmail(type);
      const response = await post(validBody(type, email));
      expect(response.status).toBe(201);
      const answer = await jsonOf(response);
      expect(answer).toMatchObject({ requestId: expect.stringMatching(/^req_[a-z2-7]{16}$/), replayed: false, status: 'received', statusToken: expect.any(String) });
      expect(answer.statusUrl).toBe(`${config.http.publicBaseUrl}/status/${answer.requestId}?token=${answer.statusToken}`);

      const record = await storedRecord(answer.requestId);
      expect(record).toMatchObject({ type, channel: 'api', status: 'received', subjectKey: subjectKey(config.secrets.hmacKey, email), workflowStarted: false }); // confirmed by the first log entry
      expect(JSON.stringify(record)).not.toContain(email);
      expect(JSON.stringify(record)).not.toContain(answer.statusToken);
      expect(unseal(config.secrets.encryptionKey, record.sealedEmail)).toBe(email);

      const handle = await startedWorkflow(client, answer.requestId);
      const description = await handle.describe();
      expect(description.type).toBe(DSAR_WORKFLOW);
      expect(description.taskQueue).toBe(config.temporal.taskQueues.orchestrator);
      expect(description.typedSearchAttributes.get(DsarStatus)).toBe('received');
      expect(description.typedSearchAttributes.get(DsarType)).toBe(type);
      expect(description.typedSearchAttributes.get(DsarJurisdiction)).toBe(validBody(type, email)['jurisdiction']);

      const input = await startedInput(answer.requestId);
      expect(input).toMatchObject({ requestId: answer.requestId, type, channel: 'api', receivedAt: record.receivedAt.toISOString(), timeScale: 1, revision: DSAR_WORKFLOW_REVISION });
      expect(input.policy).toMatchObject({ timeZone: config.policy.timeZone, defaultResponseDays: config.policy.responseDays, approvalRequiredFor: config.policy.approvalRequiredTypes });
      expect(input.policy.verification.unverifiedCloseDays).toBe(config.policy.verificationWindowDays);
      expect(unseal(config.secrets.encryptionKey, input.sealedSubjectEmail)).toBe(email);
      expect(JSON.stringify(input)).not.toContain(email);
      if (type === 'correction') expect(JSON.parse(unseal(config.secrets.encryptionKey, String(input.sealedCorrections)))).toEqual([{ field: 'postalAddress', value: '12 Rue de la Paix, Paris', whatIsWrong: 'Old address' }]);
      if (type === 'objection') expect(input.channels).toEqual(['email', 'sms']);
      if (type === 'access') {
        expect(JSON.parse(unseal(config.secrets.encryptionKey, String(input.sealedDataPoints)))).toEqual({ name: 'Ada Lovelace', accountId: 'CUST-1', phone: '+1 415 555 0100' });
        expect(input.declaration).toMatchObject({ acceptedPenaltyOfPerjury: true });
        expect(unseal(config.secrets.encryptionKey, String(input.declaration?.sealedSignedName))).toBe('Ada Lovelace');
      }
    });

    it('R04 opt-outs ask for nothing beyond the email and never ask for verification', async () => {
      for (const type of ['opt_out_sale', 'limit_sensitive']) {
        const email = uniqueEmail(type);
        const response = await post({ type, jurisdiction: 'CCPA', email, name: 'Ada' });
        expect(response.status).toBe(201);
        const answer = await jsonOf(response);
        expect(answer.verificationBy).toBeNull();
        const record = await requests.findOne({ requestId: answer.requestId }).lean();
        expect(record?.sealedDataPoints).toBeUndefined(); // the name given anyway is not kept
        const input = await startedInput(answer.requestId);
        expect(input.sealedDataPoints).toBeUndefined();
        const refused = await post({ type, jurisdiction: 'CCPA', email, dataPoints: { phone: '+1 415 555 0100' } });
        expect(refused.status).toBe(400);
        expect((await jsonOf(refused)).fields).toEqual([expect.objectContaining({ field: 'dataPoints' })]);
      }
      const access = await jsonOf(await post(validBody('access', uniqueEmail('a'))));
      expect(access.verificationBy).toBe('subject');
    });
  });

  describe('refuses a missing or malformed field by name, and stores nothing', () => {
    const email = 'someone@example.com';
    const cases: [string, string, unknown][] = [
      ['no type', 'type', { jurisdiction: 'GDPR', email, name: 'Ada' }],
      ['unknown type', 'type', { type: 'everything', jurisdiction: 'GDPR', email, name: 'Ada' }],
      ['no jurisdiction', 'jurisdiction', { type: 'deletion', email, name: 'Ada' }],
      ['restriction under CCPA (not offered)', 'type', { type: 'restriction', jurisdiction: 'CCPA', email, name: 'Ada' }],
      ['opt-out under GDPR (not offered)', 'type', { type: 'opt_out_sale', jurisdiction: 'GDPR', email }],
      ['R26 an appeal sent as a new request (it is made from the refused request)', 'type', { type: 'appeal', jurisdiction: 'VCDPA', email }],
      ['no email', 'email', { type: 'deletion', jurisdiction: 'GDPR', name: 'Ada' }],
      ['invalid email', 'email', { type: 'deletion', jurisdiction: 'GDPR', email: 'ada@', name: 'Ada' }],
      ['email with a newline', 'email', { type: 'deletion', jurisdiction: 'GDPR', email: 'ada@example.com\nBcc: x@y.z', name: 'Ada' }],
      ['access without a name', 'name', { type: 'access', jurisdiction: 'GDPR', email }],
      ['script tag in the name', 'name', { type: 'deletion', jurisdiction: 'GDPR', email, name: '<script>alert(1)</script>' }],
      ['malformed phone', 'dataPoints.phone', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', dataPoints: { phone: 'call me' } }],
      ['correction without corrections', 'corrections', { type: 'correction', jurisdiction: 'GDPR', email, name: 'Ada' }],
      ['correction with an empty value', 'corrections.0.value', { type: 'correction', jurisdiction: 'GDPR', email, name: 'Ada', corrections: [{ field: 'name', value: ' ' }] }],
      ['corrections on a deletion', 'corrections', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', corrections: [{ field: 'name', value: 'Ada' }] }],
      ['objection without channels', 'channels', { type: 'objection', jurisdiction: 'GDPR', email, name: 'Ada' }],
      ['objection with an unknown channel', 'channels', { type: 'objection', jurisdiction: 'GDPR', email, name: 'Ada', channels: ['fax'] }],
      ['declaration outside CCPA access', 'declaration', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', declaration: { signedName: 'Ada', acceptPenaltyOfPerjury: true } }],
      ['declaration not accepted', 'declaration.acceptPenaltyOfPerjury', { type: 'access', jurisdiction: 'CCPA', email, name: 'Ada', declaration: { signedName: 'Ada', acceptPenaltyOfPerjury: false } }],
      ['R11 agent without the signed permission', 'permission', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', agent: { name: 'Grace', email: 'agent@example.org' } }],
      ['agent using the subject’s email', 'agent.email', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', agent: { name: 'Grace', email } }],
      ['unknown field', 'isAdmin', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', isAdmin: true }],
      ['unknown nested field', 'dataPoints.ssn', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', dataPoints: { ssn: '123-45-6789' } }],
      ['{"$gt": ""} as the email', 'email', { type: 'deletion', jurisdiction: 'GDPR', email: { $gt: '' }, name: 'Ada' }],
      ['{"$gt": ""} as the type', 'type', { type: { $gt: '' }, jurisdiction: 'GDPR', email, name: 'Ada' }],
      ['{"$gt": ""} as the name', 'name', { type: 'deletion', jurisdiction: 'GDPR', email, name: { $gt: '' } }],
      ['{"$ne": null} in the data points', 'dataPoints.accountId', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', dataPoints: { accountId: { $ne: null } } }],
      ['{"$where": …} at the top', '$where', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', $where: 'sleep(1000)' }],
      ['an array for the body', 'body', []],
      // Found by the hostile-input corpus (libs/testing/src/journeys/hostile-input.spec.ts):
      ['a null name (null is no name)', 'name', { type: 'deletion', jurisdiction: 'GDPR', email, name: null }],
      ['a toString key (class-transformer dropped it, so it was accepted)', 'toString', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', toString: 'x' }],
      ['an agent that is an array (was a 500)', 'agent', { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada', agent: [] }],
      ['a correction that is an array (was a 500)', 'corrections', { type: 'correction', jurisdiction: 'GDPR', email, name: 'Ada', corrections: [[]] }],
      ['nesting far deeper than any request (was a stack overflow)', 'dataPoints.a.a.a.a.a', deeplyNested(email, 5_000)],
      ['an email with a bidi override', 'email', { type: 'deletion', jurisdiction: 'GDPR', email: 'ada\u202e@example.com', name: 'Ada' }],
      ['an email with an invisible joiner', 'email', { type: 'deletion', jurisdiction: 'GDPR', email: 'ada@exa\u200dmple.com', name: 'Ada' }],
    ];

    it.each(cases)('%s → 400 naming %s', async (_label, field, body) => {
      const before = await storedCount();
      const response = await post(body);
      expect(response.status).toBe(400);
      const problem = await jsonOf(response);
      expect(problem.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(problem.message.join(' ')).toContain(field);
      expect(await storedCount()).toBe(before);
    });

    it('refuses an oversized body (413), non-UTF-8 bytes (400), and a body that is not JSON (415), storing nothing', async () => {
      const before = await storedCount();
      const huge = await post({ ...validBody('deletion', uniqueEmail('big')), name: 'A'.repeat(40_000) });
      expect(huge.status).toBe(413);
      const invalidUtf8 = Buffer.concat([Buffer.from('{"type":"deletion","jurisdiction":"GDPR","email":"x@example.com","name":"Ad'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('a"}')]);
      const bytes = await fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: invalidUtf8 });
      expect(bytes.status).toBe(400);
      expect((await jsonOf(bytes)).message).toMatch(/UTF-8/);
      const latin1 = await fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}' });
      expect(latin1.status).toBe(415);
      const text = await fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'type=deletion' });
      expect(text.status).toBe(415);
      const malformed = await post('{"type": "deletion",');
      expect(malformed.status).toBe(400);
      expect(await storedCount()).toBe(before);
    });
  });

  describe('R11 agents upload the signed permission (multipart)', () => {
    const agentBody = (email: string) => ({ ...validBody('deletion', email), agent: { name: 'Grace Hopper', email: `agent-${randomBytes(3).toString('hex')}@example.org` } });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048)]);

    function multipart(body: unknown, file?: { bytes: Buffer; name: string; type: string }) {
      const form = new FormData();
      form.set('request', JSON.stringify(body));
      if (file) form.set('permission', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
      return fetch(`${base}/api/v1/requests`, { method: 'POST', body: form });
    }

    it('R11 accepts a PDF permission, stores it sealed in GridFS and passes the agent’s email and the reference to the workflow', async () => {
      const body = agentBody(uniqueEmail('subject'));
      const response = await multipart(body, { bytes: pdf, name: 'permission.pdf', type: 'application/pdf' });
      expect(response.status).toBe(201);
      const answer = await jsonOf(response);
      expect(answer.verificationBy).toBe('agent');
      const record = await storedRecord(answer.requestId);
      expect(record).toMatchObject({ channel: 'agent', agent: { permissionRef: expect.stringMatching(/^permissions\/[0-9a-f]{24}$/), powerOfAttorney: false } });
      const input = await startedInput(answer.requestId);
      expect(input).toMatchObject({ channel: 'agent', agentPermissionRef: record.agent?.permissionRef, powerOfAttorney: false });
      expect(unseal(config.secrets.encryptionKey, String(input.sealedAgentEmail))).toBe((body.agent as { email: string }).email);
      const stored = await db.collection('permissions.chunks').find({}).toArray();
      expect(Buffer.concat(stored.map((chunk) => chunk['data'].buffer as Buffer)).includes(pdf.subarray(0, 64))).toBe(false); // sealed, not the raw file
    });

    it('refuses a wrong file type behind a .pdf name, a file that is no document, and a huge upload, storing nothing', async () => {
      const [requestsBefore, filesBefore] = [await storedCount(), await fileCount()];
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(512)]);
      const disguised = await multipart(agentBody(uniqueEmail('s')), { bytes: png, name: 'permission.pdf', type: 'application/pdf' });
      expect(disguised.status).toBe(400);
      expect((await jsonOf(disguised)).fields).toEqual([{ field: 'permission', message: expect.stringContaining('PNG') }]);
      const script = await multipart(agentBody(uniqueEmail('s')), { bytes: Buffer.from('#!/bin/sh\nrm -rf /\n'), name: 'permission.pdf', type: 'application/pdf' });
      expect(script.status).toBe(400);
      expect((await jsonOf(script)).fields[0].field).toBe('permission');
      const huge = await multipart(agentBody(uniqueEmail('s')), { bytes: Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(200 * 1024)]), name: 'big.pdf', type: 'application/pdf' });
      expect(huge.status).toBe(413);
      const noAgent = await multipart(validBody('deletion', uniqueEmail('s')), { bytes: pdf, name: 'p.pdf', type: 'application/pdf' });
      expect(noAgent.status).toBe(400);
      expect((await jsonOf(noAgent)).fields[0].field).toBe('permission');
      expect([await storedCount(), await fileCount()]).toEqual([requestsBefore, filesBefore]);
    });
  });

  describe('idempotency', () => {
    it('20 identical concurrent submissions with one Idempotency-Key make one request (and one workflow)', async () => {
      const email = uniqueEmail('idem');
      const key = `key-${randomBytes(8).toString('hex')}`;
      const responses = await Promise.all(Array.from({ length: 20 }, () => post(validBody('deletion', email), { 'idempotency-key': key })));
      const answers = await Promise.all(responses.map((r) => jsonOf(r)));
      expect(responses.map((r) => r.status).sort()).toEqual([...Array(19).fill(200), 201]);
      expect(new Set(answers.map((a) => a.requestId)).size).toBe(1);
      expect(answers.filter((a) => a.statusToken)).toHaveLength(1);
      expect(await requests.countDocuments({ subjectKey: subjectKey(config.secrets.hmacKey, email) })).toBe(1);

      const again = await post(validBody('deletion', email), { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect((await jsonOf(again)).requestId).toBe(answers[0].requestId);
      const other = await post(validBody('restriction', email), { 'idempotency-key': key });
      expect(other.status).toBe(422);
      const badKey = await post(validBody('deletion', email), { 'idempotency-key': 'x' });
      expect(badKey.status).toBe(400);
      expect((await jsonOf(badKey)).fields[0].field).toBe('Idempotency-Key');
      expect(await requests.countDocuments({ subjectKey: subjectKey(config.secrets.hmacKey, email) })).toBe(1);
    });
  });

  describe('status', () => {
    it('shows state, due date and timeline with the status token, and the same 404 for a wrong token or an unknown id', async () => {
      const answer = await jsonOf(await post(validBody('deletion', uniqueEmail('status'))));
      const response = await fetch(`${base}/api/v1/requests/${answer.requestId}?token=${encodeURIComponent(answer.statusToken)}`);
      expect(response.status).toBe(200);
      const view = await jsonOf(response);
      expect(view).toMatchObject({ requestId: answer.requestId, type: 'deletion', status: 'received', dueAt: answer.dueAt, closed: false, canWithdraw: true });
      expect(view.timeline.length).toBeGreaterThan(0);

      const wrong = await fetch(`${base}/api/v1/requests/${answer.requestId}?token=nope`);
      const unknown = await fetch(`${base}/api/v1/requests/req_aaaaaaaaaaaaaaaa?token=${encodeURIComponent(answer.statusToken)}`);
      expect([wrong.status, unknown.status]).toEqual([404, 404]);
      expect(await jsonOf(wrong)).toEqual(await jsonOf(unknown));
    });

    it('refuses a malformed verification code by name before anything reaches the workflow', async () => {
      const answer = await jsonOf(await post(validBody('deletion', uniqueEmail('code'))));
      for (const code of ['12345', '1234567', '12a456', '١٢٣٤٥٦']) {
        const response = await fetch(`${base}/api/v1/requests/${answer.requestId}/verification-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
        expect(response.status).toBe(400);
        expect((await jsonOf(response)).fields).toEqual([{ field: 'code', message: expect.any(String) }]);
      }
      const extra = await fetch(`${base}/api/v1/requests/${answer.requestId}/verification-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: '123456', admin: true }) });
      expect((await jsonOf(extra)).fields).toEqual([{ field: 'admin', message: 'is not a known field' }]);
    });
  });
});
