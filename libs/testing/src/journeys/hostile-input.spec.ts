import { serviceDatabaseName } from '@rightsflow/config';
import { dsarWorkflowId } from '@rightsflow/contracts';
import { payloadCodec } from '@rightsflow/temporal-bridge';
import mongoose from 'mongoose';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { linkIn } from '../lib/browser';
import { CaughtMail } from '../lib/mail-inbox';
import { addTestOperator } from '../lib/operators';
import { startTestProduct, TestProduct } from '../lib/product';
import { seededAccountEmails, seededSubject } from '../lib/sample-company';
import { appUrl } from '../lib/services';
import { eventually } from '../lib/temporal';
import { testConfig } from '../lib/test-config';
import {
  Body,
  CorpusContext,
  FILES,
  HostileCase,
  hostileCorpus,
  Leak,
  leaksIn,
  STRING_PAYLOADS,
  Target,
} from './hostile-corpus';

// Hostile inputs against every public HTTP endpoint of the running product
// (the whole product in this process, on the real stack): each must be
// refused with a clean 4xx that names the field at fault, says nothing about
// the code, the database or the workflow engine, carries the security
// headers, and stores nothing (documents in every service database and
// workflows on Temporal are counted before and after each family).
// Valid-but-odd requests the product rightly accepts are counted apart, as
// "accepted without disclosure", and checked to reveal nothing.

jest.setTimeout(400_000);

const scratch = mkdtempSync(path.join(tmpdir(), 'rf-hostile-'));
const config = testConfig({
  BUNDLE_DIR: path.join(scratch, 'bundles'),
  // The abuse limits would turn the corpus into 429s; they have tests of their own (protection.spec.ts).
  INTAKE_IP_WRITES_PER_MINUTE: '100000',
  INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000',
  INTAKE_UPLOAD_MAX_KB: '64',
});
const CSRF_COOKIE = 'rf_csrf';
const DATABASES = ['intake', 'identity', 'data', 'notifications', 'company'] as const;
const CONCURRENCY = 6;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  ms: number;
}

interface Snapshot {
  counts: Record<string, number>;
  workflows: Set<string>;
}

/**
 * A signed link token as the product makes them (libs/platform signClaims), built the way a forger would:
 * base64url(JSON [purpose, ref, expiresAt]) "." HMAC-SHA256. With the product's key it is genuine; with
 * any other key it is a forgery. (Not imported: the testing lib importing platform is a lint cycle.)
 */
function signed(key: string, claims: { purpose: string; ref: string; expiresAt: number }): string {
  const body = Buffer.from(JSON.stringify([claims.purpose, claims.ref, claims.expiresAt])).toString('base64url');
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
}

// ─── HTTP, exactly as written (no client-side normalisation of paths) ───────

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

async function encode(body: Body): Promise<{ data: Buffer; contentType?: string; contentEncoding?: string }> {
  if ('json' in body) return { data: Buffer.from(JSON.stringify(body.json)), contentType: 'application/json' };
  if ('raw' in body)
    return { data: Buffer.from(body.raw), contentType: body.contentType, contentEncoding: body.contentEncoding };
  if ('form' in body)
    return {
      data: Buffer.from(new URLSearchParams(body.form).toString()),
      contentType: 'application/x-www-form-urlencoded',
    };
  const form = new FormData();
  for (const [name, value] of body.multipart) form.append(name, value);
  for (const file of body.files ?? [])
    form.append(file.field, new Blob([file.data], { type: file.contentType }), file.filename);
  const request = new Request('http://encoder.invalid/', { method: 'POST', body: form });
  return {
    data: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? undefined,
  };
}

function send(
  base: string,
  method: string,
  requestPath: string,
  headers: Record<string, string>,
  data?: Buffer,
): Promise<Answer> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: requestPath,
        headers: { ...headers, ...(data ? { 'content-length': String(data.length) } : {}) },
        // Big bodies the server refuses early get a connection of their own.
        agent: data && data.length > 64 * 1024 ? false : agent,
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(60_000, () => request.destroy(new Error(`no answer to ${method} ${requestPath.slice(0, 80)}`)));
    // A server that answers 413 and closes while the body is still going out is what we want: the answer
    // still arrives. A connection that closes with no answer at all is a failure.
    let failure: Error | undefined;
    request.on('error', (error: NodeJS.ErrnoException) => {
      failure = error;
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    request.on('close', () => {
      if (!answered) reject(failure ?? new Error('the connection closed without an answer'));
    });
    request.end(data);
  });
}

