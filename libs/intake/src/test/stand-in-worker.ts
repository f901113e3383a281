import type { RightsflowConfig } from '@rightsflow/config';
import { testWorkflowBundleDir } from '@rightsflow/testing';
import { createWorkflowWorker, temporalDataConverter } from '@rightsflow/temporal-bridge';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import path from 'node:path';

const workspaceRoot = path.resolve(__dirname, '../../../..');

/** Runs the stand-in request workflow on the config's orchestrator queue; stop() terminates what it started. */
export async function startStandInWorker(config: RightsflowConfig, client: Client): Promise<{ stop(): Promise<void> }> {
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createWorkflowWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueues.orchestrator,
    dataConverter: temporalDataConverter(config),
    workflowsPath: path.join(workspaceRoot, 'libs/intake/src/test/stand-in-dsar.workflow.ts'),
    workspaceRoot,
    bundleDir: testWorkflowBundleDir(),
  });
  const running = worker.run();
  return {
    async stop() {
      for await (const execution of client.workflow.list({ query: `TaskQueue = "${config.temporal.taskQueues.orchestrator}" AND ExecutionStatus = "Running"` })) {
        await client.workflow.getHandle(execution.workflowId).terminate('test over').catch(() => undefined);
      }
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
