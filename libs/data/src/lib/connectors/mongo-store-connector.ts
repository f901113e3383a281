import { createHash } from 'node:crypto';
import { mongo } from 'mongoose';
import { CollectionSpec } from '../inventory/inventory.types';
import { FerretDbPushdownIndexes, indexIn, onlyDuplicateKeyErrors } from '@rightsflow/platform';
import { Engine, LinkLookupCheck, StoreConnector, StoreRecord, UpdateCount } from './store-connector';

/** Most values per `$in`, so a subject with thousands of sessions still sends bounded queries. */
const IN_CHUNK = 1_000;

/** FerretDB v1.24 deletes all matches in one SQL statement, which SQLite caps at 32,766 parameters. */
const ONE_DELETE = 30_000;

/**
 * A MongoDB store (MongoDB 7 or FerretDB): the collection `<store>_<name>` of
 * one database, its link field indexed (created at start). On MongoDB a lookup
 * is `{ <link>: { $in: values } }`, answered by an IXSCAN. FerretDB pushes
 * only top-level equality down to PostgreSQL (`$in`, `$and` and `$or` it
 * filters after reading every document), so there a lookup is one
 * `{ <link>: value }` per value, and filters are merged rather than wrapped in
 * `$and`; with `pushdown` (FERRETDB_POSTGRES_URL) the data service adds the GIN
 * index that serves it (libs/platform: ferretdb/pushdown-indexes.ts).
 */
export class MongoStoreConnector implements StoreConnector {
  readonly engine: Engine = 'mongodb';
  private ferretdb?: Promise<boolean>;

  constructor(
    readonly store: string,
    readonly db: mongo.Db,
    private readonly closeClient: () => Promise<void> = async () => undefined,
    private readonly pushdown?: FerretDbPushdownIndexes,
  ) {}

  /** FerretDB answers buildInfo with a `ferretdbVersion`; MongoDB does not. Asked once. */
  isFerretDb(): Promise<boolean> {
    this.ferretdb ??= this.db
      .command({ buildInfo: 1 })
      .then((info) => 'ferretdbVersion' in info)
      .catch((error: unknown) => {
        this.ferretdb = undefined;
        throw error;
      });
    return this.ferretdb;
  }

  private async filters(spec: CollectionSpec, values: unknown[]): Promise<mongo.Filter<StoreRecord>[]> {
    return linkFilters(spec, values, (await this.isFerretDb()) ? 'equality' : 'in');
  }

  collection(spec: CollectionSpec): mongo.Collection {
    return this.db.collection(spec.mongoName);
  }

  async testConnection(): Promise<void> {
    await this.db.command({ ping: 1 });
  }

  async checkLinkLookups(specs: CollectionSpec[]): Promise<LinkLookupCheck[]> {
    const out: LinkLookupCheck[] = [];
    const ferretdb = await this.isFerretDb();
    for (const spec of specs) {
      const collection = this.collection(spec);
      await collection.createIndex({ [spec.link.field]: 1 }, { name: linkIndexName(spec) });
      const [probe] = linkFilters(spec, ['(check)'], ferretdb ? 'equality' : 'in');
      const plan = readPlan((await collection.find(probe).explain('queryPlanner')) as mongo.Document);
      // FerretDB's plan is PostgreSQL's for this very table, small or big; the pushdown index is checked there.
      if (ferretdb && this.pushdown) plan.indexUsed = await this.pushdown.ensureServed(this.db.databaseName, spec.mongoName, spec.link.field);
      out.push({ collection: spec.id, column: spec.link.field, ...lookupVerdict(spec, plan) });
    }
    return out;
  }

  async *records(spec: CollectionSpec, values: unknown[], fields?: string[]): AsyncIterable<StoreRecord> {
    const projection = fields ? Object.fromEntries(['_id', ...fields].map((f) => [f, 1])) : undefined;
    for (const filter of await this.filters(spec, values))
      yield* this.collection(spec).find(filter, { projection, batchSize: 500 });
  }

  async *linkValues(spec: CollectionSpec): AsyncIterable<unknown> {
    for await (const doc of this.collection(spec).find({}, { projection: { [spec.link.field]: 1 } }))
      yield doc[spec.link.field];
  }

  find(spec: CollectionSpec, equals: Record<string, unknown>, notTrue?: string): Promise<StoreRecord[]> {
    const filter: mongo.Filter<StoreRecord> = { ...equals };
    if (notTrue) filter[notTrue] = { $ne: true };
    return this.collection(spec).find(filter).toArray();
  }

  async deleteRecords(spec: CollectionSpec, values: unknown[]): Promise<number> {
    let deleted = 0;
    for (const filter of await this.filters(spec, values)) deleted += await deleteAll(this.collection(spec), filter);
    return deleted;
  }

