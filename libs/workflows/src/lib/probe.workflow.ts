import { PingActivities, PingResult, ServiceName } from '@rightsflow/contracts';
import { proxyActivities } from '@temporalio/workflow';
import { serviceQueue } from './routing';

/**
 * Calls `ping` on each named service's task queue: proves that the orchestrator,
 * Temporal and each service's activity worker are wired together.
 */
export async function probeWorkflow(services: ServiceName[]): Promise<PingResult[]> {
  const results: PingResult[] = [];
  for (const service of services) {
    const { ping } = proxyActivities<PingActivities>({
      taskQueue: serviceQueue(service),
      startToCloseTimeout: '10s',
      retry: { maximumAttempts: 5 },
    });
    results.push(await ping({ from: 'probe' }));
  }
  return results;
}
