export * from './lib/request-console';
export * from './lib/operator-api';
export * from './lib/ops-cli';
