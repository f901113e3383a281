import { Inject, Injectable } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { constantTimeEqual, keyedHash, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';

/** How the log marks an operator's name that came from a credential, and one typed into the Temporal UI. */
export const VIA_OPERATOR_API = 'operator-api (credential)';
export const VIA_TEMPORAL_UI = 'temporal-ui (unauthenticated name)';

/**
 * The operator API vouches for the names it sends to a workflow: a keyed
 * signature of request and operator travels with the update (encrypted in
 * history by the payload codec) and back to the request log, which records the
 * entry as authenticated only when the signature checks. A name typed in the
 * Temporal UI has none, and the log says so.
 */
@Injectable()
export class OperatorAttestations {
  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {}

  sign(requestId: string, operator: string): string {
    return keyedHash(this.config.secrets.hmacKey, 'operator-attestation', `${requestId}\u0000${operator}`);
  }

  /** `via` of a log entry: only operator actors get one. */
  viaOf(requestId: string, actor: string, attestation: string | undefined): string | undefined {
    if (!actor.startsWith('operator:')) return undefined;
    const operator = actor.slice('operator:'.length);
    return attestation && constantTimeEqual(attestation, this.sign(requestId, operator)) ? VIA_OPERATOR_API : VIA_TEMPORAL_UI;
  }
}
