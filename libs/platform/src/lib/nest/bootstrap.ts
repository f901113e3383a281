import { INestApplication, Logger, Module, ModuleMetadata, Type, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, RightsflowConfig, TaskQueueName } from '@rightsflow/config';
import { ActivityExceptionFilter, TemporalActivityServer, temporalDataConverter } from '@rightsflow/temporal-bridge';
import { RightsflowConfigModule } from './config.module';
import { HEALTH_DETAILS, HealthController, SERVICE_NAME, WORKER_STATUS, WorkerStatus } from './health.controller';
import { PingController } from './ping.controller';

export interface ActivityServiceOptions {
  service: Exclude<TaskQueueName, 'orchestrator'>;
  /** The feature module whose controllers hold the @ActivityHandler methods. */
  feature: Type<unknown>;
  /** HTTP port for /health (and, for intake, the public site). */
  httpPort: number;
  /** Extra HTTP setup, e.g. intake's body limits and security headers. */
  configureHttp?: (app: INestApplication) => void;
  imports?: ModuleMetadata['imports'];
  /** Defaults to the environment's configuration; tests pass their own. */
  config?: RightsflowConfig;
}

/** NestMicroservice's own switch, set by connectMicroservice when initialisation is not deferred. */
interface HooksAlreadyCalled {
  setIsInitHookCalled(called: boolean): void;
}

/** Validation that refuses unknown fields and names the field at fault. */
export function strictValidationPipe(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
}

/**
 * Starts one service: its activities on its own Temporal task queue (through the
 * Nest transport), /health over HTTP, and a graceful shutdown that drains
 * running activities on SIGTERM/SIGINT.
 */
export async function bootstrapActivityService(options: ActivityServiceOptions): Promise<INestApplication> {
  const config = options.config ?? loadConfig();
  const server = new TemporalActivityServer({
    address: config.temporal.address,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueues[options.service],
    dataConverter: temporalDataConverter(config),
    // The data service's heartbeats report progress (a stuck export times out); the others' say "alive".
    keepAlive: options.service !== 'data',
  });

  @Module({
    imports: [RightsflowConfigModule.forRoot(config), ...(options.imports ?? []), options.feature],
    controllers: [HealthController, PingController],
    providers: [
      { provide: SERVICE_NAME, useValue: options.service },
      { provide: WORKER_STATUS, useValue: server satisfies WorkerStatus },
      // Intake's HTTP port is the public web site: its health check names no dependency.
      { provide: HEALTH_DETAILS, useValue: options.service !== 'intake' },
    ],
  })
  class ServiceModule {}

  const app = await NestFactory.create(ServiceModule, {
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : undefined,
  });
  app.enableShutdownHooks();
  app.useGlobalPipes(strictValidationPipe());
  // The activity transport gets its own pipes and filter (the HTTP side keeps Nest's
  // HTTP error responses). Deferred, so they are in place before handlers register.
  const activities = app
    .connectMicroservice({ strategy: server }, { deferInitialization: true })
    .useGlobalPipes(strictValidationPipe())
    .useGlobalFilters(new ActivityExceptionFilter());
  options.configureHttp?.(app);
  // Init and bootstrap hooks run once, here, before the first activity task is taken (indexes
  // exist by then). A deferred transport would otherwise run them all a second time when it
  // starts, and a timer started in a hook would outlive shutdown.
  await app.init();
  (activities as unknown as HooksAlreadyCalled).setIsInitHookCalled(true);
  await app.startAllMicroservices();
  await app.listen(options.httpPort, config.http.host);
  new Logger('Bootstrap').log(`${options.service} ready: /health on port ${options.httpPort}`);
  return app;
}
