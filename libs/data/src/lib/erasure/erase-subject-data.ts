import { RightsflowConfig } from '@rightsflow/config';
import { keyedHash } from '@rightsflow/platform';
import { createHash } from 'node:crypto';
import { mongo } from 'mongoose';
import { CompanyDocument, companyCollection, DataStores } from '../company/data-stores';
import { resolveLinks, subjectFilters, SubjectLinks, valueAt } from '../discovery/discovery';
import { CollectionSpec, FieldSpec, Inventory } from '../inventory/inventory.types';
import { CollectionResults, Progress, ProgressContext } from '../progress';
import { addToSuppressionList } from './suppression-list';

export interface ErasureOutcome {
  collections: CollectionResults;
  /** Legal exceptions under which fields were kept (R17), in words for the subject. */
  exceptions: string[];
}

/** Marks values we pseudonymised, so running the erasure again never hashes a hash. */
const HASHED = 'h:';

/**
 * Erases a subject as the inventory says, field by field (R17): `delete_record`
 * deletes the record; otherwise `null`, `hash` (keyed, per request) and
 * `mask_ipv4` change the fields in place and `legal_hold` keeps them, naming the
 * exception. Links are resolved first and collections are erased children
 * first, so the records that lead to others go last and a retry still finds
 * everything not yet done. The subject goes on the suppression list first.
 * Running it again changes nothing: erased records are no longer linked to the email.
 */
export async function eraseSubject(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  input: { requestId: string; email: string },
  progress: ProgressContext,
  options: { suppress?: boolean } = {},
): Promise<ErasureOutcome> {
  const tracker = new Progress(progress);
  if (options.suppress !== false) await addToSuppressionList(config, stores, input.email, input.requestId);
  const links = await resolveLinks(stores, inventory, input.email, () => tracker.tick());
  for (const spec of [...inventory.collections].reverse()) {
    if (tracker.isDone(spec.id)) continue;
    tracker.done(spec.id, await eraseCollection(config, stores, spec, links, input.requestId, () => tracker.tick()));
  }
  return { collections: tracker.results, exceptions: exceptionsOf(inventory, tracker.results) };
}

async function eraseCollection(
  config: RightsflowConfig,
  stores: DataStores,
  spec: CollectionSpec,
  links: SubjectLinks,
  requestId: string,
  tick: () => void,
): Promise<Record<string, number>> {
  const collection = companyCollection(stores, spec);
  const filters = subjectFilters(spec, links.get(spec.id) ?? []);
  if (spec.fields.some((f) => f.erasure === 'delete_record')) {
    let deleted = 0;
    for (const filter of filters) deleted += await deleteAll(collection, filter);
    return { deleted };
  }
  const held = spec.fields.some((f) => f.erasure === 'legal_hold');
  const linkField = spec.fields.find((f) => f.name === spec.link.field);
  const replace = linkField?.erasure === 'hash' || linkField?.erasure === 'null';
  let deidentified = 0;
  let kept = 0;
  for (const filter of filters) {
    const done = replace
      ? await replaceErased(config, collection, spec, filter, requestId, tick)
      : await updateErased(config, collection, spec, filter, requestId, tick);
    deidentified += done.changed;
    kept += held ? done.seen : 0;
  }
  return held ? { deidentified, kept } : { deidentified };
}

/** The fields' new values, only those that change. */
function erasedFields(
  config: RightsflowConfig,
  spec: CollectionSpec,
  doc: CompanyDocument,
  requestId: string,
): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  for (const field of spec.fields) {
    const value = valueAt(doc, field.name);
    if (field.erasure === 'null' && value !== null && value !== undefined) set[field.name] = null;
    if (field.erasure === 'hash' || field.erasure === 'mask_ipv4') {
      const erased = erasedValue(config, field, value, requestId);
      if (erased !== value) set[field.name] = erased;
    }
  }
  return set;
}

/** In place, one update per record: used when the link field stays (the record must keep its identity). */
async function updateErased(
  config: RightsflowConfig,
  collection: mongo.Collection,
  spec: CollectionSpec,
  filter: mongo.Filter<CompanyDocument>,
  requestId: string,
  tick: () => void,
): Promise<{ seen: number; changed: number }> {
  let seen = 0;
  let changed = 0;
  let batch: mongo.AnyBulkWriteOperation<CompanyDocument>[] = [];
  const flush = async () => {
    if (batch.length > 0) changed += (await collection.bulkWrite(batch, { ordered: false })).modifiedCount;
    batch = [];
  };
  for await (const doc of collection.find(filter)) {
    seen++;
    const set = erasedFields(config, spec, doc, requestId);
    if (Object.keys(set).length > 0) batch.push({ updateOne: { filter: { _id: doc['_id'] }, update: { $set: set } } });
    if (batch.length >= 500) await flush();
    tick();
  }
  await flush();
  return { seen, changed };
}

