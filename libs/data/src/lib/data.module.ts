import { Inject, Injectable, Logger, Module, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
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

/**
 * At start, before traffic: every store reached and each link lookup checked
 * against an index (the service refuses to start naming the table and column
 * otherwise), the bundle indexes, and the bundle directory.
 */
@Injectable()
class DataStartup implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DataStores');

  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(DATA_STORES) private readonly stores: DataStores,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const check of await ensureDiscoveryIndexes(this.stores))
      if (check.status === 'scan') this.logger.warn(`${check.collection}.${check.column}: ${check.detail}`);
    await ensureBundleIndexes(this.stores);
    await fs.mkdir(this.config.data.bundleDir, { recursive: true, mode: 0o700 });
  }

  async onModuleDestroy(): Promise<void> {
    await this.stores.connectors.close();
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
      inject: [RIGHTSFLOW_CONFIG, getConnectionToken(), INVENTORY],
      useFactory: (config: RightsflowConfig, connection: Connection, inventory: Inventory) =>
        dataStoresOf(connection.getClient(), config, inventory),
    },
    DataStartup,
  ],
  // The health endpoint checks the mongo connection through this module.
  exports: [ServiceDatabaseModule],
})
export class DataModule {}
