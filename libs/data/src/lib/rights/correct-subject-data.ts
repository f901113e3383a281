import { normaliseEmail } from '@rightsflow/platform';
import { DataStores } from '../company/data-stores';
import { resolveLinks } from '../discovery/discovery';
import { FieldSpec, Inventory } from '../inventory/inventory.types';
import { CollectionResults } from '../progress';

export interface Correction {
  /** An attribute of the inventory (`name`, `phone`, `email`…) or a field `store.collection.field`. */
  field: string;
  value: string;
}

export interface CorrectionOutcome {
  collections: CollectionResults;
  /** Corrections that were not made, each with the reason, for the response (R19). */
  notMade: string[];
  /** Corrections made, by name (for the processors' notice). */
  made: Correction[];
}

const MAX_VALUE = 500;

/**
 * Applies corrections where the inventory says each field lives (R19): an
 * attribute such as `name` reaches every field declared with it (portal
 * accounts, forum posts, engagement profile…). Links are resolved before any
 * change, so correcting the email itself still reaches every record. Only
 * records holding a different value change: a second run changes nothing.
 */
export async function correctSubject(
  stores: DataStores,
  inventory: Inventory,
  email: string,
  corrections: Correction[],
): Promise<CorrectionOutcome> {
  const links = await resolveLinks(stores, inventory, email);
  const results: CollectionResults = {};
  const notMade: string[] = [];
  const made: Correction[] = [];
  for (const correction of corrections) {
    const problem = checkValue(correction);
    if (problem) {
      notMade.push(`${correction.field}: not corrected — ${problem}`);
      continue;
    }
    const value = correction.field === 'email' ? normaliseEmail(correction.value) : correction.value.trim();
    const targets = inventory.collections.flatMap((spec) =>
      spec.fields.filter((f) => matches(f, spec.id, correction.field)).map((field) => ({ spec, field })),
    );
    if (targets.length === 0) {
      notMade.push(`${correction.field}: not corrected — we hold no data of that kind`);
      continue;
    }
    const withheld = targets.filter(({ field }) => field.neverDisclose);
    if (withheld.length > 0) {
      notMade.push(
        `${correction.field}: not corrected here — change it yourself in your account settings (it is a credential)`,
      );
      continue;
    }
    let found = 0;
    for (const { spec, field } of targets) {
      const values = links.get(spec.id) ?? [];
      if (values.length === 0) continue;
      const { matched, changed } = await stores.connectors
        .for(spec)
        .update(spec, values, { [field.name]: value }, [field.name]);
      if (matched === 0) continue;
      found += matched;
      results[spec.id] ??= {};
      results[spec.id][`corrected_${field.name}`] = (results[spec.id][`corrected_${field.name}`] ?? 0) + changed;
    }
    if (found === 0) notMade.push(`${correction.field}: not corrected — we hold no such data about you`);
    else made.push({ field: correction.field, value });
  }
  return { collections: results, notMade, made };
}

function matches(field: FieldSpec, collectionId: string, name: string): boolean {
  return field.attribute === name || `${collectionId}.${field.name}` === name;
}

function checkValue(correction: Correction): string | undefined {
  if (typeof correction.value !== 'string' || correction.value.trim() === '') return 'the new value is empty';
  if (correction.value.length > MAX_VALUE) return `the new value is longer than ${MAX_VALUE} characters`;
  // PostgreSQL text cannot hold NUL, and no name, email or phone has one.
  if (correction.value.includes('\u0000')) return 'the new value holds a NUL character';
  if (correction.field === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(correction.value.trim()))
    return 'the new value is not an email address';
  return undefined;
}
