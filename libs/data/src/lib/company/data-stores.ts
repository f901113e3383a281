import { RightsflowConfig, serviceDatabaseName } from '@rightsflow/config';
import { mongo } from 'mongoose';
import { CompanyStores, openCompanyStores } from '../connectors/company-stores';
import { MongoStoreConnector } from '../connectors/mongo-store-connector';
import { LinkLookupCheck } from '../connectors/store-connector';
import { loadInventory, parseEndpointOverrides } from '../inventory/load-inventory';
import { CollectionSpec, Inventory } from '../inventory/inventory.types';

/**
 * What the data service works on: the company's stores, each through its
 * connector (`connectors`), and its own database (<prefix>_data: bundles,
 * suppression list, processor notifications). `company` is the MongoDB
 * database of the company's MongoDB stores that have no URL of their own
 * (<prefix>_company), for tests and tools that look at it directly.
 */
export interface DataStores {
  company: mongo.Db;
  own: mongo.Db;
  connectors: CompanyStores;
}

export type CompanyDocument = mongo.Document;

export async function dataStoresOf(
  client: mongo.MongoClient,
  config: RightsflowConfig,
  inventory: Inventory,
): Promise<DataStores> {
  return {
    company: client.db(serviceDatabaseName(config, 'company')),
    own: client.db(serviceDatabaseName(config, 'data')),
    connectors: await openCompanyStores(config, inventory, client),
  };
}

/** Connections of their own, for scripts (seed, benchmark, restore tooling) that run outside Nest; `close()` ends them all. */
export async function connectDataStores(
  config: RightsflowConfig,
  inventory: Inventory = loadInventory(
    config.data.inventoryFile,
    parseEndpointOverrides(config.data.processorEndpoints),
  ),
): Promise<{ stores: DataStores; client: mongo.MongoClient; close(): Promise<void> }> {
  const client = new mongo.MongoClient(config.mongo.url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const stores = await dataStoresOf(client, config, inventory);
  return {
    stores,
    client,
    async close() {
      await stores.connectors.close();
      await client.close();
    },
  };
}

/** The MongoDB collection of a spec of a MongoDB store (tests and tools that look at it directly). */
export function companyCollection(stores: DataStores, spec: CollectionSpec): mongo.Collection {
  const connector = stores.connectors.for(spec);
  if (!(connector instanceof MongoStoreConnector)) throw new Error(`${spec.id} is not in a MongoDB store`);
  return connector.collection(spec);
}

/**
 * Discovery finds a subject's records by each collection's link field only, so
 * every link lookup must be served by an index: MongoDB link indexes are
 * created (a no-op when they exist) and each store is checked; the data
 * service refuses to start otherwise. Run at service start and by the seed.
 */
export function ensureDiscoveryIndexes(stores: DataStores): Promise<LinkLookupCheck[]> {
  return stores.connectors.check();
}
