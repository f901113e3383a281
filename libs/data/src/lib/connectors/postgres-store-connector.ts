import pg, { escapeIdentifier } from 'pg';
import QueryStream from 'pg-query-stream';
import { CollectionSpec } from '../inventory/inventory.types';
import { Engine, LinkLookupCheck, StoreConnector, StoreRecord, UpdateCount } from './store-connector';

/** Most link values per `= ANY($1)`, so one lookup's parameter stays bounded. */
const ANY_CHUNK = 10_000;
/** Rows read and changed per step of a de-identification (keyset pages on the primary key). */
const PAGE = 1_000;

/** What the catalog says about one table: its columns' types and its one-column primary key. */
interface TableInfo {
  columns: Map<string, string>;
  primaryKey: string;
  primaryKeyType: string;
}

/**
 * A PostgreSQL store through `pg`. Table and column names come only from the
 * validated inventory and are always quoted with the driver's
 * escapeIdentifier; every value is a query parameter. A lookup is
 * `<link> = ANY($1)`, which a btree index leading with the link column serves
 * (checked at start from pg_index). Reads stream through a server-side cursor
 * (pg-query-stream's cursor), so memory stays flat; each table's change runs in one
 * transaction and only changes rows not yet in the wanted state (idempotent).
 */
export class PostgresStoreConnector implements StoreConnector {
  readonly engine: Engine = 'postgres';
  private readonly tables = new Map<string, TableInfo>();

  constructor(
    readonly store: string,
    /** Public for the seed's bulk load and for tests; the rights go through the methods. */
    readonly pool: pg.Pool,
    private readonly restrictionField?: string,
  ) {
    // An idle client whose connection is cut (restart, pg_terminate_backend) must not crash the process:
    // the pool drops it and the next query opens a fresh one.
    pool.on('error', () => undefined);
  }

