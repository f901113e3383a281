import { RightsflowConfig } from '@rightsflow/config';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW, RetentionWorkflowInput } from '@rightsflow/contracts';
import { connectTemporalClient } from '@rightsflow/temporal-bridge';
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';

/**
 * Creates the daily retention schedule once; every orchestrator replica calls
 * this at start and all but the first find it there. Runs at 03:00 in the
 * controller's time zone; a missed run (cluster down) is caught up once.
 */
export async function ensureRetentionSchedule(config: RightsflowConfig): Promise<'created' | 'exists'> {
  const client = await connectTemporalClient(config);
  try {
    const scheduleId = `${RETENTION_SCHEDULE_ID}-${config.temporal.taskQueues.orchestrator}`;
    const args: [RetentionWorkflowInput] = [{ dryRun: false }];
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [{ hour: 3, minute: 0 }], timezone: config.policy.timeZone },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      action: {
        type: 'startWorkflow',
        workflowType: RETENTION_WORKFLOW,
        taskQueue: config.temporal.taskQueues.orchestrator,
        workflowId: `retention-${config.temporal.taskQueues.orchestrator}`,
        args,
      },
    });
    return 'created';
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) return 'exists';
    throw error;
  } finally {
    await client.connection.close();
  }
}
