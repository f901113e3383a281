import { BeforeApplicationShutdown, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, RightsflowConfig } from '@rightsflow/config';
import { connectWithRetry, createWorkflowWorker, temporalDataConverter } from '@rightsflow/temporal-bridge';
import { NativeConnection, Worker } from '@temporalio/worker';
import { RightsflowConfigModule, RIGHTSFLOW_CONFIG } from './config.module';
import { HealthController, SERVICE_NAME, WORKER_STATUS } from './health.controller';

export interface WorkflowHostOptions {
  workflowsPath: string;
  workspaceRoot: string;
  /** Runs once the worker polls, e.g. to create schedules idempotently. */
  onReady?: (config: RightsflowConfig) => Promise<void>;
  /** Defaults to the environment's configuration; tests pass their own. */
  config?: RightsflowConfig;
  /** Defaults to the configured health port; tests pass 0. */
  httpPort?: number;
  /** Tests: where the workers of one run share one workflow bundle (see createWorkflowWorker). */
  bundleDir?: string;
}

export const WORKFLOW_HOST_OPTIONS = Symbol('WORKFLOW_HOST_OPTIONS');

/** Hosts the workflow worker inside Nest, so the orchestrator has /health and clean shutdown like every service. */
@Injectable()
export class WorkflowWorkerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkflowWorkerHost.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  workerState = 'stopped';

  constructor(
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
    @Inject(WORKFLOW_HOST_OPTIONS) private readonly options: WorkflowHostOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.workerState = 'starting';
    this.connection = await connectWithRetry(this.config.temporal.address, this.logger);
    this.worker = await createWorkflowWorker({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueues.orchestrator,
      dataConverter: temporalDataConverter(this.config),
      workflowsPath: this.options.workflowsPath,
      workspaceRoot: this.options.workspaceRoot,
      bundleDir: this.options.bundleDir,
    });
    this.running = this.worker.run().catch((error: Error) => {
      this.logger.error(`Workflow worker stopped: ${error.message}`);
      this.workerState = 'stopped';
    });
    this.workerState = 'running';
    await this.options.onReady?.(this.config);
    this.logger.log(`Hosting workflows on task queue ${this.config.temporal.taskQueues.orchestrator}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.worker?.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
    this.workerState = 'stopped';
  }
}

export async function bootstrapWorkflowHost(options: WorkflowHostOptions) {
  const config = options.config ?? loadConfig();

  @Module({
    imports: [RightsflowConfigModule.forRoot(config)],
    controllers: [HealthController],
    providers: [
      WorkflowWorkerHost,
      { provide: WORKFLOW_HOST_OPTIONS, useValue: options },
      { provide: SERVICE_NAME, useValue: 'orchestrator' },
      { provide: WORKER_STATUS, useExisting: WorkflowWorkerHost },
    ],
  })
  class OrchestratorModule {}

  const app = await NestFactory.create(OrchestratorModule, {
    logger: config.nodeEnv === 'test' ? ['error', 'warn'] : undefined,
  });
  app.enableShutdownHooks();
  await app.listen(options.httpPort ?? config.http.healthPorts.orchestrator, config.http.host);
  return app;
}
