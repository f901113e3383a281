// Benchmark of the front door (issues 4 and 16), printed, never asserted:
//   submissions/s through POST /api/v1/requests at 50 concurrent connections
//   (validate, seal, store in the registry, start the workflow) in two arms —
//   answered once stored with the workflow started right after (the default;
//   also printed: the rate until the last of those workflows had started), and
//   the workflow started before answering (INTAKE_WORKFLOW_STARTS_IN_FLIGHT=0,
//   as before issue 16) — against two baselines measured in the same run on the
//   same stack:
//   - a bare Nest endpoint: POST to a controller that only answers 201, in a
//     Nest app on the same HTTP platform in this process (what HTTP and Nest
//     cost before any of our work);
//   - a bare client.workflow.start of the empty probeWorkflow to a queue with
//     no worker (what starting a workflow costs).
//   The four arms run interleaved over BENCH_ROUNDS rounds (default 3), their
//   order rotating; each ratio is printed as median and range over the rounds,
//   latencies as percentiles with their sample count. Per arm it also prints
//   the CPU-milliseconds per submission of each stack component's process tree
//   (from /proc; pids in STACK_PIDS), of this process's server side (the intake
//   apps, the bare endpoint and the Temporal client) and of the clients' thread;
//   the answered arm's figures include its workflows' starts after it.
//   The HTTP clients run in a worker thread of their own (http-load.ts), as
//   a real client runs elsewhere: in the main thread their fetch work queued
//   behind the server's own callbacks and was counted as server latency. The
//   bare workflow starts are the server's own work and run in the main thread.
// Run with `npm run bench -- submit` (throw-away stack), or against a running
// `npm run stack` with `node --expose-gc tools/scripts/run-ts.mjs libs/intake/bench/submit.bench.ts`.
// BENCH_SUBMISSIONS (default 500) is the count of each arm in each round.
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, serviceDatabaseName } from '@rightsflow/config';
import { bootstrapActivityService } from '@rightsflow/platform';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';
import {
  closedLoop,
  ClosedLoopFigures as Figures,
  cpuDelta,
  cpuSecondsOfTrees,
  percentiles,
  spread,
} from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { HttpLoad } from './http-load';
import { configureHttp } from '../src/lib/http/configure-http';
import { IntakeModule } from '../src/lib/intake.module';
import { WorkflowStarter } from '../src/lib/submission/workflow-starter';

const perArm = Number(process.env['BENCH_SUBMISSIONS'] ?? 500);
const rounds = Math.max(3, Number(process.env['BENCH_ROUNDS'] ?? 3));
const concurrency = 50;
const run = randomBytes(3).toString('hex');

/** The bare Nest endpoint: parses the JSON body and answers 201, nothing else. */
@Controller('bare')
class BareController {
  @Post()
  @HttpCode(201)
  accept(@Body() body: unknown): { received: boolean } {
    return { received: typeof body === 'object' };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

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

async function terminateAll(client: Client): Promise<void> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({
    query: `TaskQueue = "${config.temporal.taskQueues.orchestrator}" AND ExecutionStatus = "Running"`,
  }))
    ids.push(execution.workflowId);
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < ids.length)
        await client.workflow
          .getHandle(ids[next++])
          .terminate('benchmark over')
          .catch(() => undefined);
    }),
  );
}

type Arm = 'submit' | 'inline' | 'nest' | 'start';
const ARMS: Record<Arm, string> = {
  submit: 'POST, answer once stored',
  inline: 'POST, start before answer',
  nest: 'bare Nest endpoint',
  start: 'bare client.workflow.start',
};

