import type { RightsflowConfig } from '@rightsflow/config';
import { DsarPolicy, makePolicy, RequestType } from '@rightsflow/domain';

/**
 * The policy a new request carries into its workflow, from configuration.
 * makePolicy validates it (unknown request types included), so a bad setting
 * stops the service at start with the problem named.
 */
export function intakePolicy(config: RightsflowConfig): DsarPolicy {
  return makePolicy({
    timeZone: config.policy.timeZone,
    holidays: config.policy.holidays,
    defaultResponseDays: config.policy.responseDays,
    verification: { unverifiedCloseDays: config.policy.verificationWindowDays },
    approvalRequiredFor: config.policy.approvalRequiredTypes as RequestType[],
  });
}
