import { normaliseEmail } from '@rightsflow/platform';
import { CompanyDocument, DataStores } from '../company/data-stores';
import { StoreRecord } from '../connectors/store-connector';
import { CollectionSpec, Inventory, isDirectLink } from '../inventory/inventory.types';

/**
 * For each collection, the values its link field must hold for a record to be
 * the subject's: the email for direct links, else the values of `key` found in
 * the subject's records of the `via` collection (an array key such as
 * `cookieIds` contributes each element).
 */
export type SubjectLinks = Map<string, unknown[]>;

/**
 * A subject's walk through the inventory, parents first (the inventory's
 * order): the email gives the values of directly linked collections, and each
 * parent record the walk is shown (`observe`) gives the values its children
 * link by. A caller that reads every record anyway (the export) shows them as
 * it goes, so each collection is queried once; `readKeys` reads only the link
 * keys of a collection the caller does not otherwise read.
 */
export class LinkWalk {
  readonly links: SubjectLinks = new Map();
  private readonly keyValues = new Map<string, Set<unknown>>();
  private readonly keysNeeded: Map<string, string[]>;

  constructor(
    inventory: Inventory,
    private readonly email: string,
  ) {
    this.keysNeeded = childKeys(inventory);
  }

  /** The values `spec`'s link field must hold; its parent's records must have been observed first. */
  valuesFor(spec: CollectionSpec): unknown[] {
    const values = isDirectLink(spec.link)
      ? [normaliseEmail(this.email)]
      : [...(this.keyValues.get(`${spec.link.via}|${spec.link.key}`) ?? [])];
    this.links.set(spec.id, values);
    return values;
  }

  /** The keys of `spec`'s records that other collections link by (none for a leaf). */
  keysOf(spec: CollectionSpec): string[] {
    return this.keysNeeded.get(spec.id) ?? [];
  }

  /** Learns the link values one record of `spec` gives its children. */
  observe(spec: CollectionSpec, doc: CompanyDocument): void {
    for (const key of this.keysOf(spec)) collect(this.keyValues, `${spec.id}|${key}`, valueAt(doc, key));
  }

  /** Reads just the link keys of the subject's records of `spec` (projected), for its children. */
  async readKeys(stores: DataStores, spec: CollectionSpec, tick: () => void = () => undefined): Promise<void> {
    const keys = this.keysOf(spec);
    const values = this.valuesFor(spec);
    if (keys.length === 0 || values.length === 0) return;
    for await (const doc of stores.connectors.for(spec).records(spec, values, keys)) {
      this.observe(spec, doc);
      tick();
    }
  }
}

/**
 * Every collection's link values for a subject, across stores and engines (a
 * PostgreSQL table may link through a MongoDB collection's key and back).
 * Each lookup is on the indexed link field and reads only the keys children
 * need, so discovery reads no more than it must.
 */
export async function resolveLinks(
  stores: DataStores,
  inventory: Inventory,
  email: string,
  tick: () => void = () => undefined,
): Promise<SubjectLinks> {
  const walk = new LinkWalk(inventory, email);
  for (const spec of inventory.collections) await walk.readKeys(stores, spec, tick);
  return walk.links;
}

/** Streams the subject's records of one collection through its store's connector (memory stays flat). */
export function subjectRecords(
  stores: DataStores,
  spec: CollectionSpec,
  links: SubjectLinks,
  fields?: string[],
): AsyncIterable<StoreRecord> {
  return stores.connectors.for(spec).records(spec, links.get(spec.id) ?? [], fields);
}

/** Reads a dotted path. */
export function valueAt(doc: CompanyDocument, path: string): unknown {
  let current: unknown = doc;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function childKeys(inventory: Inventory): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const spec of inventory.collections) {
    if (isDirectLink(spec.link)) continue;
    const list = keys.get(spec.link.via) ?? [];
    if (!list.includes(spec.link.key)) list.push(spec.link.key);
    keys.set(spec.link.via, list);
  }
  return keys;
}

function collect(into: Map<string, Set<unknown>>, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const set = into.get(key) ?? new Set<unknown>();
  for (const item of Array.isArray(value) ? value : [value]) if (item !== null && item !== undefined) set.add(item);
  into.set(key, set);
}
