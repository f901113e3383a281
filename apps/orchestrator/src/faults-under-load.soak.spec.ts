import { dsarMessages, DsarState, DsarStatus, DSAR_WORKFLOW, dsarWorkflowId } from '@rightsflow/contracts';
import { CompanyRecords, connectDataStores, loadInventory, seedIfEmpty } from '@rightsflow/data';
import { LifecycleState, RequestType } from '@rightsflow/domain';
import { ChainedEntry, verifyChain } from '@rightsflow/intake';
import {
  addTestOperator,
  CaughtMail,
  LocalOpenDsrProcessor,
  seededAccountEmails,
  seededSubject,
  SeededSubject,
  sortExtraCopies,
  testConfig,
  workspaceRoot,
} from '@rightsflow/testing';
import { Client, WorkflowFailedError } from '@temporalio/client';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  InboxIndex,
  messageKindOf,
  ProcessName,
  ProductProcesses,
  sleep,
  startProductProcesses,
  TemporalDevServer,
} from './test-support/product-processes';

// 200 requests of every type at once, through the product's own processes as
// `npm start` runs them, while each service and the workflow worker is killed
// with SIGKILL and started again, and the Temporal server restarts on its
// database. At the end every request must be where its type and subject lead
// it, with every email sent exactly once (or, where a SIGKILL fell between the
// SMTP server's 250 and the outbox's record of it, resent under the same
// Message-ID and counted as uncertain), a complete request log that verifies,
// and no deletion left half done. The counts are printed.

jest.setTimeout(20 * 60_000);

const OPERATOR = 'fault-test';
const ACK_VERIFY = ['acknowledgement', 'verification_code', 'verified'];

type Who = 'shared' | 'exclusive' | 'unknown';

/** One kind of request in the mix: what is sent, and where it must end. */
interface Scenario {
  name: string;
  count: number;
  who: Who;
  type: RequestType;
  jurisdiction: 'GDPR' | 'CCPA';
  body: (subject: SeededSubject | undefined) => Record<string, unknown>;
  status: LifecycleState;
  effectiveType?: RequestType;
  /** Every email about the request (to the subject or the operators), each exactly once. */
  emails: string[];
}

const named = (s?: SeededSubject) => ({ name: s?.fullName ?? 'Pat Nobody' });
const matched = (s?: SeededSubject) => ({
  ...named(s),
  ...(s ? { dataPoints: { accountId: s.accountId, phone: s.phone } } : {}),
});
const declared = (s?: SeededSubject) => ({
  ...matched(s),
  declaration: { signedName: s?.fullName ?? 'Pat Nobody', acceptPenaltyOfPerjury: true },
});

