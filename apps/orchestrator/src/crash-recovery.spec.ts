import { seedIfEmpty } from '@rightsflow/data';
import { dsarWorkflowId, DsarState } from '@rightsflow/contracts';
import {
  CaughtMail,
  eventually,
  MailInbox,
  seededAccountEmails,
  seededSubject,
  sortExtraCopies,
  temporalClient,
  testConfig,
} from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import path from 'node:path';
import { ProcessName, ServiceProcess, startProductProcesses } from './test-support/product-processes';

// The product's own processes, started as `npm start` starts them
// (tools/scripts/lib/services.cjs), killed with SIGKILL in the middle of work
// and started again. Temporal retries and the idempotency keys must make every
// request finish with every email sent exactly once.
jest.setTimeout(300_000);

describe('a crash of any process loses no request and doubles no email', () => {
  const config = testConfig();
  let processes: Record<ProcessName, ServiceProcess>;
  let stopAll: () => Promise<void>;
  let client: Client;
  let intakeUrl: string;
  const inbox = new MailInbox();

  beforeAll(async () => {
    await seedIfEmpty(config, 20);
    const started = await startProductProcesses(config, {
      logDir: path.join(process.env['STACK_DATA_DIR'] ?? '/tmp', 'crash-logs'),
    });
    ({ processes, intakeUrl, stop: stopAll } = started);
    client = await temporalClient(config);
  }, 300_000);

  afterAll(async () => {
    await client?.connection.close();
    await stopAll?.();
  });

  it('every request finishes after the orchestrator, notifications, identity and data each crash once', async () => {
    const emails = (await seededAccountEmails(config)).slice(0, 4);
    const requests: { requestId: string; email: string }[] = [];
    for (const email of emails) {
      const subject = await seededSubject(config, email);
      const response = await fetch(`${intakeUrl}/api/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'access', jurisdiction: 'GDPR', email, name: subject.fullName }),
      });
      expect({ status: response.status, body: response.status === 201 ? 'ok' : await response.clone().text() }).toEqual(
        { status: 201, body: 'ok' },
      );
      requests.push({ requestId: ((await response.json()) as { requestId: string }).requestId, email });
    }

    // Mid-request: workflows are sending the acknowledgement and issuing challenges. The data service
    // goes down too and serves the exports once started again. (An export killed mid-way resumes
    // from its last heartbeat once the 2-minute heartbeat timeout has passed: too long for this
    // tier, proved by apps/data/src/large-export-crash.soak.spec.ts and by the faults-under-load
    // soak that every CI run runs.)
    await processes['orchestrator'].stop({ hard: true });
    await processes['notifications'].stop({ hard: true });
    await processes['orchestrator'].start();
    await processes['identity'].stop({ hard: true });
    await processes['data'].stop({ hard: true });
    await processes['notifications'].start();
    await processes['identity'].start();
    await processes['data'].start();

    for (const { requestId, email } of requests) {
      const mail = await inbox.waitFor(
        email,
        (m) => m.subject.includes(requestId) && /code is \d{6}/.test(m.subject),
        90_000,
      );
      const code = /code is (\d{6})/.exec(mail.subject)?.[1];
      const answer = await fetch(`${intakeUrl}/api/v1/requests/${requestId}/verification-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      expect(answer.status).toBe(200);
    }
    for (const { requestId } of requests) {
      const state = (await client.workflow.getHandle(dsarWorkflowId(requestId)).result()) as DsarState;
      expect(state.status).toBe('completed');
    }
    for (const { requestId, email } of requests) {
      await inbox.waitFor(email, (m) => m.subject.includes(requestId) && /ready to download/i.test(m.subject), 60_000);
      const mails = (await inbox.to(email)).filter((m) => m.subject.includes(requestId));
      const kindOf = (m: CaughtMail) => m.subject.replace(/\d{6}/, 'NNNNNN');
      // Exactly one of each: acknowledgement, code, confirmed, ready; a second copy only as a resend
      // the outbox recorded (a kill between SMTP's 250 and the outbox's write, same Message-ID).
      expect(new Set(mails.map(kindOf)).size).toBe(4);
      expect((await sortExtraCopies(config, mails, kindOf)).unexplained).toEqual([]);
    }
    const intakeHealth = await eventually(async () => ((await fetch(`${intakeUrl}/health`)).ok ? true : undefined));
    expect(intakeHealth).toBe(true);
  });
});
