export * from './lib/test-config';
export * from './lib/mail-inbox';
export * from './lib/temporal';
export * from './lib/services';
export * from './lib/product';
export * from './lib/sample-company';
export * from './lib/browser';
export * from './lib/open-dsr-processor';
