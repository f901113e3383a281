import { DsarState, dsarWorkflowId } from '@rightsflow/contracts';
import type { ChainedEntry } from '@rightsflow/intake';
import { OperatorApi, RequestConsole, runOpsCommand } from '@rightsflow/ops';
import { temporalDataConverter, workflowBundlerOptions } from '@rightsflow/temporal-bridge';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { linkIn } from '../lib/browser';
import { startTestProduct, TestProduct } from '../lib/product';
import { seededAccountEmails, seededSubject, SeededSubject } from '../lib/sample-company';
import { codeclessTemporalClient, eventually } from '../lib/temporal';
import { workspaceRoot } from '../lib/services';
import { testConfig } from '../lib/test-config';
import { codeMail, finalState, mailAbout, requestBody, stateOf, submitByApi, submitCodeByApi, waitForStatus } from './agent-operator-steps';

// Issue 17 §1 and §2 on the whole product: nothing personal readable in Temporal's history
// without the payload codec, the codec endpoint only for operators, and operators who are
// who their credential says (roles, revocation, the request log's `via`), with every line
// the services print captured and searched for tokens.

jest.setTimeout(240_000);

const UI_ORIGIN = 'http://127.0.0.1:8233';

/** Every payload in a history with where it sits, outside search attributes (which the server must read, and hold no personal data). */
function payloadsOf(node: unknown, at = '', found: { at: string; payload: temporal.api.common.v1.IPayload }[] = []) {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return found;
  const record = node as Record<string, unknown>;
  if ('metadata' in record && 'data' in record && record['metadata'] && typeof record['metadata'] === 'object') {
    found.push({ at, payload: record as temporal.api.common.v1.IPayload });
    return found;
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'searchAttributes') continue;
    if (Array.isArray(value)) value.forEach((item, i) => payloadsOf(item, `${at}.${key}[${i}]`, found));
    else payloadsOf(value, `${at}.${key}`, found);
  }
  return found;
}

const encodingOf = (payload: temporal.api.common.v1.IPayload): string => Buffer.from(payload.metadata?.['encoding'] ?? new Uint8Array()).toString();

