// Outbox throughput: how many messages per second the notifications service
// delivers through its outbox (render, open the sealed recipient, claim, SMTP,
// settle) to the local SMTP server, with 1,000 messages queued first.
//
//   MONGO_URL=… SMTP_HOST=… SMTP_PORT=… node tools/scripts/run-ts.mjs libs/notifications/bench/outbox.bench.ts
//
// Optional: BENCH_MESSAGES (1000), BENCH_CONCURRENCY (20), MAIL_API_URL (the
// SMTP catcher's HTTP API: counts what arrived, then deletes the bench mail).
// Prints figures and asserts nothing; uses a throw-away database it drops.
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { loadConfig } from '@rightsflow/config';
import { SendMessageResult } from '@rightsflow/contracts';
import { RightsflowConfigModule, seal } from '@rightsflow/platform';
import { closedLoop, ClosedLoopFigures, percentile, percentiles } from '@rightsflow/testing';
import { Connection } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { MessageSender } from '../src/lib/message-sender';
import { NotificationsModule } from '../src/lib/notifications.module';
import { outboxKey, stableMessageId } from '../src/lib/outbox/outbox-key';
import { OutboxStore } from '../src/lib/outbox/outbox.store';
import { SendMessageDto } from '../src/lib/send-message.dto';
import { sampleFacts } from '../src/lib/templates/sample-facts';

const COUNT = Number(process.env['BENCH_MESSAGES'] ?? 1000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 20);
const run = randomBytes(4).toString('hex');
const config = loadConfig({
  ...process.env,
  NODE_ENV: 'test',
  MONGO_DB_PREFIX: `bench${run}`,
  TASK_QUEUE_PREFIX: `bench${run}`,
});

@Module({ imports: [RightsflowConfigModule.forRoot(config), NotificationsModule] })
class OutboxBenchModule {}

function report(label: string, timing: ClosedLoopFigures): Record<string, number> {
  const figures = {
    messages: timing.latencies.length,
    seconds: Number(timing.seconds.toFixed(2)),
    perSecond: Number((timing.latencies.length / timing.seconds).toFixed(1)),
    p50Ms: Number(percentile(timing.latencies, 50).toFixed(1)),
    p95Ms: Number(percentile(timing.latencies, 95).toFixed(1)),
    // A p99 needs 100 samples.
    ...(timing.latencies.length >= 100 ? { p99Ms: Number(percentile(timing.latencies, 99).toFixed(1)) } : {}),
  };
  console.log(
    `${label.padEnd(34)} ${String(figures.messages).padStart(5)} in ${figures.seconds.toFixed(2).padStart(6)} s = ${figures.perSecond.toFixed(1).padStart(7)}/s   ${percentiles(timing.latencies)}`,
  );
  return figures;
}

async function caughtBenchMail(apiUrl: string, domain: string): Promise<{ id: string }[]> {
  const response = await fetch(`${apiUrl}/email`);
  const all = (await response.json()) as { id: string; to: { address: string }[] }[];
  return all.filter((mail) => mail.to.some((to) => to.address.endsWith(`@${domain}`)));
}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(OutboxBenchModule, { logger: ['error'] });
  const sender = app.get(MessageSender);
  const store = app.get(OutboxStore);
  const facts = sampleFacts(config).verification_code;
  const domain = `bench-${run}.example.test`;
  const workflowId = (index: number) => `dsar-bench-${run}-${index}`;
  const inputs = Array.from({ length: COUNT }, (_, index) =>
    Object.assign(new SendMessageDto(), {
      requestId: `B-${run}-${index}`,
      kind: 'verification_code' as const,
      to: { sealedEmail: seal(config.secrets.encryptionKey, `subject-${index}@${domain}`) },
      facts,
    }),
  );
  console.log(
    `outbox benchmark: ${COUNT} messages, ${CONCURRENCY} at a time, SMTP ${config.smtp.host}:${config.smtp.port}, database ${config.mongo.dbPrefix}_notifications`,
  );

  try {
    const enqueue = report(
      'queue (outbox entries stored)',
      await closedLoop(COUNT, CONCURRENCY, (index) => {
        const key = outboxKey(workflowId(index), 'verification_code');
        return store.open({
          key,
          requestId: inputs[index].requestId,
          kind: 'verification_code',
          messageId: stableMessageId(key, config.mail.from),
        });
      }),
    );

    const statuses: Record<string, number> = {};
    const count = (result: SendMessageResult) => (statuses[result.status] = (statuses[result.status] ?? 0) + 1);
    const deliver = report(
      'deliver (render, claim, SMTP, settle)',
      await closedLoop(COUNT, CONCURRENCY, async (index) => count(await sender.send(inputs[index], workflowId(index)))),
    );
    const replay = report(
      'replay (every send retried)',
      await closedLoop(COUNT, CONCURRENCY, async (index) => count(await sender.send(inputs[index], workflowId(index)))),
    );
    console.log(`results: ${JSON.stringify(statuses)}`);

    let received: number | undefined;
    const apiUrl = process.env['MAIL_API_URL'];
    if (apiUrl) {
      const caught = await caughtBenchMail(apiUrl, domain);
      received = caught.length;
      console.log(`received by the SMTP server: ${received} (expected ${COUNT}); deleting them`);
      await closedLoop(caught.length, 10, (index) =>
        fetch(`${apiUrl}/email/${caught[index].id}`, { method: 'DELETE' }),
      );
    }
    console.log(
      `BENCH ${JSON.stringify({ bench: 'notifications-outbox', concurrency: CONCURRENCY, enqueue, deliver, replay, statuses, received })}`,
    );
  } finally {
    await app.get<Connection>(getConnectionToken()).dropDatabase();
    await app.close();
  }
}

main().catch((error) => {
  console.error(`outbox benchmark failed: ${(error as Error).message}`);
  process.exit(1);
});
