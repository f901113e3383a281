import { Module } from '@nestjs/common';

/** The data service's features; its controllers' @ActivityHandler methods are its activities. */
@Module({})
export class DataModule {}
