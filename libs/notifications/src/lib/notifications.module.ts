import { Module } from '@nestjs/common';

/** The notifications service's features; its controllers' @ActivityHandler methods are its activities. */
@Module({})
export class NotificationsModule {}
