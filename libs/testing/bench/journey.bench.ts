// End-to-end benchmark of the access journey (issue 9), printed, never asserted:
// the product's own processes as `npm start` runs them (tools/scripts/lib/services.cjs),
// seeded sample company, real SMTP catcher. Each simulated subject submits a GDPR
// access request, reads the code from its inbox, submits it, and waits for the
// "ready to download" email, then starts again. Figures per concurrency level
// (1, 10, 100 subjects at once): access requests completed per minute, and p50/p99
// of the time from submission to the arrival of the completion email.
// Run with `npm run bench -- journey` (throw-away stack).
// BENCH_JOURNEY_ROUNDS (default "8,3,1") sets how many requests each subject makes
// at each level; BENCH_JOURNEY_LEVELS (default "1,10,100") the levels;
// BENCH_JOURNEY_COMPANY (default 130, at least the largest level) the people seeded.
// Per level it also prints the CPU-seconds per completed request of every stack
// component and product process (their whole process trees, from /proc; the
// stack's pids come from tools/scripts/bench.mjs in STACK_PIDS), and, from
// Temporal's history of a few requests, the time per step.
import 'reflect-metadata';
import { dsarWorkflowId } from '@rightsflow/contracts';
import {
  cpuDelta,
  cpuSecondsOfTrees,
  machineCpuSeconds,
  machineShares,
  percentile,
  productProcessPorts,
  percentiles,
  seededAccountEmails,
  temporalClient,
  testConfig,
  workspaceRoot,
} from '@rightsflow/testing';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CaughtMail } from '../src/lib/mail-inbox';
import { addHistory, emptyStepTimes, formatStepTimes, slowestGaps } from './history-steps';

interface ServicesModule {
  startServices(options: {
    root: string;
    env: NodeJS.ProcessEnv;
    logDir: string;
    log?: (line: string) => void;
  }): Promise<{ processes: Record<string, { child?: { pid?: number } }>; stop: () => Promise<void> }>;
}

const services = require(path.join(workspaceRoot, 'tools/scripts/lib/services.cjs')) as ServicesModule;

const levels = (process.env['BENCH_JOURNEY_LEVELS'] ?? '1,10,100').split(',').map(Number);
/** How many request histories per level the step table reads. */
const HISTORIES_PER_LEVEL = 10;
const stackPids = JSON.parse(process.env['STACK_PIDS'] ?? '{}') as Record<string, number | undefined>;
const rounds = (process.env['BENCH_JOURNEY_ROUNDS'] ?? '8,3,1').split(',').map(Number);
/**
 * People in the sample company (BENCH_JOURNEY_COMPANY; 100000 measures a big company). Only about
 * 85 % of seeded people have a portal account (what a subject submits with), so the company is a
 * quarter larger than the most people asking at once.
 */
