import { Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG, ServiceDatabaseModule } from '@rightsflow/platform';
import type { Connection } from 'mongoose';
import { promises as fs } from 'node:fs';
import { DataStores, dataStoresOf, ensureDiscoveryIndexes } from './company/data-stores';
import { DataActivitiesController } from './data-activities.controller';
import { DATA_STORES, INVENTORY } from './data.tokens';
import { DownloadController } from './export/download.controller';
import { BundleRetentionActivitiesController } from './export/bundle-retention.controller';
import { ensureBundleIndexes } from './export/bundle-store';
import { loadInventory, parseEndpointOverrides } from './inventory/load-inventory';
import { Inventory } from './inventory/inventory.types';
import { ProcessorCallbackController } from './processors/processor-callback.controller';

/** At start, before traffic: the indexes discovery and bundle expiry read by, and the bundle directory. */
@Injectable()
class DataStartup implements OnModuleInit {
  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
    @Inject(INVENTORY) private readonly inventory: Inventory,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureDiscoveryIndexes(this.stores, this.inventory);
    await ensureBundleIndexes(this.stores);
    await fs.mkdir(this.config.data.bundleDir, { recursive: true, mode: 0o700 });
  }
}

/**
 * The data service's features: its activities (export, erase, correct,
 * restrict, unsubscribe, opt-outs, bundle expiry) and its HTTP routes
 * (GET /download/:bundleId, GET /download/:bundleId/:file,
 * POST /processors/callback/:id). The inventory is loaded and validated when
 * the module is created: an invalid inventory stops the service with the
 * message naming each place at fault.
 */
@Module({
  imports: [ServiceDatabaseModule.forService('data')],
  controllers: [
    DataActivitiesController,
    BundleRetentionActivitiesController,
    DownloadController,
    ProcessorCallbackController,
  ],
  providers: [
    {
      provide: INVENTORY,
      inject: [RIGHTSFLOW_CONFIG],
      useFactory: (config: RightsflowConfig) =>
        loadInventory(config.data.inventoryFile, parseEndpointOverrides(config.data.processorEndpoints)),
    },
    {
      provide: DATA_STORES,
      inject: [RIGHTSFLOW_CONFIG, getConnectionToken()],
      useFactory: (config: RightsflowConfig, connection: Connection) => dataStoresOf(connection.getClient(), config),
    },
    DataStartup,
  ],
  // The health endpoint checks the mongo connection through this module.
  exports: [ServiceDatabaseModule],
})
export class DataModule {}
