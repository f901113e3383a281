import { INestApplication } from '@nestjs/common';
import { serviceDatabaseName } from '@rightsflow/config';
import { DataModule } from '@rightsflow/data';
import { signClaims } from '@rightsflow/platform';
import { appUrl, startTestService, testConfig } from '@rightsflow/testing';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { freePort } from '@rightsflow/testing';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startIntake } from '../../test/start-intake';
import { dataProxyRoute } from './data-proxy';

jest.setTimeout(120_000);


describe('dataProxyRoute (which paths intake forwards to the data service)', () => {
  it('forwards only GET/HEAD /download/<id>[/<file>] and POST /processors/callback/<id>', () => {
    expect(dataProxyRoute('GET', '/download/b123')).toBe('download');
    expect(dataProxyRoute('HEAD', '/download/b123/data.json')).toBe('download');
    expect(dataProxyRoute('POST', '/processors/callback/0a1b-2c')).toBe('callback');
    expect(dataProxyRoute('GET', '/')).toBeUndefined();
    expect(dataProxyRoute('GET', '/downloads')).toBeUndefined();
    expect(dataProxyRoute('GET', '/status/req_1')).toBeUndefined();
    for (const [method, p] of [
      ['POST', '/download/b123'],
      ['GET', '/download'],
      ['GET', '/download/'],
      ['GET', '/download/b123/csv/orders.csv'],
      ['GET', '/download/b123/..'],
      ['GET', '/download/%2e%2e/health'],
      ['GET', '/processors/callback/abc'],
      ['POST', '/processors/callback/abc/more'],
      ['POST', '/processors/callback'],
    ]) {
      expect({ method, p, route: dataProxyRoute(method, p) }).toEqual({ method, p, route: 'refused' });
    }
  });
});

