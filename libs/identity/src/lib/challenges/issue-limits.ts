import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { ISSUE_SLOT_MODEL, SlotRecord } from './challenge.schemas';
import { claimSlot } from './slot-claim';

const HOUR_MS = 3_600_000;

export type LimitedScope = 'request' | 'subject';

/**
 * Abuse resistance: at most N challenges per request and M per subject in each
 * clock hour (CHALLENGES_PER_REQUEST_HOUR / CHALLENGES_PER_SUBJECT_HOUR), so
 * nobody can mail-bomb an address or farm codes. Fixed hourly windows: a burst
 * across an hour boundary can reach twice the limit, which is fine for this job.
 */
@Injectable()
export class ChallengeIssueLimits implements OnModuleInit {
  constructor(
    @InjectModel(ISSUE_SLOT_MODEL) private readonly slots: Model<SlotRecord>,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    // The unique (group, key) index must exist before the first claim relies on it.
    await this.slots.init();
  }

  /** The clock hour whose expired slots this process last dropped. */
  private sweptHour?: number;

  /**
   * Slots expire at the end of their clock hour, so one sweep per hour and
   * process removes them all (issue 16: a range delete is a full scan on
   * FerretDB, and it ran on every challenge). A sweep that fails is tried
   * again on the next claim; slots of a past hour never count anyway.
   */
  private async dropExpiredSlots(hour: number, now: Date): Promise<void> {
    if (this.sweptHour === hour) return;
    await this.slots.deleteMany({ expiresAt: { $lte: now } }).exec();
    this.sweptHour = hour;
  }

  /** Counts one issue against both windows; returns the scope whose limit is reached, or null. */
  async claim(input: {
    requestId: string;
    subjectKey: string;
    key: string;
    firstAttempt: boolean;
    now: Date;
  }): Promise<LimitedScope | null> {
    const hour = Math.floor(input.now.getTime() / HOUR_MS);
    const expiresAt = new Date((hour + 1) * HOUR_MS);
    await this.dropExpiredSlots(hour, input.now);
    const common = { key: input.key, firstAttempt: input.firstAttempt, expiresAt, now: input.now };
    const perRequest = await claimSlot(this.slots, {
      ...common,
      group: `request:${input.requestId}:${hour}`,
      limit: this.config.policy.challengesPerRequestHour,
      requestId: input.requestId,
    });
    if (!perRequest) return 'request';
    const perSubject = await claimSlot(this.slots, {
      ...common,
      group: `subject:${input.subjectKey}:${hour}`,
      limit: this.config.policy.challengesPerSubjectHour,
    });
    return perSubject ? null : 'subject';
  }
}
