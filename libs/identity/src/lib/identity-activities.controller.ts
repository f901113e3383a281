import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { AssuranceResult, CheckSecretResult, IdentityActivities, IssuedChallenge } from '@rightsflow/contracts';
import { ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { AssuranceService } from './assurance/assurance.service';
import { ChallengeService } from './challenges/challenge.service';
import { AssessAssuranceDto, CheckSecretDto, IssueChallengeDto, PurgeVerificationDataDto } from './identity.dto';
import { VerificationPurgeService } from './purge/verification-purge.service';

/**
 * The identity service's activities (R09–R12), on its own task queue.
 * The filter is bound here because bootstrapActivityService registers its global one only after
 * connectMicroservice, where Nest's default RPC filter would turn every error (validation failures
 * and non-retryable ApplicationFailures included) into a retryable "[object Object]".
 */
@Controller()
export class IdentityActivitiesController {
  constructor(
    private readonly challenges: ChallengeService,
    private readonly assurance: AssuranceService,
    private readonly purge: VerificationPurgeService,
  ) {}

  @ActivityHandler<IdentityActivities>('issueChallenge')
  issueChallenge(
    @Payload() input: IssueChallengeDto,
    @Ctx() context: TemporalActivityContext,
  ): Promise<IssuedChallenge> {
    return this.challenges.issue(input, context);
  }

  /**
   * With `assessWhenVerified` (the last party's check), an answer that verifies is assessed in the
   * same activity: one activity and its workflow task fewer per request (issue 16). A retry is
   * safe: the check finds its own attempt and use, the assessment its own record.
   */
  @ActivityHandler<IdentityActivities>('checkSecret')
  async checkSecret(
    @Payload() input: CheckSecretDto,
    @Ctx() context: TemporalActivityContext,
  ): Promise<CheckSecretResult> {
    const result = await this.challenges.check(input, context);
    if (!result.verified || !input.assessWhenVerified) return result;
    const assurance = await this.assurance.assess({ requestId: input.requestId, ...input.assessWhenVerified }, context);
    return { ...result, assurance };
  }

  @ActivityHandler<IdentityActivities>('assessAssurance')
  assessAssurance(
    @Payload() input: AssessAssuranceDto,
    @Ctx() context: TemporalActivityContext,
  ): Promise<AssuranceResult> {
    return this.assurance.assess(input, context);
  }

  @ActivityHandler<IdentityActivities>('purgeVerificationData')
  purgeVerificationData(@Payload() input: PurgeVerificationDataDto): Promise<{ deleted: number }> {
    return this.purge.purge(input.requestId);
  }
}
