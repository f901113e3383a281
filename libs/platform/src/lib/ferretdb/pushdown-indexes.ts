import { createHash } from 'node:crypto';
import pg, { escapeIdentifier, escapeLiteral } from 'pg';

/**
 * FerretDB v1.24 on PostgreSQL keeps a collection as a table of `_jsonb`
 * documents and pushes a top-level equality filter `{ f: v }` down as
 * `_jsonb->'f' @> v` (a dotted path as `_jsonb#>'{a,b}' @> v`); `$in`, `$and`
 * and `$or` it filters in Go after reading every row. The btree index it makes
 * for `createIndex` cannot serve `@>`, so every lookup reads the collection
 * (measured: 61 ms by equality, 16.9 s by `$in`, for one of 100,000 profiles).
 * A GIN index with `jsonb_path_ops` on the same expression can: the same
 * lookup then takes 2–9 ms, whatever the collection's size.
 *
 * This class adds that index, on the table FerretDB's own metadata names for
 * the collection, in the PostgreSQL database FerretDB writes to
 * (FERRETDB_POSTGRES_URL). It is idempotent (IF NOT EXISTS, one name per
 * table and field) and reads nothing but FerretDB's metadata. Field names come
 * from the validated inventory; they are still only ever literals and
 * identifiers escaped by pg.
 */
export class FerretDbPushdownIndexes {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
  }

  /**
   * Ensures the GIN index for `field` of `collection` in FerretDB database
   * `database`; returns its table, or undefined when this PostgreSQL holds no
   * such collection (a FerretDB that writes elsewhere).
   */
  async ensure(database: string, collection: string, field: string): Promise<string | undefined> {
    const table = await this.tableOf(database, collection);
    if (!table) return undefined;
    await this.pool.query(
      `CREATE INDEX IF NOT EXISTS ${escapeIdentifier(indexName(table, field))} ON ${relation(database, table)} USING gin ((${pushdownExpression(field)}) jsonb_path_ops)`,
    );
    return table;
  }

  /** Ensures the index (as `ensure`) and returns the index PostgreSQL picks for FerretDB's lookup: the start check's answer. */
  async ensureServed(database: string, collection: string, field: string): Promise<string | undefined> {
    const table = await this.ensure(database, collection, field);
    return table ? this.indexServing(relation(database, table), field) : undefined;
  }

  /** For each model, the pushdown index of every field its schema's indexes lead with; returns how many. */
  async ensureForModels(database: string, models: IndexedModel[]): Promise<number> {
    let ensured = 0;
    for (const model of models)
      for (const field of leadingFields(model))
        if (await this.ensure(database, model.collection.collectionName, field)) ensured++;
    return ensured;
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * The index PostgreSQL picks for FerretDB's own statement shape (key and
   * value as parameters, planned with their values), sequential scans off so
   * that a small table still shows whether an index could serve the lookup.
   */
  private async indexServing(relation: string, field: string): Promise<string | undefined> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_seqscan = off');
      const path = field.split('.');
      const [operator, key] = path.length === 1 ? ['->', field] : ['#>', path];
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(
        `EXPLAIN (FORMAT JSON) SELECT _jsonb FROM ${relation} WHERE _jsonb ${operator} $1 @> $2`,
        [key, JSON.stringify('(check)')],
      );
      return indexIn(rows[0]?.['QUERY PLAN']);
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }

  /** FerretDB names a collection's table itself (`<collection>_<hash>`); its metadata table says which. */
  private async tableOf(database: string, collection: string): Promise<string | undefined> {
    try {
      const { rows } = await this.pool.query<{ table: string }>(
        `SELECT _jsonb->>'table' AS table FROM ${escapeIdentifier(database)}._ferretdb_database_metadata WHERE _jsonb->>'_id' = $1`,
        [collection],
      );
      return rows[0]?.table ?? undefined;
    } catch (error) {
      // 42P01 undefined_table: FerretDB keeps no database of that name in this PostgreSQL.
      if ((error as { code?: string }).code === '42P01') return undefined;
      throw error;
    }
  }
}

const relation = (database: string, table: string) => `${escapeIdentifier(database)}.${escapeIdentifier(table)}`;

/** The first `Index Name` of a PostgreSQL EXPLAIN (FORMAT JSON) tree (also what FerretDB's explain carries). */
export function indexIn(plan: unknown): string | undefined {
  if (Array.isArray(plan)) return plan.map(indexIn).find(Boolean);
  if (!plan || typeof plan !== 'object') return undefined;
  const node = plan as Record<string, unknown>;
  if (typeof node['Index Name'] === 'string') return node['Index Name'];
  return indexIn(node['Plan']) ?? indexIn(node['Plans']);
}

/** The expression FerretDB's pushdown compares with `@>` (see query.go of FerretDB v1.24). */
export function pushdownExpression(field: string): string {
  const path = field.split('.');
  return path.length === 1 ? `_jsonb -> ${escapeLiteral(field)}` : `_jsonb #> ${escapeLiteral(`{${path.join(',')}}`)}`;
}

/** At most 63 bytes (PostgreSQL's identifier limit), one per table and field. */
export function indexName(table: string, field: string): string {
  const digest = createHash('sha256').update(`${table}\u0000${field}`).digest('hex').slice(0, 10);
  return `rf_pushdown_${table.slice(0, 38)}_${digest}`;
}

/** What ensureForModels needs of a mongoose model: its collection and its schema's declared indexes. */
export interface IndexedModel {
  collection: { collectionName: string };
  schema: { indexes(): [Record<string, unknown>, unknown?][] };
}

/**
 * The fields our own schemas look documents up by: the leading field of each
 * declared index (an equality on it is what FerretDB can push down), `_id`
 * aside (FerretDB's primary key serves it).
 */
export function leadingFields(model: IndexedModel): string[] {
  const fields = model.schema.indexes().map(([keys]) => Object.keys(keys)[0]);
  return [...new Set(fields.filter((field): field is string => Boolean(field) && field !== '_id'))];
}