  async deidentify(
    spec: CollectionSpec,
    values: unknown[],
    change: (record: StoreRecord) => Record<string, unknown>,
    tick: () => void,
  ): Promise<{ seen: number; changed: number }> {
    // Erasing the link field itself (hash or null) takes the records out of the subject's filter.
    const linkErasure = spec.fields.find((f) => f.name === spec.link.field)?.erasure;
    const replace = linkErasure === 'hash' || linkErasure === 'null';
    let seen = 0;
    let changed = 0;
    for (const filter of await this.filters(spec, values)) {
      const done = replace
        ? await replaceChanged(this.collection(spec), filter, change, tick)
        : await updateChanged(this.collection(spec), filter, change, tick);
      seen += done.seen;
      changed += done.changed;
    }
    return { seen, changed };
  }

  async update(
    spec: CollectionSpec,
    values: unknown[],
    set: Record<string, unknown>,
    compare: string[],
  ): Promise<UpdateCount> {
    const notYet: mongo.Filter<StoreRecord> =
      compare.length > 0 ? { $or: compare.map((k) => ({ [k]: { $ne: set[k] } })) } : {};
    let matched = 0;
    let changed = 0;
    for (const filter of await this.filters(spec, values)) {
      matched += await this.collection(spec).countDocuments(filter);
      changed += (await this.collection(spec).updateMany(both(filter, notYet), { $set: set })).modifiedCount;
    }
    return { matched, changed };
  }

  /** Closes the store's own client; a shared client belongs to whoever opened it. */
  async close(): Promise<void> {
    await this.pushdown?.close();
    await this.closeClient();
  }
}

export function linkIndexName(spec: CollectionSpec): string {
  return `discovery_${spec.link.field.replace(/\./g, '_')}`;
}

/**
 * The queries that return the subject's records of one collection (none when
 * nothing links): `$in` chunks for MongoDB, one equality per distinct value for
 * FerretDB (the only filter it pushes down).
 */
export function linkFilters(spec: CollectionSpec, values: unknown[], form: 'in' | 'equality'): mongo.Filter<StoreRecord>[] {
  const filters: mongo.Filter<StoreRecord>[] = [];
  if (form === 'equality') {
    // PostgreSQL's jsonb holds no NUL character, so FerretDB never stored one: such a value matches
    // nothing, and pushed down it would be an SQL error instead of an empty answer.
    const storable = values.filter((value) => !(typeof value === 'string' && value.includes('\u0000')));
    const distinct = new Map(storable.map((value) => [JSON.stringify(value), value]));
    for (const value of distinct.values()) filters.push({ [spec.link.field]: value } as mongo.Filter<StoreRecord>);
    return filters;
  }
  for (let i = 0; i < values.length; i += IN_CHUNK)
    filters.push({ [spec.link.field]: { $in: values.slice(i, i + IN_CHUNK) } });
  return filters;
}

/**
 * Both conditions, as one filter whose top-level link equality FerretDB can
 * still push down (`$and` hides it); `$and` only where the keys would collide.
 */
export function both(filter: mongo.Filter<StoreRecord>, more: mongo.Filter<StoreRecord>): mongo.Filter<StoreRecord> {
  const collide = Object.keys(more).some((key) => key in filter);
  return collide ? { $and: [filter, more] } : { ...filter, ...more };
}

/** What a lookup's plan says: MongoDB's IXSCAN, PostgreSQL's index under FerretDB, or a scan. */
function lookupVerdict(spec: CollectionSpec, plan: Plan): Pick<LinkLookupCheck, 'status' | 'detail'> {
  if (plan.engine === 'mongodb') {
    return plan.indexUsed
      ? { status: 'index', detail: `IXSCAN on ${plan.indexUsed}` }
      : {
          status: 'problem',
          detail: `${spec.mongoName}.${spec.link.field}: the lookup would not use an index (plan: ${plan.plan.join(' > ')})`,
        };
  }
  return plan.indexUsed
    ? { status: 'index', detail: `FerretDB pushes the lookup down to PostgreSQL, served by its index ${plan.indexUsed}` }
    : {
        status: 'scan',
        detail: `FerretDB reads the whole collection ${spec.mongoName} for this lookup (no PostgreSQL index serves its pushdown; set FERRETDB_POSTGRES_URL to the database FerretDB writes to and the data service adds one)`,
      };
}

/** In place, one update per record: used when the link field stays (the record must keep its identity). */
async function updateChanged(
  collection: mongo.Collection,
  filter: mongo.Filter<StoreRecord>,
  change: (record: StoreRecord) => Record<string, unknown>,
  tick: () => void,
): Promise<{ seen: number; changed: number }> {
  let seen = 0;
  let changed = 0;
  let batch: mongo.AnyBulkWriteOperation<StoreRecord>[] = [];
  const flush = async () => {
    if (batch.length > 0) changed += (await collection.bulkWrite(batch, { ordered: false })).modifiedCount;
    batch = [];
  };
  for await (const doc of collection.find(filter)) {
    seen++;
    const set = change(doc);
    if (Object.keys(set).length > 0) batch.push({ updateOne: { filter: { _id: doc['_id'] }, update: { $set: set } } });
    if (batch.length >= 500) await flush();
    tick();
  }
  await flush();
  return { seen, changed };
}

