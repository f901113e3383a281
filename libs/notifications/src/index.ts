export * from './lib/notifications.module';
