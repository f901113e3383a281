import type { RightsflowConfig, TaskQueueName } from '@rightsflow/config';
import { temporalDataConverter } from '@rightsflow/temporal-bridge';
import { NativeConnection, Worker } from '@temporalio/worker';

/** Activity implementations by service queue; a queue left out gets no worker. */
export type StandInActivities = Partial<
  Record<Exclude<TaskQueueName, 'orchestrator'>, Record<string, (input: never) => Promise<unknown>>>
>;

/**
 * Activity workers on the services' task queues, on the real Temporal server,
 * running the given functions instead of the services: for what workflow code
 * does with its activities' answers (the workflow benchmark's no-op services,
 * a failure no real service gives on demand). The services themselves are
 * tested through their own task queues in their libs.
 */
export async function startStandInServices(
  config: RightsflowConfig,
  activitiesByQueue: StandInActivities,
): Promise<{ stop: () => Promise<void> }> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const workers = await Promise.all(
    Object.entries(activitiesByQueue).map(([queue, activities]) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        dataConverter: temporalDataConverter(config),
        taskQueue: config.temporal.taskQueues[queue as TaskQueueName],
        activities,
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
