import { isDuplicateKeyError } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { SlotRecord } from './challenge.schemas';

export interface SlotClaim {
  group: string;
  /** Slots 1..limit exist; once all are taken the claim fails. */
  limit: number;
  /** Idempotency key of the claiming run. */
  key: string;
  /** The run's first attempt: no earlier attempt of it can hold a slot, so none is looked for. */
  firstAttempt: boolean;
  requestId?: string;
  expiresAt?: Date;
  now: Date;
}

export interface ClaimedSlot {
  n: number;
  /** The run had claimed it before (a Temporal retry): nothing new was counted. */
  repeated: boolean;
}

/**
 * Takes the lowest free numbered slot of a group, race-free without
 * transactions: slot n is the document `<group>#<n>`, and only one insert of
 * an _id can succeed. So however many runs claim at once, at most `limit`
 * succeed, and a retried run gets back the slot it already holds (the unique
 * (group, key) index refuses it a second one, even when a late attempt races it).
 *
 * Most claims are the first in their group (a request's first challenge this
 * hour, a code's first answer), so slot 1 is tried before anything is read: on
 * FerretDB the lookup by key and the count are both scans of the collection.
 * Only a taken slot 1 costs the count that says where the free ones start.
 */
export async function claimSlot(model: Model<SlotRecord>, claim: SlotClaim): Promise<ClaimedSlot | null> {
  if (!claim.firstAttempt) {
    const held = await heldSlot(model, claim);
    if (held) return held;
  }
  let n = 1;
  let counted = false;
  while (n <= claim.limit) {
    try {
      await model.create({
        _id: `${claim.group}#${n}`,
        group: claim.group,
        n,
        key: claim.key,
        at: claim.now,
        ...(claim.requestId !== undefined ? { requestId: claim.requestId } : {}),
        ...(claim.expiresAt !== undefined ? { expiresAt: claim.expiresAt } : {}),
      });
      return { n, repeated: false };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Either someone took slot n (try a later one), or another attempt of this very run holds a slot.
      const raced = await heldSlot(model, claim);
      if (raced) return raced;
      if (counted) n++;
      else {
        // Slots are taken in order, so the count is where the first free one starts.
        n = Math.max(n, await model.countDocuments({ group: claim.group }).exec()) + 1;
        counted = true;
      }
    }
  }
  return null;
}

/** The slot this run's key holds in the group, if any (a retry's, or one a concurrent attempt took). */
export async function heldSlot(
  model: Model<SlotRecord>,
  claim: Pick<SlotClaim, 'group' | 'key'>,
): Promise<ClaimedSlot | null> {
  const held = await model
    .findOne({ group: claim.group, key: claim.key }, { n: 1 })
    .lean<Pick<SlotRecord, 'n'>>()
    .exec();
  return held ? { n: held.n, repeated: true } : null;
}
