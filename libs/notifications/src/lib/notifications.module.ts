import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ServiceDatabaseModule } from '@rightsflow/platform';
import { SmtpMailer } from './mail/smtp-mailer';
import { MessageSender } from './message-sender';
import { NotificationActivitiesController } from './notification-activities.controller';
import { Outbox } from './outbox/outbox';
import {
  OUTBOX_ATTEMPT,
  OUTBOX_ATTEMPT_RESULT,
  OutboxAttemptResultSchema,
  OutboxAttemptSchema,
} from './outbox/outbox-attempt.schema';
import { OUTBOX_ENTRY, OutboxEntrySchema } from './outbox/outbox-entry.schema';
import { OUTBOX_HOLDER, OutboxHolder, OutboxHolderSchema } from './outbox/outbox-holder';
import { OutboxStore } from './outbox/outbox.store';

/** The notifications service's features; its controllers' @ActivityHandler methods are its activities. */
@Module({
  imports: [
    ServiceDatabaseModule.forService('notifications'),
    MongooseModule.forFeature([
      { name: OUTBOX_ENTRY, schema: OutboxEntrySchema },
      { name: OUTBOX_ATTEMPT, schema: OutboxAttemptSchema },
      { name: OUTBOX_ATTEMPT_RESULT, schema: OutboxAttemptResultSchema },
      { name: OUTBOX_HOLDER, schema: OutboxHolderSchema },
    ]),
  ],
  controllers: [NotificationActivitiesController],
  providers: [SmtpMailer, OutboxHolder, OutboxStore, Outbox, MessageSender],
  exports: [MessageSender, Outbox, OutboxStore],
})
export class NotificationsModule {}