/** A chunked body, joined (enough for the short answers of this test). */
function dechunked(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    const size = eol === -1 ? 0 : parseInt(text.slice(at, eol), 16);
    if (!size) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** A request as bytes on a fresh socket: for what no HTTP client will send. */
function sendRaw(base: string, bytes: string | Buffer): Promise<Answer> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(bytes));
    const done = () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = split === -1 ? text : text.slice(0, split);
      const [statusLine, ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = split === -1 ? '' : text.slice(split + 4);
      resolve({
        status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1] ?? 0),
        headers,
        body: headers['transfer-encoding'] === 'chunked' ? dechunked(rest) : rest,
        ms: performance.now() - started,
      });
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.setTimeout(10_000, () => socket.destroy());
  });
}

// ─── What a clean refusal is ────────────────────────────────────────────────

function leakFaults(body: string, counted?: (leak: Leak) => boolean): string[] {
  return leaksIn(body, counted).map((leak) => `leaks ${leak.name}: ${leak.excerpt}`);
}

function headerOf(answer: Answer, name: string): string {
  return [answer.headers[name] ?? ''].flat().join(', ');
}

function namesField(answer: Answer, field: string): boolean {
  const matches = (reported: string) =>
    reported === field || reported.startsWith(`${field}.`) || field.startsWith(`${reported}.`);
  if (headerOf(answer, 'content-type').startsWith('application/json')) {
    try {
      const parsed = JSON.parse(answer.body) as { fields?: { field: string }[] };
      return (parsed.fields ?? []).some((item) => matches(item.field));
    } catch {
      return false;
    }
  }
  // The web form marks the field (`<id>-error`); the other pages list `field: message`.
  const escaped = field.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return answer.body.includes('error-summary')
    ? answer.body.includes(`id="${escaped}-error"`)
    : answer.body.includes(`<p>${escaped}: `);
}

/** Everything wrong with one answer (empty: refused cleanly). */
function faultsOf(hostile: HostileCase, answer: Answer): string[] {
  const faults: string[] = [];
  const wanted = [hostile.expect.status].flat();
  if (answer.status === 0) faults.push(`no answer: ${answer.body.slice(0, 200)}`);
  else if (answer.status >= 500) faults.push(`answered ${answer.status} (server error)`);
  else if (!wanted.includes(answer.status)) faults.push(`answered ${answer.status}, expected ${wanted.join(' or ')}`);
  const publicSite = hostile.target === 'intake';
  faults.push(...leakFaults(answer.body, (leak) => publicSite || !leak.publicOnly));
  // Node's own parser refuses malformed HTTP before any of our code runs, with no headers and no body.
  const fromNodeParser = hostile.parserLevel === true && !answer.headers['content-security-policy'];
  if (publicSite && !fromNodeParser) faults.push(...missingSecurityHeaders(hostile.path, answer));
  if (fromNodeParser && answer.body.length > 0)
    faults.push(`a body without security headers: ${JSON.stringify(answer.body.slice(0, 200))}`);
  if (hostile.expect.field !== undefined && answer.status === 400 && !namesField(answer, hostile.expect.field)) {
    faults.push(`does not name the field ${hostile.expect.field}: ${JSON.stringify(answer.body.slice(0, 300))}`);
  }
  if (hostile.markup && headerOf(answer, 'content-type').includes('html') && answer.body.includes(hostile.markup))
    faults.push('reflects the markup unescaped');
  if (answer.headers['x-injected'] !== undefined || headerOf(answer, 'set-cookie').includes('rf_injected'))
    faults.push('a header was injected');
  return faults;
}

function missingSecurityHeaders(requestPath: string, answer: Answer): string[] {
  const missing: string[] = [];
  const expect = (name: string, ok: (value: string) => boolean) => {
    if (!ok(headerOf(answer, name))) missing.push(`security header ${name}: ${JSON.stringify(headerOf(answer, name))}`);
  };
  expect('content-security-policy', (v) => v.includes("default-src 'self'") || v.includes("default-src 'none'"));
  expect('x-content-type-options', (v) => v === 'nosniff');
  expect('x-frame-options', (v) => v === 'DENY');
  expect('referrer-policy', (v) => v === 'no-referrer');
  if (!requestPath.startsWith('/assets/')) expect('cache-control', (v) => v.includes('no-store'));
  if (answer.headers['x-powered-by'] !== undefined) missing.push('x-powered-by is sent');
  return missing;
}

// ─── Counting what is stored ────────────────────────────────────────────────

const connections = new Map<string, mongoose.Connection>();

async function snapshot(product: TestProduct): Promise<Snapshot> {
  const counts: Record<string, number> = {};
  for (const service of DATABASES) {
    const name = serviceDatabaseName(product.config, service);
    let connection = connections.get(name);
    if (!connection) {
      connection = await mongoose.createConnection(product.config.mongo.url, { dbName: name }).asPromise();
      connections.set(name, connection);
    }
    const db = connection.db;
    if (!db) throw new Error(`no database ${name}`);
    for (const { name: collection } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      counts[`${service}.${collection}`] = await db.collection(collection).countDocuments({});
    }
  }
  const workflows = new Set<string>();
  for await (const execution of product.client.workflow.list({
    query: `TaskQueue = "${product.config.temporal.taskQueues.orchestrator}"`,
  })) {
    workflows.add(execution.workflowId);
  }
  return { counts, workflows };
}

