import type {
  DataActivities,
  IdentityActivities,
  IntakeActivities,
  NotificationActivities,
} from '@rightsflow/contracts';
import { ActivityOptions, proxyActivities } from '@temporalio/workflow';
import { serviceQueue } from '../routing';

// Retry forever with backoff for effects that must happen (the log, emails):
// a service that is down only delays the request. Bad input fails at once
// (non-retryable ValidationError from the Nest bridge). The services' workers
// beat for a running activity (startKeepAlive in libs/temporal-bridge), so an
// attempt whose task never reached a worker, or whose worker died, is retried
// after the heartbeat timeout instead of the whole start-to-close timeout.
const durable: ActivityOptions = {
  startToCloseTimeout: '30s',
  heartbeatTimeout: '6s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

export function serviceActivities() {
  return {
    intake: proxyActivities<IntakeActivities>({ ...durable, taskQueue: serviceQueue('intake') }),
    identity: proxyActivities<IdentityActivities>({ ...durable, taskQueue: serviceQueue('identity') }),
    notifications: proxyActivities<NotificationActivities>({ ...durable, taskQueue: serviceQueue('notifications') }),
    // Fulfilment can take long on a large subject: it heartbeats and resumes.
    data: proxyActivities<DataActivities>({
      ...durable,
      taskQueue: serviceQueue('data'),
      startToCloseTimeout: '2 hours',
      heartbeatTimeout: '2 minutes',
    }),
  };
}

export type ServiceActivities = ReturnType<typeof serviceActivities>;