/**
 * When the link field itself changes, changed copies no longer match the
 * subject's filter: insert the copies (ids derived from the originals, so a
 * retry inserts nothing twice), then delete the originals with one deleteMany
 * on the indexed link field. Same result as updating in place, but two bulk
 * operations instead of one write per record — on FerretDB v1.24 each
 * single-record write scans the whole collection.
 */
async function replaceChanged(
  collection: mongo.Collection,
  filter: mongo.Filter<StoreRecord>,
  change: (record: StoreRecord) => Record<string, unknown>,
  tick: () => void,
): Promise<{ seen: number; changed: number }> {
  let seen = 0;
  let copies: StoreRecord[] = [];
  const flush = async () => {
    if (copies.length > 0) await insertIgnoringDuplicates(collection, copies);
    copies = [];
  };
  for await (const doc of collection.find(filter)) {
    seen++;
    const set = change(doc);
    const copy: StoreRecord = { ...doc, _id: copyId(doc['_id'], JSON.stringify(set)) };
    for (const [path, value] of Object.entries(set)) setAt(copy, path, value);
    copies.push(copy);
    if (copies.length >= 1_000) await flush();
    tick();
  }
  await flush();
  return { seen, changed: await deleteAll(collection, filter, seen) };
}

/**
 * deleteMany, split into `_id` ranges of at most ONE_DELETE records when more
 * may match (known from `expected`, or learnt from FerretDB's "too many SQL
 * variables"). MongoDB takes any size in one call; the split is harmless there.
 */
async function deleteAll(
  collection: mongo.Collection,
  filter: mongo.Filter<StoreRecord>,
  expected = 0,
): Promise<number> {
  if (expected <= ONE_DELETE) {
    try {
      return (await collection.deleteMany(filter)).deletedCount;
    } catch (error) {
      if (!/too many SQL variables/.test(String((error as { message?: unknown }).message))) throw error;
    }
  }
  let deleted = 0;
  let range: unknown[] = [];
  const flush = async () => {
    if (range.length === 0) return;
    const within = { _id: { $gte: range[0], $lte: range[range.length - 1] } } as mongo.Filter<StoreRecord>;
    deleted += (await collection.deleteMany(both(filter, within))).deletedCount;
    range = [];
  };
  for await (const doc of collection.find(filter, { projection: { _id: 1 } }).sort({ _id: 1 })) {
    range.push(doc['_id']);
    if (range.length >= ONE_DELETE) await flush();
  }
  await flush();
  return deleted;
}

/** The copy's id: derived from the original and its change (the change carries the per-request hash). */
function copyId(original: unknown, change: string): mongo.ObjectId {
  return new mongo.ObjectId(
    createHash('sha256')
      .update(`${change}\u0000${String(original)}`)
      .digest()
      .subarray(0, 12),
  );
}

async function insertIgnoringDuplicates(collection: mongo.Collection, docs: StoreRecord[]): Promise<void> {
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    // A retry re-inserts copies that already exist: duplicate keys are the expected, harmless outcome.
    if (!onlyDuplicateKeyErrors(error)) throw error;
  }
}

function setAt(doc: StoreRecord, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!next || typeof next !== 'object') return;
    current = next as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = value;
}

interface Plan {
  engine: 'mongodb' | 'ferretdb';
  indexUsed?: string;
  plan: string[];
}

/**
 * MongoDB reports a `queryPlanner.winningPlan` tree (IXSCAN = index used).
 * FerretDB v1.24 reports `queryPlanner.Plan`: its backend's plan (PostgreSQL's
 * EXPLAIN tree, whose index scans name their index; SQLite's plan lines).
 */
export function readPlan(explained: mongo.Document): Plan {
  const planner = explained['queryPlanner'] as mongo.Document | undefined;
  if (planner?.['winningPlan']) {
    const stages: mongo.Document[] = [];
    const walk = (stage: mongo.Document | undefined) => {
      if (!stage) return;
      stages.push(stage);
      walk(stage['inputStage']);
      for (const child of (stage['inputStages'] as mongo.Document[] | undefined) ?? []) walk(child);
      // MongoDB 7 with the slot-based engine nests the classic tree under queryPlan.
      walk(stage['queryPlan']);
    };
    walk(planner['winningPlan']);
    const ixscan = stages.find((s) => s['stage'] === 'IXSCAN');
    return { engine: 'mongodb', indexUsed: ixscan?.['indexName'], plan: stages.map((s) => String(s['stage'])) };
  }
  return { engine: 'ferretdb', plan: ferretdbPlan(planner?.['Plan']), indexUsed: indexIn(planner?.['Plan']) };
}

/** FerretDB's plan: SQLite's EXPLAIN QUERY PLAN lines, or PostgreSQL's EXPLAIN (FORMAT JSON) tree as node types. */
function ferretdbPlan(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap((item) => (typeof item === 'string' ? [item] : ferretdbPlan(item)));
  if (!plan || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const here = typeof node['Node Type'] === 'string' ? [String(node['Node Type'])] : [];
  return [...here, ...ferretdbPlan(node['Plan']), ...ferretdbPlan(node['Plans'])];
}