function storedChanges(before: Snapshot, after: Snapshot): string[] {
  const changes: string[] = [];
  for (const key of new Set([...Object.keys(before.counts), ...Object.keys(after.counts)])) {
    const [a, b] = [before.counts[key] ?? 0, after.counts[key] ?? 0];
    if (a !== b) changes.push(`${key}: ${a} → ${b}`);
  }
  const started = [...after.workflows].filter((id) => !before.workflows.has(id));
  if (started.length > 0) changes.push(`workflows started: ${started.join(', ')}`);
  return changes;
}

/**
 * Waits until nothing moves any more, by Temporal's own record: every workflow
 * of the product is closed, or running with no workflow task and no activity
 * pending (waiting on a timer or a person). Then counts what is stored.
 */
async function settled(product: TestProduct): Promise<Snapshot> {
  await eventually(async () => {
    for await (const execution of product.client.workflow.list({
      query: `TaskQueue = "${product.config.temporal.taskQueues.orchestrator}" AND ExecutionStatus = "Running"`,
    })) {
      const { raw } = await product.client.workflow.getHandle(execution.workflowId, execution.runId).describe();
      if (raw.pendingWorkflowTask || (raw.pendingActivities?.length ?? 0) > 0) return undefined;
    }
    return true;
  }, 60_000);
  return snapshot(product);
}

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

/** Every string anywhere in a JSON value. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, member]) => [key, ...stringsIn(member)]);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const describeTimes = (values: number[]) =>
  `median ${median(values).toFixed(1)} ms (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)}, n=${values.length})`;

/** A page or API answer with the per-request values (ids, tokens, dates, codes) masked, to compare two answers. */
function masked(text: string): string {
  return text
    .replace(/req_[a-z2-7]{16}/g, 'req_X')
    .replace(/token=[A-Za-z0-9_.%-]+/g, 'token=X')
    .replace(/"statusToken":"[^"]+"/g, '"statusToken":"X"')
    .replace(/name="(_csrf|submissionId)" value="[^"]+"/g, 'name="$1" value="X"')
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g, 'T')
    .replace(/\b\d{1,2} [A-Z][a-z]+ \d{4}\b/g, 'D')
    .replace(/\b\d{6}\b/g, 'CODE');
}

