import { Injectable } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerModule,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';

/** The two intake limits, by their @nestjs/throttler names. */
export type IntakeLimit = 'ip-writes' | 'subject-requests';

export interface RateVerdict {
  allowed: boolean;
  /** Whole seconds until the oldest counted hit leaves the window (0 when allowed). */
  retryAfterSeconds: number;
}

/**
 * The intake abuse limits, declared as @nestjs/throttler throttlers: form and
 * API posts per client address (INTAKE_IP_WRITES_PER_MINUTE), and new requests
 * per subject (INTAKE_SUBJECT_REQUESTS_PER_HOUR, keyed by the keyed hash of the
 * email: stops mailbox bombing through us). The library's storage counts hits
 * in a sliding window, in memory, per replica: with N replicas a client gets up
 * to N × the limit, enough to stop floods from one source; a cluster-wide limit
 * belongs in the load balancer or a shared storage.
 */
export const intakeThrottlerModule = ThrottlerModule.forRootAsync({
  inject: [RIGHTSFLOW_CONFIG],
  useFactory: (config: RightsflowConfig): ThrottlerModuleOptions => ({
    throttlers: [
      { name: 'ip-writes', ttl: 60_000, limit: config.intake.ipWritesPerMinute },
      { name: 'subject-requests', ttl: 3_600_000, limit: config.intake.subjectRequestsPerHour },
    ],
  }),
});

/**
 * Counts against the throttlers above. Not ThrottlerGuard: a guard runs after
 * the body parsers and never sees the proxied callback path, while a flood must
 * be refused before its body is read (configure-http.ts); and the subject limit
 * is known only inside the submission, after validation.
 */
@Injectable()
export class IntakeRateLimits {
  private readonly throttlers: Map<string, ThrottlerOptions>;

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
  ) {
    this.throttlers = new Map((Array.isArray(options) ? options : options.throttlers).map((t) => [t.name ?? 'default', t]));
  }

  /** One post from a client address (IPv6 counted per /64, as ThrottlerGuard does). */
  takeWrite(ip: string): Promise<RateVerdict> {
    return this.take('ip-writes', normalizeIp(ip));
  }

  /** One new request for a subject (its keyed hash). */
  takeSubjectRequest(subjectKey: string): Promise<RateVerdict> {
    return this.take('subject-requests', subjectKey);
  }

  private async take(name: IntakeLimit, key: string): Promise<RateVerdict> {
    const throttler = this.throttlers.get(name);
    if (!throttler || typeof throttler.ttl !== 'number' || typeof throttler.limit !== 'number') {
      throw new Error(`The ${name} throttler is not configured`);
    }
    const record = await this.storage.increment(`${name}:${key}`, throttler.ttl, throttler.limit, 0, name);
    return record.isBlocked ? { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire) } : { allowed: true, retryAfterSeconds: 0 };
  }
}