describe('intake proxies download links and processor callbacks to the data service (R16, R18)', () => {
  const bundleDir = mkdtempSync(path.join(tmpdir(), 'rf-proxy-bundles-'));
  const dataConfig = testConfig({ BUNDLE_DIR: bundleDir });
  let data: INestApplication;
  let intake: INestApplication;
  let orphan: INestApplication;
  let dataBase: string;
  let base: string;
  let orphanBase: string;
  const bundleId = `b${randomBytes(16).toString('hex')}`;
  const createdAt = new Date('2026-03-04T05:06:07Z');
  const dataJson = JSON.stringify({ records: [{ collection: 'customers', email: 'ada@example.com' }] });

  beforeAll(async () => {
    data = await startTestService('data', DataModule, dataConfig);
    dataBase = await appUrl(data);
    // Intake shares the test's prefixes with data (no need, but harmless) and points at it.
    intake = await startIntake({ ...dataConfig, http: { ...dataConfig.http, dataServiceUrl: dataBase } });
    base = await appUrl(intake);
    orphan = await startIntake(testConfig({ DATA_SERVICE_URL: `http://127.0.0.1:${await freePort()}` }));
    orphanBase = await appUrl(orphan);

    // One bundle, as the export activity leaves it: files on disk and a record in <prefix>_data.bundles.
    mkdirSync(path.join(bundleDir, bundleId, 'csv'), { recursive: true });
    writeFileSync(path.join(bundleDir, bundleId, 'data.json'), dataJson);
    writeFileSync(path.join(bundleDir, bundleId, 'summary.html'), '<!doctype html><p style="color:red">Your data</p>');
    writeFileSync(path.join(bundleDir, bundleId, 'csv', 'customers.csv'), 'email\nada@example.com\n');
    const connection = await mongoose.createConnection(dataConfig.mongo.url, { dbName: serviceDatabaseName(dataConfig, 'data') }).asPromise();
    await connection.collection('bundles').insertOne({
      _id: bundleId as unknown as mongoose.mongo.ObjectId,
      requestId: 'req_proxytest',
      requestType: 'access',
      createdAt,
      expiresAt: new Date(Date.now() + 86_400_000),
      recordCount: 1,
      files: ['data.json', 'summary.html', 'csv/customers.csv'],
    });
    await connection.close();
  });

  afterAll(async () => {
    await intake?.close();
    await orphan?.close();
    await data?.close();
    rmSync(bundleDir, { recursive: true, force: true });
  });

  const token = (ref = bundleId, expiresAt = Date.now() + 3_600_000) => encodeURIComponent(signClaims(dataConfig.secrets.linkSigningKey, { purpose: 'download', ref, expiresAt }));

  it('R16 streams the whole bundle (zip) byte for byte as the data service serves it, with its name', async () => {
    const direct = await fetch(`${dataBase}/download/${bundleId}?token=${token()}`);
    const proxied = await fetch(`${base}/download/${bundleId}?token=${token()}`);
    expect(proxied.status).toBe(200);
    expect(proxied.headers.get('content-type')).toBe('application/zip');
    expect(proxied.headers.get('content-disposition')).toBe('attachment; filename="personal-data-2026-03-04.zip"');
    expect(proxied.headers.get('cache-control')).toBe('no-store');
    const [a, b] = [Buffer.from(await direct.arrayBuffer()), Buffer.from(await proxied.arrayBuffer())];
    expect(b.subarray(0, 4).toString('hex')).toBe('504b0304');
    expect(b.equals(a)).toBe(true);
  });

  it('R16 serves one file of the bundle, keeping the data service\'s content type and CSP', async () => {
    const json = await fetch(`${base}/download/${bundleId}/data.json?token=${token()}`);
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.text()).toBe(dataJson);
    const summary = await fetch(`${base}/download/${bundleId}/summary.html?token=${token()}`);
    expect(summary.headers.get('content-disposition')).toBe('inline; filename="summary.html"');
    expect(summary.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'");
    expect(summary.headers.get('x-frame-options')).toBe('DENY');
    const csv = await fetch(`${base}/download/${bundleId}/customers.csv?token=${token()}`);
    expect(await csv.text()).toBe('email\nada@example.com\n');
  });

  it('R16 passes the data service\'s refusals through: bad token 403, expired 410, unknown file 404 (never 502)', async () => {
    const forged = await fetch(`${base}/download/${bundleId}?token=not-a-token`);
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('This download link is not valid.');
    expect((await fetch(`${base}/download/${bundleId}`)).status).toBe(403);
    expect((await fetch(`${base}/download/${bundleId}?token=${token(`b${'0'.repeat(32)}`)}`)).status).toBe(403);
    expect((await fetch(`${base}/download/${bundleId}?token=${token(bundleId, Date.now() - 1)}`)).status).toBe(410);
    expect((await fetch(`${base}/download/${bundleId}/secrets.txt?token=${token()}`)).status).toBe(404);
  });

  it('R18 forwards a processor callback with its body: the data service checks signature, then body, then id', async () => {
    const id = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';
    const callbackToken = encodeURIComponent(signClaims(dataConfig.secrets.linkSigningKey, { purpose: 'processor-callback', ref: id, expiresAt: Date.now() + 3_600_000 }));
    const post = (query: string, body: unknown) =>
      fetch(`${base}/processors/callback/${id}${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('?token=forged', { subject_request_id: id, request_status: 'completed' })).status).toBe(403);
    expect((await post(`?token=${callbackToken}`, { subject_request_id: id, request_status: 'bogus' })).status).toBe(400);
    // A well-formed, signed callback for a notification we never sent: the body arrived intact.
    expect((await post(`?token=${callbackToken}`, { subject_request_id: id, request_status: 'completed' })).status).toBe(404);
    const huge = await post(`?token=${callbackToken}`, { subject_request_id: id, request_status: 'completed', padding: 'x'.repeat(40_000) });
    expect(huge.status).toBe(413);
  });

  it('R16 R18 refuses a repeated token (?token=a&token=b) with 403, not a 500, through the site and on the data service', async () => {
    const id = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';
    for (const origin of [base, dataBase]) {
      expect((await fetch(`${origin}/download/${bundleId}?token=${token()}&token=${token()}`)).status).toBe(403);
      expect((await fetch(`${origin}/download/${bundleId}/data.json?token=forged&token=${token()}`)).status).toBe(403);
      const callback = await fetch(`${origin}/processors/callback/${id}?token=a&token=b`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subject_request_id: id, request_status: 'completed' }),
      });
      expect(callback.status).toBe(403);
    }
  });

  it('R18 refuses a callback body that is not one JSON object itself (400), without the parser\'s words', async () => {
    const id = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';
    const signed = encodeURIComponent(signClaims(dataConfig.secrets.linkSigningKey, { purpose: 'processor-callback', ref: id, expiresAt: Date.now() + 3_600_000 }));
    for (const body of ['{"subject_request_id":', 'null', '[1]', 'not json', Buffer.from([0x7b, 0xff, 0x7d])]) {
      const response = await fetch(`${base}/processors/callback/${id}?token=${signed}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).toContain('body: must be one JSON object');
      expect(page).not.toMatch(/Unexpected|JSON at position|is not valid JSON/);
    }
  });

  it('refuses other paths under those prefixes without asking the data service, and keeps /health private', async () => {
    expect((await fetch(`${base}/download/${bundleId}/csv/customers.csv?token=${token()}`)).status).toBe(404);
    expect((await fetch(`${base}/download/${bundleId}?token=${token()}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${base}/processors/callback/abc`)).status).toBe(404);
    // Intake's own /health answers, not data's (which names its service and checks): the status alone,
    // since this is the public site.
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('answers 502 with Retry-After, and no internals, when the data service is down', async () => {
    const response = await fetch(`${orphanBase}/download/${bundleId}?token=${token()}`);
    expect(response.status).toBe(502);
    expect(response.headers.get('retry-after')).toBe('30');
    const page = await response.text();
    expect(page).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|fetch failed/);
  });
});

