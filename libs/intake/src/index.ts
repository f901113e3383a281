export * from './lib/intake.module';
