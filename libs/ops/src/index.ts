export * from './lib/request-console';
export * from './lib/ops-cli';