// Shared subjects: one access request each (R08 links same-type requests), then
// at most two other types; a CCPA subject never gets a second CCPA know request.
// Deletion and correction subjects get nothing else.
const scenarios: Scenario[] = [
  // prettier-ignore
  { name: 'CCPA access, declaration, seeded', count: 15, who: 'shared', type: 'access', jurisdiction: 'CCPA', body: declared, status: 'completed', effectiveType: 'access', emails: [...ACK_VERIFY, 'access_ready'] },
  // prettier-ignore
  { name: 'CCPA access, no declaration, seeded (R09 downgrade)', count: 5, who: 'shared', type: 'access', jurisdiction: 'CCPA', body: matched, status: 'completed', effectiveType: 'access_categories', emails: [...ACK_VERIFY, 'access_ready'] },
  // prettier-ignore
  { name: 'GDPR access, seeded', count: 25, who: 'shared', type: 'access', jurisdiction: 'GDPR', body: named, status: 'completed', effectiveType: 'access', emails: [...ACK_VERIFY, 'access_ready'] },
  // prettier-ignore
  { name: 'GDPR objection (unsubscribe), seeded', count: 15, who: 'shared', type: 'objection', jurisdiction: 'GDPR', body: (s) => ({ ...named(s), channels: ['email', 'sms'] }), status: 'completed', emails: ['verification_code', 'verified', 'unsubscribe_done'] },
  // prettier-ignore
  { name: 'CCPA opt-out of sale, seeded', count: 15, who: 'shared', type: 'opt_out_sale', jurisdiction: 'CCPA', body: () => ({}), status: 'completed', emails: ['opt_out_done'] },
  // prettier-ignore
  { name: 'GDPR restriction, seeded', count: 10, who: 'shared', type: 'restriction', jurisdiction: 'GDPR', body: named, status: 'completed', emails: ['verification_code', 'verified', 'restriction_done'] },
  // prettier-ignore
  { name: 'GDPR portability, seeded', count: 10, who: 'shared', type: 'portability', jurisdiction: 'GDPR', body: named, status: 'completed', effectiveType: 'portability', emails: [...ACK_VERIFY, 'access_ready'] },
  // prettier-ignore
  { name: 'GDPR deletion, seeded', count: 20, who: 'exclusive', type: 'deletion', jurisdiction: 'GDPR', body: named, status: 'completed', emails: [...ACK_VERIFY, 'operator_approval_needed', 'deletion_done'] },
  // prettier-ignore
  { name: 'CCPA deletion, seeded', count: 10, who: 'exclusive', type: 'deletion', jurisdiction: 'CCPA', body: matched, status: 'completed', emails: [...ACK_VERIFY, 'operator_approval_needed', 'deletion_done'] },
  // prettier-ignore
  { name: 'GDPR correction, seeded', count: 10, who: 'exclusive', type: 'correction', jurisdiction: 'GDPR', body: (s) => ({ ...named(s), corrections: [{ field: 'phone', value: '+1 415 555 0100' }] }), status: 'completed', emails: [...ACK_VERIFY, 'correction_done'] },
  // prettier-ignore
  { name: 'GDPR access, unknown email', count: 10, who: 'unknown', type: 'access', jurisdiction: 'GDPR', body: named, status: 'completed', effectiveType: 'access', emails: [...ACK_VERIFY, 'access_ready'] },
  // prettier-ignore
  { name: 'CCPA access, unknown email (R09 downgrade)', count: 10, who: 'unknown', type: 'access', jurisdiction: 'CCPA', body: named, status: 'completed', effectiveType: 'access_categories', emails: [...ACK_VERIFY, 'access_ready'] },
  // prettier-ignore
  { name: 'GDPR deletion, unknown email', count: 5, who: 'unknown', type: 'deletion', jurisdiction: 'GDPR', body: named, status: 'completed', emails: [...ACK_VERIFY, 'operator_approval_needed', 'deletion_done'] },
  // prettier-ignore
  { name: 'CCPA deletion, unknown email (R09 denied)', count: 10, who: 'unknown', type: 'deletion', jurisdiction: 'CCPA', body: named, status: 'denied', emails: [...ACK_VERIFY, 'denied'] },
  // prettier-ignore
  { name: 'CCPA correction, unknown email (R09 denied)', count: 5, who: 'unknown', type: 'correction', jurisdiction: 'CCPA', body: (s) => ({ ...named(s), corrections: [{ field: 'postalAddress', value: '1 Main Street, Springfield' }] }), status: 'denied', emails: [...ACK_VERIFY, 'denied'] },
  // prettier-ignore
  { name: 'CCPA opt-out of sale, unknown email', count: 10, who: 'unknown', type: 'opt_out_sale', jurisdiction: 'CCPA', body: () => ({}), status: 'completed', emails: ['opt_out_done'] },
];

const QUOTA_SUBJECTS = 5;
/** R05: three CCPA know requests of one subject (different types, so R08 links none): two answered, one not owed. */
const quotaRequests: { type: RequestType; body: (s: SeededSubject) => Record<string, unknown> }[] = [
  { type: 'access', body: declared },
  { type: 'portability', body: declared },
  { type: 'access_categories', body: matched },
];
const QUOTA_SCENARIO = 'CCPA know requests, 3 per subject (R05)';

interface Planned {
  scenario: string;
  email: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
  needsCode: boolean;
  quotaSubject?: string;
  expected?: Scenario;
  requestId?: string;
  state?: DsarState;
  submitRetries: number;
  codeRetries: number;
  /** Why the request's client side could not go on (then the final checks say where it stood). */
  error?: string;
}

