import { RightsflowConfig } from '@rightsflow/config';
import { escapeIdentifier } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { companyCollection, connectDataStores, DataStores, ensureDiscoveryIndexes } from '../lib/company/data-stores';
import { PostgresStoreConnector } from '../lib/connectors/postgres-store-connector';
import { loadInventory, parseEndpointOverrides } from '../lib/inventory/load-inventory';
import { CollectionSpec, Inventory } from '../lib/inventory/inventory.types';
import {
  Batch,
  batchSize,
  emptyBatch,
  generateAnonymousVisitor,
  generateSubject,
  SAMPLE_COLLECTIONS,
  SampleCollection,
  SEED,
} from './sample-company.generator';
import { createTableSql, finishTableSql, loadColumns, SAMPLE_SQL_STORES, TableSchema } from './sample-company.schema';

export interface SeedOptions {
  subjects: number;
  /** First subject index (default 0), so a company can be grown in steps. */
  from?: number;
  /** Records buffered before one bulk write per table or collection. */
  batchRecords?: number;
  seed?: number;
  onProgress?: (done: number, records: number) => void;
}

export interface SeedResult {
  subjects: number;
  records: number;
  perCollection: Record<string, number>;
  millis: number;
}

/** Where one sample collection goes: a MongoDB collection, or a table of a PostgreSQL store. */
interface Target {
  spec: CollectionSpec;
  table?: TableSchema;
  connector?: PostgresStoreConnector;
}

/**
 * Generates the sample company into its stores as the inventory places them:
 * subjects `from … from+N-1` (emails subject-000042@example.com) and one
 * anonymous visitor per 5 subjects. SQL tables are created bare, loaded with
 * COPY (pg-copy-streams), then get their keys, link indexes and foreign keys;
 * MongoDB collections get large unordered insertMany batches, then their link
 * indexes. Deterministic: the same N gives the same data.
 */
export async function seedCompany(stores: DataStores, inventory: Inventory, options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const from = options.from ?? 0;
  const limit = options.batchRecords ?? 50_000;
  const writer = await BatchWriter.open(stores, inventory);
  let batch = emptyBatch();
  const flush = (b: Batch) => writer.write(b);
  for (let i = from; i < from + options.subjects; i++) {
    generateSubject(i, batch, options.seed ?? SEED);
    if (i % 5 === 4) generateAnonymousVisitor(i, batch, options.seed ?? SEED);
    if (batchSize(batch) >= limit) {
      await flush(batch);
      batch = emptyBatch();
      options.onProgress?.(i - from + 1, writer.records);
    }
  }
  await flush(batch);
  options.onProgress?.(options.subjects, writer.records);
  await writer.finish();
  await ensureDiscoveryIndexes(stores);
  return {
    subjects: options.subjects,
    records: writer.records,
    perCollection: writer.perCollection,
    millis: Date.now() - started,
  };
}

/** Drops the sample company's data in every store (`--reset`). */
export async function dropCompany(stores: DataStores, inventory: Inventory): Promise<void> {
  for (const spec of inventory.collections) {
    const connector = stores.connectors.for(spec);
    if (connector instanceof PostgresStoreConnector)
      await connector.pool.query(`DROP TABLE IF EXISTS ${escapeIdentifier(spec.name)} CASCADE`);
    else
      await companyCollection(stores, spec)
        .drop()
        .catch(() => undefined);
  }
}

/**
 * Writes generated batches where the inventory places each sample collection:
 * COPY into a PostgreSQL store's table (created bare on open), insertMany into
 * a MongoDB collection. `finish` adds the tables' keys, indexes and foreign keys.
 */
export class BatchWriter {
  records = 0;
  readonly perCollection: Record<string, number> = Object.fromEntries(SAMPLE_COLLECTIONS.map((name) => [name, 0]));

  private constructor(
    private readonly stores: DataStores,
    private readonly targets: Map<SampleCollection, Target>,
  ) {}

