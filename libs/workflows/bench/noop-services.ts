import { RightsflowConfig } from '@rightsflow/config';
import { temporalDataConverter } from '@rightsflow/temporal-bridge';
import { NativeConnection, Worker } from '@temporalio/worker';

/**
 * Activity workers whose activities do no work, on every service queue: the
 * benchmark measures what orchestration itself costs, not the services.
 */
export async function startNoopServices(config: RightsflowConfig): Promise<{ stop: () => Promise<void> }> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const noop = async () => undefined;
  const queues = config.temporal.taskQueues;
  const specs = [
    {
      taskQueue: queues.intake,
      activities: {
        recordTransition: noop,
        recordTransitions: noop,
        findOpenDuplicate: async () => ({ duplicateOf: null }),
        claimAccessQuota: async () => ({ granted: true }),
      },
    },
    {
      taskQueue: queues.identity,
      activities: {
        issueChallenge: async () => ({
          challengeId: 'c',
          expiresAt: new Date(Date.now() + 900_000).toISOString(),
          sealedCode: 'x',
          sealedLinkToken: 'y',
        }),
        checkSecret: async () => ({ verified: true, attemptsLeft: 4, dead: false }),
        assessAssurance: async (input: { required: string }) => ({ reached: input.required }),
        purgeVerificationData: async () => ({ deleted: 0 }),
      },
    },
    {
      taskQueue: queues.notifications,
      activities: {
        sendMessage: async () => ({ outboxId: 'o', status: 'sent' }),
        sendMessages: async (input: { messages: unknown[] }) =>
          input.messages.map(() => ({ outboxId: 'o', status: 'sent' })),
      },
    },
    {
      taskQueue: queues.data,
      activities: {
        applyOptOut: async () => ({ collections: {}, exceptions: [], recipients: [] }),
        exportSubjectData: async () => ({
          bundleId: 'b',
          downloadUrl: 'http://x/',
          expiresAt: new Date().toISOString(),
          recordCount: 0,
        }),
      },
    },
  ];
  const workers = await Promise.all(
    specs.map((spec) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: temporalDataConverter(config),
        ...spec,
      }),
    ),
  );
  const running = workers.map((worker) => worker.run());
  return {
    stop: async () => {
      workers.forEach((worker) => worker.shutdown());
      await Promise.all(running);
      await connection.close();
    },
  };
}
