import { RightsflowConfig } from '@rightsflow/config';
import type { Channel } from '@rightsflow/domain';
import { subjectKey } from '@rightsflow/platform';
import { mongo } from 'mongoose';
import { DataStores } from '../company/data-stores';
import { resolveLinks, SubjectLinks } from '../discovery/discovery';
import { CollectionSpec, Inventory, SetDocument } from '../inventory/inventory.types';
import { CollectionResults } from '../progress';

/**
 * Restriction (R20, GDPR 18), per-channel unsubscribe (R20, GDPR 21) and the
 * CCPA opt-outs (R04: sale/sharing §1798.120, sensitive PI §1798.121): each sets
 * what the inventory declares on the subject's records. Only records not yet in
 * the wanted state are updated, so running twice changes nothing.
 */

/** Preferences that outlive the records (R04 needs no account): `_id` is the subject key. */
export const PREFERENCES = 'subject_preferences';

interface PreferenceDoc {
  _id: string;
  unsubscribed?: Channel[];
  optOutSaleSharing?: boolean;
  limitSensitiveUse?: boolean;
  updatedAt: Date;
}

export async function setRestriction(
  stores: DataStores,
  inventory: Inventory,
  email: string,
  restricted: boolean,
): Promise<CollectionResults> {
  const links = await resolveLinks(stores, inventory, email);
  const field = inventory.restrictionField;
  const results: CollectionResults = {};
  for (const spec of inventory.collections) {
    const changed = await applySet(stores, spec, links, { [field]: restricted });
    if (changed !== undefined) results[spec.id] = { [restricted ? 'restricted' : 'lifted']: changed };
  }
  return results;
}

export async function unsubscribe(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  email: string,
  channels: Channel[],
): Promise<{ collections: CollectionResults; unreached: Channel[] }> {
  const links = await resolveLinks(stores, inventory, email);
  const results: CollectionResults = {};
  const reached = new Set<Channel>();
  for (const spec of inventory.collections) {
    for (const channel of channels) {
      const set = spec.controls.unsubscribe[channel];
      if (!set) continue;
      reached.add(channel);
      const changed = await applySet(stores, spec, links, set);
      if (changed === undefined) continue;
      results[spec.id] ??= {};
      results[spec.id][`unsubscribed_${channel}`] = changed;
    }
  }
  await remember(config, stores, email, { $addToSet: { unsubscribed: { $each: channels } } });
  return { collections: results, unreached: channels.filter((c) => !reached.has(c)) };
}

export async function applyOptOut(
  config: RightsflowConfig,
  stores: DataStores,
  inventory: Inventory,
  email: string,
  kind: 'sale_sharing' | 'sensitive_use',
): Promise<CollectionResults> {
  const links = await resolveLinks(stores, inventory, email);
  const results: CollectionResults = {};
  for (const spec of inventory.collections) {
    const set = kind === 'sale_sharing' ? spec.controls.optOutSaleSharing : spec.controls.limitSensitiveUse;
    if (!set) continue;
    const changed = await applySet(stores, spec, links, set);
    if (changed !== undefined) results[spec.id] = { [kind === 'sale_sharing' ? 'opted_out' : 'limited']: changed };
  }
  await remember(config, stores, email, {
    $set: kind === 'sale_sharing' ? { optOutSaleSharing: true } : { limitSensitiveUse: true },
  });
  return results;
}

/** Sets `set` on the subject's records that differ; undefined when the subject has no record here. */
async function applySet(
  stores: DataStores,
  spec: CollectionSpec,
  links: SubjectLinks,
  set: SetDocument,
): Promise<number | undefined> {
  const values = links.get(spec.id) ?? [];
  if (values.length === 0) return undefined;
  const now = new Date();
  const resolved = Object.fromEntries(Object.entries(set).map(([k, v]) => [k, v === '$now' ? now : v]));
  // Only records not yet in the wanted state ($now fields excepted): a second run changes nothing.
  const compare = Object.entries(set)
    .filter(([, v]) => v !== '$now')
    .map(([k]) => k);
  const { matched, changed } = await stores.connectors.for(spec).update(spec, values, resolved, compare);
  return matched > 0 ? changed : undefined;
}

async function remember(
  config: RightsflowConfig,
  stores: DataStores,
  email: string,
  update: mongo.UpdateFilter<PreferenceDoc>,
): Promise<void> {
  await stores.own
    .collection<PreferenceDoc>(PREFERENCES)
    .updateOne(
      { _id: subjectKey(config.secrets.hmacKey, email) },
      { ...update, $currentDate: { updatedAt: true } },
      { upsert: true },
    );
}
