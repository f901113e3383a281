import { Controller, UseFilters } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { RetentionActivities, RetentionSweepInput, RetentionSweepResult } from '@rightsflow/contracts';
import { ActivityExceptionFilter, ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { IsBoolean, IsInt, IsISO8601, Min } from 'class-validator';
import { LeftoverVerificationSweep } from './leftover-verification-sweep';

/** The retention workflow's input (contract: RetentionSweepInput). */
export class RetentionSweepDto implements RetentionSweepInput {
  @IsISO8601({ strict: true })
  now!: string;

  @IsBoolean()
  dryRun!: boolean;

  /** R21: never below 24 (not used here; identity keeps nothing that long). */
  @IsInt()
  @Min(24)
  requestLogRetentionMonths!: number;
}

/** Identity's part of the daily retention sweep (R10, R23): leftover verification data. */
@Controller()
@UseFilters(new ActivityExceptionFilter())
export class IdentityRetentionActivitiesController {
  constructor(private readonly sweep: LeftoverVerificationSweep) {}

  @ActivityHandler<RetentionActivities>('retentionSweep')
  retentionSweep(@Payload() input: RetentionSweepDto, @Ctx() ctx: TemporalActivityContext): Promise<RetentionSweepResult> {
    return this.sweep.sweep(input, (progress) => ctx.heartbeat(progress));
  }
}
