import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@rightsflow/config';
import { dsarWorkflowId } from '@rightsflow/contracts';
import { appUrl, temporalClient, testConfig, startedWorkflow } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { payloadCodec } from '@rightsflow/temporal-bridge';
import { defaultPayloadConverter, WorkflowNotFoundError } from '@temporalio/common';
import { once } from 'node:events';
import net from 'node:net';
import { jsonOf, startIntake, validBody } from '../../test/start-intake';
import { uniqueEmail } from '../../test/registry-fixtures';
import { startStandInWorker } from '../../test/stand-in-worker';
import { RequestRegistry } from '../registry/request-registry';
import type { RequestRecord } from '../registry/request.schema';
import { IntakeService } from './intake.service';
import { WorkflowStarter } from './workflow-starter';
import { WorkflowStartSweeper } from './workflow-start-sweeper';

jest.setTimeout(120_000);

/**
 * Intake answers a submission once the request is stored and starts its
 * workflow right after (WorkflowStarter). Every guarantee of starting before
 * answering still holds: a retry is the same request, the status page and a
 * withdrawal work at once, and a request whose start never happened (Temporal
 * unreachable, then the process gone) is started by the sweeper.
 */
describe('answering once stored, starting the workflow right after (real Temporal, real database)', () => {
  const limits = { INTAKE_IP_WRITES_PER_MINUTE: '100000', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000' };
  const config = testConfig(limits);
  let client: Client;

  const post = (base: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    client = await temporalClient(config);
  });

  afterAll(async () => {
    await client?.connection.close();
  });

  describe('with Temporal up', () => {
    let app: INestApplication;
    let base: string;
    let standIn: { stop(): Promise<void> };

    beforeAll(async () => {
      app = await startIntake(config);
      standIn = await startStandInWorker(config, client);
      base = await appUrl(app);
    });

    afterAll(async () => {
      await app?.close();
      await standIn?.stop();
    });

    it('starts exactly one workflow per request, also for a retry with the same Idempotency-Key', async () => {
      const body = validBody('deletion', uniqueEmail('starter'));
      const headers = { 'idempotency-key': `starter-${Date.now()}` };
      const first = await jsonOf(await post(base, body, headers));
      const retry = await jsonOf(await post(base, body, headers));
      expect(retry).toMatchObject({ requestId: first.requestId, replayed: true });
      const handle = await startedWorkflow(client, first.requestId);
      const runs: string[] = [];
      for await (const execution of client.workflow.list({ query: `WorkflowId = "${dsarWorkflowId(first.requestId)}"` })) runs.push(execution.runId);
      expect(runs.length).toBeLessThanOrEqual(1); // visibility may lag; never two
      expect((await handle.describe()).runId).toBeDefined();
    });

    it('shows the status page and accepts a withdrawal right after the answer, before the workflow may have started', async () => {
      const answer = await jsonOf(await post(base, validBody('restriction', uniqueEmail('early'))));
      const status = await fetch(`${base}/api/v1/requests/${answer.requestId}?token=${encodeURIComponent(answer.statusToken)}`);
      expect(status.status).toBe(200);
      expect(await jsonOf(status)).toMatchObject({ requestId: answer.requestId, type: 'restriction' });
      const withdrawn = await fetch(`${base}/api/v1/requests/${answer.requestId}/withdraw`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: answer.statusToken }),
      });
      expect(withdrawn.status).toBe(200);
      expect(await jsonOf(withdrawn)).toMatchObject({ status: 'withdrawn' });
    });
  });

  describe('giving way to submissions being answered', () => {
    // Long enough that the start can only follow the answering, never the bound, however slow the machine.
    const patient = testConfig({ ...limits, INTAKE_WORKFLOW_START_GIVE_WAY_MS: '600000' });
    let app: INestApplication;
    let standIn: { stop(): Promise<void> };

    beforeAll(async () => {
      app = await startIntake(patient);
      standIn = await startStandInWorker(patient, client);
    });

    afterAll(async () => {
      await app?.close();
      await standIn?.stop();
    });

    it('holds a queued start while another submission is being answered, and starts it once none is', async () => {
      const starter = app.get(WorkflowStarter);
      let finishAnswering = () => undefined as void;
      const slowSubmission = starter.whileAnswering(() => new Promise<void>((resolve) => (finishAnswering = resolve)));
      const answer = await jsonOf(await post(await appUrl(app), validBody('deletion', uniqueEmail('give-way'))));
      // Still queued, not under way (without giving way, start() sets it under way before the answer).
      expect(starter.holds(answer.requestId)).toBe(true);
      expect(starter.queued).toBe(1);
      await expect(client.workflow.getHandle(dsarWorkflowId(answer.requestId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

      finishAnswering();
      await slowSubmission;
      const handle = await startedWorkflow(client, answer.requestId);
      await handle.terminate('test over');
    });
  });

  it('loses no request when intake goes away between storing it and starting its workflow: the sweeper starts it', async () => {
    // Intake reaches Temporal through a relay: its worker connects at boot; then the relay refuses every new
    // connection, so the client that starts workflows (connected lazily, on the first start) never gets through.
    const relay = await temporalRelay(config.temporal.address);
    const unreachable = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      ...limits,
      TASK_QUEUE_PREFIX: config.temporal.taskQueues.orchestrator.replace(/-orchestrator$/, ''),
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      TEMPORAL_ADDRESS: relay.address,
    });
    const cut = await startIntake(unreachable);
    relay.refuseNewConnections();
    const email = uniqueEmail('cut');
    const response = await post(await appUrl(cut), validBody('deletion', email));
    expect(response.status).toBe(201);
    const answer = await jsonOf(response);
    const status = await jsonOf(await fetch(`${await appUrl(cut)}/api/v1/requests/${answer.requestId}?token=${encodeURIComponent(answer.statusToken)}`));
    expect(status).toMatchObject({ source: 'registry', status: 'received' });
    await cut.close(); // the queued start dies with the process

    await expect(client.workflow.getHandle(dsarWorkflowId(answer.requestId)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const next = await startIntake(config);
    try {
      const registry = next.get(RequestRegistry);
      const stored = await registry.findById(answer.requestId);
      expect(stored).toMatchObject({ workflowStarted: false, status: 'received' });
      expect(await next.get(WorkflowStartSweeper).sweep(0)).toBeGreaterThanOrEqual(1);
      expect((await registry.findById(answer.requestId))?.workflowStarted).toBe(true);
      const handle = client.workflow.getHandle(dsarWorkflowId(answer.requestId));
      const history = await handle.fetchHistory();
      // History holds the input encrypted; the product's payload codec opens it.
      const [payload] = await payloadCodec(config).decode(history.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads ?? []);
      expect(defaultPayloadConverter.fromPayload(payload as never)).toEqual(next.get(IntakeService).workflowInput(stored as RequestRecord));
      await handle.terminate('test over');
    } finally {
      await next.close();
      await relay.close();
    }
  });
});

/** A TCP relay to Temporal that can stop letting new connections through (those already open keep working). */
async function temporalRelay(target: string) {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  let refusing = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    if (refusing) return socket.destroy();
    const upstream = net.connect(port, host);
    for (const [from, to] of [[socket, upstream], [upstream, socket]]) {
      open.add(from);
      from.on('error', () => to.destroy());
      from.on('close', () => (open.delete(from), to.destroy()));
      from.pipe(to);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    refuseNewConnections: () => void (refusing = true),
    close: async () => {
      open.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
