import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
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

/**
 * R10/R23: once a request closes, everything identity collected only to verify
 * it goes: challenges (code and token hashes, agent permission reference),
 * attempts, uses, the request's issue-limit slots, and the assessments with
 * their data points and declaration. The request log (intake's) keeps what it
 * must; identity keeps nothing. Idempotent: a second purge deletes 0.
 */
@Injectable()
export class VerificationPurgeService {
  constructor(
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeRecord>,
    @InjectModel(ATTEMPT_SLOT_MODEL) private readonly attempts: Model<SlotRecord>,
    @InjectModel(CHALLENGE_USE_MODEL) private readonly uses: Model<ChallengeUseRecord>,
    @InjectModel(ISSUE_SLOT_MODEL) private readonly issueSlots: Model<SlotRecord>,
    @InjectModel(ASSESSMENT_MODEL) private readonly assessments: Model<AssessmentRecord>,
  ) {}

  async purge(requestId: string): Promise<{ deleted: number }> {
    const results = await Promise.all([
      this.challenges.deleteMany({ requestId }).exec(),
      this.attempts.deleteMany({ requestId }).exec(),
      this.uses.deleteMany({ requestId }).exec(),
      this.issueSlots.deleteMany({ requestId }).exec(),
      this.assessments.deleteMany({ requestId }).exec(),
    ]);
    return { deleted: results.reduce((sum, result) => sum + result.deletedCount, 0) };
  }
}
