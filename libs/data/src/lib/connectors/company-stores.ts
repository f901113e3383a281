import { companySqlStoreUrl, ConfigError, RightsflowConfig } from '@rightsflow/config';
import { mongo } from 'mongoose';
import pg, { escapeIdentifier } from 'pg';
import { CollectionSpec, Inventory, StoreSpec } from '../inventory/inventory.types';
import { FerretDbPushdownIndexes } from '@rightsflow/platform';
import { MongoStoreConnector } from './mongo-store-connector';
import { PostgresStoreConnector } from './postgres-store-connector';
import { LinkLookupCheck, StoreConnector } from './store-connector';

/** A store the data service cannot use as the inventory says: it refuses to start, naming each place. */
export class StoreCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`The company's stores do not match the inventory:\n  ${problems.join('\n  ')}`);
    this.name = 'StoreCheckError';
  }
}

/** Where a store lives, from the environment variable the inventory names. */
export interface StoreLocation {
  url: string;
  /** Set when the URL was derived (development and tests): the database to create if missing. */
  createDatabase?: string;
}

/**
 * The store's URL: its own variable (`urlEnv`) when set; otherwise, outside
 * production, the local server — MONGO_URL with the database
 * <MONGO_DB_PREFIX>_company for MongoDB stores, POSTGRES_URL with the database
 * <MONGO_DB_PREFIX>_<store> for PostgreSQL ones — so each test suite, seed and
 * dev stack gets isolated databases. In production the variable is required.
 */
export function storeLocation(
  store: StoreSpec,
  config: RightsflowConfig,
  env: NodeJS.ProcessEnv = process.env,
): StoreLocation {
  if (store.engine === 'postgres') {
    try {
      const { url, derivedDatabase } = companySqlStoreUrl(config, store.name, store.urlEnv, env);
      return { url, createDatabase: derivedDatabase };
    } catch (error) {
      throw new StoreCheckError((error as ConfigError).problems ?? [String(error)]);
    }
  }
  const own = env[store.urlEnv]?.trim();
  if (own) return { url: own };
  if (config.nodeEnv === 'production')
    throw new StoreCheckError([`${store.urlEnv} is required in production (the URL of store "${store.name}")`]);
  return { url: config.mongo.url };
}

/** The connector of each store of the inventory. */
export class CompanyStores {
  constructor(
    private readonly inventory: Inventory,
    private readonly byStore: Map<string, StoreConnector>,
  ) {}

  for(spec: CollectionSpec): StoreConnector {
    const connector = this.byStore.get(spec.store);
    if (!connector) throw new Error(`no connector for store ${spec.store}`);
    return connector;
  }

  get connectors(): StoreConnector[] {
    return [...this.byStore.values()];
  }

  /**
   * At start: reaches every store and checks that each link lookup is served
   * by an index; throws StoreCheckError naming each table and column that is
   * missing or unindexed. Returns the checks (FerretDB's say that it scans).
   */
  async check(): Promise<LinkLookupCheck[]> {
    const problems: string[] = [];
    const checks: LinkLookupCheck[] = [];
    for (const store of this.inventory.stores) {
      const connector = this.byStore.get(store.name) as StoreConnector;
      try {
        await connector.testConnection();
      } catch (error) {
        problems.push(
          `store ${store.name} (${store.engine}, ${store.urlEnv}): cannot connect: ${(error as Error).message}`,
        );
        continue;
      }
      for (const check of await connector.checkLinkLookups(store.collections)) {
        checks.push(check);
        if (check.status === 'problem') problems.push(`${check.collection}: ${check.detail}`);
      }
    }
    if (problems.length > 0) throw new StoreCheckError(problems);
    return checks;
  }

  async close(): Promise<void> {
    for (const connector of this.byStore.values()) await connector.close();
  }
}

/**
 * Opens a connector per store. MongoDB stores without a URL of their own share
 * `client` (the service's connection); a PostgreSQL store gets a small pool.
 */
export async function openCompanyStores(
  config: RightsflowConfig,
  inventory: Inventory,
  client: mongo.MongoClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CompanyStores> {
  const byStore = new Map<string, StoreConnector>();
  for (const store of inventory.stores) {
    const location = storeLocation(store, config, env);
    if (store.engine === 'mongodb') {
      const own = env[store.urlEnv]?.trim() ? await ownMongoDb(location.url, config) : undefined;
      const db = own?.db ?? client.db(`${config.mongo.dbPrefix}_company`);
      // Our own FerretDB (not a store with a URL of its own): its PostgreSQL gets the pushdown indexes.
      const pushdown = !own && config.mongo.ferretdbPostgresUrl ? new FerretDbPushdownIndexes(config.mongo.ferretdbPostgresUrl) : undefined;
      byStore.set(store.name, new MongoStoreConnector(store.name, db, own?.close, pushdown));
    } else {
      if (location.createDatabase) await createDatabaseIfMissing(config.postgres.url, location.createDatabase);
      // A read holds its client while the export writes files: room for several concurrent requests
      // (waiting longer than 30 s for a client fails the attempt, which Temporal retries).
      const pool = new pg.Pool({ connectionString: location.url, max: 10, connectionTimeoutMillis: 30_000 });
      byStore.set(store.name, new PostgresStoreConnector(store.name, pool, inventory.restrictionField));
    }
  }
  return new CompanyStores(inventory, byStore);
}

async function ownMongoDb(
  url: string,
  config: RightsflowConfig,
): Promise<{ db: mongo.Db; close: () => Promise<void> }> {
  const client = new mongo.MongoClient(url, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  // A URL without a database path uses the company database name of this deployment.
  const db = new URL(url).pathname.length > 1 ? client.db() : client.db(`${config.mongo.dbPrefix}_company`);
  return { db, close: () => client.close() };
}

/** CREATE DATABASE has no IF NOT EXISTS: a concurrent creator's duplicate_database (42P04) is success. */
export async function createDatabaseIfMissing(serverUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount) return;
    await admin.query(`CREATE DATABASE ${escapeIdentifier(database)}`).catch((error: { code?: string }) => {
      if (error.code !== '42P04') throw error;
    });
  } finally {
    await admin.end();
  }
}

/** Drops a derived database (tests' clean-up). */
export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
