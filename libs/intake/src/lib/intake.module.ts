import { Module } from '@nestjs/common';

/** The intake service's features; its controllers' @ActivityHandler methods are its activities. */
@Module({})
export class IntakeModule {}
