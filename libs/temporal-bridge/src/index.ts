export * from './lib/activity-context';
export * from './lib/activity-failure';
export * from './lib/activity-exception.filter';
export * from './lib/activity-handler.decorator';
export * from './lib/temporal-activity.server';
export * from './lib/connect-with-retry';
export * from './lib/workflow-worker';
