// Benchmark of the front door (issues 4 and 16), printed, never asserted:
//   submissions/s through POST /api/v1/requests at 50 concurrent connections
//   (validate, seal, store in the registry, start the workflow), p50 and p99,
//   in two arms: the workflow started before answering (INTAKE_WORKFLOW_STARTS_IN_FLIGHT=0,
//   as before issue 16) and answered once stored with the start right after (the default;
//   also printed: the rate until the last of those workflows had started), against a bare
//   client.workflow.start of an empty workflow (probeWorkflow, no worker: starts only).
//   The arms take turns in BENCH_ROUNDS rounds (default 4) on the same stack, so a
//   drift of the shared machine touches all of them alike.
// Run with `npm run bench -- intake` (throw-away stack), or against a running
// `npm run stack` with `node tools/scripts/run-ts.mjs libs/intake/bench/submit.bench.ts`.
// BENCH_SUBMISSIONS (default 2000) sets how many of each.
import 'reflect-metadata';
import { loadConfig, serviceDatabaseName } from '@rightsflow/config';
import { bootstrapActivityService } from '@rightsflow/platform';
import { Client } from '@temporalio/client';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { configureHttp } from '../src/lib/http/configure-http';
import { IntakeModule } from '../src/lib/intake.module';
import { WorkflowStarter } from '../src/lib/submission/workflow-starter';

const total = Number(process.env['BENCH_SUBMISSIONS'] ?? 2000);
const concurrency = 50;
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 4);
const run = randomBytes(3).toString('hex');

const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  TASK_QUEUE_PREFIX: `bench${run}`,
  MONGO_DB_PREFIX: `bench${run}`,
  // The limits protect a public site; the benchmark is one client sending many.
  INTAKE_IP_WRITES_PER_MINUTE: '100000',
  INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000',
});
/** The arm that starts each workflow before answering, as intake did before issue 16. */
const inlineConfig = { ...config, intake: { ...config.intake, workflowStartsInFlight: 0 } };

interface Figures {
  label: string;
  count: number;
  seconds: number;
  latencies: number[];
  failed: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Runs `count` tasks, `concurrency` at a time; latency of each in ms. */
async function measure(label: string, count: number, task: (i: number) => Promise<boolean>): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        const ok = await task(i).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) failed++;
      }
    }),
  );
  return { label, count, seconds: (performance.now() - started) / 1000, latencies, failed };
}

/** Rounds of one arm added together. */
function merged(label: string, parts: Figures[]): Figures {
  return {
    label,
    count: parts.reduce((sum, f) => sum + f.count, 0),
    seconds: parts.reduce((sum, f) => sum + f.seconds, 0),
    latencies: parts.flatMap((f) => f.latencies),
    failed: parts.reduce((sum, f) => sum + f.failed, 0),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function body(i: number): string {
  return JSON.stringify({ type: i % 2 ? 'deletion' : 'access', jurisdiction: 'GDPR', email: `bench-${run}-${i}@example.test`, name: 'Bench Subject', dataPoints: { accountId: `B-${i}` } });
}

async function terminateAll(client: Client): Promise<void> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = "${config.temporal.taskQueues.orchestrator}" AND ExecutionStatus = "Running"` })) ids.push(execution.workflowId);
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < ids.length) await client.workflow.getHandle(ids[next++]).terminate('benchmark over').catch(() => undefined);
    }),
  );
}

async function main(): Promise<void> {
  const boot = (c: typeof config) => bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: 0, config: c, configureHttp });
  const [inlineApp, app] = [await boot(inlineConfig), await boot(config)];
  const urlOf = async (a: typeof app) => (await a.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const [inlineBase, base] = [await urlOf(inlineApp), await urlOf(app)];
  const starter = app.get(WorkflowStarter);
  // The product's client (payload codec included), so the bare arm pays what intake pays.
  const client = await connectTemporalClient(config);
  const connection = client.connection;
  let n = 0; // every submission a new person and key, across arms
  const submit = (url: string) => async () => {
    const i = n++;
    const response = await fetch(`${url}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${run}-${i}` }, body: body(i) });
    await response.arrayBuffer();
    return response.status === 201;
  };
  const arms = { inline: [] as Figures[], answered: [] as Figures[], started: [] as Figures[], bare: [] as Figures[] };
  const perRound = Math.ceil(total / rounds);
  try {
    // Warm-up: connections, JIT, index pages.
    await measure('warm-up', 100, submit(inlineBase));
    await measure('warm-up', 100, submit(base));
    for (let round = 0; round < rounds; round++) {
      arms.inline.push(await measure('', perRound, submit(inlineBase)));
      const started = performance.now();
      arms.answered.push(await measure('', perRound, submit(base)));
      while (starter.backlog > 0) await sleep(5); // the benchmark's own view of when the last start finished
      arms.started.push({ label: '', count: perRound, seconds: (performance.now() - started) / 1000, latencies: [], failed: 0 });
      arms.bare.push(
        await measure('', perRound, async () => {
          await client.workflow.start('probeWorkflow', { taskQueue: config.temporal.taskQueues.orchestrator, workflowId: `bench-probe-${run}-${n++}`, args: [[]] });
          return true;
        }),
      );
    }
    const rows = [
      merged('POST, start before answer', arms.inline),
      merged('POST, answer once stored', arms.answered),
      merged('  … until all started', arms.started),
      merged('bare client.workflow.start', arms.bare),
    ];
    const row = (f: Figures) => {
      const sorted = [...f.latencies].sort((a, b) => a - b);
      const ms = (p: number) => (sorted.length ? `${percentile(sorted, p).toFixed(1).padStart(7)} ms` : '        –  ');
      return `${f.label.padEnd(28)} ${(f.count / f.seconds).toFixed(0).padStart(8)}/s   p50 ${ms(50)}   p99 ${ms(99)}   n ${String(f.count).padStart(5)}   failed ${f.failed}`;
    };
    console.log(`\nintake submit benchmark: ${perRound} × ${rounds} rounds per arm, ${concurrency} concurrent, one process, ${config.mongo.url.startsWith('mongodb://127.0.0.1') ? 'local stack' : 'remote stack'}, load ${os.loadavg()[0].toFixed(2)}`);
    rows.forEach((f) => console.log(row(f)));
    const rate = (f: Figures) => f.count / f.seconds;
    const [inline, answered, started, bare] = rows;
    console.log(`ratio to bare starts: start before answer ${(rate(inline) / rate(bare)).toFixed(2)}, answer once stored ${(rate(answered) / rate(bare)).toFixed(2)} (until all started ${(rate(started) / rate(bare)).toFixed(2)})`);
  } finally {
    await terminateAll(client).catch((error) => console.warn(`cleanup: ${(error as Error).message}`));
    await inlineApp.close();
    await app.close();
    const db = await mongoose.createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'intake') }).asPromise();
    await db.dropDatabase().catch(() => undefined);
    await db.close();
    await connection.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
