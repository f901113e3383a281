import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { RightsflowConfig } from '@rightsflow/config';
import type { RetentionActivities, RetentionSweepResult } from '@rightsflow/contracts';
import { RetentionSweepDto, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { ActivityHandler } from '@rightsflow/temporal-bridge';
import { DataStores } from '../company/data-stores';
import { DATA_STORES } from '../data.tokens';
import { countExpiredBundles, deleteExpiredBundles } from './bundle-store';

/** The data service's part of the daily retention sweep (R23): export bundles whose link expired. */
@Controller()
export class BundleRetentionActivitiesController {
  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
  ) {}

  @ActivityHandler<RetentionActivities>('retentionSweep')
  async retentionSweep(@Payload() input: RetentionSweepDto): Promise<RetentionSweepResult> {
    const now = new Date(input.now);
    const bundles = input.dryRun
      ? await countExpiredBundles(this.stores, now)
      : (await deleteExpiredBundles(this.config, this.stores, now)).deleted;
    return { service: 'data', counts: { bundles } };
  }
}
