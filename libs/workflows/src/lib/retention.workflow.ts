import { RetentionActivities, RetentionSweepResult, RetentionWorkflowInput } from '@rightsflow/contracts';
import { LEGAL } from '@rightsflow/domain';
import { proxyActivities } from '@temporalio/workflow';
import { serviceQueue } from './routing';

/**
 * Run daily by a Temporal Schedule: asks each service to sweep what has
 * outlived its retention, one after another, and returns the counts (visible
 * in the Temporal UI as the run's result).
 */
export async function retentionWorkflow(input: RetentionWorkflowInput = {}): Promise<RetentionSweepResult[]> {
  const months = Math.max(
    input.requestLogRetentionMonths ?? LEGAL.minRequestLogRetentionMonths,
    LEGAL.minRequestLogRetentionMonths,
  );
  const now = new Date().toISOString(); // workflow time: deterministic, the run's start
  const results: RetentionSweepResult[] = [];
  for (const service of input.services ?? ['intake', 'identity', 'data']) {
    const { retentionSweep } = proxyActivities<RetentionActivities>({
      taskQueue: serviceQueue(service),
      startToCloseTimeout: '1 hour',
      heartbeatTimeout: '2 minutes',
      retry: { initialInterval: '5s', maximumInterval: '5 minutes', maximumAttempts: 10 },
    });
    results.push(await retentionSweep({ now, dryRun: input.dryRun ?? false, requestLogRetentionMonths: months }));
  }
  return results;
}
