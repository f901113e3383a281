import { INestApplication } from '@nestjs/common';
import { RightsflowConfig } from '@rightsflow/config';
import { bootstrapActivityService } from '@rightsflow/platform';
import { startTestOrchestrator, temporalClient } from '@rightsflow/testing';
import { Client } from '@temporalio/client';
import { seedCompany } from '../seed/seed';
import { connectDataStores, DataStores } from '../lib/company/data-stores';
import { dropCompanyStores } from './company-records';
import { DataModule } from '../lib/data.module';
import { Inventory } from '../lib/inventory/inventory.types';
import { loadInventory, parseEndpointOverrides } from '../lib/inventory/load-inventory';

export interface DataServiceHarness {
  inventory: Inventory;
  stores: DataStores;
  app: INestApplication;
  orchestrator: INestApplication;
  client: Client;
  /** Closes everything and drops the test's databases. */
  stop(): Promise<void>;
}

/**
 * The data service as its integration tests need it: a seeded sample company
 * (20 subjects), the service on `port`, the workflow worker and a client.
 */
export async function startDataService(config: RightsflowConfig, port: number): Promise<DataServiceHarness> {
  const inventory = loadInventory(config.data.inventoryFile, parseEndpointOverrides(config.data.processorEndpoints));
  const connected = await connectDataStores(config, inventory);
  const stores = connected.stores;
  await seedCompany(stores, inventory, { subjects: 20 });
  const app = await bootstrapActivityService({ service: 'data', feature: DataModule, httpPort: port, config });
  const orchestrator = await startTestOrchestrator(config);
  const client = await temporalClient(config);
  return {
    inventory,
    stores,
    app,
    orchestrator,
    client,
    async stop() {
      await client.connection.close();
      await orchestrator.close();
      await app.close();
      await stores.own.dropDatabase();
      await dropCompanyStores(config, inventory, stores);
      await connected.close();
    },
  };
}
