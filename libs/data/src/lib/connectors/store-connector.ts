import { CollectionSpec } from '../inventory/inventory.types';

/** A record as a connector returns it: column or field names to values; `_id` is the store's own key. */
export type StoreRecord = Record<string, unknown>;

/** The store engines the inventory can name. */
export const ENGINES = ['mongodb', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * What the store answers for one link lookup (`<link field> IN values`):
 * `index` when an index serves it, `scan` when the engine reads everything
 * (FerretDB), or a problem that must stop the data service (a table or column
 * that does not exist, a link column without an index).
 */
export interface LinkLookupCheck {
  /** `<store>.<table>` */
  collection: string;
  column: string;
  status: 'index' | 'scan' | 'problem';
  /** For people: which index, or what is wrong and where. */
  detail: string;
}

/** Changes made by an update: records of the subject found, and records changed. */
export interface UpdateCount {
  matched: number;
  changed: number;
}

/**
 * One store of the company (a MongoDB database, a PostgreSQL database), as the
 * rights need it. Every method takes the collection's spec from the validated
 * inventory (the only source of table and column names) and the values its
 * link field must hold for a record to be the subject's (discovery's output);
 * values only ever travel as query parameters. Model: Fides' connectors, one
 * class per datastore behind one interface.
 */
export interface StoreConnector {
  readonly engine: Engine;
  /** The inventory's store name. */
  readonly store: string;

  /** Creates what the store needs to be reachable (nothing for a company's own database) and pings it. */
  testConnection(): Promise<void>;
  /** For each collection of this store: is its link lookup served by an index? */
  checkLinkLookups(specs: CollectionSpec[]): Promise<LinkLookupCheck[]>;

  /** Streams the subject's records (memory stays flat); `fields` limits what is read. */
  records(spec: CollectionSpec, values: unknown[], fields?: string[]): AsyncIterable<StoreRecord>;
  /** Streams every value of the link field (for re-applying the suppression list after a restore). */
  linkValues(spec: CollectionSpec): AsyncIterable<unknown>;
  /** Records matching every `equals` (and not `true` in `notTrue`): how the company's own applications read. */
  find(spec: CollectionSpec, equals: Record<string, unknown>, notTrue?: string): Promise<StoreRecord[]>;

  /** Deletes the subject's records; returns how many. */
  deleteRecords(spec: CollectionSpec, values: unknown[]): Promise<number>;
  /**
   * Changes each of the subject's records to what `change` returns (only the
   * fields that differ; nothing when it returns {}), in one transaction per
   * table where the engine has them. `seen` counts the subject's records.
   */
  deidentify(
    spec: CollectionSpec,
    values: unknown[],
    change: (record: StoreRecord) => Record<string, unknown>,
    tick: () => void,
  ): Promise<{ seen: number; changed: number }>;
  /** Sets `set` on the subject's records where any field of `compare` differs from `set` (so twice changes nothing). */
  update(
    spec: CollectionSpec,
    values: unknown[],
    set: Record<string, unknown>,
    compare: string[],
  ): Promise<UpdateCount>;

  close(): Promise<void>;
}
