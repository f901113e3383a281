import { Model } from 'mongoose';
import { isDuplicateKey } from '../identity-failures';
import { SlotRecord } from './challenge.schemas';

export interface SlotClaim {
  group: string;
  /** Slots 1..limit exist; once all are taken the claim fails. */
  limit: number;
  /** Idempotency key of the claiming run. */
  key: string;
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
 * succeed, and a retried run gets back the slot it already holds.
 */
export async function claimSlot(model: Model<SlotRecord>, claim: SlotClaim): Promise<ClaimedSlot | null> {
  const held = await model
    .findOne({ group: claim.group, key: claim.key }, { n: 1 })
    .lean<Pick<SlotRecord, 'n'>>()
    .exec();
  if (held) return { n: held.n, repeated: true };
  // Slots are taken in order, so the count is where the first free one starts.
  const taken = await model.countDocuments({ group: claim.group }).exec();
  for (let n = taken + 1; n <= claim.limit; n++) {
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
      if (!isDuplicateKey(error)) throw error;
      // Either someone took slot n (try the next), or a retry of this very run raced us to another slot.
      const raced = await model
        .findOne({ group: claim.group, key: claim.key }, { n: 1 })
        .lean<Pick<SlotRecord, 'n'>>()
        .exec();
      if (raced) return { n: raced.n, repeated: true };
    }
  }
  return null;
}
