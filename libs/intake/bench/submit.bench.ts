// Benchmark of the front door (issue 4), printed, never asserted:
//   submissions/s through POST /api/v1/requests at 50 concurrent connections
//   (validate, seal, store in the registry, start the workflow), p50 and p99,
//   against a bare client.workflow.start of an empty workflow (probeWorkflow,
//   no worker: starts only) in the same run, on the same stack.
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
import { configureHttp } from '../src/lib/http/configure-http';
import { IntakeModule } from '../src/lib/intake.module';

const total = Number(process.env['BENCH_SUBMISSIONS'] ?? 2000);
const concurrency = 50;
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

interface Figures {
  label: string;
  perSecond: number;
  p50: number;
  p99: number;
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
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { label, perSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failed };
}

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
  const app = await bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: 0, config, configureHttp });
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const client = await connectTemporalClient(config);
  const connection = client.connection;
  try {
    // Warm-up: connections, JIT, index pages.
    await measure('warm-up', 100, async (i) => (await fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(total + i) })).ok);

    const submissions = await measure('POST /api/v1/requests', total, async (i) => {
      const response = await fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${run}-${i}` }, body: body(i) });
      await response.arrayBuffer();
      return response.status === 201;
    });
    const starts = await measure('bare client.workflow.start', total, async (i) => {
      await client.workflow.start('probeWorkflow', { taskQueue: config.temporal.taskQueues.orchestrator, workflowId: `bench-probe-${run}-${i}`, args: [[]] });
      return true;
    });

    const row = (f: Figures) => `${f.label.padEnd(28)} ${f.perSecond.toFixed(0).padStart(8)}/s   p50 ${f.p50.toFixed(1).padStart(7)} ms   p99 ${f.p99.toFixed(1).padStart(7)} ms   failed ${f.failed}`;
    console.log(`\nintake submit benchmark: ${total} each, ${concurrency} concurrent, one process, ${config.mongo.url.startsWith('mongodb://127.0.0.1') ? 'local stack' : 'remote stack'}`);
    console.log(row(submissions));
    console.log(row(starts));
    console.log(`ratio submissions / bare starts: ${(submissions.perSecond / starts.perSecond).toFixed(2)}`);
  } finally {
    await terminateAll(client).catch((error) => console.warn(`cleanup: ${(error as Error).message}`));
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