function plan(shared: SeededSubject[], exclusive: SeededSubject[], quota: SeededSubject[]): Planned[] {
  const out: Planned[] = [];
  const run = randomBytes(4).toString('hex');
  const add = (
    scenario: string,
    email: string,
    type: RequestType,
    jurisdiction: string,
    body: object,
    expected?: Scenario,
  ) =>
    out.push({
      scenario,
      email,
      body: { type, jurisdiction, email, ...body },
      idempotencyKey: `fault-${run}-${out.length}`,
      needsCode: type !== 'opt_out_sale',
      expected,
      submitRetries: 0,
      codeRetries: 0,
    });
  const cursor: Record<string, number> = {};
  // Each shared subject gets one access request; the other shared types go round the pool from
  // different starting points, so that no subject gets two requests of one type.
  const sharedStart: Partial<Record<RequestType, number>> = {
    objection: 0,
    opt_out_sale: 15,
    restriction: 20,
    portability: 30,
  };
  let exclusiveNext = 0;
  for (const scenario of scenarios) {
    for (let i = 0; i < scenario.count; i++) {
      let subject: SeededSubject | undefined;
      if (scenario.who === 'shared') {
        const start = scenario.type === 'access' ? 0 : (sharedStart[scenario.type] ?? 0);
        const index = start + (cursor[scenario.type] = (cursor[scenario.type] ?? -1) + 1);
        subject = shared[index % shared.length];
      } else if (scenario.who === 'exclusive') {
        subject = exclusive[exclusiveNext++];
      }
      const email = subject?.email ?? `nobody-${run}-${out.length}@example.org`;
      add(scenario.name, email, scenario.type, scenario.jurisdiction, scenario.body(subject), scenario);
    }
  }
  for (const subject of quota) {
    for (const request of quotaRequests) {
      add(QUOTA_SCENARIO, subject.email, request.type, 'CCPA', request.body(subject));
      out[out.length - 1].quotaSubject = subject.email;
    }
  }
  return out;
}

/** What a subject's identifiers are, to look for them after a deletion (legal-hold fields aside). */
async function tracesOf(db: CompanyRecords, email: string): Promise<string[]> {
  const [profile] = await db.find('engagement.profiles', { email });
  const [account] = await db.find('portal.accounts', { email });
  const cookieIds = (profile?.['cookieIds'] as string[] | undefined) ?? [];
  const sessions = await db.linked('telemetry.sessions', cookieIds);
  const values = [
    email,
    profile?.['userId'],
    profile?.['phone'],
    account?.['accountId'],
    account?.['phone'],
    ...cookieIds,
    ...sessions.map((s) => s['sessionId']),
  ];
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
}

/** Records (legal-hold fields left out) that still hold any of `traces`, per trace owner. */
async function remainingTraces(
  db: CompanyRecords,
  collections: { id: string; held: string[] }[],
  traces: Map<string, string[]>,
): Promise<Map<string, number>> {
  const owners = new Map<string, string>();
  for (const [email, values] of traces) for (const value of values) owners.set(`"${value}"`, email);
  const found = new Map<string, number>();
  for (const { id, held } of collections) {
    for (const doc of await db.find(id)) {
      for (const field of held) delete doc[field];
      const text = JSON.stringify(doc);
      const hit = [...owners.keys()].find((quoted) => text.includes(quoted));
      if (hit) {
        const owner = owners.get(hit) as string;
        found.set(owner, (found.get(owner) ?? 0) + 1);
      }
    }
  }
  return found;
}