describe('hostile inputs against every public endpoint: refused cleanly, nothing stored, nothing revealed', () => {
  let product: TestProduct;
  let ctx: CorpusContext;
  let csrfCookie: string;
  const urls = {} as Record<Target, string>;
  const tally = new Map<string, { tried: number; refused: number }>();
  const accepted = new Map<string, number>();
  const failures: string[] = [];
  const timings: string[] = [];

  const count = (family: string, clean: boolean) => {
    const entry = tally.get(family) ?? { tried: 0, refused: 0 };
    entry.tried++;
    if (clean) entry.refused++;
    tally.set(family, entry);
  };
  const countAccepted = (what: string) => accepted.set(what, (accepted.get(what) ?? 0) + 1);
  const newEmail = () => `hostile-${randomBytes(6).toString('hex')}@example.com`;
  const intake = (method: string, requestPath: string, headers: Record<string, string> = {}, data?: Buffer) =>
    send(urls.intake, method, requestPath, headers, data);
  const postJson = (requestPath: string, json: unknown, headers: Record<string, string> = {}) =>
    intake('POST', requestPath, { 'content-type': 'application/json', ...headers }, Buffer.from(JSON.stringify(json)));
  const postForm = async (requestPath: string, body: Body) => {
    const { data, contentType } = await encode(body);
    return intake(
      'POST',
      requestPath,
      { 'content-type': String(contentType), cookie: `${CSRF_COOKIE}=${csrfCookie}` },
      data,
    );
  };

  async function run(hostile: HostileCase): Promise<Answer> {
    if (hostile.raw !== undefined) return sendRaw(urls[hostile.target], hostile.raw);
    const headers: Record<string, string> = { ...(hostile.headers ?? {}) };
    if (hostile.csrfCookie) headers['cookie'] = `${CSRF_COOKIE}=${csrfCookie}`;
    let data: Buffer | undefined;
    if (hostile.body) {
      const encoded = await encode(hostile.body);
      data = encoded.data;
      if (encoded.contentType) headers['content-type'] = encoded.contentType;
      if (encoded.contentEncoding) headers['content-encoding'] = encoded.contentEncoding;
    }
    return send(urls[hostile.target], hostile.method, hostile.path, headers, data);
  }

  async function submitted(
    email: string,
    body: Record<string, unknown>,
  ): Promise<{ requestId: string; statusToken: string }> {
    const answer = await postJson('/api/v1/requests', { ...body, email });
    if (answer.status !== 201) throw new Error(`setup request refused: ${answer.status} ${answer.body}`);
    return JSON.parse(answer.body) as { requestId: string; statusToken: string };
  }

  const verificationMail = (email: string, requestId: string): Promise<CaughtMail> =>
    product.inbox.waitFor(
      email,
      (mail) => /code is \d{6}/.test(mail.subject) && mail.text.includes(requestId),
      120_000,
    );

  /** A seeded person's access request, confirmed (by the emailed link or the code) and answered with a download. */
  async function completedAccess(email: string, by: 'link' | 'code') {
    const subject = await seededSubject(product.config, email);
    const { requestId, statusToken } = await submitted(email, {
      type: 'access',
      jurisdiction: 'GDPR',
      name: subject.fullName,
      dataPoints: { accountId: subject.accountId, phone: subject.phone },
    });
    const mail = await verificationMail(email, requestId);
    const usedVerifyToken = new URL(linkIn(mail, '/verify/')).searchParams.get('token') ?? '';
    const confirmed =
      by === 'link'
        ? await postForm(`/verify/${requestId}`, {
            form: [
              ['_csrf', ctx.csrfToken],
              ['token', usedVerifyToken],
            ],
          })
        : await postJson(`/api/v1/requests/${requestId}/verification-code`, {
            code: /code is (\d{6})/.exec(mail.subject)?.[1],
          });
    if (confirmed.status !== 200) throw new Error(`setup confirmation refused: ${confirmed.status}`);
    const answer = await product.inbox.waitFor(
      email,
      (m) => m.text.includes('/download/') && m.text.includes(requestId),
      180_000,
    );
    const download = new URL(linkIn(answer, '/download/'));
    await product.client.workflow.getHandle(dsarWorkflowId(requestId)).result();
    return {
      requestId,
      statusToken,
      usedVerifyToken,
      bundleId: download.pathname.split('/')[2],
      downloadToken: download.searchParams.get('token') ?? '',
    };
  }

  beforeAll(async () => {
    product = await startTestProduct(config, { subjects: 6 });
    urls.intake = product.intakeUrl;
    for (const target of ['data', 'identity', 'notifications', 'orchestrator'] as const)
      urls[target] = await appUrl(product.apps[target]);

    // A browser's CSRF cookie and the token the form carries for it.
    const form = await intake('GET', '/');
    csrfCookie = /rf_csrf=([^;]+)/.exec(headerOf(form, 'set-cookie'))?.[1] ?? '';
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    expect(csrfCookie).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(csrfToken).not.toBe('');

    ctx = {
      csrfToken,
      operatorToken: await addTestOperator(product.intakeUrl, product.config, 'hostile-viewer', 'viewer'),
      uploadMaxBytes: product.config.intake.uploadMaxKb * 1024,
      sign: (claims, key = product.config.secrets.linkSigningKey) => signed(key, claims),
      newEmail,
      // Filled in below, from real requests.
      pending: { requestId: '', statusToken: '' },
      done: { requestId: '', statusToken: '', usedVerifyToken: '', bundleId: '', downloadToken: '' },
      other: { bundleId: '', downloadToken: '' },
    };
    const [mine, theirs] = await seededAccountEmails(product.config);
    const pendingEmail = newEmail();
    const [done, other, pending] = await Promise.all([
      completedAccess(mine, 'link'),
      completedAccess(theirs, 'code'),
      (async () => {
        const request = await submitted(pendingEmail, { type: 'deletion', jurisdiction: 'GDPR', name: 'Pat Pending' });
        await verificationMail(pendingEmail, request.requestId);
        return request;
      })(),
    ]);
    Object.assign(ctx, { done, other: { bundleId: other.bundleId, downloadToken: other.downloadToken }, pending });
  }, 400_000);

  afterAll(async () => {
    const rows = [...tally.entries()];
    const tried = rows.reduce((sum, [, t]) => sum + t.tried, 0);
    const refused = rows.reduce((sum, [, t]) => sum + t.refused, 0);
    const acceptedTotal = [...accepted.values()].reduce((sum, n) => sum + n, 0);
    process.stdout.write(
      [
        '',
        `hostile inputs: ${tried} tried, ${refused} refused cleanly`,
        ...rows.map(
          ([family, t]) =>
            `  ${family.padEnd(26)} ${String(t.tried).padStart(4)} tried ${String(t.refused).padStart(4)} refused cleanly`,
        ),
        `accepted without disclosure: ${acceptedTotal}`,
        ...[...accepted.entries()].map(([what, n]) => `  ${what.padEnd(60)} ${String(n).padStart(3)}`),
        'enumeration timings (printed, never asserted):',
        ...timings.map((line) => `  ${line}`),
        ...(failures.length > 0 ? ['not clean:', ...failures.slice(0, 200).map((line) => `  ${line}`)] : []),
        '',
      ].join('\n'),
    );
    agent.destroy();
    for (const connection of connections.values()) await connection.close();
    await product?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('knows a leak when it sees one (the detector itself)', () => {
    const leaked = (text: string) => leaksIn(text).map((leak) => leak.name);
    expect(
      leaked(
        "TypeError: Cannot read properties of undefined (reading 'trim')\n    at validateSubmission (/work/main/libs/intake/src/lib/submission/validate-submission.ts:98:41)",
      ),
    ).toEqual(['stack trace', 'file path', 'exception class']);
    expect(leaked('MongoServerError: E11000 duplicate key error collection: t1_intake.requests')).toEqual([
      'database',
      'exception class',
    ]);
    expect(leaked('WorkflowNotFoundError: workflow not found for ID: dsar-req_x')).toEqual([
      'workflow engine',
      'exception class',
    ]);
    expect(leaked('{"message":"Unexpected token \'N\', \\"x\\":NaN} is not valid JSON"}')).toEqual([
      'parser internals',
    ]);
    expect(leaked('{"statusCode":400,"error":"Bad Request","message":["email must be an email address"]}')).toEqual([]);
    // Our own random values are no leak, even when one spells "gRPc" (a test run met this submission id).
    expect(
      leaked(
        '<input type="hidden" name="submissionId" value="9CP1Kb0MzOgRPcvkQZsNAvEM"><a href="/status/req_grpcmongoaaaaaaa?token=xTemporalx">',
      ),
    ).toEqual([]);
    expect(leaked('<p>gRPC error: task queue t1-intake</p>')).toEqual(['workflow engine']);
  });

  it('refuses every case of the corpus with a clean 4xx, naming the field, revealing nothing, storing nothing', async () => {
    const corpus = hostileCorpus(ctx);
    const families = [...new Set(corpus.map((hostile) => hostile.family))];
    const sameAs = new Map<string, { name: string; status: number; body: string }>();
    let before = await settled(product);
    for (const family of families) {
      const cases = corpus.filter((hostile) => hostile.family === family);
      const answers = await inBatches(cases, CONCURRENCY, async (hostile) => {
        try {
          return await run(hostile);
        } catch (error) {
          return { status: 0, headers: {}, body: String((error as Error).message), ms: 0 } satisfies Answer;
        }
      });
      cases.forEach((hostile, i) => {
        const answer = answers[i];
        const faults = faultsOf(hostile, answer);
        const group = hostile.expect.sameAs;
        if (group !== undefined) {
          const first = sameAs.get(group);
          if (!first) sameAs.set(group, { name: hostile.name, status: answer.status, body: answer.body });
          else if (first.status !== answer.status || first.body !== answer.body)
            faults.push(`answers differently from "${first.name}" (${first.status} vs ${answer.status})`);
        }
        count(family, faults.length === 0);
        for (const fault of faults) failures.push(`[${family}] ${hostile.name}: ${fault}`);
      });
      // Nothing stored: every database of the product and the workflow list, as before the family.
      const after = await snapshot(product);
      for (const change of storedChanges(before, after)) failures.push(`[${family}] stored something: ${change}`);
      before = after;
    }
    // No body or form field polluted the prototype of objects in this process (the product runs here).
    const probe: Record<string, unknown> = {};
    expect([
      probe['polluted'],
      probe['isAdmin'],
      Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'),
    ]).toEqual([undefined, undefined, false]);
    expect(failures).toEqual([]);
  });

  it('accepts valid-but-odd requests and answers a known and an unknown person alike, without disclosing anything', async () => {
    const before = await settled(product);
    const created: { requestId: string; email: string; secrets: string[] }[] = [];
    const faults: string[] = [];
    const clean = (
      what: string,
      answer: Answer,
      status: number,
      options: { allowDependencyNames?: boolean; mustNotContain?: string[]; site?: boolean } = {},
    ) => {
      const problems: string[] = [];
      if (answer.status !== status)
        problems.push(`answered ${answer.status}, expected ${status}: ${answer.body.slice(0, 200)}`);
      // A health check names the dependencies it checks: that is its job (see the report).
      const dependencyName = (leak: Leak) => leak.name === 'database' || leak.name === 'workflow engine';
      problems.push(...leakFaults(answer.body, (leak) => !(options.allowDependencyNames && dependencyName(leak))));
      if (options.site !== false) problems.push(...missingSecurityHeaders('/', answer));
      for (const secret of options.mustNotContain ?? [])
        if (answer.body.includes(secret)) problems.push(`says back ${JSON.stringify(secret.slice(0, 40))}`);
      faults.push(...problems.map((problem) => `${what}: ${problem}`));
      countAccepted(what.replace(/ #\d+$/, ''));
    };
    const submit = async (
      what: string,
      body: Record<string, unknown>,
      secrets: string[],
      headers: Record<string, string> = {},
    ) => {
      const email = String(body['email']);
      const answer = await postJson('/api/v1/requests', body, headers);
      clean(what, answer, 201, { mustNotContain: [email, ...secrets] });
      if (answer.status === 201)
        created.push({ requestId: (JSON.parse(answer.body) as { requestId: string }).requestId, email, secrets });
      return answer;
    };

    // Health checks and the API description take any query string and ignore it.
    for (const target of ['intake', 'data', 'identity', 'notifications', 'orchestrator'] as const) {
      const answer = await send(
        urls[target],
        'GET',
        `/health?${encodeURIComponent('{"$where":"1"}')}=1&__proto__[polluted]=yes`,
        {},
      );
      // The public site's health check names no dependency; the internal ports' name what they check.
      clean(`health check with a hostile query (${target})`, answer, 200, {
        allowDependencyNames: target !== 'intake',
        site: target === 'intake',
      });
    }
    clean(
      'API description with ?url= and ?configUrl= of another site',
      await intake('GET', '/api/docs?url=https://evil.example/spec.json&configUrl=https://evil.example/c.json'),
      200,
      { mustNotContain: ['evil.example'] },
    );
    clean('API description as JSON', await intake('GET', '/api/docs-json'), 200);
    const script = `<script>alert("rf-xss")</script>`;
    clean(
      'the form with a script as ?jurisdiction=',
      await intake('GET', `/?jurisdiction=${encodeURIComponent(script)}`),
      200,
      { mustNotContain: [script] },
    );

    // A verify link renders its page for any well-formed token; the token is checked only when confirmed.
    clean(
      'verify page with a forged token',
      await intake('GET', `/verify/${ctx.pending.requestId}?token=${'C'.repeat(43)}`),
      200,
    );
    clean('verify page with an empty token', await intake('GET', `/verify/${ctx.pending.requestId}?token=`), 200);
    clean('the form with a malformed CSRF cookie', await intake('GET', '/', { cookie: 'rf_csrf=%E0%A4%A' }), 200);
    clean(
      'verify page with a script as the token',
      await intake(
        'GET',
        `/verify/${ctx.pending.requestId}?token=${encodeURIComponent(`"><svg onload=alert(1)>${script}`)}`,
      ),
      200,
      { mustNotContain: [script, '"><svg'] },
    );

    // The honeypot: a bot that fills the hidden field gets the usual page, and nothing is stored.
    const registryBeforeBot = (await snapshot(product)).counts['intake.requests'] ?? 0;
    const bot = await postForm('/', {
      multipart: [
        ['_csrf', ctx.csrfToken],
        ['type', 'deletion'],
        ['jurisdiction', 'GDPR'],
        ['email', newEmail()],
        ['name', 'Bot'],
        ['website', 'http://spam.example'],
      ],
    });
    clean('a bot filling the honeypot field', bot, 200);
    if (((await snapshot(product)).counts['intake.requests'] ?? 0) !== registryBeforeBot)
      faults.push('the honeypot stored a request');

    // Plain words that look like attacks are a legitimate name: stored sealed, never said back, never interpreted.
    for (const payload of STRING_PAYLOADS.filter((p) => p.plainText)) {
      await submit(
        `a name that is ${payload.name}`,
        { type: 'deletion', jurisdiction: 'GDPR', email: newEmail(), name: payload.value },
        [payload.value],
      );
    }
    const formName = "Robert'); DROP TABLE requests;--";
    const formEmail = newEmail();
    const formAnswer = await postForm('/', {
      multipart: [
        ['_csrf', ctx.csrfToken],
        ['type', 'deletion'],
        ['jurisdiction', 'GDPR'],
        ['email', formEmail],
        ['name', formName],
      ],
    });
    clean('the web form with an SQL-ish name', formAnswer, 201, { mustNotContain: [formName] });
    const formId = /req_[a-z2-7]{16}/.exec(formAnswer.body)?.[0];
    if (formId) created.push({ requestId: formId, email: formEmail, secrets: [formName] });

    // An agent's real PDF whose file name is a path traversal: the name never reaches storage.
    const agentEmail = newEmail();
    const { data: upload, contentType: uploadType } = await encode({
      multipart: [
        [
          'request',
          JSON.stringify({
            type: 'deletion',
            jurisdiction: 'GDPR',
            email: agentEmail,
            name: 'Ada Lovelace',
            agent: { name: 'Grace Hopper', email: 'agent@agency.example' },
          }),
        ],
      ],
      files: [
        {
          field: 'permission',
          filename: '../../../../etc/cron.d/evil.pdf',
          contentType: 'application/pdf',
          data: FILES.pdf,
        },
      ],
    });
    const agentAnswer = await intake('POST', '/api/v1/requests', { 'content-type': String(uploadType) }, upload);
    clean('an agent upload named ../../../../etc/cron.d/evil.pdf', agentAnswer, 201, { mustNotContain: ['cron.d'] });
    if (agentAnswer.status === 201)
      created.push({
        requestId: (JSON.parse(agentAnswer.body) as { requestId: string }).requestId,
        email: agentEmail,
        secrets: ['cron.d'],
      });
    const files = await connections
      .get(serviceDatabaseName(product.config, 'intake'))
      ?.db?.collection('permissions.files')
      .find({})
      .toArray();
    for (const file of files ?? [])
      if (!/^permission-[0-9a-f]{16}$/.test(String(file['filename'])))
        faults.push(`a permission is stored as ${JSON.stringify(file['filename'])}`);

    // A forged Host header: links are built on PUBLIC_BASE_URL, never on what the client says.
    const hostEmail = newEmail();
    const hostBody = JSON.stringify({ type: 'deletion', jurisdiction: 'GDPR', email: hostEmail, name: 'Ada Lovelace' });
    const hostAnswer = await sendRaw(
      urls.intake,
      `POST /api/v1/requests HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Host: evil.example\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(hostBody)}\r\nConnection: close\r\n\r\n${hostBody}`,
    );
    clean('a submission with a forged Host header', hostAnswer, 201, { mustNotContain: ['evil.example', hostEmail] });
    if (hostAnswer.status === 201)
      created.push({
        requestId: (JSON.parse(hostAnswer.body) as { requestId: string }).requestId,
        email: hostEmail,
        secrets: ['evil.example'],
      });

    // Well-formed but wrong secrets for the pending request: answered alike, and it stays unverified.
    clean(
      'confirming with a forged, well-formed link token',
      await postForm(`/verify/${ctx.pending.requestId}`, {
        form: [
          ['_csrf', ctx.csrfToken],
          ['token', 'D'.repeat(43)],
        ],
      }),
      200,
    );
    clean(
      'confirming with the other request’s used link token',
      await postForm(`/verify/${ctx.pending.requestId}`, {
        form: [
          ['_csrf', ctx.csrfToken],
          ['token', ctx.done.usedVerifyToken],
        ],
      }),
      200,
    );
    const wrongCode = await postJson(`/api/v1/requests/${ctx.pending.requestId}/verification-code`, { code: '000000' });
    clean('a wrong, well-formed code', wrongCode, 200);
    const pendingNow = await intake(
      'GET',
      `/api/v1/requests/${ctx.pending.requestId}?token=${encodeURIComponent(ctx.pending.statusToken)}`,
    );
    expect(JSON.parse(pendingNow.body)).toMatchObject({ status: 'awaiting_verification' });
    expect(JSON.parse(wrongCode.body)).toMatchObject({ verified: false });

    // Enumeration: a seeded person and an unknown email get the same answer (timings printed, not asserted).
    const [seeded] = await seededAccountEmails(product.config);
    const apiTimes: Record<'seeded' | 'unknown', number[]> = { seeded: [], unknown: [] };
    const apiBodies: Record<'seeded' | 'unknown', string[]> = { seeded: [], unknown: [] };
    const enumerationIds: Record<'seeded' | 'unknown', string[]> = { seeded: [], unknown: [] };
    for (let round = 0; round < 4; round++) {
      for (const who of round % 2 === 0 ? (['seeded', 'unknown'] as const) : (['unknown', 'seeded'] as const)) {
        const email = who === 'seeded' ? seeded : newEmail();
        const answer = await submit(
          `enumeration: API submission for ${who === 'seeded' ? 'a seeded' : 'an unknown'} email #${round}`,
          { type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada Lovelace' },
          [],
        );
        apiTimes[who].push(answer.ms);
        apiBodies[who].push(masked(answer.body));
        enumerationIds[who].push((JSON.parse(answer.body) as { requestId: string }).requestId);
      }
    }
    expect(new Set([...apiBodies.seeded, ...apiBodies.unknown]).size).toBe(1);
    timings.push(
      `API submission, seeded email: ${describeTimes(apiTimes.seeded)}`,
      `API submission, unknown email: ${describeTimes(apiTimes.unknown)}`,
    );

    const formTimes: Record<'seeded' | 'unknown', number[]> = { seeded: [], unknown: [] };
    const formPages: Record<'seeded' | 'unknown', string[]> = { seeded: [], unknown: [] };
    for (let round = 0; round < 2; round++) {
      for (const who of ['seeded', 'unknown'] as const) {
        const email = who === 'seeded' ? seeded : newEmail();
        const answer = await postForm('/', {
          multipart: [
            ['_csrf', ctx.csrfToken],
            ['submissionId', randomBytes(18).toString('base64url')],
            ['type', 'deletion'],
            ['jurisdiction', 'GDPR'],
            ['email', email],
            ['name', 'Ada Lovelace'],
          ],
        });
        clean(
          `enumeration: web form submission for ${who === 'seeded' ? 'a seeded' : 'an unknown'} email #${round}`,
          answer,
          201,
          {
            mustNotContain: [email],
          },
        );
        formTimes[who].push(answer.ms);
        formPages[who].push(masked(answer.body));
        const id = /req_[a-z2-7]{16}/.exec(answer.body)?.[0];
        if (id) created.push({ requestId: id, email, secrets: [] });
      }
    }
    expect(new Set([...formPages.seeded, ...formPages.unknown]).size).toBe(1);
    timings.push(
      `web form submission, seeded email: ${describeTimes(formTimes.seeded)}`,
      `web form submission, unknown email: ${describeTimes(formTimes.unknown)}`,
    );

    // Probing for requests: an unknown reference and a wrong token are one answer.
    const lookups: Record<'wrong token' | 'unknown id', Answer[]> = { 'wrong token': [], 'unknown id': [] };
    for (let round = 0; round < 5; round++) {
      lookups['wrong token'].push(
        await intake('GET', `/api/v1/requests/${ctx.pending.requestId}?token=${'Q'.repeat(32)}`),
      );
      lookups['unknown id'].push(
        await intake(
          'GET',
          `/api/v1/requests/req_${'a'.repeat(15)}${'bcdefghijk'[round]}?token=${encodeURIComponent(ctx.pending.statusToken)}`,
        ),
      );
    }
    for (const [what, answers] of Object.entries(lookups)) {
      for (const answer of answers)
        count(
          'enumeration',
          answer.status === 404 &&
            answer.body === lookups['unknown id'][0].body &&
            missingSecurityHeaders('/', answer).length === 0,
        );
      timings.push(`status lookup, ${what}: ${describeTimes(answers.map((a) => a.ms))}`);
    }
    expect(
      new Set([...lookups['wrong token'], ...lookups['unknown id']].map((a) => `${a.status} ${a.body}`)).size,
    ).toBe(1);

    // The emails they get read the same too.
    const mailOf = async (email: string, requestId: string) => {
      const mail = await verificationMail(email, requestId);
      return masked(`${mail.subject}\n${mail.text}`).replace(
        new RegExp(email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'),
        'EMAIL',
      );
    };
    const unknownEmail = created.find((c) => c.requestId === enumerationIds.unknown[0])?.email ?? '';
    expect(await mailOf(unknownEmail, enumerationIds.unknown[0])).toBe(await mailOf(seeded, enumerationIds.seeded[0]));

    // Stored: exactly the accepted requests and their workflows, each revealing nothing of the person.
    const after = await eventually(async () => {
      const now = await snapshot(product);
      return now.workflows.size - before.workflows.size >= created.length ? now : undefined;
    }, 30_000);
    expect((after.counts['intake.requests'] ?? 0) - (before.counts['intake.requests'] ?? 0)).toBe(created.length);
    expect([...after.workflows].filter((id) => !before.workflows.has(id)).sort()).toEqual(
      created.map((c) => dsarWorkflowId(c.requestId)).sort(),
    );
    for (const service of ['data', 'company']) {
      for (const key of Object.keys(after.counts).filter((k) => k.startsWith(`${service}.`))) {
        expect({ key, count: after.counts[key] }).toEqual({ key, count: before.counts[key] });
      }
    }
    const codec = payloadCodec(product.config);
    for (const request of created) {
      const handle = product.client.workflow.getHandle(dsarWorkflowId(request.requestId));
      const description = await handle.describe();
      const visible = stringsIn({
        id: description.workflowId,
        search: description.searchAttributes,
        memo: description.memo ?? null,
      });
      const history = await handle.fetchHistory();
      // Every string of the start input, decrypted with the payload codec as a key holder sees it, then
      // decoded (JSON escaping would hide a secret from a plain search).
      const payloads = await codec.decode(history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? []);
      const input = payloads.flatMap((p) => stringsIn(JSON.parse(Buffer.from(p.data ?? []).toString('utf8'))));
      for (const secret of [request.email, ...request.secrets]) {
        if (visible.some((text) => text.includes(secret)))
          faults.push(
            `${request.requestId}: its workflow id, search attributes or memo show ${JSON.stringify(secret)}`,
          );
        if (input.some((text) => text.includes(secret)))
          faults.push(`${request.requestId}: its workflow input holds ${JSON.stringify(secret)} in clear`);
      }
    }
    expect(faults).toEqual([]);
  });
});
