import { RightsflowConfig } from '@rightsflow/config';
import { normaliseEmail, subjectKey } from '@rightsflow/platform';
import { DataStores } from '../company/data-stores';
import { Inventory, isDirectLink } from '../inventory/inventory.types';
import { noProgress } from '../progress';
import { eraseSubject } from './erase-subject-data';
import { SUPPRESSION_LIST, SuppressionEntry } from './suppression-list';

/**
 * After a backup of the company's data is restored: reads every email held in
 * a directly linked collection, and erases again each subject whose key is on
 * the suppression list (processors are not told again: their data was not
 * restored). The list is read into memory once (about 50 bytes per subject).
 */
export async function reapplySuppressions(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
): Promise<{ subjects: number; collections: Record<string, Record<string, number>> }> {
  const suppressed = new Map<string, string>();
  for await (const entry of stores.own
    .collection<SuppressionEntry>(SUPPRESSION_LIST)
    .find({}, { projection: { requestId: 1 } })) {
    suppressed.set(entry._id, entry.requestId);
  }
  const found = new Map<string, string>();
  for (const spec of inventory.collections.filter((c) => isDirectLink(c.link))) {
    for await (const value of stores.connectors.for(spec).linkValues(spec)) {
      if (typeof value !== 'string') continue;
      const email = normaliseEmail(value);
      const key = subjectKey(config.secrets.hmacKey, email);
      if (suppressed.has(key) && !found.has(email)) found.set(email, suppressed.get(key) as string);
    }
  }
  const totals: Record<string, Record<string, number>> = {};
  for (const [email, requestId] of found) {
    const outcome = await eraseSubject(config, stores, inventory, { requestId, email }, noProgress, {
      suppress: false,
    });
    for (const [collection, counts] of Object.entries(outcome.collections)) {
      for (const [what, n] of Object.entries(counts)) {
        totals[collection] ??= {};
        totals[collection][what] = (totals[collection][what] ?? 0) + n;
      }
    }
  }
  return { subjects: found.size, collections: totals };
}
