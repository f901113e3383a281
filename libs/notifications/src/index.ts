export * from './lib/notifications.module';
export { MessageSender } from './lib/message-sender';
export { Outbox } from './lib/outbox/outbox';
export { OutboxStore } from './lib/outbox/outbox.store';
export type { OutboxEntry, OutboxStatus } from './lib/outbox/outbox-entry.schema';
export { renderMessage } from './lib/templates/render-message';
export type { RenderedMessage } from './lib/templates/render-message';
