import { RightsflowConfig } from '@rightsflow/config';
import { escapeIdentifier } from 'pg';
import { DataStores, companyCollection } from '../lib/company/data-stores';
import { dropDatabase, storeLocation } from '../lib/connectors/company-stores';
import { PostgresStoreConnector } from '../lib/connectors/postgres-store-connector';
import { StoreRecord } from '../lib/connectors/store-connector';
import { CollectionSpec, Inventory } from '../lib/inventory/inventory.types';

/**
 * Tests' direct access to the sample company, whichever engine holds a
 * collection: plain SQL on PostgreSQL tables, the driver on MongoDB
 * collections — never through the connector under test.
 */
export class CompanyRecords {
  constructor(
    private readonly stores: DataStores,
    private readonly inventory: Inventory,
  ) {}

  spec(id: string): CollectionSpec {
    const spec = this.inventory.collections.find((c) => c.id === id);
    if (!spec) throw new Error(`no collection ${id}`);
    return spec;
  }

  /** Records where every `equals` holds (`_id` is the store's key); all records without `equals`. */
  async find(id: string, equals: Record<string, unknown> = {}): Promise<StoreRecord[]> {
    const spec = this.spec(id);
    const pool = this.pool(spec);
    if (!pool) return companyCollection(this.stores, spec).find(equals).toArray();
    const where = Object.keys(equals).map((k, i) => `${escapeIdentifier(k)} = $${i + 1}`);
    const { rows } = await pool.query(
      `SELECT * FROM ${escapeIdentifier(spec.name)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY 1`,
      Object.values(equals),
    );
    return rows.map(({ id: key, ...rest }) => ({ _id: key, ...rest }));
  }

  /** Records whose link field is one of `values`. */
  async linked(id: string, values: unknown[]): Promise<StoreRecord[]> {
    const spec = this.spec(id);
    const pool = this.pool(spec);
    if (!pool)
      return companyCollection(this.stores, spec)
        .find({ [spec.link.field]: { $in: values } })
        .toArray();
    const { rows } = await pool.query(
      `SELECT * FROM ${escapeIdentifier(spec.name)} WHERE ${escapeIdentifier(spec.link.field)} = ANY($1) ORDER BY 1`,
      [values],
    );
    return rows.map(({ id: key, ...rest }) => ({ _id: key, ...rest }));
  }

  async count(id: string, equals: Record<string, unknown> = {}): Promise<number> {
    return (await this.find(id, equals)).length;
  }

  /** Puts records back as a backup restore would (same keys; existing ones replaced). */
  async restore(id: string, records: StoreRecord[]): Promise<void> {
    const spec = this.spec(id);
    const pool = this.pool(spec);
    for (const record of records) {
      if (!pool) {
        await companyCollection(this.stores, spec).replaceOne({ _id: record['_id'] as never }, record, {
          upsert: true,
        });
        continue;
      }
      const { _id, ...rest } = record;
      const columns = ['id', ...Object.keys(rest)];
      const values = [_id, ...Object.values(rest)].map((v) =>
        v && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v,
      );
      await pool.query(
        `INSERT INTO ${escapeIdentifier(spec.name)} (${columns.map(escapeIdentifier).join(', ')})
         VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${columns
           .slice(1)
           .map((c) => `${escapeIdentifier(c)} = EXCLUDED.${escapeIdentifier(c)}`)
           .join(', ')}`,
        values,
      );
    }
  }

  private pool(spec: CollectionSpec) {
    const connector = this.stores.connectors.for(spec);
    return connector instanceof PostgresStoreConnector ? connector.pool : undefined;
  }
}

/** Drops the test's company data: the MongoDB company database and each PostgreSQL store's own database. */
export async function dropCompanyStores(
  config: RightsflowConfig,
  inventory: Inventory,
  stores: DataStores,
): Promise<void> {
  await stores.company.dropDatabase();
  for (const store of inventory.stores) {
    if (store.engine !== 'postgres') continue;
    const location = storeLocation(store, config, {});
    if (location.createDatabase) await dropDatabase(config.postgres.url, location.createDatabase);
  }
}
