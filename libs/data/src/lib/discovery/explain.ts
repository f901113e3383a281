import { mongo } from 'mongoose';
import { CompanyDocument, companyCollection, DataStores } from '../company/data-stores';
import { linkFilters, linkIndexName, MongoStoreConnector, readPlan } from '../connectors/mongo-store-connector';
import { Inventory } from '../inventory/inventory.types';
import { SubjectLinks } from './discovery';

/**
 * What the database says about each discovery query. MongoDB reports a
 * `queryPlanner.winningPlan` tree (IXSCAN = index used). FerretDB v1.24 reports
 * instead `queryPlanner.Plan` (its backend's plan: PostgreSQL's EXPLAIN tree, or
 * SQLite's EXPLAIN QUERY PLAN lines) and its own `filterPushdown` flag: it pushes
 * a top-level equality down as `_jsonb->'f' @> v`, which its own btree indexes
 * cannot serve but the GIN index the data service adds can (libs/platform: ferretdb/pushdown-indexes.ts).
 */
export interface QueryExplanation {
  collection: string;
  filterFields: string[];
  engine: 'mongodb' | 'ferretdb';
  /** MongoDB: an IXSCAN on this index. FerretDB: the PostgreSQL index its pushed-down filter uses, if any. */
  indexUsed?: string;
  /** The declared discovery index on the link field exists. */
  indexExists: boolean;
  /** FerretDB's own flag: the filter went down to PostgreSQL (equality only; never `$in`). */
  filterPushdown?: boolean;
  plan: string[];
}

export async function explainDiscovery(
  stores: DataStores,
  inventory: Inventory,
  links: SubjectLinks,
): Promise<QueryExplanation[]> {
  const out: QueryExplanation[] = [];
  for (const spec of inventory.collections.filter((c) => c.engine === 'mongodb')) {
    const collection = companyCollection(stores, spec);
    const indexes = await collection.indexes();
    const indexExists = indexes.some(
      (index) => index.name === linkIndexName(spec) && Object.keys(index.key).join() === spec.link.field,
    );
    const connector = stores.connectors.for(spec) as MongoStoreConnector;
    const form = (await connector.isFerretDb()) ? 'equality' : 'in';
    for (const filter of linkFilters(spec, links.get(spec.id) ?? ['(none)'], form)) {
      const explained = (await collection.find(filter).explain('queryPlanner')) as mongo.Document;
      out.push({
        collection: spec.id,
        filterFields: Object.keys(filter as CompanyDocument),
        indexExists,
        ...planOf(explained),
      });
    }
  }
  return out;
}

function planOf(explained: mongo.Document): Pick<QueryExplanation, 'engine' | 'indexUsed' | 'filterPushdown' | 'plan'> {
  const plan = readPlan(explained);
  return plan.engine === 'mongodb' ? plan : { ...plan, filterPushdown: Boolean(explained['filterPushdown']) };
}