  static async open(stores: DataStores, inventory: Inventory): Promise<BatchWriter> {
    const targets = new Map<SampleCollection, Target>();
    for (const name of SAMPLE_COLLECTIONS) {
      const spec = inventory.collections.find((c) => c.mongoName === name);
      if (!spec) throw new Error(`the inventory has no collection ${name.replace('_', '.')}`);
      const connector = stores.connectors.for(spec);
      if (!(connector instanceof PostgresStoreConnector)) {
        targets.set(name, { spec });
        continue;
      }
      const table = (SAMPLE_SQL_STORES[spec.store] ?? []).find((t) => t.name === spec.name);
      if (!table) throw new Error(`the sample company has no SQL table for ${spec.id}`);
      await connector.pool.query(createTableSql(table));
      targets.set(name, { spec, table, connector });
    }
    return new BatchWriter(stores, targets);
  }

  async write(batch: Batch): Promise<void> {
    for (const name of SAMPLE_COLLECTIONS) {
      if (batch[name].length === 0) continue;
      const target = this.targets.get(name) as Target;
      if (target.table && target.connector) await copyRows(target.connector, target.table, batch[name]);
      else await companyCollection(this.stores, target.spec).insertMany(batch[name], { ordered: false });
      this.perCollection[name] += batch[name].length;
      this.records += batch[name].length;
    }
  }

  async finish(): Promise<void> {
    // Parents first (the generator's order lists them first), for the foreign keys.
    for (const { table, connector } of this.targets.values()) {
      if (!table || !connector) continue;
      for (const sql of finishTableSql(table)) await connector.pool.query(sql);
      await connector.pool.query(`ANALYZE ${escapeIdentifier(table.name)}`);
    }
  }
}

/** One COPY … FROM STDIN (text format) of a batch of rows. */
async function copyRows(connector: PostgresStoreConnector, table: TableSchema, rows: Record<string, unknown>[]) {
  const columns = loadColumns(table);
  const client = await connector.pool.connect();
  try {
    const sql = `COPY ${escapeIdentifier(table.name)} (${columns.map(escapeIdentifier).join(', ')}) FROM STDIN`;
    await pipeline(Readable.from(copyLines(rows, columns)), client.query(copyFrom(sql)));
  } finally {
    client.release();
  }
}

function* copyLines(rows: Record<string, unknown>[], columns: string[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += `${columns.map((c) => copyValue(row[c])).join('\t')}\n`;
    if (chunk.length > 256_000) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A value in COPY's text format: \N for null, backslash escapes for the separators. */
export function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : typeof value === 'boolean'
          ? value
            ? 't'
            : 'f'
          : String(value);
  return text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * For `npm start`: seeds the sample company with `subjects` subjects when it
 * is empty (no engagement profile and no portal account), and always makes
 * sure the stores pass the start checks. Returns what it did.
 */
export async function seedIfEmpty(
  config: RightsflowConfig,
  subjects: number,
): Promise<{ seeded: boolean; result?: SeedResult }> {
  const inventory = loadInventory(config.data.inventoryFile, parseEndpointOverrides(config.data.processorEndpoints));
  const { stores, close } = await connectDataStores(config, inventory);
  try {
    if (await holdsAnyone(stores, inventory)) {
      await ensureDiscoveryIndexes(stores);
      return { seeded: false };
    }
    return { seeded: true, result: await seedCompany(stores, inventory, { subjects }) };
  } finally {
    await close();
  }
}

/** Whether the sample company holds anyone (an engagement profile or a portal account). */
export async function holdsAnyone(stores: DataStores, inventory: Inventory): Promise<boolean> {
  for (const id of ['engagement.profiles', 'portal.accounts']) {
    const spec = inventory.collections.find((c) => c.id === id);
    if (!spec) continue;
    const connector = stores.connectors.for(spec);
    if (connector instanceof PostgresStoreConnector) {
      const { rows } = await connector.pool.query<{ held: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS held`, [
        escapeIdentifier(spec.name),
      ]);
      if (rows[0].held && (await connector.pool.query(`SELECT 1 FROM ${escapeIdentifier(spec.name)} LIMIT 1`)).rowCount)
        return true;
    } else if ((await companyCollection(stores, spec).estimatedDocumentCount()) > 0) return true;
  }
  return false;
}
