import { RetentionSweepDto } from '@rightsflow/platform';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { RetentionActivities, RetentionSweepResult } from '@rightsflow/contracts';
import { ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { RequestRetention } from './request-retention';

/** Intake's part of the daily retention sweep (R21, R23): request records and their logs. */
@Controller()
export class IntakeRetentionActivitiesController {
  constructor(private readonly retention: RequestRetention) {}

  @ActivityHandler<RetentionActivities>('retentionSweep')
  retentionSweep(
    @Payload() input: RetentionSweepDto,
    @Ctx() ctx: TemporalActivityContext,
  ): Promise<RetentionSweepResult> {
    return this.retention.sweep(input, (progress) => ctx.heartbeat(progress));
  }
}
