// Benchmarks of the request workflow (issue 3), printed, never asserted:
//  1. the DSAR start rate against a bare client.workflow.start of the empty
//     probeWorkflow, both to the orchestrator's queue with its worker running
//     (same worker, same count, same concurrency), interleaved over
//     BENCH_ROUNDS rounds (default 3) whose order alternates: the ratio is
//     printed per round and as median with its range (goal >= 0.8);
//  2. the orchestrator's resident memory, a process this benchmark starts
//     fresh, idle and as the waiting request workflows grow (goal < 1 GB, flat);
//  3. end-to-end time of a request whose activities do no work (percentiles
//     with their sample count).
// BENCH_WORKFLOWS (default 1000) is the count of each arm in each round.
import { DSAR_WORKFLOW, DSAR_WORKFLOW_REVISION, dsarWorkflowId, DsarWorkflowInput } from '@rightsflow/contracts';
import { defaultPolicy, RequestType } from '@rightsflow/domain';
import { seal } from '@rightsflow/platform';
import { closedLoop, percentiles, rssMb, spread, temporalClient, testConfig } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '@rightsflow/testing';
import path from 'node:path';
import { startNoopServices } from './noop-services';

const perArm = Number(process.env['BENCH_WORKFLOWS'] ?? 1_000);
const rounds = Math.max(3, Number(process.env['BENCH_ROUNDS'] ?? 3));
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
    revision: DSAR_WORKFLOW_REVISION, // as intake starts it
  };
}

async function main() {
  const config = testConfig();
  const run = randomBytes(3).toString('hex');
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
    console.log(`orchestrator (a fresh process) idle RSS: ${idleRss.toFixed(0)} MB`);

    const startDsar = async () => {
      const request = input(config, 'access');
      await client.workflow.start(DSAR_WORKFLOW, {
        taskQueue,
        workflowId: dsarWorkflowId(request.requestId),
        args: [request],
      });
    };
    const startBare = async (i: number) => {
      await client.workflow.start('probeWorkflow', { taskQueue, workflowId: `bare-${run}-${i}`, args: [[]] });
    };
    const ratios: number[] = [];
    const memory: string[] = [];
    let waiting = 0;
    let bareStarted = 0;
    for (let round = 1; round <= rounds; round++) {
      // Alternate which arm goes first, so neither always runs on a warmer server.
      const arms = round % 2 ? (['dsar', 'bare'] as const) : (['bare', 'dsar'] as const);
      const rate: Record<'dsar' | 'bare', number> = { dsar: NaN, bare: NaN };
      for (const arm of arms) {
        const seconds =
          arm === 'dsar'
            ? (await closedLoop(perArm, concurrency, startDsar)).seconds
            : (await closedLoop(perArm, concurrency, (i) => startBare(bareStarted + i))).seconds;
        if (arm === 'bare') bareStarted += perArm;
        else waiting += perArm;
        rate[arm] = perArm / seconds;
      }
      ratios.push(rate.dsar / rate.bare);
      memory.push(`${waiting} waiting: ${rssMb(orchestratorPid).toFixed(0)} MB`);
      console.log(
        `round ${round} (${arms.join(' then ')}): DSAR ${rate.dsar.toFixed(0)} starts/s, bare ${rate.bare.toFixed(0)} starts/s, ratio ${(rate.dsar / rate.bare).toFixed(2)}`,
      );
    }
    console.log(
      `ratio DSAR start rate / bare start rate, ${perArm} starts of each per round, ${concurrency} at once, same worker: ${spread(ratios)} (goal >= 0.8)`,
    );
    console.log(
      `orchestrator RSS as request workflows wait for verification: idle ${idleRss.toFixed(0)} MB, ${memory.join(', ')}`,
    );

    const endToEnd = await closedLoop(200, concurrency, async () => {
      const request = input(config, 'opt_out_sale');
      await client.workflow.execute(DSAR_WORKFLOW, {
        taskQueue,
        workflowId: dsarWorkflowId(request.requestId),
        args: [request],
      });
    });
    console.log(
      `end to end, no-op activities (opt-out, 200 requests, ${concurrency} at once): ${percentiles(endToEnd.latencies)}`,
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
