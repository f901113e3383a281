import { INestApplication } from '@nestjs/common';
import { dsarWorkflowId } from '@rightsflow/contracts';
import { hashLinkToken, hashVerificationCode, seal } from '@rightsflow/platform';
import { appUrl, eventually, temporalClient, testConfig, startedWorkflow } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { jsonOf, startIntake, validBody } from '../../test/start-intake';
import { requestRecord, uniqueEmail } from '../../test/registry-fixtures';
import type { StandInReceived } from '../../test/stand-in-dsar.workflow';
import { startStandInWorker } from '../../test/stand-in-worker';
import { RequestRegistry } from '../registry/request-registry';
import { IntakeService } from './intake.service';
import { WorkflowStartSweeper } from './workflow-start-sweeper';

jest.setTimeout(120_000);

/**
 * Intake → running workflow: the code and the link reach it only as keyed
 * hashes, withdraw and status go through the status token. The workflow here
 * is a stand-in with the real workflow's name and messages, on a real worker.
 */
describe('intake talking to a running request workflow (real Temporal, stand-in workflow)', () => {
  const config = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '100000', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000' });
  let app: INestApplication;
  let base: string;
  let client: Client;
  let standIn: { stop(): Promise<void> };

  const json = (method: string, url: string, body?: unknown) =>
    fetch(`${base}${url}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  async function submitted(type = 'deletion') {
    const answer = await jsonOf(await json('POST', '/api/v1/requests', validBody(type, uniqueEmail('wf'))));
    const handle = await startedWorkflow(client, answer.requestId);
    const code = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
    const linkToken = randomBytes(32).toString('base64url');
    await handle.signal('expect', {
      codeHash: hashVerificationCode(config.secrets.hmacKey, answer.requestId, code),
      linkHash: hashLinkToken(config.secrets.hmacKey, answer.requestId, linkToken),
    });
    return { requestId: answer.requestId as string, statusToken: answer.statusToken as string, handle, code, linkToken, received: () => handle.query<StandInReceived>('received') };
  }

  beforeAll(async () => {
    [app, client] = await Promise.all([startIntake(config), temporalClient(config)]);
    standIn = await startStandInWorker(config, client);
    base = await appUrl(app);
  });

  afterAll(async () => {
    await app?.close();
    await standIn?.stop();
    await client?.connection.close();
  });

  it('sends only the keyed hash of the 6-digit code, and returns the workflow’s answer', async () => {
    const request = await submitted();
    const wrong = request.code === '000000' ? '111111' : '000000';
    const miss = await json('POST', `/api/v1/requests/${request.requestId}/verification-code`, { code: wrong });
    expect(miss.status).toBe(200);
    expect(await jsonOf(miss)).toEqual({ verified: false, attemptsLeft: 2 });
    const hit = await json('POST', `/api/v1/requests/${request.requestId}/verification-code`, { code: request.code });
    expect(await jsonOf(hit)).toEqual({ verified: true, attemptsLeft: 2 });
    const received = await request.received();
    expect(received.codeHashes).toEqual([
      hashVerificationCode(config.secrets.hmacKey, request.requestId, wrong),
      hashVerificationCode(config.secrets.hmacKey, request.requestId, request.code),
    ]);
    const history = JSON.stringify(await request.handle.fetchHistory());
    expect(history).not.toContain(`"${request.code}"`);
    // Not waiting for a code any more: the workflow's refusal is passed on as 409.
    const late = await json('POST', `/api/v1/requests/${request.requestId}/verification-code`, { code: request.code });
    expect(late.status).toBe(409);
    expect((await jsonOf(late)).message).toMatch(/not waiting for verification/);
  });

  it('shows the running workflow’s state on the status page, and withdraws with the status token', async () => {
    const request = await submitted('restriction');
    const view = await jsonOf(await fetch(`${base}/api/v1/requests/${request.requestId}?token=${encodeURIComponent(request.statusToken)}`));
    expect(view).toMatchObject({ source: 'workflow', status: 'awaiting_verification', statusText: 'Waiting for you to confirm your email address.' });
    expect(view.timeline.map((e: { status: string }) => e.status)).toEqual(['received', 'awaiting_verification']);

    const wrongToken = await json('POST', `/api/v1/requests/${request.requestId}/withdraw`, { token: 'guess' });
    expect(wrongToken.status).toBe(404);
    const withdrawn = await json('POST', `/api/v1/requests/${request.requestId}/withdraw`, { token: request.statusToken });
    expect(withdrawn.status).toBe(200);
    expect(await jsonOf(withdrawn)).toMatchObject({ status: 'withdrawn', canWithdraw: false });
    expect((await request.received()).withdrawnBy).toBe('subject');
    const twice = await json('POST', `/api/v1/requests/${request.requestId}/withdraw`, { token: request.statusToken });
    expect(twice.status).toBe(409);
  });

  it('starts a stored request whose start never happened (the start sweeper), without a second workflow for started ones', async () => {
    const registry = app.get(RequestRegistry);
    const intake = app.get(IntakeService);
    const email = uniqueEmail('sweep');
    // As if the process died between storing the request and starting its workflow.
    const record = requestRecord(config, email, { workflowStarted: false, receivedAt: new Date(Date.now() - 60_000), sealedEmail: seal(config.secrets.encryptionKey, email) });
    await registry.insert(record);
    expect(await app.get(WorkflowStartSweeper).sweep(0)).toBeGreaterThanOrEqual(1);
    expect((await registry.findById(record.requestId))?.workflowStarted).toBe(true);
    const description = await client.workflow.getHandle(dsarWorkflowId(record.requestId)).describe();
    expect(description.status.name).toBe('RUNNING');
    await intake.startWorkflow(record); // a repeated start reuses the running workflow
    const runs = await eventually(async () => {
      const ids: string[] = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = "${dsarWorkflowId(record.requestId)}"` })) ids.push(execution.runId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(runs).toEqual([description.runId]);
  });
});
