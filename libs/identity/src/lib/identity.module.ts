import { Module } from '@nestjs/common';

/** The identity service's features; its controllers' @ActivityHandler methods are its activities. */
@Module({})
export class IdentityModule {}
