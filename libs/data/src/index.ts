export * from './lib/data.module';
