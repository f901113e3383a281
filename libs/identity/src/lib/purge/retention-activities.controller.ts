import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { RetentionActivities, RetentionSweepResult } from '@rightsflow/contracts';
import { RetentionSweepDto } from '@rightsflow/platform';
import { ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { LeftoverVerificationSweep } from './leftover-verification-sweep';

/** Identity's part of the daily retention sweep (R10, R23): leftover verification data. */
@Controller()
export class IdentityRetentionActivitiesController {
  constructor(private readonly sweep: LeftoverVerificationSweep) {}

  @ActivityHandler<RetentionActivities>('retentionSweep')
  retentionSweep(
    @Payload() input: RetentionSweepDto,
    @Ctx() ctx: TemporalActivityContext,
  ): Promise<RetentionSweepResult> {
    return this.sweep.sweep(input, (progress) => ctx.heartbeat(progress));
  }
}
