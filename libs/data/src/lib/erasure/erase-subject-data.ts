import { RightsflowConfig } from '@rightsflow/config';
import { keyedHash } from '@rightsflow/platform';
import { DataStores } from '../company/data-stores';
import { StoreRecord } from '../connectors/store-connector';
import { resolveLinks, SubjectLinks, valueAt } from '../discovery/discovery';
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
  const connector = stores.connectors.for(spec);
  const values = links.get(spec.id) ?? [];
  if (spec.fields.some((f) => f.erasure === 'delete_record'))
    return { deleted: await connector.deleteRecords(spec, values) };
  const held = spec.fields.some((f) => f.erasure === 'legal_hold');
  const done = await connector.deidentify(spec, values, (doc) => erasedFields(config, spec, doc, requestId), tick);
  return held ? { deidentified: done.changed, kept: done.seen } : { deidentified: done.changed };
}

/** The fields' new values, only those that change. */
function erasedFields(
  config: RightsflowConfig,
  spec: CollectionSpec,
  doc: StoreRecord,
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
