import { prefixOfOrchestratorQueue, ServiceName, taskQueueFor } from '@rightsflow/contracts';
import { workflowInfo } from '@temporalio/workflow';

/** The task queue of a service, derived from the queue this workflow runs on (no config in workflows). */
export function serviceQueue(service: ServiceName): string {
  return taskQueueFor(prefixOfOrchestratorQueue(workflowInfo().taskQueue), service);
}
