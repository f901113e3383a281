import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ClaimQuotaInput, ClaimQuotaResult } from '@rightsflow/contracts';
import { Model } from 'mongoose';
import { ACCESS_QUOTA_HEAD_MODEL, ACCESS_QUOTA_MODEL, AccessQuotaHead, AccessQuotaVersion, quotaVersionId } from './access-quota.schema';
import { isDuplicateKeyError } from '@rightsflow/platform';
import { decideClaim } from './quota-decision';
import { RegistryBusyError, UnknownRequestError } from './registry-errors';
import { RequestRegistry } from './request-registry';
import type { RequestRecord } from './request.schema';

const MAX_CLAIM_ATTEMPTS = 50;

/**
 * R05 claims, race-free without transactions: read the subject's latest quota
 * version, decide, insert version + 1 under a unique _id. Two claims that read
 * the same version race on that insert; the loser re-reads — now seeing the
 * winner's grant — and decides again. Idempotent per requestId: every version
 * carries the decisions made so far, so a retry finds its answer.
 */
@Injectable()
export class AccessQuota implements OnModuleInit {
  constructor(
    @InjectModel(ACCESS_QUOTA_MODEL) private readonly versions: Model<AccessQuotaVersion>,
    @InjectModel(ACCESS_QUOTA_HEAD_MODEL) private readonly heads: Model<AccessQuotaHead>,
    private readonly registry: RequestRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await Promise.all([this.versions.init(), this.heads.init()]);
  }

  async claim(input: ClaimQuotaInput): Promise<ClaimQuotaResult> {
    const request = await this.registry.findById(input.requestId);
    if (!request) throw new UnknownRequestError(input.requestId);
    const { subjectKey } = request;
    const claim = { requestId: input.requestId, at: new Date(input.at), limit: input.limit, timeZone: input.timeZone };
    let hint = (await this.heads.findById(subjectKey).lean<AccessQuotaHead>().exec())?.version ?? 0;
    for (let attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
      const latest = await this.latest(subjectKey, hint);
      const decision = decideClaim(latest, claim);
      if (decision.kind === 'repeat') return decision.result;
      const version = (latest?.version ?? 0) + 1;
      try {
        await this.versions.create({
          _id: quotaVersionId(subjectKey, version),
          subjectKey,
          version,
          grants: decision.grants,
          refusals: decision.refusals,
          decidedFor: input.requestId,
          writtenAt: new Date(),
        });
        await this.heads.updateOne({ _id: subjectKey }, { $max: { version } }, { upsert: true }).exec();
        return decision.result;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        // Another claim wrote this version first: decide again on top of it.
        hint = version;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
      }
    }
    throw new RegistryBusyError(`access quota of request ${input.requestId}`);
  }

  /**
   * R05: the day a refused request was told the next one is owed, for the
   * status page once its workflow has ended; null when it was not refused.
   */
  async nextOwedAtFor(request: Pick<RequestRecord, 'requestId' | 'subjectKey'>): Promise<Date | null> {
    const hint = (await this.heads.findById(request.subjectKey).lean<AccessQuotaHead>().exec())?.version ?? 0;
    const latest = await this.latest(request.subjectKey, hint);
    return latest?.refusals.find((refusal) => refusal.requestId === request.requestId)?.nextOwedAt ?? null;
  }

  /** The subject's latest version: from the hint, forward by _id until there is no next one. */
  private async latest(subjectKey: string, hint: number): Promise<AccessQuotaVersion | null> {
    const at = (version: number) => this.versions.findById(quotaVersionId(subjectKey, version)).lean<AccessQuotaVersion>().exec();
    let latest = hint > 0 ? await at(hint) : null;
    for (let next = await at((latest?.version ?? 0) + 1); next; next = await at(next.version + 1)) latest = next;
    return latest;
  }
}