  async testConnection(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async checkLinkLookups(specs: CollectionSpec[]): Promise<LinkLookupCheck[]> {
    const out: LinkLookupCheck[] = [];
    for (const spec of specs) {
      const problem = await this.checkTable(spec);
      if (problem) {
        out.push({ collection: spec.id, column: spec.link.field, status: 'problem', detail: problem });
        continue;
      }
      // pg_index, not EXPLAIN: on a small table the planner rightly prefers a sequential scan, so
      // the plan says nothing about a large one. A valid, non-partial btree index whose first
      // column is the link column serves `= ANY($1)` at any size.
      const { rows } = await this.pool.query<{ index: string }>(
        `SELECT ic.relname AS index
           FROM pg_index i
           JOIN pg_class ic ON ic.oid = i.indexrelid
           JOIN pg_am am ON am.oid = ic.relam
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = to_regclass($1) AND a.attname = $2
            AND am.amname = 'btree' AND i.indisvalid AND i.indpred IS NULL
          ORDER BY ic.relname LIMIT 1`,
        [escapeIdentifier(spec.name), spec.link.field],
      );
      out.push(
        rows[0]
          ? { collection: spec.id, column: spec.link.field, status: 'index', detail: `btree index ${rows[0].index}` }
          : {
              collection: spec.id,
              column: spec.link.field,
              status: 'problem',
              detail: `table ${spec.name}, column ${spec.link.field}: no btree index leads with the link column, so every lookup would read the whole table (CREATE INDEX ON ${escapeIdentifier(spec.name)} (${escapeIdentifier(spec.link.field)}))`,
            },
      );
    }
    return out;
  }

  async *records(spec: CollectionSpec, values: unknown[], fields?: string[]): AsyncIterable<StoreRecord> {
    const info = await this.info(spec);
    const columns = fields ? fields.map((f) => `, ${this.column(spec, info, f)}`).join('') : ', *';
    for (const chunk of lookupChunks(values)) {
      const sql = `SELECT ${escapeIdentifier(info.primaryKey)} AS "_id"${columns} FROM ${escapeIdentifier(spec.name)} WHERE ${escapeIdentifier(spec.link.field)} = ANY($1)`;
      for await (const row of this.stream(sql, [chunk])) yield withoutKeyColumn(spec, info, row);
    }
  }

  async *linkValues(spec: CollectionSpec): AsyncIterable<unknown> {
    const sql = `SELECT ${escapeIdentifier(spec.link.field)} AS v FROM ${escapeIdentifier(spec.name)}`;
    for await (const row of this.stream(sql, [])) yield row['v'];
  }

  async find(spec: CollectionSpec, equals: Record<string, unknown>, notTrue?: string): Promise<StoreRecord[]> {
    const info = await this.info(spec);
    const params: unknown[] = [];
    const where: string[] = [];
    for (const [column, value] of Object.entries(equals)) {
      if (!storable(value)) return [];
      params.push(value);
      where.push(`${this.column(spec, info, column)} = $${params.length}`);
    }
    if (notTrue) where.push(`${this.column(spec, info, notTrue)} IS DISTINCT FROM true`);
    const { rows } = await this.pool.query(
      `SELECT ${escapeIdentifier(info.primaryKey)} AS "_id", * FROM ${escapeIdentifier(spec.name)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`,
      params,
    );
    return rows.map((row) => withoutKeyColumn(spec, info, row));
  }

  async deleteRecords(spec: CollectionSpec, values: unknown[]): Promise<number> {
    const chunks = lookupChunks(values);
    if (chunks.length === 0) return 0;
    return this.transaction(async (client) => {
      let deleted = 0;
      for (const chunk of chunks) {
        const result = await client.query(
          `DELETE FROM ${escapeIdentifier(spec.name)} WHERE ${escapeIdentifier(spec.link.field)} = ANY($1)`,
          [chunk],
        );
        deleted += result.rowCount ?? 0;
      }
      return deleted;
    });
  }

  async deidentify(
    spec: CollectionSpec,
    values: unknown[],
    change: (record: StoreRecord) => Record<string, unknown>,
    tick: () => void,
  ): Promise<{ seen: number; changed: number }> {
    const chunks = lookupChunks(values);
    if (chunks.length === 0) return { seen: 0, changed: 0 };
    const info = await this.info(spec);
    const table = escapeIdentifier(spec.name);
    const key = escapeIdentifier(info.primaryKey);
    return this.transaction(async (client) => {
      let seen = 0;
      let changed = 0;
      for (const chunk of chunks) {
        // Keyset pages on the primary key: bounded memory, and rows whose link changes are not read twice.
        let after: unknown = undefined;
        for (;;) {
          const params: unknown[] = [chunk];
          if (after !== undefined) params.push(after);
          const { rows } = await client.query(
            `SELECT ${key} AS "_id", * FROM ${table}
              WHERE ${escapeIdentifier(spec.link.field)} = ANY($1)${after !== undefined ? ` AND ${key} > $2` : ''}
              ORDER BY ${key} LIMIT ${PAGE} FOR UPDATE`,
            params,
          );
          if (rows.length === 0) break;
          after = rows[rows.length - 1]['_id'];
          seen += rows.length;
          changed += await this.applyChanges(client, spec, info, rows, change);
          tick();
        }
      }
      return { seen, changed };
    });
  }

  async update(
    spec: CollectionSpec,
    values: unknown[],
    set: Record<string, unknown>,
    compare: string[],
  ): Promise<UpdateCount> {
    const chunks = lookupChunks(values);
    if (chunks.length === 0) return { matched: 0, changed: 0 };
    const info = await this.info(spec);
    const table = escapeIdentifier(spec.name);
    const link = escapeIdentifier(spec.link.field);
    const entries = Object.entries(set);
    const assignments = entries.map(([column], i) => `${this.column(spec, info, column)} = $${i + 2}`);
    const differs = compare.map(
      (column) =>
        `${this.column(spec, info, column)} IS DISTINCT FROM $${entries.findIndex(([c]) => c === column) + 2}`,
    );
    return this.transaction(async (client) => {
      let matched = 0;
      let changed = 0;
      for (const chunk of chunks) {
        const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${link} = ANY($1)`, [
          chunk,
        ]);
        matched += Number(count.rows[0].n);
        const result = await client.query(
          `UPDATE ${table} SET ${assignments.join(', ')} WHERE ${link} = ANY($1)${differs.length ? ` AND (${differs.join(' OR ')})` : ''}`,
          [chunk, ...entries.map(([, value]) => value)],
        );
        changed += result.rowCount ?? 0;
      }
      return { matched, changed };
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Writes one page's changes with a single UPDATE … FROM unnest(…) keyed by the primary key. */
  private async applyChanges(
    client: pg.PoolClient,
    spec: CollectionSpec,
    info: TableInfo,
    rows: StoreRecord[],
    change: (record: StoreRecord) => Record<string, unknown>,
  ): Promise<number> {
    const changes = rows
      .map((row) => ({ row, set: change(withoutKeyColumn(spec, info, { ...row })) }))
      .filter(({ set }) => Object.keys(set).length > 0);
    if (changes.length === 0) return 0;
    const columns = [...new Set(changes.flatMap(({ set }) => Object.keys(set)))];
    // Each changed row gets every column of the page: its new value where it changes, its own value elsewhere.
    const arrays = columns.map((column) =>
      changes.map(({ row, set }) => textOf(column in set ? set[column] : row[column])),
    );
    const aliases = columns.map((_, i) => `c${i}`);
    const sql = `UPDATE ${escapeIdentifier(spec.name)} AS t SET ${columns
      .map((column, i) => `${this.column(spec, info, column)} = v.${aliases[i]}::${info.columns.get(column)}`)
      .join(', ')}
      FROM unnest($1::text[]${aliases.map((_, i) => `, $${i + 2}::text[]`).join('')}) AS v(k${aliases.map((a) => `, ${a}`).join('')})
      WHERE t.${escapeIdentifier(info.primaryKey)} = v.k::${info.primaryKeyType}`;
    const result = await client.query(sql, [changes.map(({ row }) => textOf(row['_id'])), ...arrays]);
    return result.rowCount ?? 0;
  }

  /** A quoted column of the table; refuses a name the table does not have (names come from the inventory). */
  private column(spec: CollectionSpec, info: TableInfo, name: string): string {
    if (!info.columns.has(name)) throw new Error(`${spec.id}: table ${spec.name} has no column ${name}`);
    return escapeIdentifier(name);
  }

  private async info(spec: CollectionSpec): Promise<TableInfo> {
    const known = this.tables.get(spec.name);
    if (known) return known;
    const problem = await this.checkTable(spec);
    if (problem) throw new Error(problem);
    return this.tables.get(spec.name) as TableInfo;
  }

  /** Reads the table's columns and primary key from the catalog; returns what is wrong, naming table and column. */
  private async checkTable(spec: CollectionSpec): Promise<string | undefined> {
    const relation = escapeIdentifier(spec.name);
    const { rows: columns } = await this.pool.query<{ name: string; type: string }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
        WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
      [relation],
    );
    if (columns.length === 0) return `table ${spec.name} does not exist in the ${this.store} database`;
    const types = new Map(columns.map((c) => [c.name, c.type]));
    const missing = requiredColumns(spec, this.restrictionField).filter((c) => !types.has(c));
    if (missing.length > 0)
      return `table ${spec.name}: column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} do${missing.length > 1 ? '' : 'es'} not exist`;
    const { rows: keys } = await this.pool.query<{ name: string; type: string }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
        WHERE i.indrelid = to_regclass($1) AND i.indisprimary`,
      [relation],
    );
    if (keys.length !== 1) return `table ${spec.name} needs a one-column primary key (found ${keys.length} columns)`;
    this.tables.set(spec.name, { columns: types, primaryKey: keys[0].name, primaryKeyType: keys[0].type });
    return undefined;
  }

  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    // A connection cut between two statements is reported by the next one; the event alone must not crash.
    const onError = () => (broken = true);
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Rows through a server-side cursor on a client of its own, read 500 at a
   * time. Not as a stream: when the connection dies while pg-query-stream's
   * reader is paused, it waits for ever (measured with pg_terminate_backend:
   * its destroy waits for a readyForQuery that never comes). Its cursor's next
   * read fails at once instead, and the broken client is dropped, not reused.
   */
  private async *stream(sql: string, params: unknown[]): AsyncIterable<StoreRecord> {
    const client = await this.pool.connect();
    // The pool leaves no listener on a checked-out client: without one, a cut connection would crash the process.
    const onError = () => undefined;
    client.on('error', onError);
    const cursor = (client.query(new QueryStream(sql, params)) as unknown as { cursor: RowCursor }).cursor;
    let closed = false;
    try {
      for (;;) {
        const rows = await cursor.read(500);
        if (rows.length === 0) break;
        yield* rows;
      }
      await cursor.close();
      closed = true;
    } finally {
      client.off('error', onError);
      // A failed read or a reader that stopped early leaves the portal open: that client is dropped.
      client.release(closed ? undefined : true);
    }
  }
}

/** The pg-cursor inside a QueryStream (pg-query-stream's dependency), read directly. */
interface RowCursor {
  read(rows: number): Promise<StoreRecord[]>;
  close(): Promise<void>;
}

/** Columns the inventory says the table holds: its fields, its link, the restriction flag and what controls set. */
export function requiredColumns(spec: CollectionSpec, restrictionField?: string): string[] {
  const sets = [
    ...Object.values(spec.controls.unsubscribe),
    spec.controls.optOutSaleSharing,
    spec.controls.limitSensitiveUse,
  ].flatMap((set) => Object.keys(set ?? {}));
  const all = [
    ...spec.fields.map((f) => f.name),
    spec.link.field,
    ...(restrictionField ? [restrictionField] : []),
    ...sets,
  ];
  return [...new Set(all)];
}

/**
 * Link values PostgreSQL could hold: a text column refuses a NUL character
 * (error 22021), so a value holding one can match no row and is left out
 * rather than sent; only scalars are sent.
 */
function lookupChunks(values: unknown[]): unknown[][] {
  const usable = values.filter(storable);
  const chunks: unknown[][] = [];
  for (let i = 0; i < usable.length; i += ANY_CHUNK) chunks.push(usable.slice(i, i + ANY_CHUNK));
  return chunks;
}

function storable(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  return typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
}

/** The primary key travels as `_id` (a database internal); its column is dropped unless the inventory declares it. */
function withoutKeyColumn(spec: CollectionSpec, info: TableInfo, row: StoreRecord): StoreRecord {
  if (info.primaryKey !== '_id' && !spec.fields.some((f) => f.name === info.primaryKey)) delete row[info.primaryKey];
  return row;
}

/** A value as text for an unnest(text[]) parameter; the UPDATE casts it back to the column's type. */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