const companySize = Math.max(
  Number(process.env['BENCH_JOURNEY_COMPANY'] ?? 130),
  Math.ceil(Math.max(...levels) * 1.25),
);
const mailApi = String(process.env['MAIL_API_URL']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function header(mail: CaughtMail, name: string): string | undefined {
  const value = Object.entries(mail.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1] as unknown;
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/**
 * The inbox, read incrementally every 200 ms; records when each message about a
 * request was first seen, so the completion time is when the subject could read it.
 */
class Inbox {
  private readonly seen = new Map<string, { mail: CaughtMail; at: number }[]>();
  private count = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor() {
    this.loop = this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  async waitFor(requestId: string, kind: string, timeoutMs = 600_000): Promise<{ mail: CaughtMail; at: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.seen.get(requestId)?.find((m) => header(m.mail, 'x-rightsflow-message') === kind);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${kind} email about ${requestId} within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  private async poll(): Promise<void> {
    while (this.running) {
      try {
        const response = await fetch(`${mailApi}/email?skip=${this.count}`);
        const mails = (await response.json()) as CaughtMail[];
        const at = performance.now();
        for (const mail of mails) {
          const requestId = header(mail, 'x-rightsflow-request');
          if (requestId) this.seen.set(requestId, [...(this.seen.get(requestId) ?? []), { mail, at }]);
        }
        this.count += mails.length;
      } catch {
        // the catcher is busy: next round
      }
      await sleep(200);
    }
  }
}

async function main() {
  const ports = await productProcessPorts();
  const intakeUrl = `http://127.0.0.1:${ports.INTAKE_PORT}`;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'rf-journey-bench-'));
  const settings = {
    ...ports,
    PUBLIC_BASE_URL: intakeUrl,
    DATA_SERVICE_URL: `http://127.0.0.1:${ports.DATA_HEALTH_PORT}`,
    BUNDLE_DIR: path.join(scratch, 'bundles'),
    // One client plays every subject, and each subject asks again and again.
    INTAKE_IP_WRITES_PER_MINUTE: '100000',
    INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000',
    CHALLENGES_PER_REQUEST_HOUR: '1000',
    CHALLENGES_PER_SUBJECT_HOUR: '1000',
  };
  const config = testConfig(settings);
  const env = {
    ...process.env,
    ...settings,
    NODE_ENV: 'test',
    TASK_QUEUE_PREFIX: config.temporal.taskQueues.orchestrator.replace(/-orchestrator$/, ''),
    MONGO_DB_PREFIX: config.mongo.dbPrefix,
  };
  // Seeded as `npm start` seeds it.
  const seed = spawnSync(process.execPath, ['tools/scripts/run-ts.mjs', 'tools/scripts/seed-if-empty.ts'], {
    cwd: workspaceRoot,
    env: { ...env, SEED_SUBJECTS: String(companySize) },
    encoding: 'utf8',
  });
  if (seed.status !== 0) throw new Error(`seeding failed: ${seed.stderr}`);
  console.log(seed.stdout.trim());
  const subjects = (await seededAccountEmails(config)).slice(0, Math.max(...levels));
  if (subjects.length < Math.max(...levels))
    throw new Error(`only ${subjects.length} seeded people have an account; raise BENCH_JOURNEY_COMPANY`);
  const booted = performance.now();
  const product = await services.startServices({
    root: workspaceRoot,
    env,
    logDir: path.join(scratch, 'logs'),
    log: () => undefined,
  });
  console.log(`product processes healthy in ${((performance.now() - booted) / 1000).toFixed(0)} s`);
  const inbox = new Inbox();
  const temporal = await temporalClient(config);
  const measuredPids = (): Record<string, number | undefined> => ({
    ...stackPids,
    ...Object.fromEntries(Object.entries(product.processes).map(([name, p]) => [name, p.child?.pid])),
  });

  /** One access journey of one subject; ms from submission to the completion email (and from verification to it in `sinceVerified`). */
  async function journey(email: string, done?: string[], sinceVerified?: number[]): Promise<number> {
    const t0 = performance.now();
    const submitted = await fetch(`${intakeUrl}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'access', jurisdiction: 'GDPR', email, name: 'Bench Subject' }),
    });
    if (submitted.status !== 201) throw new Error(`submission answered ${submitted.status}`);
    const { requestId } = (await submitted.json()) as { requestId: string };
    const code = /code is (\d{6})/.exec((await inbox.waitFor(requestId, 'verification_code')).mail.subject)?.[1];
    for (;;) {
      const answer = await fetch(`${intakeUrl}/api/v1/requests/${requestId}/verification-code`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      });
      if (answer.status === 200) break;
      if (answer.status !== 503) throw new Error(`code answered ${answer.status}`);
      await sleep(500); // busy: the person presses the button again
    }
    const verified = performance.now();
    const ready = await inbox.waitFor(requestId, 'access_ready');
    done?.push(requestId);
    sinceVerified?.push(ready.at - verified);
    return ready.at - t0;
  }

  const results: { subjects: number; perMinute: number; p50: number; p99: number; count: number; failed: number }[] =
    [];
  let passed = false;
  try {
    await journey(subjects[0]); // warm-up: first bundle, first connections
    for (const [index, level] of levels.entries()) {
      const perSubject = rounds[index] ?? 1;
      const latencies: number[] = [];
      let failed = 0;
      const completed: string[] = [];
      const verifiedToDone: number[] = [];
      const cpuBefore = cpuSecondsOfTrees(measuredPids());
      const machineBefore = machineCpuSeconds();
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        subjects.slice(0, level).map(async (email) => {
          for (let round = 0; round < perSubject; round++) {
            try {
              latencies.push(await journey(email, completed, verifiedToDone));
            } catch (error) {
              failed++;
              console.error(`  journey failed: ${(error as Error).message}`);
            }
          }
        }),
      );
      const minutes = (performance.now() - started) / 60_000;
      const cpu = cpuDelta(cpuBefore, cpuSecondsOfTrees(measuredPids()));
      const machine = machineShares(machineBefore, machineCpuSeconds());
      const client = process.cpuUsage(clientBefore);
      latencies.sort((a, b) => a - b);
      const figures = {
        subjects: level,
        count: latencies.length,
        failed,
        perMinute: latencies.length / minutes,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
      };
      results.push(figures);
      console.log(
        `${String(level).padStart(3)} subject(s) at once: ${figures.count} access requests completed in ${(minutes * 60).toFixed(0)} s ` +
          `= ${figures.perMinute.toFixed(1)}/min; submission to completion email ${percentiles(
            latencies.map((ms) => ms / 1000),
            's',
            1,
          )}; verification to completion email ${percentiles(
            verifiedToDone.map((ms) => ms / 1000),
            's',
            1,
          )}${failed ? `; ${failed} failed` : ''}; load ${os.loadavg()[0].toFixed(2)}`,
      );
      printCpu(cpu, latencies.length, minutes * 60);
      printMachine(machine, (client.user + client.system) / 1e6, minutes * 60);
      const times = emptyStepTimes();
      const sampled = completed.slice(-HISTORIES_PER_LEVEL);
      for (const requestId of sampled) {
        const history = await temporal.workflow.getHandle(dsarWorkflowId(requestId)).fetchHistory();
        addHistory(times, history.events ?? []);
      }
      for (const line of formatStepTimes(times, sampled.length)) console.log(`    ${line}`);
      const longest = Math.max(...verifiedToDone);
      const slowest = completed[verifiedToDone.indexOf(longest)];
      if (slowest && level > 1) {
        const workflowId = dsarWorkflowId(slowest);
        console.log(
          `    slowest from verification to completion (${(longest / 1000).toFixed(1)} s, ${workflowId}), from its history:`,
        );
        const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
        for (const line of slowestGaps(history.events ?? [])) console.log(`      ${line}`);
      }
    }
    const [one] = results;
    for (const r of results.slice(1)) {
      console.log(
        `ratio at ${r.subjects} vs 1 subject: throughput x${(r.perMinute / one.perMinute).toFixed(2)}, p50 x${(r.p50 / one.p50).toFixed(2)}`,
      );
    }
    passed = results.every((r) => r.failed === 0);
  } finally {
    await temporal.connection.close();
    await inbox.stop();
    await product.stop();
    // A run with a failed journey (or one that threw) keeps the services' logs to read.
    if (passed) rmSync(scratch, { recursive: true, force: true });
    else console.error(`the services' logs stay in ${path.join(scratch, 'logs')}`);
  }
}

/** CPU-seconds per completed request of every process tree, and of the whole stack. */
function printCpu(cpu: Record<string, number>, requests: number, seconds: number): void {
  const names = Object.keys(cpu).sort((a, b) => cpu[b] - cpu[a]);
  const total = names.reduce((sum, name) => sum + cpu[name], 0);
  const perRequest = (value: number) => (requests > 0 ? (value / requests).toFixed(3) : 'n/a');
  console.log(
    `    CPU-seconds per access request (${requests} requests, ${seconds.toFixed(0)} s, ${os.cpus().length} cores):`,
  );
  for (const name of names) {
    console.log(
      `      ${name.padEnd(14)} ${perRequest(cpu[name]).padStart(7)} s   (${((cpu[name] / seconds) * 100).toFixed(0).padStart(3)} % of a core)`,
    );
  }
  console.log(
    `      ${'whole stack'.padEnd(14)} ${perRequest(total).padStart(7)} s   (${((total / seconds) * 100).toFixed(0).padStart(3)} % of a core)`,
  );
  if (Object.keys(stackPids).length === 0) console.log('      (no STACK_PIDS: only the product processes are counted)');
}

/**
 * Where the cores went besides the stack: this benchmark's own clients, and the
 * hypervisor's steal (time our virtual cores ran someone else's work). Runs of
 * the same code spread widely on this machine; steal says when that is why.
 */
function printMachine(machine: ReturnType<typeof machineShares>, clientSeconds: number, seconds: number): void {
  const cores = os.cpus().length;
  const percent = (share: number) => `${(share * cores * 100).toFixed(0)} %`;
  console.log(
    `      machine: busy ${percent(machine.busy)}, idle ${percent(machine.idle)}, stolen by the hypervisor ${percent(machine.steal)} of a core; this benchmark's clients ${((clientSeconds / seconds) * 100).toFixed(0)} % of a core`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
