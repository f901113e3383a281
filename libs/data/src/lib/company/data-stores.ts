import { RightsflowConfig, serviceDatabaseName } from '@rightsflow/config';
import { mongo } from 'mongoose';
import { CollectionSpec, Inventory } from '../inventory/inventory.types';

/**
 * The two databases the data service works on: the company's systems
 * (<prefix>_company, the sample company's stores) and its own (<prefix>_data:
 * bundles, suppression list, processor notifications).
 */
export interface DataStores {
  company: mongo.Db;
  own: mongo.Db;
}

export type CompanyDocument = mongo.Document;

export function dataStoresOf(client: mongo.MongoClient, config: RightsflowConfig): DataStores {
  return {
    company: client.db(serviceDatabaseName(config, 'company')),
    own: client.db(serviceDatabaseName(config, 'data')),
  };
}

/** A client of its own, for scripts (seed, benchmark, restore tooling) that run outside Nest. */
export async function connectDataStores(
  config: RightsflowConfig,
): Promise<{ stores: DataStores; client: mongo.MongoClient }> {
  const client = new mongo.MongoClient(config.mongo.url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  return { stores: dataStoresOf(client, config), client };
}

export function companyCollection(stores: DataStores, spec: CollectionSpec): mongo.Collection {
  return stores.company.collection(spec.mongoName);
}

/**
 * Discovery finds a subject's records by each collection's link field only
 * (`{ <link.field>: { $in: values } }`), so every link field has an index:
 * MongoDB answers with an IXSCAN on it (see discovery.spec.ts). Built at service
 * start and by the seed, before traffic; createIndex is a no-op when it exists.
 */
export async function ensureDiscoveryIndexes(stores: DataStores, inventory: Inventory): Promise<void> {
  for (const spec of inventory.collections) {
    await companyCollection(stores, spec).createIndex({ [spec.link.field]: 1 }, { name: discoveryIndexName(spec) });
  }
}

export function discoveryIndexName(spec: CollectionSpec): string {
  return `discovery_${spec.link.field.replace(/\./g, '_')}`;
}
