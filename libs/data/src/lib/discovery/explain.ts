import { mongo } from 'mongoose';
import { CompanyDocument, companyCollection, DataStores, discoveryIndexName } from '../company/data-stores';
import { Inventory } from '../inventory/inventory.types';
import { SubjectLinks, subjectFilters } from './discovery';

/**
 * What the database says about each discovery query. MongoDB reports a
 * `queryPlanner.winningPlan` tree (IXSCAN = index used). FerretDB v1.24 reports
 * instead `queryPlanner.Plan` (its backend's plan: PostgreSQL's EXPLAIN tree, or
 * SQLite's EXPLAIN QUERY PLAN lines) and its own `filterPushdown` flag: on either
 * backend its btree indexes never serve a non-`_id` filter (on PostgreSQL it filters
 * with `_jsonb->'f' @> v`) — so on FerretDB we can prove the query targets exactly
 * the indexed link field, but not that an index is used.
 */
export interface QueryExplanation {
  collection: string;
  filterFields: string[];
  engine: 'mongodb' | 'ferretdb';
  /** MongoDB: an IXSCAN on this index. FerretDB: undefined (it never uses secondary indexes). */
  indexUsed?: string;
  /** The declared discovery index on the link field exists. */
  indexExists: boolean;
  /** FerretDB's own flag; false for every non-_id filter. */
  filterPushdown?: boolean;
  plan: string[];
}

export async function explainDiscovery(
  stores: DataStores,
  inventory: Inventory,
  links: SubjectLinks,
): Promise<QueryExplanation[]> {
  const out: QueryExplanation[] = [];
  for (const spec of inventory.collections) {
    const collection = companyCollection(stores, spec);
    const indexes = await collection.indexes();
    const indexExists = indexes.some(
      (index) => index.name === discoveryIndexName(spec) && Object.keys(index.key).join() === spec.link.field,
    );
    for (const filter of subjectFilters(spec, links.get(spec.id) ?? ['(none)'])) {
      const explained = (await collection.find(filter).explain('queryPlanner')) as mongo.Document;
      out.push({
        collection: spec.id,
        filterFields: Object.keys(filter as CompanyDocument),
        indexExists,
        ...readPlan(explained),
      });
    }
  }
  return out;
}

function readPlan(
  explained: mongo.Document,
): Pick<QueryExplanation, 'engine' | 'indexUsed' | 'filterPushdown' | 'plan'> {
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
  return {
    engine: 'ferretdb',
    filterPushdown: Boolean(explained['filterPushdown']),
    plan: ferretdbPlan(planner?.['Plan']),
  };
}

/** FerretDB's plan: SQLite's EXPLAIN QUERY PLAN lines, or PostgreSQL's EXPLAIN (FORMAT JSON) tree as node types. */
function ferretdbPlan(plan: unknown): string[] {
  if (Array.isArray(plan)) return plan.flatMap((item) => (typeof item === 'string' ? [item] : ferretdbPlan(item)));
  if (!plan || typeof plan !== 'object') return [];
  const node = plan as Record<string, unknown>;
  const here = typeof node['Node Type'] === 'string' ? [String(node['Node Type'])] : [];
  return [...here, ...ferretdbPlan(node['Plan']), ...ferretdbPlan(node['Plans'])];
}
