import { Controller, Get, Inject, Logger, Optional, ServiceUnavailableException } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const WORKER_STATUS = Symbol('WORKER_STATUS');
/** false on a public port (intake's is the web site): the answer is the status alone, the details go to the log. */
export const HEALTH_DETAILS = Symbol('HEALTH_DETAILS');

/** Reports whether the worker polls its task queue; set by the bootstrap. */
export interface WorkerStatus {
  readonly workerState: string;
}

/** Liveness and readiness in one: 200 only when every dependency of this service is up. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    @Optional() @Inject(WORKER_STATUS) private readonly worker?: WorkerStatus,
    @Optional() @Inject(getConnectionToken()) private readonly mongo?: Connection,
    @Optional() @Inject(HEALTH_DETAILS) private readonly details = true,
  ) {}

  @Get()
  check() {
    const checks: Record<string, string> = {};
    if (this.worker) checks['temporalWorker'] = this.worker.workerState;
    if (this.mongo) checks['mongo'] = this.mongo.readyState === 1 ? 'up' : 'down';
    const healthy = Object.values(checks).every((state) => state === 'up' || state === 'running');
    const status = healthy ? 'ok' : 'unavailable';
    if (!healthy) new Logger('Health').warn(`${this.service} unavailable: ${JSON.stringify(checks)}`);
    const body = this.details ? { status, service: this.service, checks } : { status };
    if (!healthy) throw new ServiceUnavailableException(body);
    return body;
  }
}
