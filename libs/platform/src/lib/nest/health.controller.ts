import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';

export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const WORKER_STATUS = Symbol('WORKER_STATUS');

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
  ) {}

  @Get()
  check() {
    const checks: Record<string, string> = {};
    if (this.worker) checks['temporalWorker'] = this.worker.workerState;
    if (this.mongo) checks['mongo'] = this.mongo.readyState === 1 ? 'up' : 'down';
    const healthy = Object.values(checks).every((state) => state === 'up' || state === 'running');
    const body = { status: healthy ? 'ok' : 'unavailable', service: this.service, checks };
    if (!healthy) throw new ServiceUnavailableException(body);
    return body;
  }
}
