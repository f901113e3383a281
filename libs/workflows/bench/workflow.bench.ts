// Benchmarks of the request workflow (issue 3), printed, never asserted:
//  1. start N request workflows that then wait for verification: start rate, and
//     the orchestrator's resident memory as the count grows (goal < 1 GB, flat);
//  2. the DSAR start rate against a bare client.workflow.start of an empty
//     workflow in the same run (goal ratio >= 0.8);
//  3. end-to-end time of a request whose activities do no work (p50, p99).
// BENCH_WORKFLOWS (default 10000) sets N.
import { DSAR_WORKFLOW, dsarWorkflowId, DsarWorkflowInput } from '@rightsflow/contracts';
import { defaultPolicy, RequestType } from '@rightsflow/domain';
import { seal } from '@rightsflow/platform';
import { temporalClient, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startNoopServices } from './noop-services';

const total = Number(process.env['BENCH_WORKFLOWS'] ?? 10_000);
const concurrency = 64;
const root = path.resolve(__dirname, '../../..');

function input(config: ReturnType<typeof testConfig>, type: RequestType): DsarWorkflowInput {
  return {
    requestId: `req_${randomBytes(8).toString('hex')}`,
    type,
    jurisdiction: 'CCPA',
    receivedAt: new Date().toISOString(),
    channel: 'api',
    sealedSubjectEmail: seal(config.secrets.encryptionKey, 'bench@example.test'),
    policy: defaultPolicy,
  };
}

async function inParallel(count: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const config = testConfig();
  const env = {
    ...process.env,
    TASK_QUEUE_PREFIX: config.temporal.taskQueues.orchestrator.replace(/-orchestrator$/, ''),
    ORCHESTRATOR_HEALTH_PORT: String(await freePort()),
    NODE_ENV: 'test',
  };
  const orchestrator = spawn(process.execPath, ['tools/scripts/run-ts.mjs', 'apps/orchestrator/src/main.ts'], {
    cwd: root,
    env,
    stdio: 'ignore',
  });
  const orchestratorPid = orchestrator.pid ?? 0;
  const services = await startNoopServices(config);
  const client: Client = await temporalClient(config);
  const taskQueue = config.temporal.taskQueues.orchestrator;
  try {
    // The orchestrator is ready once it completes a probe.
    await client.workflow.execute('probeWorkflow', { taskQueue, workflowId: `warmup-${Date.now()}`, args: [[]] });
    const idleRss = rssMb(orchestratorPid);
    console.log(`orchestrator idle RSS: ${idleRss.toFixed(0)} MB`);

    const bareCount = Math.min(total, 2_000);
    const bareSeconds = await inParallel(bareCount, async (i) => {
      // No worker polls this queue: only the start itself is measured.
      await client.workflow.start('probeWorkflow', {
        taskQueue: `${taskQueue}-bare`,
        workflowId: `bare-${i}-${Date.now()}`,
        args: [[]],
      });
    });
    const bareRate = bareCount / bareSeconds;

    const samples: string[] = [];
    const step = Math.max(1, Math.floor(total / 4));
    const startSeconds = await inParallel(total, async (i) => {
      const request = input(config, 'access');
      await client.workflow.start(DSAR_WORKFLOW, {
        taskQueue,
        workflowId: dsarWorkflowId(request.requestId),
        args: [request],
      });
      if ((i + 1) % step === 0) samples.push(`${i + 1}: ${rssMb(orchestratorPid).toFixed(0)} MB`);
    });
    const dsarRate = total / startSeconds;
    console.log(
      `started ${total} request workflows waiting for verification in ${startSeconds.toFixed(1)} s: ${dsarRate.toFixed(0)} starts/s`,
    );
    console.log(
      `bare client.workflow.start of an empty workflow: ${bareRate.toFixed(0)} starts/s (${bareCount} starts)`,
    );
    console.log(`ratio DSAR start rate / bare start rate: ${(dsarRate / bareRate).toFixed(2)} (goal >= 0.8)`);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    console.log(`orchestrator RSS while starting: ${samples.join(', ')}`);
    samples.push(`${total} after 5 s settling: ${rssMb(orchestratorPid).toFixed(0)} MB`);

    const e2e: number[] = [];
    await inParallel(200, async () => {
      const request = input(config, 'opt_out_sale');
      const t0 = performance.now();
      await client.workflow.execute(DSAR_WORKFLOW, {
        taskQueue,
        workflowId: dsarWorkflowId(request.requestId),
        args: [request],
      });
      e2e.push(performance.now() - t0);
    });
    e2e.sort((a, b) => a - b);

    console.log(
      `end to end, no-op activities (opt-out, 200 requests, ${concurrency} at once): p50 ${percentile(e2e, 50).toFixed(0)} ms, p99 ${percentile(e2e, 99).toFixed(0)} ms`,
    );
  } finally {
    await client.connection.close();
    await services.stop();
    orchestrator.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
