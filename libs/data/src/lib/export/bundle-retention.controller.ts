import { Controller, Inject, UseFilters } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { RightsflowConfig } from '@rightsflow/config';
import type { RetentionActivities, RetentionSweepInput, RetentionSweepResult } from '@rightsflow/contracts';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { ActivityExceptionFilter, ActivityHandler } from '@rightsflow/temporal-bridge';
import { IsBoolean, IsInt, IsISO8601, Min } from 'class-validator';
import { DataStores } from '../company/data-stores';
import { DATA_STORES } from '../data.tokens';
import { countExpiredBundles, deleteExpiredBundles } from './bundle-store';

/** The retention workflow's input (contract: RetentionSweepInput). */
export class RetentionSweepDto implements RetentionSweepInput {
  @IsISO8601({ strict: true })
  now!: string;

  @IsBoolean()
  dryRun!: boolean;

  /** R21: never below 24 (not used here; bundles live days, not months). */
  @IsInt()
  @Min(24)
  requestLogRetentionMonths!: number;
}

/** The data service's part of the daily retention sweep (R23): export bundles whose link expired. */
@Controller()
@UseFilters(new ActivityExceptionFilter())
export class BundleRetentionActivitiesController {
  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
  ) {}

  @ActivityHandler<RetentionActivities>('retentionSweep')
  async retentionSweep(@Payload() input: RetentionSweepDto): Promise<RetentionSweepResult> {
    const now = new Date(input.now);
    const bundles = input.dryRun ? await countExpiredBundles(this.stores, now) : (await deleteExpiredBundles(this.config, this.stores, now)).deleted;
    return { service: 'data', counts: { bundles } };
  }
}
