import { ServiceName } from '@rightsflow/contracts';
import { ActivityOptions, proxyActivities } from '@temporalio/workflow';
import { serviceQueue } from './routing';

export interface RunActivityInput {
  service: ServiceName;
  activity: string;
  input: unknown;
  /** Attempts before giving up; non-retryable failures stop at once. */
  maximumAttempts?: number;
  /** How long an attempt may go without a heartbeat (a lost or dead one is retried after it). */
  heartbeatTimeout?: ActivityOptions['heartbeatTimeout'];
}

/**
 * Runs one activity of one service through Temporal, exactly as the request
 * workflow would: used by operators' tooling and by each service's integration
 * tests, so a handler is always exercised through the real transport.
 */
export async function runActivityWorkflow({
  service,
  activity,
  input,
  maximumAttempts = 3,
  heartbeatTimeout = '30s',
}: RunActivityInput): Promise<unknown> {
  const activities = proxyActivities<Record<string, (input: unknown) => Promise<unknown>>>({
    taskQueue: serviceQueue(service),
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout,
    retry: { maximumAttempts, initialInterval: '200ms', backoffCoefficient: 2 },
  });
  return activities[activity](input);
}
