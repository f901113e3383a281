/**
 * One task queue per service. Names share a configurable prefix so that test
 * runs and deployments can live side by side on one Temporal cluster.
 *
 * Workflows never read configuration: they derive the prefix from the task queue
 * they run on (workflowInfo().taskQueue), so the routing comes with the worker.
 */
export const serviceNames = ['orchestrator', 'intake', 'identity', 'data', 'notifications'] as const;
export type ServiceName = (typeof serviceNames)[number];

export function taskQueueFor(prefix: string, service: ServiceName): string {
  return `${prefix}-${service}`;
}

/**
 * `rightsflow-orchestrator` → `rightsflow`. A queue without the suffix (the
 * replayer's own queue, when committed histories are replayed) is used whole:
 * replay does not compare task queues, and nothing else runs there.
 */
export function prefixOfOrchestratorQueue(orchestratorQueue: string): string {
  const suffix = '-orchestrator';
  return orchestratorQueue.endsWith(suffix) ? orchestratorQueue.slice(0, -suffix.length) : orchestratorQueue;
}