const stackPids = JSON.parse(process.env['STACK_PIDS'] ?? '{}') as Record<string, number | undefined>;
/** CPU-seconds so far of each stack component and of this whole process. */
const cpuNow = () => cpuSecondsOfTrees({ ...stackPids, benchmark: process.pid });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<void> {
  const boot = (c: typeof config) =>
    bootstrapActivityService({ service: 'intake', feature: IntakeModule, httpPort: 0, config: c, configureHttp });
  const [inlineApp, app] = [await boot(inlineConfig), await boot(config)];
  const urlOf = async (a: typeof app) =>
    (await a.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
  const [inlineBase, base] = [await urlOf(inlineApp), await urlOf(app)];
  const starter = app.get(WorkflowStarter);
  const bare = await NestFactory.create(BareModule, { logger: false });
  await bare.listen(0, '127.0.0.1');
  const bareUrl = `${(await bare.getUrl()).replace('[::1]', '127.0.0.1')}/bare`;
  const client = await connectTemporalClient(config);
  const connection = client.connection;
  const load = new HttpLoad(concurrency);
  let offset = 0; // submissions and starts never repeat an email or workflow id across rounds
  const submissions = (url: string) => (from: number, count: number) =>
    load.run({ url, from, count, run, idempotencyKeys: true });
  const arms: Record<Arm, (from: number, count: number) => Promise<Figures & { clientCpuSeconds?: number }>> = {
    submit: submissions(`${base}/api/v1/requests`),
    inline: submissions(`${inlineBase}/api/v1/requests`),
    nest: (from, count) => load.run({ url: bareUrl, from, count, run, idempotencyKeys: false }),
    start: (from, count) =>
      // In this thread: the starts are the server's own kind of work, on its Temporal connection.
      closedLoop(count, concurrency, (i) =>
        client.workflow
          .start('probeWorkflow', {
            taskQueue: `${config.temporal.taskQueues.orchestrator}-bare`,
            workflowId: `bench-probe-${run}-${from + i}`,
            args: [[]],
          })
          .then(
            () => true,
            () => false,
          ),
      ),
  };
  try {
    // Warm-up: connections, JIT, index pages.
    const warmUps = Object.keys(ARMS) as Arm[];
    // Each arm its own ids: the two intake apps share one database, so shared ids would be replays.
    for (const [k, arm] of warmUps.entries()) await arms[arm](perArm * rounds + 50 * k, 50);
    offset = perArm * rounds + 50 * warmUps.length;

    const all: Record<Arm, Figures[]> = { submit: [], inline: [], nest: [], start: [] };
    /** CPU-seconds of each arm over its rounds, by process ('clients' is the HTTP clients' thread). */
    const cpu: Record<Arm, Record<string, number>> = { submit: {}, inline: {}, nest: {}, start: {} };
    /** Rate of the answered-once-stored arm until the last of its workflows had started. */
    const untilStarted: number[] = [];
    const order = Object.keys(ARMS) as Arm[];
    for (let round = 0; round < rounds; round++) {
      // Rotate the order, so no arm always runs first or last.
      for (const arm of [...order.slice(round % order.length), ...order.slice(0, round % order.length)]) {
        // Untimed: the servers closed this arm's idle connections (keep-alive timeout) while the
        // others ran, and a burst of new connections waits for accepts; measured are kept-alive ones.
        await arms[arm](offset, concurrency);
        offset += concurrency;
        const cpuBefore = cpuNow();
        const started = performance.now();
        const figures = await arms[arm](offset, perArm);
        all[arm].push(figures);
        offset += perArm;
        if (arm === 'submit') {
          while (starter.backlog > 0) await sleep(5); // the benchmark's own view of when the last start finished
          untilStarted.push(perArm / ((performance.now() - started) / 1000));
        }
        const used = cpuDelta(cpuBefore, cpuNow());
        const clients = figures.clientCpuSeconds ?? 0; // the clients' thread is part of this process
        used['benchmark'] -= clients;
        used['clients'] = clients;
        for (const [name, seconds] of Object.entries(used)) cpu[arm][name] = (cpu[arm][name] ?? 0) + seconds;
      }
    }

    console.log(
      `\nintake submit benchmark: ${perArm} of each arm per round, ${rounds} rounds interleaved, ${concurrency} concurrent, server in one process, clients in a worker thread, load ${os.loadavg()[0].toFixed(2)}`,
    );
    for (const arm of order) {
      const figures = all[arm];
      console.log(
        `${ARMS[arm].padEnd(28)} ${spread(
          figures.map((f) => f.perSecond),
          0,
        )}/s   ${percentiles(figures.flatMap((f) => f.latencies))}   failed ${figures.reduce((n, f) => n + f.failed, 0)}`,
      );
    }
    console.log(`${'  … until all started'.padEnd(28)} ${spread(untilStarted, 0)}/s`);
    console.log(
      `CPU-ms per submission or start, by process (n=${perArm * rounds} per arm; benchmark = this process less its clients' thread):`,
    );
    for (const arm of order) {
      const byProcess = Object.entries(cpu[arm]).sort(([, a], [, b]) => b - a);
      const ms = (seconds: number) => ((seconds * 1000) / (perArm * rounds)).toFixed(2);
      const total = byProcess.reduce((sum, [, seconds]) => sum + seconds, 0);
      console.log(
        `${ARMS[arm].padEnd(28)} ${ms(total)} in all: ${byProcess.map(([name, seconds]) => `${name} ${ms(seconds)}`).join(', ')}`,
      );
    }
    const ratio = (a: Arm, b: Arm) => all[a].map((f, round) => f.perSecond / (all[b][round] as Figures).perSecond);
    console.log(`ratio submissions (answer once stored) / bare Nest endpoint: ${spread(ratio('submit', 'nest'))}`);
    console.log(`ratio submissions (answer once stored) / bare workflow starts: ${spread(ratio('submit', 'start'))}`);
    console.log(`ratio submissions (start before answer) / bare workflow starts: ${spread(ratio('inline', 'start'))}`);
  } finally {
    await terminateAll(client).catch((error) => console.warn(`cleanup: ${(error as Error).message}`));
    await load.close();
    await bare.close();
    await inlineApp.close();
    await app.close();
    const db = await mongoose
      .createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'intake') })
      .asPromise();
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
