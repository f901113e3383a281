import { INestApplication } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { dsarWorkflowId } from '@rightsflow/contracts';
import { REQUEST_TYPES } from '@rightsflow/domain';
import { addTestOperator, appUrl, startTestOrchestrator, startTestService, temporalClient, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Model } from 'mongoose';
import { chainedLog, generatedYear } from '../../test/records-fixtures';
import { requestRecord } from '../../test/registry-fixtures';
import { IntakeModule } from '../intake.module';
import { logEntryId, REQUEST_LOG_MODEL, RequestLogEntry } from '../registry/request-log.schema';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';
import { computeMetrics, metricsRange, RequestMetrics } from './metrics';
import { REQUEST_LOG_CSV_HEADER } from './operator-records';
import { describeVerification, verifyRecords } from './verify-records';

jest.setTimeout(120_000);

/** RFC 4180, enough for our own output: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && char === '"') {
      quoted = false;
    } else if (quoted) {
      field += char;
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

describe('operator records over HTTP: metrics (R22), timeline and log export (R21), verify (R21)', () => {
  const config = testConfig({ CONTROLLER_TIME_ZONE: 'UTC' });
  let intake: INestApplication;
  let orchestrator: INestApplication;
  let client: Client;
  let base: string;
  let requests: Model<RequestRecord>;
  let log: Model<RequestLogEntry>;
  const year = generatedYear(2025, 400, 11);
  const logged: RequestRecord[] = [];
  const auth = { authorization: '' };

  beforeAll(async () => {
    [intake, orchestrator, client] = await Promise.all([startTestService('intake', IntakeModule, config), startTestOrchestrator(config), temporalClient(config)]);
    base = await appUrl(intake);
    auth.authorization = `Bearer ${await addTestOperator(base, config, 'records-viewer', 'viewer')}`;
    requests = intake.get(getModelToken(REQUEST_MODEL));
    log = intake.get(getModelToken(REQUEST_LOG_MODEL));
    const records = year.map((r, i) => requestRecord(config, `m${i}@example.com`, { ...r, lastSeq: 0 }));
    await requests.insertMany(records.map((r) => ({ _id: r.requestId, ...r })));
    // 60 requests × 5 entries = 300 log entries, one with a note that needs quoting.
    for (let i = 0; i < 60; i++) logged.push(requestRecord(config, `l${i}@example.com`, { receivedAt: new Date(Date.UTC(2024, 5, 1 + (i % 28))), lastSeq: 5 }));
    await requests.insertMany(logged.map((r) => ({ _id: r.requestId, ...r })));
    const entries = logged.flatMap((r, i) =>
      chainedLog(r.requestId, ['received', 'awaiting_verification', 'verified', 'in_fulfilment', 'completed'], r.receivedAt, i === 1 ? { 3: 'said "hi", then\nleft' } : {}),
    );
    await log.insertMany(entries.map((e) => ({ _id: logEntryId(e.requestId, e.seq), ...e })));
  });

  afterAll(async () => {
    await orchestrator?.close();
    await intake?.close();
    await client?.connection.close();
  });

  it('R21 R22 operator routes answer 401 without the operator token, or with a wrong one', async () => {
    for (const path of ['/api/v1/operator/metrics?year=2025', `/api/v1/operator/requests/${logged[0].requestId}/timeline`, '/api/v1/operator/request-log.csv']) {
      expect((await fetch(base + path)).status).toBe(401);
      expect((await fetch(base + path, { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
    }
  });

  it('R22 metrics of a stored year, as JSON, CSV and a printable page, match a direct computation', async () => {
    const response = await fetch(`${base}/api/v1/operator/metrics?year=2025`, { headers: auth });
    expect(response.status).toBe(200);
    const metrics = (await response.json()) as RequestMetrics;
    expect(metrics).toEqual(computeMetrics(year, must(metricsRange({ year: '2025' }, 'UTC'))));
    const inYear = year.filter((r) => r.receivedAt.getUTCFullYear() === 2025);
    expect(metrics.total.received).toBe(inYear.length);
    for (const type of REQUEST_TYPES) {
      const row = must(metrics.byType.find((t) => t.type === type));
      expect(row.received).toBe(inYear.filter((r) => r.type === type).length);
      expect(row.compliedInWhole + row.compliedInPart).toBe(inYear.filter((r) => r.type === type && r.status === 'completed').length);
    }

    const csv = await fetch(`${base}/api/v1/operator/metrics?year=2025&format=csv`, { headers: auth });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parseCsv(await csv.text());
    const total = must(rows.find((row) => row[2] === 'all'));
    expect(Number(total[rows[0].indexOf('received')])).toBe(metrics.total.received);

    const page = await fetch(`${base}/api/v1/operator/metrics?from=2025-01-01&to=2025-12-31&format=html`, { headers: auth });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(`<th scope="row">all</th><td>${metrics.total.received}</td>`);

    expect((await fetch(`${base}/api/v1/operator/metrics?year=twenty`, { headers: auth })).status).toBe(400);
  });

  it('R21 streams the request log as CSV through a cursor: a few hundred entries, parseable, filtered by time', async () => {
    const response = await fetch(`${base}/api/v1/operator/request-log.csv`, { headers: auth });
    expect(response.status).toBe(200);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(REQUEST_LOG_CSV_HEADER);
    expect(rows).toHaveLength(301);
    expect(rows.every((row) => row.length === REQUEST_LOG_CSV_HEADER.length)).toBe(true);
    expect(rows.some((row) => row[6] === 'said "hi", then\nleft')).toBe(true);

    const june3 = await fetch(`${base}/api/v1/operator/request-log.csv?from=2024-06-03T00:00:00Z&to=2024-06-04T00:00:00Z`, { headers: auth });
    const june3Rows = parseCsv(await june3.text()).slice(1);
    expect(june3Rows.length).toBe(logged.filter((r) => r.receivedAt.getUTCDate() === 3).length * 5);
  });

  it('R21 a request’s timeline: its log entries and its workflow history’s event types and times', async () => {
    const request = logged[1];
    await client.workflow.execute('probeWorkflow', { taskQueue: config.temporal.taskQueues.orchestrator, workflowId: dsarWorkflowId(request.requestId), args: [['intake']] });
    const response = await fetch(`${base}/api/v1/operator/requests/${request.requestId}/timeline`, { headers: auth });
    expect(response.status).toBe(200);
    const timeline = (await response.json()) as { log: { seq: number; to: string }[]; history: { type: string; at: string }[] };
    expect(timeline.log.map((e) => e.to)).toEqual(['received', 'awaiting_verification', 'verified', 'in_fulfilment', 'completed']);
    expect(timeline.history[0].type).toBe('WorkflowExecutionStarted');
    expect(timeline.history.at(-1)?.type).toBe('WorkflowExecutionCompleted');
    expect(timeline.history.map((e) => e.type)).toContain('ActivityTaskCompleted');
    const noWorkflowResponse = await fetch(`${base}/api/v1/operator/requests/${logged[2].requestId}/timeline`, { headers: auth });
    const noWorkflow = (await noWorkflowResponse.json()) as { history: unknown };
    expect([noWorkflowResponse.status, noWorkflow]).toMatchObject([200, {}]);
    expect(noWorkflow.history).toBeNull();
    expect((await fetch(`${base}/api/v1/operator/requests/req_aaaaaaaaaaaaaaaa/timeline`, { headers: auth })).status).toBe(404);
  });

  it('R21 verify names the first broken entry after a stored entry is tampered with, and the removal of the last one', async () => {
    const intact = await verifyRecords(log, requests);
    expect(intact).toEqual({ requests: 60, entries: 300, broken: [] });

    const victim = logged[5].requestId;
    await log.updateOne({ _id: logEntryId(victim, 3) }, { $set: { actor: 'operator:mallory' } });
    const cut = logged[6].requestId;
    await log.deleteOne({ _id: logEntryId(cut, 5) });

    const report = await verifyRecords(log, requests);
    expect(report.broken.map(describeVerification).sort()).toEqual(
      [`BROKEN ${victim}: entry 3 – content does not match its hash`, `BROKEN ${cut}: entry 5 – the registry counts 5 entries, the log has 4 (entries removed)`].sort(),
    );
    const one = await verifyRecords(log, requests, victim);
    expect(one.broken).toHaveLength(1);
    expect(one.broken[0].result).toMatchObject({ ok: false, brokenAtSeq: 3 });

    // The command operators run (npm run records:verify -- [requestId]): exit 1 naming the entry, exit 0 when intact.
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['tools/scripts/run-ts.mjs', 'libs/intake/src/cli/verify-log.cli.ts', ...args], {
        cwd: path.resolve(__dirname, '../../../../..'),
        env: { ...process.env, MONGO_DB_PREFIX: config.mongo.dbPrefix },
      }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
      );
    const all = await cli();
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`BROKEN ${victim}: entry 3 – content does not match its hash`);
    expect(all.stdout).toContain('BROKEN: 60 requests, 299 entries, 2 broken');
    expect(all.stdout).toContain('OK: 0 daily anchors, 0 days recomputed, 0 broken'); // none sealed here: log-anchors.spec.ts covers them
    const fine = await cli(logged[9].requestId);
    expect(fine).toMatchObject({ code: 0 });
    expect(fine.stdout).toContain(`OK ${logged[9].requestId}: 5 entries`);
  });
});
