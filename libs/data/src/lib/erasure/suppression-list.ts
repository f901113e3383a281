import { RightsflowConfig } from '@rightsflow/config';
import { subjectKey } from '@rightsflow/platform';
import { DataStores } from '../company/data-stores';

/**
 * Erased subjects, kept in the data service's own database (<prefix>_data, not
 * in the company's, so restoring a company backup does not restore it), only
 * as a keyed hash of the email: it can confirm a match, never list who asked
 * (R17, Regs §7022(d)). `_id` is the subject key, so adding twice is a no-op.
 */
export const SUPPRESSION_LIST = 'suppression_list';

export interface SuppressionEntry {
  _id: string;
  requestId: string;
  addedAt: Date;
}

export async function addToSuppressionList(
  config: RightsflowConfig,
  stores: DataStores,
  email: string,
  requestId: string,
): Promise<void> {
  await stores.own
    .collection<SuppressionEntry>(SUPPRESSION_LIST)
    .updateOne(
      { _id: subjectKey(config.secrets.hmacKey, email) },
      { $setOnInsert: { requestId, addedAt: new Date() } },
      { upsert: true },
    );
}

export async function isSuppressed(config: RightsflowConfig, stores: DataStores, email: string): Promise<boolean> {
  return (
    (await stores.own
      .collection<SuppressionEntry>(SUPPRESSION_LIST)
      .countDocuments({ _id: subjectKey(config.secrets.hmacKey, email) }, { limit: 1 })) > 0
  );
}
