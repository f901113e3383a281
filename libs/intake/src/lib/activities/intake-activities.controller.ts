import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ClaimQuotaResult, FindDuplicateResult, IntakeActivities, LoggedTransitionInput } from '@rightsflow/contracts';
import { IllegalTransitionError, isTerminal } from '@rightsflow/domain';
import { ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { ApplicationFailure } from '@temporalio/common';
import { OperatorAttestations } from '../operators/operator-attestations';
import { AccessQuota } from '../registry/access-quota';
import { UnknownRequestError } from '../registry/registry-errors';
import { RequestLog } from '../registry/request-log';
import { RequestRegistry } from '../registry/request-registry';
import { PermissionStore } from '../submission/permission-store';
import { ClaimQuotaDto, FindDuplicateDto, RecordTransitionDto, RecordTransitionsDto } from './activity-inputs.dto';

/** Errors no retry can fix become non-retryable failures; everything else is left to Temporal's retries. */
async function permanentFailuresNamed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnknownRequestError) throw ApplicationFailure.nonRetryable(error.message, 'UnknownRequest');
    if (error instanceof IllegalTransitionError)
      throw ApplicationFailure.nonRetryable(error.message, 'IllegalTransition');
    throw error;
  }
}

/**
 * The intake service's activities (contract: IntakeActivities), called by the request workflow.
 * The filter is bound here because bootstrapActivityService registers its global one only after the
 * activity handlers are wired (connectMicroservice), where Nest's default RPC filter would turn every
 * error, validation failures included, into a retryable "[object Object]".
 */
@Controller()
export class IntakeActivitiesController {
  constructor(
    private readonly log: RequestLog,
    private readonly quota: AccessQuota,
    private readonly registry: RequestRegistry,
    private readonly permissions: PermissionStore,
    private readonly attestations: OperatorAttestations,
  ) {}

  @ActivityHandler<IntakeActivities>('recordTransition')
  async recordTransition(@Payload() input: RecordTransitionDto, @Ctx() ctx: TemporalActivityContext): Promise<void> {
    const { requestId, ...transition } = input;
    await this.record(requestId, [transition], () => ctx.idempotencyKey, ctx.attempt > 1);
  }

  /** A workflow step's transitions in one activity (issue 16); entry i's key is the activity's key + `#i`. */
  @ActivityHandler<IntakeActivities>('recordTransitions')
  async recordTransitions(@Payload() input: RecordTransitionsDto, @Ctx() ctx: TemporalActivityContext): Promise<void> {
    await this.record(input.requestId, input.transitions, (index) => `${ctx.idempotencyKey}#${index}`, ctx.attempt > 1);
  }

  private async record(requestId: string, transitions: LoggedTransitionInput[], keyOf: (index: number) => string, retry: boolean): Promise<void> {
    // An operator's name is logged as authenticated only when the operator API's attestation checks.
    const logged = transitions.map(({ attestation, ...transition }) => ({ ...transition, via: this.attestations.viaOf(requestId, transition.actor, attestation) }));
    await permanentFailuresNamed(() => this.log.recordTransitions(requestId, logged, keyOf, retry));
    // R10: an agent's signed permission served only to verify; it goes when the request closes.
    if (transitions.some((transition) => isTerminal(transition.to))) {
      const permissionRef = (await this.registry.findById(requestId))?.agent?.permissionRef;
      if (permissionRef) await this.permissions.removeByRef(permissionRef);
    }
  }

  /** R05; idempotent per requestId, so the activity's own retries need no key. */
  @ActivityHandler<IntakeActivities>('claimAccessQuota')
  claimAccessQuota(@Payload() input: ClaimQuotaDto): Promise<ClaimQuotaResult> {
    return permanentFailuresNamed(() => this.quota.claim(input));
  }

  /** R08 */
  @ActivityHandler<IntakeActivities>('findOpenDuplicate')
  async findOpenDuplicate(@Payload() input: FindDuplicateDto): Promise<FindDuplicateResult> {
    return { duplicateOf: await this.registry.findOpenDuplicate(input.requestId) };
  }
}
