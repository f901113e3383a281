import { Inject, Injectable } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { TokenBuckets } from '../http/token-bucket';

/** The intake abuse limits (see token-bucket.ts: in memory, per replica). */
@Injectable()
export class IntakeRateLimits {
  /** Form and API posts per client IP. */
  readonly perIp: TokenBuckets;
  /** New requests per subject (keyed hash of the email): stops mailbox bombing through us. */
  readonly perSubject: TokenBuckets;

  constructor(@Inject(RIGHTSFLOW_CONFIG) config: RightsflowConfig) {
    this.perIp = new TokenBuckets(config.intake.ipWritesPerMinute, 60_000);
    this.perSubject = new TokenBuckets(config.intake.subjectRequestsPerHour, 3_600_000);
  }
}