function tally<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)}s`;

describe('200 requests at once while every process crashes and Temporal restarts', () => {
  // Outside the test stack's data dir, so the process logs outlive a failed run.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rightsflow-faults-'));
  let passed = false;
  const processor = new LocalOpenDsrProcessor();
  let temporal: TemporalDevServer;
  let product: ProductProcesses;
  let client: Client;
  let config: ReturnType<typeof testConfig>;
  let inbox: InboxIndex;
  const setupStarted = Date.now();
  let setupMs = 0;

  beforeAll(async () => {
    temporal = await TemporalDevServer.start(path.join(dir, 'temporal'));
    await processor.start();
    const env = {
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_UI_URL: `http://127.0.0.1:${temporal.uiPort}`,
      BUNDLE_DIR: path.join(dir, 'bundles'),
      PROCESSOR_ENDPOINTS: ['engage-cloud', 'analytics-cloud', 'ad-partner']
        .map((id) => `${id}=${processor.url(`/${id}/opendsr`)}`)
        .join(','),
      // Every request comes from this one address, and a few subjects ask three times.
      INTAKE_IP_WRITES_PER_MINUTE: '100000',
      INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100',
      CHALLENGES_PER_SUBJECT_HOUR: '100',
    };
    config = testConfig(env);
    await seedIfEmpty(config, 115);
    product = await startProductProcesses(config, { env, logDir: path.join(dir, 'logs') });
    client = await connectTemporalClient({ ...config, temporal: { ...config.temporal, address: temporal.address } });
    inbox = new InboxIndex(String(process.env['MAIL_API_URL']));
    setupMs = Date.now() - setupStarted;
  }, 10 * 60_000);

  afterAll(async () => {
    await inbox?.stopPolling();
    await client?.connection.close();
    await product?.stop();
    await temporal?.stop();
    await processor.stop();
    if (passed) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`faults under load: logs of every process kept in ${dir}\n`);
  });

  it('every request reaches its end, every email once, every log complete, no deletion half done', async () => {
    const accounts = await seededAccountEmails(config);
    const subjects = await Promise.all(accounts.slice(0, 90).map((email) => seededSubject(config, email)));
    expect(subjects.length).toBe(90);
    const shared = subjects.slice(0, 45);
    const exclusive = subjects.slice(45, 85);
    const quota = subjects.slice(85, 85 + QUOTA_SUBJECTS);
    const requests = plan(shared, exclusive, quota);
    expect(requests.length).toBe(200);

    const inventory = loadInventory(config.data.inventoryFile);
    const connected = await connectDataStores(config, inventory);
    const company = new CompanyRecords(connected.stores, inventory);
    const deletionSubjects = requests.filter((r) => r.expected?.type === 'deletion' && r.expected.who === 'exclusive');
    const traces = new Map<string, string[]>();
    for (const r of deletionSubjects) traces.set(r.email, await tracesOf(company, r.email));
    const collections = inventory.collections.map((c) => ({
      id: c.id,
      held: c.fields.filter((f) => f.erasure === 'legal_hold').map((f) => f.name),
    }));
    const before = await remainingTraces(company, collections, traces);
    // The erasure check at the end proves something only if each subject to be
    // deleted had identifying records (outside legal holds) to begin with.
    expect(deletionSubjects.length).toBeGreaterThan(0);
    expect(deletionSubjects.filter((r) => !before.get(r.email)).map((r) => `${r.email.slice(0, 3)}…`)).toEqual([]);

    const started = Date.now();
    // Past this, the test stops waiting and reports where every request stands.
    const deadline = started + 15 * 60_000;
    const intakeUrl = product.intakeUrl;
    let submitted = 0;
    let verified = 0;
    let finished = 0;
    let stopOperator = false;
    const typeOf = new Map<string, RequestType>();
    const anomalies: string[] = [];
    const faults: string[] = [];
    const progress = (line: string) => process.stderr.write(`[faults +${seconds(Date.now() - started)}] ${line}\n`);
    inbox.startPolling();

    async function submit(r: Planned): Promise<void> {
      for (let attempt = 1; Date.now() < deadline; attempt++) {
        try {
          const response = await fetch(`${intakeUrl}/api/v1/requests`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': r.idempotencyKey },
            body: JSON.stringify(r.body),
            signal: AbortSignal.timeout(60_000),
          });
          if (response.status === 201 || response.status === 200) {
            r.requestId = ((await response.json()) as { requestId: string }).requestId;
            typeOf.set(dsarWorkflowId(r.requestId), r.body['type'] as RequestType);
            submitted++;
            return;
          }
          if (response.status < 500 && response.status !== 429)
            throw new Error(`${r.scenario}: submission answered ${response.status} ${await response.text()}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith(r.scenario)) throw error;
          // intake down or restarting: the client retries with the same Idempotency-Key
        }
        r.submitRetries++;
        await sleep(Math.min(attempt, 5) * 1_000);
      }
      throw new Error('never accepted');
    }

    async function answerCode(r: Planned): Promise<void> {
      const requestId = r.requestId as string;
      const isCode = (m: CaughtMail) => messageKindOf(m) === 'verification_code';
      await inbox.waitFor(requestId, isCode, deadline - Date.now());
      for (let attempt = 1; ; attempt++) {
        // As a person would: the code of the newest email (a resend supersedes the older ones).
        const mail = inbox.mailsOf(requestId).filter(isCode).at(-1) as CaughtMail;
        const code = /code is (\d{6})/.exec(mail.subject)?.[1];
        try {
          const response = await fetch(`${intakeUrl}/api/v1/requests/${requestId}/verification-code`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code }),
            signal: AbortSignal.timeout(60_000),
          });
          const body = (await response.json().catch(() => ({}))) as { verified?: boolean; attemptsLeft?: number };
          if (response.status === 200 && body.verified) break;
          // 409: no longer waiting for a code, i.e. an earlier attempt got through before its answer was lost.
          if (response.status === 409) break;
          if (response.status === 200) {
            // The code of the request's only code email was refused: the product lost it. No more tries.
            anomalies.push(`${requestId} (${r.scenario}): code refused ${JSON.stringify(body)}`);
            return;
          }
          if (response.status < 500 && response.status !== 429)
            throw new Error(`code answered ${response.status} ${JSON.stringify(body)}`);
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('code answered')) throw error;
        }
        r.codeRetries++;
        if (Date.now() > deadline) throw new Error('code never accepted');
        // As a person would: again after a moment, less often the longer it takes.
        await sleep(Math.min(attempt * 2, 10) * 1_000);
      }
      verified++;
    }

    /** Polls until `done` or the timeout; the fault happens either way. */
    async function when(done: () => boolean, timeoutMs: number): Promise<void> {
      const until = Math.min(deadline, Date.now() + timeoutMs);
      while (!done() && Date.now() < until) await sleep(500);
    }

    async function crash(name: ProcessName): Promise<void> {
      const at = Date.now() - started;
      progress(`SIGKILL ${name}`);
      await product.processes[name].stop({ hard: true });
      await product.processes[name].start();
      faults.push(
        `${name} SIGKILL at +${seconds(at)} (${submitted} submitted, ${verified} verified), healthy again after ${seconds(Date.now() - started - at)}`,
      );
      progress(`${name} healthy again`);
    }

    async function chaos(): Promise<void> {
      await when(() => submitted >= 60, 120_000);
      await crash('intake');
      await crash('notifications');
      await crash('orchestrator');
      await when(() => verified >= 40, 240_000);
      await crash('identity');
      const at = Date.now() - started;
      progress('restarting Temporal');
      await temporal.restart();
      faults.push(
        `temporal restart (same database) at +${seconds(at)}, serving again after ${seconds(Date.now() - started - at)}`,
      );
      progress('Temporal serving again');
      await when(() => verified >= 100, 240_000);
      await crash('data');
    }

    /**
     * The operator (README "Act on a request"): approves what waits for approval, and marks done
     * the recipient tasks of a fulfilment that waits on them. Only requests that may have tasks
     * and run no activity are queried: a query of a workflow is a workflow task for the worker.
     */
    async function operator(): Promise<void> {
      const running = `WorkflowType = "${DSAR_WORKFLOW}" AND ExecutionStatus = "Running"`;
      const mayHaveTasks = new Set<RequestType>(['deletion', 'correction', 'restriction']);
      const act = (work: () => Promise<unknown>) =>
        client.withDeadline(Date.now() + 30_000, work).catch(() => undefined);
      while (!stopOperator) {
        try {
          const work: Promise<unknown>[] = [];
          for await (const execution of client.workflow.list({
            query: `${running} AND DsarStatus = "awaiting_approval"`,
          })) {
            const handle = client.workflow.getHandle(execution.workflowId);
            work.push(act(() => handle.executeUpdate(dsarMessages.approve, { args: [{ operator: OPERATOR }] })));
          }
          for await (const execution of client.workflow.list({
            query: `${running} AND DsarStatus = "in_fulfilment"`,
          })) {
            const type = typeOf.get(execution.workflowId);
            if (!type || !mayHaveTasks.has(type)) continue;
            const handle = client.workflow.getHandle(execution.workflowId);
            work.push(
              act(async () => {
                if ((await handle.describe()).raw.pendingActivities?.length) return;
                const state = await handle.query<DsarState>(dsarMessages.state);
                for (const task of state.openTasks)
                  await handle.executeUpdate(dsarMessages.completeTask, { args: [{ operator: OPERATOR, task }] });
              }),
            );
          }
          await Promise.all(work);
        } catch {
          // Temporal restarting: look again shortly
        }
        await sleep(5_000);
      }
    }

    async function outcome(r: Planned): Promise<void> {
      if (!r.requestId) return;
      const handle = client.workflow.getHandle(dsarWorkflowId(r.requestId));
      while (Date.now() < deadline) {
        try {
          r.state = (await client.withDeadline(deadline, () => handle.result())) as DsarState;
          finished++;
          return;
        } catch (error) {
          if (error instanceof WorkflowFailedError) {
            r.error = `workflow failed: ${error.cause?.message ?? error.message}`;
            return;
          }
          await sleep(2_000); // not started yet, or Temporal restarting
        }
      }
    }

    /** Where a request that did not finish stands: its status and what its workflow waits on. */
    async function diagnose(r: Planned): Promise<string> {
      if (!r.requestId) return 'never submitted';
      try {
        const description = await client.workflow.getHandle(dsarWorkflowId(r.requestId)).describe();
        const pending = (description.raw.pendingActivities ?? []).map(
          (a) => `${a.activityType?.name} attempt ${a.attempt}: ${a.lastFailure?.message ?? 'running'}`,
        );
        const status = description.typedSearchAttributes.get(DsarStatus);
        return `workflow ${description.status.name}, DsarStatus ${status}, ${inbox.mailsOf(r.requestId).length} emails; pending: ${pending.join('; ') || 'none'}`;
      } catch (error) {
        return `no workflow (${(error as Error).message})`;
      }
    }

    const ticker = setInterval(
      () =>
        progress(
          `${submitted} submitted, ${verified} verified, ${finished} finished, ${inbox.total} emails in the inbox`,
        ),
      30_000,
    );
    const operating = operator();
    const faulting = chaos();
    let answeredMs = 0;
    await Promise.all(
      requests.map(async (r) => {
        try {
          await submit(r);
          if (r.needsCode) await answerCode(r);
        } catch (error) {
          r.error = (error as Error).message;
        }
        answeredMs = Date.now() - started;
        await outcome(r);
      }),
    );
    await faulting;
    const finishedMs = Date.now() - started;
    clearInterval(ticker);
    stopOperator = true;
    await operating;
    await inbox.stopPolling();

    const unfinished = requests.filter((r) => !r.state);
    const problems: string[] = [...anomalies];
    // A request that ended well may still have given its person a wrong answer on the way.
    for (const r of requests.filter((r) => r.state && r.error))
      problems.push(`${r.requestId} (${r.scenario}) finished, but its client was answered: ${r.error}`);
    for (const r of unfinished)
      problems.push(
        `${r.requestId} (${r.scenario}) did not finish${r.error ? ` (${r.error})` : ''}: ${await diagnose(r)}`,
      );

    // 1. Where each request ended.
    const statusTable: string[] = [];
    const byScenario = new Map<string, Planned[]>();
    for (const r of requests) byScenario.set(r.scenario, [...(byScenario.get(r.scenario) ?? []), r]);
    for (const [name, group] of byScenario) {
      const got = tally(
        group,
        (r) => `${r.state?.status}${r.state?.effectiveType !== r.state?.type ? ` as ${r.state?.effectiveType}` : ''}`,
      );
      statusTable.push(`  ${name.padEnd(52)} ${JSON.stringify(got)}`);
      for (const r of group) {
        const want = r.expected;
        if (!want) continue;
        if (r.state?.status !== want.status)
          problems.push(`${r.requestId} (${name}): ended ${r.state?.status}, expected ${want.status}`);
        if (want.effectiveType && r.state?.effectiveType !== want.effectiveType)
          problems.push(
            `${r.requestId} (${name}): answered as ${r.state?.effectiveType}, expected ${want.effectiveType}`,
          );
      }
    }
    for (const subject of quota) {
      const mine = requests.filter((r) => r.quotaSubject === subject.email);
      const got = tally(mine, (r) => String(r.state?.status));
      if (got['completed'] !== 2 || got['closed_not_obligated'] !== 1)
        problems.push(
          `R05 subject with three CCPA know requests ended ${JSON.stringify(got)}, expected 2 completed + 1 closed_not_obligated`,
        );
    }

    // 2. Every email exactly once: counted by the request and message headers the product sets.
    //    A second copy passes only as a resend the outbox recorded (sortExtraCopies, libs/testing).
    await inbox.reload();
    let emails = 0;
    let duplicates = 0;
    let recordedResends = 0;
    let missing = 0;
    let unexpected = 0;
    const ended = requests.filter((r) => r.state);
    for (const r of ended) {
      const requestId = r.requestId as string;
      const expected = r.expected?.emails ?? [
        ...ACK_VERIFY,
        r.state?.status === 'completed' ? 'access_ready' : 'not_obligated',
      ];
      const mails = inbox.mailsOf(requestId);
      emails += mails.length;
      const counts = tally(mails, (m) => messageKindOf(m) ?? '(none)');
      for (const kind of expected) {
        if (!counts[kind]) {
          missing++;
          problems.push(`${requestId} (${r.scenario}): no ${kind} email`);
        }
      }
      const copies = await sortExtraCopies(
        config,
        mails.filter((m) => expected.includes(messageKindOf(m) ?? '')),
        (m) => messageKindOf(m) ?? '',
      );
      recordedResends += copies.recordedResends;
      for (const { kind, messageIds } of copies.unexplained) {
        duplicates += messageIds.length - 1;
        problems.push(
          `${requestId} (${r.scenario}): ${messageIds.length} ${kind} emails (Message-IDs ${messageIds.join(', ')})`,
        );
      }
      for (const kind of Object.keys(counts).filter((k) => !expected.includes(k))) {
        unexpected += counts[kind];
        problems.push(`${requestId} (${r.scenario}): unexpected ${kind} email x${counts[kind]}`);
      }
    }

    // 3. The request log of each request: complete (one entry per timeline entry), its chain verifies,
    //    the registry agrees; and the records:verify command over the whole log.
    let logEntries = 0;
    let logsVerified = 0;
    let notesLaterInLog = 0;
    const token = await addTestOperator(intakeUrl, config, 'faults-viewer', 'viewer');
    for (let i = 0; i < ended.length; i += 10) {
      await Promise.all(
        ended.slice(i, i + 10).map(async (r) => {
          const response = await fetch(`${intakeUrl}/api/v1/operator/requests/${r.requestId}/timeline`, {
            headers: { authorization: `Bearer ${token}` },
          });
          if (response.status !== 200) {
            problems.push(`${r.requestId}: timeline answered ${response.status}`);
            return;
          }
          const timeline = (await response.json()) as {
            status: string;
            log: ChainedEntry[];
          };
          logEntries += timeline.log.length;
          const chain = verifyChain(timeline.log);
          // Complete: every timeline entry is in the log once, nothing else is, and the status moves
          // come in the timeline's order. (A note an operator's update writes, e.g. "task done", is
          // an activity concurrent with the workflow's next step, so the log may hold it a place later.)
          const entry = (to: string, actor: string, note: string | undefined, at: string) =>
            `${to}|${actor}|${note ?? ''}|${at}`;
          const logged = timeline.log.map((e) => entry(e.to, e.actor, e.note, e.at));
          const lived = (r.state?.timeline ?? []).map((t) => entry(t.status, t.actor, t.note, t.at));
          const loggedMoves = timeline.log.filter((e) => e.from !== e.to).map((e) => e.to);
          const livedMoves = (r.state?.timeline ?? [])
            .filter((t, i, all) => i === 0 || t.status !== all[i - 1].status)
            .map((t) => t.status);
          if (!chain.ok) problems.push(`${r.requestId}: request log broken at ${chain.brokenAtSeq}: ${chain.reason}`);
          else if (JSON.stringify([...logged].sort()) !== JSON.stringify([...lived].sort()))
            problems.push(
              `${r.requestId}: request log ${JSON.stringify(logged)} differs from timeline ${JSON.stringify(lived)}`,
            );
          else if (JSON.stringify(loggedMoves) !== JSON.stringify(livedMoves))
            problems.push(
              `${r.requestId}: logged status moves ${loggedMoves.join(' > ')}, timeline ${livedMoves.join(' > ')}`,
            );
          else if (timeline.status !== r.state?.status)
            problems.push(`${r.requestId}: registry says ${timeline.status}, workflow ${r.state?.status}`);
          else {
            logsVerified++;
            if (JSON.stringify(logged) !== JSON.stringify(lived)) notesLaterInLog++;
          }
        }),
      );
    }
    const verifyCommand = spawnSync(
      process.execPath,
      ['tools/scripts/run-ts.mjs', 'libs/intake/src/cli/verify-log.cli.ts'],
      {
        cwd: workspaceRoot,
        encoding: 'utf8',
        env: { ...process.env, MONGO_DB_PREFIX: config.mongo.dbPrefix, NODE_ENV: 'test' },
      },
    );
    const verifyLine = verifyCommand.stdout.split('\n').find((line) => / requests, /.test(line)) ?? '';
    if (
      verifyCommand.status !== 0 ||
      verifyLine !== `OK: ${requests.filter((r) => r.requestId).length} requests, ${logEntries} entries, 0 broken`
    )
      problems.push(
        `records:verify: exit ${verifyCommand.status}, "${verifyLine}" ${verifyCommand.stderr.slice(0, 500)}`,
      );

    // 4. No deletion half done: no record of a deleted subject holds any of their identifiers
    //    outside legal-hold fields.
    // (Only the subjects whose deletion completed: one that did not finish is reported above.)
    const erased = new Map(
      [...traces].filter(([email]) =>
        deletionSubjects.some((r) => r.email === email && r.state?.status === 'completed'),
      ),
    );
    const after = await remainingTraces(company, collections, erased);
    await connected.close();
    for (const [email, count] of after)
      problems.push(`a deleted subject still has ${count} records (${email.slice(0, 3)}…)`);
    const deleted = deletionSubjects.filter((r) => r.state?.status === 'completed').length;

    const report = [
      `faults under load: ${requests.length} requests (${requests.filter((r) => r.needsCode).length} verified by code)`,
      `  setup ${seconds(setupMs)}; last code answered at +${seconds(answeredMs)}; every request finished at +${seconds(finishedMs)}`,
      ...faults.map((f) => `  fault: ${f}`),
      `  client retries: ${requests.reduce((n, r) => n + r.submitRetries, 0)} submissions, ${requests.reduce((n, r) => n + r.codeRetries, 0)} codes`,
      `final states (expected per scenario in the test):`,
      ...statusTable,
      `  overall: ${JSON.stringify(tally(requests, (r) => String(r.state?.status)))}`,
      `emails: ${emails} about these requests; ${missing} missing, ${duplicates} duplicates, ${unexpected} unexpected; ${recordedResends} resent after a SIGKILL mid-send (same Message-ID, counted uncertain by the outbox)`,
      `  by kind: ${JSON.stringify(
        tally(
          ended.flatMap((r) => inbox.mailsOf(r.requestId as string)),
          (m) => messageKindOf(m) ?? '?',
        ),
      )}`,
      `request log: ${logsVerified}/${ended.length} complete and verified (${logEntries} entries; ${notesLaterInLog} with an operator's note logged after the workflow's next step); records:verify says "${verifyLine}"`,
      `deletion: ${deleted}/${deletionSubjects.length} seeded subjects erased; records holding their identifiers before ${[...before.values()].reduce((a, b) => a + b, 0)}, after ${[...after.values()].reduce((a, b) => a + b, 0)} (legal holds aside)`,
      `recipients told (OpenDSR): ${processor.received.length} (${JSON.stringify(tally(processor.received, (r) => r.body.subject_request_type))})`,
      `problems: ${problems.length}`,
    ];
    console.log(report.join('\n'));
    expect(problems).toEqual([]);
    passed = true;
  });
});
