export * from './lib/test-config';
export * from './lib/mail-inbox';
export * from './lib/temporal';
export * from './lib/services';
