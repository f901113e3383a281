import { Injectable, INestApplication, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DsarStatus, DsarType } from '@rightsflow/contracts';
import {
  appUrl,
  eventually,
  startTestOrchestrator,
  startTestService,
  temporalClient,
  testConfig,
} from '@rightsflow/testing';
import { Client } from '@temporalio/client';

/** Counts Nest's lifecycle hooks on a provider of the feature. */
@Injectable()
class HookCounter implements OnModuleInit, OnApplicationBootstrap {
  static moduleInit = 0;
  static bootstrap = 0;
  onModuleInit(): void {
    HookCounter.moduleInit++;
  }
  onApplicationBootstrap(): void {
    HookCounter.bootstrap++;
  }
}

@Module({ providers: [HookCounter] })
class EmptyFeature {}

describe('a workflow calling an activity hosted by a NestJS service (real Temporal dev server)', () => {
  const config = testConfig();
  let service: INestApplication;
  let orchestrator: INestApplication;
  let client: Client;

  beforeAll(async () => {
    // The testing helpers call bootstrapActivityService and bootstrapWorkflowHost.
    service = await startTestService('identity', EmptyFeature, config);
    orchestrator = await startTestOrchestrator(config);
    client = await temporalClient(config);
  }, 120_000);

  afterAll(async () => {
    await orchestrator?.close();
    await service?.close();
    await client?.connection.close();
  });

  it('runs to completion and is found by a search-attribute query', async () => {
    const workflowId = `probe-${config.mongo.dbPrefix}`;
    const result = await client.workflow.execute('probeWorkflow', {
      taskQueue: config.temporal.taskQueues.orchestrator,
      workflowId,
      args: [['identity']],
      typedSearchAttributes: [
        { key: DsarStatus, value: 'completed' },
        { key: DsarType, value: config.mongo.dbPrefix },
      ],
    });
    expect(result).toEqual([expect.objectContaining({ service: 'identity' })]);
    expect(result[0].answeredBy).toContain(`${workflowId}:1`);

    const listed = await eventually(async () => {
      const ids: string[] = [];
      for await (const execution of client.workflow.list({
        query: `DsarType = "${config.mongo.dbPrefix}" AND DsarStatus = "completed"`,
      })) {
        ids.push(execution.workflowId);
      }
      return ids.length > 0 ? ids : undefined;
    });
    expect(listed).toEqual([workflowId]);
  });

  it('runs each lifecycle hook once (the HTTP app and its activity transport share one module)', () => {
    expect([HookCounter.moduleInit, HookCounter.bootstrap]).toEqual([1, 1]);
  });

  it('answers /health with the worker running', async () => {
    const response = await fetch(`${await appUrl(service)}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'identity', checks: { temporalWorker: 'running' } });
  });
});