describe('privacy in depth: encrypted Temporal payloads, operator credentials (issue 17)', () => {
  let product: TestProduct;
  let plain: Client;
  let base: string;
  const printed: string[] = [];
  const tokens: Record<string, string> = {};
  const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  let subjects: SeededSubject[];
  const secrets = { denyReason: '', extendReason: '', approveNote: '', downloadToken: '' };
  const requestIds: string[] = [];
  let accessId = '';

  const cli = async (token: string | undefined, ...args: string[]) => {
    const lines: string[] = [];
    const code = await runOpsCommand(
      {
        console: new RequestConsole(product.client),
        operatorApi: token ? () => new OperatorApi(base, token) : undefined,
        adminApi: () => new OperatorApi(base, product.config.secrets.operatorApiToken),
      },
      args,
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    return lines;
  };
  const asOperator = (token: string, method: string, route: string, body?: unknown) =>
    fetch(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  const logOf = async (requestId: string): Promise<(ChainedEntry & { via?: string })[]> => {
    const response = await asOperator(tokens['val'] as string, 'GET', `/api/v1/operator/requests/${requestId}/timeline`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { log: (ChainedEntry & { via?: string })[] }).log;
  };
  /** A seeded person's request by the API, confirmed with the emailed code. */
  const verifiedRequest = async (subject: SeededSubject, type: string) => {
    const submitted = await submitByApi(base, requestBody(subject, type, 'GDPR'));
    requestIds.push(submitted.requestId);
    const { code } = await codeMail(product, subject.email, submitted.requestId);
    expect((await submitCodeByApi(base, submitted.requestId, code)).verified).toBe(true);
    return submitted.requestId;
  };

  beforeAll(async () => {
    // Everything every service prints, searched for tokens at the end. Development logging
    // (every Nest log line), not the test mode's errors-only.
    const capture = (original: typeof originals.out) => ((chunk: unknown, ...rest: unknown[]) => {
      printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    process.stdout.write = capture(originals.out);
    process.stderr.write = capture(originals.err);
    product = await startTestProduct({ ...testConfig({ PROCESSOR_NOTIFY_ATTEMPTS: '1' }), nodeEnv: 'development' }, { subjects: 12 });
    base = product.intakeUrl;
    plain = await codeclessTemporalClient(product.config);
    subjects = await Promise.all((await seededAccountEmails(product.config)).slice(0, 5).map((email) => seededSubject(product.config, email)));
  }, 240_000);

  afterAll(async () => {
    process.stdout.write = originals.out;
    process.stderr.write = originals.err;
    await plain?.connection.close();
    await product?.stop();
  });

  it('operators add prints a token once and stores only its hash; the bootstrap token manages operators and nothing else', async () => {
    for (const [name, role] of [['ann', 'approver'], ['vera', 'viewer'], ['val', 'viewer']] as const) {
      const lines = await cli(undefined, 'operators', 'add', name, '--role', role);
      expect(lines[0]).toBe(`operator ${name} (${role}) added. Token, shown this once; only its hash is kept:`);
      tokens[name] = lines[1] as string;
      expect(tokens[name]).toMatch(/^rfo_[A-Za-z0-9_-]{43}$/);
    }
    const listed = (await cli(undefined, 'operators', 'list')).join('\n');
    expect(listed).toMatch(/ann\s+approver/);
    expect(listed).toMatch(/vera\s+viewer/);
    for (const token of Object.values(tokens)) expect(listed).not.toContain(token);
    // A second token for a name that has a valid one is refused.
    await expect(new OperatorApi(base, product.config.secrets.operatorApiToken).addOperator('ann', 'viewer')).rejects.toMatchObject({ status: 409 });
    // The bootstrap token reads no records and acts on no request.
    expect((await asOperator(product.config.secrets.operatorApiToken, 'GET', '/api/v1/operator/metrics?year=2026')).status).toBe(401);
  });

  it('R21 a viewer cannot approve (403); the approver’s approval through the CLI is logged under the credential’s name, via the operator API', async () => {
    const requestId = await verifiedRequest(subjects[0] as SeededSubject, 'deletion');
    await waitForStatus(product, requestId, 'awaiting_approval');

    const byViewer = await asOperator(tokens['vera'] as string, 'POST', `/api/v1/operator/requests/${requestId}/approve`, {});
    expect(byViewer.status).toBe(403);
    expect(JSON.stringify(await byViewer.json())).toContain('needs the approver role');
    // The operator is the token's: a body naming one is refused, naming the field.
    const named = await asOperator(tokens['ann'] as string, 'POST', `/api/v1/operator/requests/${requestId}/approve`, { operator: 'boss' });
    expect(named.status).toBe(400);
    expect(JSON.stringify(await named.json())).toContain('operator');
    await expect(cli(tokens['ann'], 'approve', requestId, '--operator', 'boss')).rejects.toThrow(/--operator is gone/);

    secrets.approveNote = `Checked with Legal for ${subjects[0]?.fullName}`;
    expect(await cli(tokens['ann'], 'approve', requestId, '--note', secrets.approveNote)).toEqual(['status: in_fulfilment']);
    // No processor answers here (PROCESSOR_NOTIFY_ATTEMPTS=1): each becomes a manual task, which ann completes by CLI.
    const withTasks = await eventually(async () => {
      const state = await stateOf(product, requestId);
      return state.openTasks.length > 0 || state.status === 'completed' ? state : undefined;
    }, 120_000);
    for (const task of withTasks.openTasks) await cli(tokens['ann'], 'complete-task', requestId, '--task', task);
    const final: DsarState = await finalState(product, requestId);
    expect(final.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ actor: 'operator:ann', note: 'approved' })]));

    const approval = await eventually(async () => (await logOf(requestId)).find((entry) => entry.note === 'approved'));
    expect(approval).toMatchObject({ actor: 'operator:ann', via: 'operator-api (credential)' });
    const fulfilment = (await logOf(requestId)).find((entry) => entry.to === 'in_fulfilment');
    expect(fulfilment).toMatchObject({ actor: 'operator:ann', via: 'operator-api (credential)' });
    const tasksDone = (await logOf(requestId)).filter((entry) => entry.note?.startsWith('task done:'));
    expect(tasksDone.length).toBe(withTasks.openTasks.length);
    expect(tasksDone.every((entry) => entry.actor === 'operator:ann' && entry.via === 'operator-api (credential)')).toBe(true);
  });

  it('R21 a name typed in the Temporal UI is accepted but logged as unauthenticated; an extension by API names the credential', async () => {
    const requestId = await verifiedRequest(subjects[1] as SeededSubject, 'deletion');
    await waitForStatus(product, requestId, 'awaiting_approval');
    secrets.extendReason = `Archived tapes of ${subjects[1]?.fullName} must be restored`;
    const extended = await asOperator(tokens['ann'] as string, 'POST', `/api/v1/operator/requests/${requestId}/extend`, { reason: secrets.extendReason });
    expect(extended.status).toBe(200);
    // As the Temporal UI sends it: a typed name, and here even a made-up attestation.
    const ui = new RequestConsole(product.client);
    secrets.denyReason = `Litigation hold on the account of ${subjects[1]?.fullName}`;
    expect(await ui.deny(requestId, { operator: 'mallory', attestation: 'forged', reason: secrets.denyReason, basis: 'exemption' })).toBe('denied');

    const log = await eventually(async () => {
      const entries = await logOf(requestId);
      return entries.some((entry) => entry.to === 'denied') ? entries : undefined;
    });
    expect(log.find((entry) => entry.note?.startsWith('R02 extended'))).toMatchObject({ actor: 'operator:ann', via: 'operator-api (credential)' });
    expect(log.find((entry) => entry.to === 'denied')).toMatchObject({ actor: 'operator:mallory', via: 'temporal-ui (unauthenticated name)' });
    // Entries without an operator carry no `via`.
    expect(log.filter((entry) => !entry.actor.startsWith('operator:')).every((entry) => entry.via === undefined)).toBe(true);
  });

  it('R21 R07 a denial through the CLI and a withdrawal on the requester’s behalf through the API name the credential’s operator', async () => {
    const [denyMe, withdrawMe] = await Promise.all([verifiedRequest(subjects[3] as SeededSubject, 'deletion'), verifiedRequest(subjects[4] as SeededSubject, 'deletion')]);
    await Promise.all([waitForStatus(product, denyMe, 'awaiting_approval'), waitForStatus(product, withdrawMe, 'awaiting_approval')]);
    expect(await cli(tokens['ann'], 'deny', denyMe, '--reason', 'Twelve identical requests this week', '--basis', 'excessive')).toEqual(['status: denied']);
    expect(await cli(tokens['ann'], 'withdraw', withdrawMe, '--by', 'subject')).toEqual(['status: withdrawn']);
    const denied = await eventually(async () => (await logOf(denyMe)).find((entry) => entry.to === 'denied'));
    expect(denied).toMatchObject({ actor: 'operator:ann', via: 'operator-api (credential)', note: 'excessive: Twelve identical requests this week' });
    const withdrawn = await eventually(async () => (await logOf(withdrawMe)).find((entry) => entry.to === 'withdrawn'));
    expect(withdrawn).toMatchObject({ actor: 'operator:ann', via: 'operator-api (credential)', note: "withdrawn on the subject's behalf" });
  });

  it('a revoked token is refused at once', async () => {
    const route = `/api/v1/operator/requests/${requestIds[0]}/timeline`;
    expect((await asOperator(tokens['vera'] as string, 'GET', route)).status).toBe(200);
    expect(await cli(undefined, 'operators', 'revoke', 'vera')).toEqual(['operator vera: 1 token(s) revoked']);
    expect((await asOperator(tokens['vera'] as string, 'GET', route)).status).toBe(401);
    expect((await asOperator(tokens['vera'] as string, 'POST', '/codec/decode', { payloads: [] })).status).toBe(401);
    expect((await cli(undefined, 'operators', 'list')).join('\n')).toMatch(/vera\s+viewer\s+\S+\s+\d{4}-/);
  });

  it('after a full access request, raw history holds no email, name, download token or reason; with the codec the state query reads as before', async () => {
    const subject = subjects[2] as SeededSubject;
    const requestId = await verifiedRequest(subject, 'access');
    accessId = requestId;
    const answer = await mailAbout(product, subject.email, requestId, (mail) => mail.text.includes('/download/'));
    secrets.downloadToken = new URL(linkIn(answer, '/download/')).searchParams.get('token') ?? '';
    expect(secrets.downloadToken.length).toBeGreaterThan(20);
    const done = await finalState(product, requestId);
    expect(done.status).toBe('completed');

    const forbidden = [
      ...subjects.flatMap((s) => [s.email, s.fullName, s.accountId, s.phone]),
      secrets.downloadToken,
      secrets.denyReason,
      secrets.extendReason,
      secrets.approveNote,
      'Litigation hold',
      'Archived tapes',
      'Twelve identical requests',
    ];
    for (const id of requestIds) {
      // What anyone who can read Temporal without a key sees: the UI without the codec, `temporal workflow show`, a backup.
      const history = await plain.workflow.getHandle(dsarWorkflowId(id)).fetchHistory();
      const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
      const text = bytes.toString('utf8');
      expect({ id, found: forbidden.filter((value) => value && text.includes(value)) }).toEqual({ id, found: [] });
      const payloads = payloadsOf(history);
      expect(payloads.length).toBeGreaterThan(10);
      // The one exception: patch markers (patched()), which the SDK's core writes itself: a patch id, no data.
      const isPatchMarker = (at: string) => /\.markerRecordedEventAttributes\.details\.patch-data\./.test(at);
      const clear = payloads.filter(({ at, payload }) => encodingOf(payload) !== 'binary/encrypted' && !isPatchMarker(at)).map(({ at, payload }) => `${at.replace(/\[\d+\]/g, '[]')}: ${encodingOf(payload)}`);
      expect({ id, clear: [...new Set(clear)] }).toEqual({ id, clear: [] });
    }

    // With the codec the state query reads as before; without it the answer is ciphertext.
    // RECORD_HISTORIES=1: this encrypted history (development key) joins the replay test's fixtures.
    if (process.env['RECORD_HISTORIES']) {
      const history = await plain.workflow.getHandle(dsarWorkflowId(requestId)).fetchHistory();
      writeFileSync(path.join(workspaceRoot, 'libs/workflows/src/lib/dsar/histories/access-completed-encrypted.binpb'), temporal.api.history.v1.History.encode(history).finish());
    }
    const state = await product.client.workflow.getHandle(dsarWorkflowId(requestId)).query<DsarState>('state');
    expect(state).toMatchObject({ requestId, status: 'completed', type: 'access' });
    await expect(plain.workflow.getHandle(dsarWorkflowId(requestId)).query('state')).rejects.toThrow(/binary\/encrypted|encoding/i);
  });

  it('a history written with the codec replays deterministically with today’s workflow code and the codec', async () => {
    const histories = await Promise.all(
      requestIds.map(async (id) => ({ workflowId: dsarWorkflowId(id), history: await plain.workflow.getHandle(dsarWorkflowId(id)).fetchHistory() })),
    );
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      {
        workflowsPath: path.join(workspaceRoot, 'libs/workflows/src/index.ts'),
        bundlerOptions: workflowBundlerOptions(workspaceRoot),
        dataConverter: temporalDataConverter(product.config),
      },
      histories,
    )) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(requestIds.length);
  });

  it('the codec endpoint decodes for a viewer, encodes for an approver, refuses anyone else, and allows the Temporal UI’s origin', async () => {
    const history = await plain.workflow.getHandle(dsarWorkflowId(accessId)).fetchHistory();
    const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0] as temporal.api.common.v1.IPayload;
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(input.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
          data: Buffer.from(input.data as Uint8Array).toString('base64'),
        },
      ],
    };
    const decodeAs = (headers: Record<string, string>) =>
      fetch(`${base}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify(body) });

    expect((await decodeAs({})).status).toBe(401);
    expect((await decodeAs({ authorization: 'Bearer rfo_not-a-token' })).status).toBe(401);
    const decoded = await decodeAs({ authorization: `Bearer ${tokens['val']}`, origin: UI_ORIGIN });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
    const [payload] = ((await decoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
    expect(Buffer.from(payload?.metadata['encoding'] ?? '', 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(payload?.data ?? '', 'base64').toString())).toMatchObject({ requestId: accessId, type: 'access' });

    // The browser's way (the Temporal UI cannot send our bearer token): sign in once, then an
    // HttpOnly cookie scoped to /codec, good for the codec endpoint and nothing else.
    const signIn = await fetch(`${base}/codec/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${tokens['val']}` });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^rightsflow_operator=rfo_[^;]+; Max-Age=\d+; Path=\/codec; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    const session = cookie.split(';')[0] as string;
    expect((await decodeAs({ cookie: session, origin: UI_ORIGIN })).status).toBe(200);
    expect((await fetch(`${base}/api/v1/operator/metrics?year=2026`, { headers: { cookie: session } })).status).toBe(401);
    expect((await fetch(`${base}/codec/session`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=rfo_wrong' })).status).toBe(401);

    // Encoding is what the UI does to an update an operator sends: an approver's.
    const plainPayload = { metadata: { encoding: Buffer.from('json/plain').toString('base64') }, data: Buffer.from('{"operator":"ann"}').toString('base64') };
    const encode = (token: string) =>
      fetch(`${base}/codec/encode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ payloads: [plainPayload] }) });
    expect((await encode(tokens['val'] as string)).status).toBe(403);
    const encoded = await encode(tokens['ann'] as string);
    expect(encoded.status).toBe(200);
    const [sealed] = ((await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] }).payloads;
    expect(Buffer.from(sealed?.metadata['encoding'] ?? '', 'base64').toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed?.data ?? '', 'base64').toString()).not.toContain('ann');

    // A bad body is a 400 naming the field.
    const bad = await fetch(`${base}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['val']}` }, body: JSON.stringify({ payloads: [{ data: '***' }] }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('payloads.0.data');
    const tampered = { payloads: [{ ...body.payloads[0], data: Buffer.from('not what was encrypted, not at all').toString('base64') }] };
    const altered = await fetch(`${base}/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens['val']}` }, body: JSON.stringify(tampered) });
    expect(altered.status).toBe(400);
    expect(JSON.stringify(await altered.json())).toContain('payloads could not be decoded');

    // CORS preflight: the UI's origin with its headers; any other origin gets no allowance.
    const preflight = (origin: string) =>
      fetch(`${base}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace,authorization' },
      });
    const allowed = await preflight(UI_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-namespace');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('no token ever appears in what the services printed', () => {
    const all = printed.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('Mapped {/codec/decode, POST} route');
    const leaked = [...Object.values(tokens), product.config.secrets.operatorApiToken, secrets.downloadToken].filter((token) => token && all.includes(token));
    expect(leaked).toEqual([]);
    expect(all).not.toMatch(/rfo_[A-Za-z0-9_-]{20,}/);
  });
});