describe('what crosses the proxy (headers both ways, a failure mid-download)', () => {
  // A stand-in for the data service's HTTP port that records what reaches it: the real
  // service neither echoes request headers nor fails halfway on demand.
  let seen: http.IncomingHttpHeaders[] = [];
  let upstream: http.Server;
  let intake: INestApplication;
  let base: string;
  const bundleId = `b${'1'.repeat(32)}`;

  beforeAll(async () => {
    upstream = http.createServer((request, response) => {
      seen.push(request.headers);
      if (request.url?.startsWith(`/download/${bundleId}/broken.csv`)) {
        response.writeHead(200, { 'content-type': 'text/csv' });
        response.write('email\n');
        setImmediate(() => response.destroy());
        return;
      }
      response.writeHead(200, {
        'content-type': 'application/zip',
        'content-disposition': 'attachment; filename="personal-data.zip"',
        'set-cookie': 'internal=1',
        'x-internal-host': 'data-7f9c',
        server: 'data-service',
        'access-control-allow-origin': '*',
      });
      response.end('PK');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as net.AddressInfo;
    intake = await startIntake(testConfig({ DATA_SERVICE_URL: `http://127.0.0.1:${port}` }));
    base = await appUrl(intake);
  });

  afterAll(async () => {
    await intake?.close();
    await new Promise((resolve) => upstream?.close(resolve));
  });

  it('R16 forwards neither cookies, credentials nor forwarding headers, and passes back only the answer headers the client needs', async () => {
    seen = [];
    const response = await fetch(`${base}/download/${bundleId}?token=t`, {
      headers: { cookie: 'rf_csrf=abc', authorization: 'Bearer operator-token', 'x-forwarded-for': '203.0.113.9', 'x-custom': '1', accept: 'application/zip' },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('PK');
    expect(Object.keys(seen[0] ?? {}).sort()).toEqual(['accept', 'connection', 'host']);
    expect(seen[0]?.accept).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="personal-data.zip"');
    for (const name of ['set-cookie', 'x-internal-host', 'server', 'access-control-allow-origin']) expect({ name, value: response.headers.get(name) }).toEqual({ name, value: null });
    // Our own headers still frame the answer.
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('R16 cuts the connection when the data service fails mid-download, so a short file is never taken for the whole', async () => {
    const response = await fetch(`${base}/download/${bundleId}/broken.csv?token=t`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow();
  });
});
