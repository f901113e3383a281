import type { ClaimQuotaResult } from '@rightsflow/contracts';
import { countsInWindow, isWithinQuota, nextOwedDate } from '@rightsflow/domain';
import type { AccessQuotaVersion, QuotaGrant, QuotaRefusal } from './access-quota.schema';

/** How long a refusal is remembered for retries: longer than any window it could matter in. */
const REFUSAL_MEMORY_MS = 400 * 24 * 3600 * 1000;

export interface ClaimRequest {
  requestId: string;
  at: Date;
  limit: number;
  timeZone: string;
}

export type QuotaDecision =
  /** This request was decided before (a retry): the same answer again, nothing to write. */
  | { kind: 'repeat'; result: ClaimQuotaResult }
  /** A new decision and the quota state to write as the next version. */
  | { kind: 'decide'; result: ClaimQuotaResult; grants: QuotaGrant[]; refusals: QuotaRefusal[] };

/**
 * R05, as pure arithmetic on the latest quota version: grant when fewer than
 * `limit` accepted know requests count at `at` (domain quota rules), else
 * refuse with the date the next one is owed.
 */
export function decideClaim(latest: Pick<AccessQuotaVersion, 'grants' | 'refusals'> | null, claim: ClaimRequest): QuotaDecision {
  const grants = latest?.grants ?? [];
  const refusals = latest?.refusals ?? [];
  if (grants.some((grant) => grant.requestId === claim.requestId)) return { kind: 'repeat', result: { granted: true } };
  const refused = refusals.find((refusal) => refusal.requestId === claim.requestId);
  if (refused) return { kind: 'repeat', result: { granted: false, nextOwedAt: new Date(refused.nextOwedAt).toISOString() } };

  // Grants that no longer count at this claim are dropped, so a version stays small.
  const counting = grants.filter((grant) => countsInWindow(new Date(grant.acceptedAt), claim.at, claim.timeZone));
  const keptRefusals = refusals.filter((refusal) => claim.at.getTime() - new Date(refusal.refusedAt).getTime() < REFUSAL_MEMORY_MS);
  const accepted = counting.map((grant) => new Date(grant.acceptedAt));
  if (isWithinQuota(accepted, claim.at, claim.timeZone, claim.limit)) {
    return {
      kind: 'decide',
      result: { granted: true },
      grants: [...counting, { requestId: claim.requestId, acceptedAt: claim.at }],
      refusals: keptRefusals,
    };
  }
  const nextOwedAt = nextOwedDate(accepted, claim.at, claim.timeZone, claim.limit);
  return {
    kind: 'decide',
    result: { granted: false, nextOwedAt: nextOwedAt.toISOString() },
    grants: counting,
    refusals: [...keptRefusals, { requestId: claim.requestId, nextOwedAt, refusedAt: claim.at }],
  };
}
