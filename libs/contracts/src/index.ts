export * from './lib/task-queues';
export * from './lib/ping-activities';
export * from './lib/search-attributes';
export * from './lib/dsar-workflow';
export * from './lib/intake-activities';
export * from './lib/identity-activities';
export * from './lib/data-activities';
export * from './lib/notification-activities';
