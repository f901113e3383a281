import { INestApplication, Type } from '@nestjs/common';
import { RightsflowConfig, TaskQueueName } from '@rightsflow/config';
import { ServiceName } from '@rightsflow/contracts';
import { seedIfEmpty } from '@rightsflow/data';
import { bootstrapActivityService, bootstrapWorkflowHost } from '@rightsflow/platform';
import { Client, WorkflowFailedError } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { testWorkflowBundleDir } from './test-config';

export const workspaceRoot = path.resolve(__dirname, '../../../..');

/**
 * Boots a service in this test process, on its test task queue, HTTP on a free port.
 * The data service refuses to start on a company whose stores lack their tables, as
 * in production: it gets a seeded sample company of `subjects` people first.
 */
export async function startTestService(
  service: Exclude<TaskQueueName, 'orchestrator'>,
  feature: Type<unknown>,
  config: RightsflowConfig,
  { subjects = 12 } = {},
): Promise<INestApplication> {
  if (service === 'data') await seedIfEmpty(config, subjects);
  return bootstrapActivityService({ service, feature, httpPort: 0, config });
}

/** Boots the workflow worker (every workflow of libs/workflows) in this test process. */
export function startTestOrchestrator(config: RightsflowConfig): Promise<INestApplication> {
  return bootstrapWorkflowHost({
    workspaceRoot,
    workflowsPath: path.join(workspaceRoot, 'libs/workflows/src/index.ts'),
    config,
    httpPort: 0,
    bundleDir: testWorkflowBundleDir(),
  });
}

/**
 * Runs one activity through the real Temporal path (workflow → task queue → Nest
 * handler → pipes) and returns its result; a failure rethrows the activity's cause.
 */
export async function runActivity<T>(
  client: Client,
  config: RightsflowConfig,
  service: ServiceName,
  activity: string,
  input: unknown,
  {
    maximumAttempts = 3,
    heartbeatTimeout,
    // A test that retries "the same workflow" (the outbox's idempotency key is the workflow id) names it.
    workflowId = `run-${activity}-${randomBytes(6).toString('hex')}`,
  }: { maximumAttempts?: number; heartbeatTimeout?: Duration; workflowId?: string } = {},
): Promise<T> {
  try {
    return (await client.workflow.execute('runActivityWorkflow', {
      taskQueue: config.temporal.taskQueues.orchestrator,
      workflowId,
      args: [{ service, activity, input, maximumAttempts, heartbeatTimeout }],
    })) as T;
  } catch (error) {
    if (error instanceof WorkflowFailedError && error.cause?.cause) throw error.cause.cause;
    if (error instanceof WorkflowFailedError && error.cause) throw error.cause;
    throw error;
  }
}

/** The base URL of a booted Nest app, on IPv4 loopback. */
export async function appUrl(app: INestApplication): Promise<string> {
  return (await app.getUrl()).replace('[::1]', '127.0.0.1').replace('localhost', '127.0.0.1');
}