/**
 * When the link field itself is erased, erased copies no longer match the
 * subject's filter: insert the copies (ids derived from the originals, so a
 * retry inserts nothing twice), then delete the originals with one deleteMany
 * on the indexed link field. Same result as updating in place, but two bulk
 * operations instead of one write per record — on FerretDB v1.24 (SQLite)
 * each single-record write scans the whole collection.
 */
async function replaceErased(
  config: RightsflowConfig,
  collection: mongo.Collection,
  spec: CollectionSpec,
  filter: mongo.Filter<CompanyDocument>,
  requestId: string,
  tick: () => void,
): Promise<{ seen: number; changed: number }> {
  let seen = 0;
  let copies: CompanyDocument[] = [];
  const flush = async () => {
    if (copies.length > 0) await insertIgnoringDuplicates(collection, copies);
    copies = [];
  };
  for await (const doc of collection.find(filter)) {
    seen++;
    const copy: CompanyDocument = { ...doc, _id: copyId(doc['_id'], requestId) };
    for (const [path, value] of Object.entries(erasedFields(config, spec, doc, requestId))) setAt(copy, path, value);
    copies.push(copy);
    if (copies.length >= 1_000) await flush();
    tick();
  }
  await flush();
  return { seen, changed: await deleteAll(collection, filter, seen) };
}

/** FerretDB v1.24 deletes all matches in one SQL statement, which SQLite caps at 32,766 parameters. */
const ONE_DELETE = 30_000;

/**
 * deleteMany, split into `_id` ranges of at most ONE_DELETE records when more
 * may match (known from `expected`, or learnt from FerretDB's "too many SQL
 * variables"). MongoDB takes any size in one call; the split is harmless there.
 */
async function deleteAll(
  collection: mongo.Collection,
  filter: mongo.Filter<CompanyDocument>,
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
    const within = { _id: { $gte: range[0], $lte: range[range.length - 1] } } as mongo.Filter<CompanyDocument>;
    deleted += (await collection.deleteMany({ $and: [filter, within] })).deletedCount;
    range = [];
  };
  for await (const doc of collection.find(filter, { projection: { _id: 1 } }).sort({ _id: 1 })) {
    range.push(doc['_id']);
    if (range.length >= ONE_DELETE) await flush();
  }
  await flush();
  return deleted;
}

function copyId(original: unknown, requestId: string): mongo.ObjectId {
  return new mongo.ObjectId(
    createHash('sha256')
      .update(`${requestId}\u0000${String(original)}`)
      .digest()
      .subarray(0, 12),
  );
}

async function insertIgnoringDuplicates(collection: mongo.Collection, docs: CompanyDocument[]): Promise<void> {
  try {
    await collection.insertMany(docs, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: number }[] | { code?: number } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    // A retry re-inserts copies that already exist: duplicate keys are the expected, harmless outcome.
    if (list.length === 0 || list.some((e) => e.code !== 11000)) throw error;
  }
}

function setAt(doc: CompanyDocument, path: string, value: unknown): void {
  const parts = path.split('.');
  let current: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (!next || typeof next !== 'object') return;
    current = next as Record<string, unknown>;
  }
  current[parts[parts.length - 1]] = value;
}

/** hash: keyed and salted per request (records of one erasure stay countable together, never linkable to the email). */
export function erasedValue(config: RightsflowConfig, field: FieldSpec, value: unknown, requestId: string): unknown {
  if (value === null || value === undefined) return value;
  if (field.erasure === 'mask_ipv4') return typeof value === 'string' ? maskIpv4(value) : null;
  if (field.erasure === 'hash') {
    if (typeof value === 'string' && value.startsWith(HASHED)) return value;
    return `${HASHED}${keyedHash(config.secrets.hmacKey, `erasure:${requestId}`, typeof value === 'string' ? value : JSON.stringify(value))}`;
  }
  return value;
}

/** Sets the last octet of an IPv4 address to 0 (as the telemetry seed does); anything else is dropped. */
export function maskIpv4(ip: string): string | null {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip.trim());
  return match ? `${match[1]}.${match[2]}.${match[3]}.0` : null;
}

function exceptionsOf(inventory: Inventory, results: CollectionResults): string[] {
  const byException = new Map<string, string[]>();
  for (const spec of inventory.collections) {
    if (!(results[spec.id]?.['kept'] > 0)) continue;
    for (const field of spec.fields) {
      if (field.erasure !== 'legal_hold' || !field.exception) continue;
      byException.set(field.exception, [...(byException.get(field.exception) ?? []), `${spec.id}.${field.name}`]);
    }
  }
  return [...byException].map(([id, fields]) => {
    const exception = inventory.exceptions.find((e) => e.id === id);
    return `${exception?.text} (${exception?.cite}). Kept: ${fields.join(', ')}.`;
  });
}
