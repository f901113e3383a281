export * from './lib/config-error';
export * from './lib/settings';
export * from './lib/load-config';
export * from './lib/trust-proxy';
