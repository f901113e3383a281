import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RightsflowConfig } from '@rightsflow/config';
import type { RetentionSweepInput, RetentionSweepResult } from '@rightsflow/contracts';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Model } from 'mongoose';
import { ASSESSMENT_MODEL, AssessmentRecord } from '../assurance/assessment.schema';
import {
  ATTEMPT_SLOT_MODEL,
  CHALLENGE_MODEL,
  CHALLENGE_USE_MODEL,
  ChallengeRecord,
  ChallengeUseRecord,
  ISSUE_SLOT_MODEL,
  SlotRecord,
} from '../challenges/challenge.schemas';

const DAY_MS = 86_400_000;
/**
 * The longest a request can stay open: GDPR one month + two (at most 92 days),
 * CCPA 45 + 45. An assessment older than this (+ a day) belongs to a closed request.
 */
export const LONGEST_OPEN_DAYS = 92;

interface Swept {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  model: Model<any>;
  kind: string;
  field: string;
  before: Date;
}

/**
 * R10/R23 backstop of the daily retention sweep: the verification data whose
 * purge never ran (purgeVerificationData failed for good, a workflow was
 * terminated by hand). Identity does not know whether a request closed, so it
 * goes by age, never younger than the data could still serve:
 *  - challenges, attempts, successful uses and issue-limit slots: older than
 *    the verification window + 1 day (no code or link can be answered after
 *    the window: the request is then verified or closed unverified, R12);
 *  - assessments (sealed data points, declaration): older than the longest a
 *    request can stay open (92 days) + 1 day.
 * Deletes go by _id, one document at a time (the only filter FerretDB pushes
 * down); the age filter is a daily scan. Idempotent; dryRun only counts.
 */
@Injectable()
export class LeftoverVerificationSweep {
  constructor(
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeRecord>,
    @InjectModel(ATTEMPT_SLOT_MODEL) private readonly attempts: Model<SlotRecord>,
    @InjectModel(CHALLENGE_USE_MODEL) private readonly uses: Model<ChallengeUseRecord>,
    @InjectModel(ISSUE_SLOT_MODEL) private readonly issueSlots: Model<SlotRecord>,
    @InjectModel(ASSESSMENT_MODEL) private readonly assessments: Model<AssessmentRecord>,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  async sweep(input: RetentionSweepInput, heartbeat: (progress: unknown) => void = () => undefined): Promise<RetentionSweepResult> {
    const now = new Date(input.now).getTime();
    const challengeCutoff = new Date(now - (this.config.policy.verificationWindowDays + 1) * DAY_MS);
    const assessmentCutoff = new Date(now - (LONGEST_OPEN_DAYS + 1) * DAY_MS);
    const swept: Swept[] = [
      { model: this.challenges, kind: 'challenges', field: 'issuedAt', before: challengeCutoff },
      { model: this.attempts, kind: 'attempts', field: 'at', before: challengeCutoff },
      { model: this.uses, kind: 'uses', field: 'at', before: challengeCutoff },
      { model: this.issueSlots, kind: 'issueSlots', field: 'at', before: challengeCutoff },
      { model: this.assessments, kind: 'assessments', field: 'assessedAt', before: assessmentCutoff },
    ];
    const counts: Record<string, number> = {};
    for (const { model, kind, field, before } of swept) {
      counts[kind] = 0;
      const ids = await model.find({ [field]: { $lt: before } }, { _id: 1 }).lean<{ _id: string }[]>().exec();
      for (const { _id } of ids) {
        counts[kind] += input.dryRun ? 1 : (await model.deleteOne({ _id }).exec()).deletedCount;
        if (counts[kind] % 100 === 0) heartbeat(counts);
      }
    }
    return { service: 'identity', counts };
  }
}
