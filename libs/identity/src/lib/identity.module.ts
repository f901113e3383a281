import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ServiceDatabaseModule } from '@rightsflow/platform';
import { ASSESSMENT_MODEL, AssessmentSchema } from './assurance/assessment.schema';
import { AssuranceService } from './assurance/assurance.service';
import { PortalAccountsLookup, SUBJECT_RECORDS_LOOKUP } from './assurance/subject-records.lookup';
import {
  ATTEMPT_SLOT_MODEL,
  AttemptSlotSchema,
  CHALLENGE_MODEL,
  CHALLENGE_USE_MODEL,
  ChallengeSchema,
  ChallengeUseSchema,
  ISSUE_SLOT_MODEL,
  IssueSlotSchema,
} from './challenges/challenge.schemas';
import { ChallengeService } from './challenges/challenge.service';
import { ChallengeIssueLimits } from './challenges/issue-limits';
import { IdentityActivitiesController } from './identity-activities.controller';
import { LeftoverVerificationSweep } from './purge/leftover-verification-sweep';
import { IdentityRetentionActivitiesController } from './purge/retention-activities.controller';
import { VerificationPurgeService } from './purge/verification-purge.service';

/** The identity service's features; its controllers' @ActivityHandler methods are its activities. */
@Module({
  imports: [
    ServiceDatabaseModule.forService('identity'),
    MongooseModule.forFeature([
      { name: CHALLENGE_MODEL, schema: ChallengeSchema },
      { name: ATTEMPT_SLOT_MODEL, schema: AttemptSlotSchema },
      { name: ISSUE_SLOT_MODEL, schema: IssueSlotSchema },
      { name: CHALLENGE_USE_MODEL, schema: ChallengeUseSchema },
      { name: ASSESSMENT_MODEL, schema: AssessmentSchema },
    ]),
  ],
  controllers: [IdentityActivitiesController, IdentityRetentionActivitiesController],
  providers: [
    ChallengeService,
    ChallengeIssueLimits,
    AssuranceService,
    VerificationPurgeService,
    LeftoverVerificationSweep,
    // Read-only, the one cross-database read: the portal's accounts (see subject-records.lookup.ts).
    { provide: SUBJECT_RECORDS_LOOKUP, useClass: PortalAccountsLookup },
  ],
})
export class IdentityModule {}
