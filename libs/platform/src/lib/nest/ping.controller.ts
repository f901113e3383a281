import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { PingActivities, PingInput, PingResult } from '@rightsflow/contracts';
import { ActivityHandler, TemporalActivityContext } from '@rightsflow/temporal-bridge';
import { SERVICE_NAME } from './health.controller';

/** Every service answers `ping` on its own task queue: the smallest proof the Temporal path works. */
@Controller()
export class PingController {
  constructor(@Inject(SERVICE_NAME) private readonly service: string) {}

  @ActivityHandler<PingActivities>('ping')
  ping(@Payload() input: PingInput, @Ctx() context: TemporalActivityContext): PingResult {
    return {
      service: this.service,
      answeredBy: `${this.service}@${process.pid} for ${input.from} (${context.idempotencyKey})`,
    };
  }
}
