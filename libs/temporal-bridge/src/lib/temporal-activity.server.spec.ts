import { Controller, INestApplication, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  eventually,
  runActivity,
  startTestOrchestrator,
  startTestService,
  temporalClient,
  testConfig,
} from '@rightsflow/testing';
import { ApplicationFailure } from '@temporalio/common';
import { Client } from '@temporalio/client';
import { IsEmail, IsInt, Min } from 'class-validator';
import { TemporalActivityContext } from './activity-context';
import { ActivityHandler } from './activity-handler.decorator';

class GreetInput {
  @IsEmail()
  email!: string;

  @IsInt()
  @Min(1)
  times!: number;
}

interface BridgeProbeActivities {
  greet(input: GreetInput): Promise<string>;
  flaky(input: { id: string }): Promise<{ attempts: number; keys: string[] }>;
  slow(input: { id: string }): Promise<string>;
  quiet(input: { id: string }): Promise<number>;
}

const seenKeys = new Map<string, string[]>();

/** A gate the test opens: `started` resolves when the handler is running, the handler returns once `release()` is called. */
function gate() {
  let started!: () => void;
  let release!: () => void;
  return {
    started: new Promise<void>((resolve) => (started = resolve)),
    released: new Promise<void>((resolve) => (release = resolve)),
    markStarted: () => started(),
    release: () => release(),
  };
}
const gates = new Map<string, ReturnType<typeof gate>>();

@Controller()
class BridgeProbeController {
  @ActivityHandler<BridgeProbeActivities>('greet')
  greet(@Payload() input: GreetInput): string {
    return `hello ${input.times}x`;
  }

  @ActivityHandler<BridgeProbeActivities>('flaky')
  flaky(@Payload() input: { id: string }, @Ctx() ctx: TemporalActivityContext) {
    const keys = [...(seenKeys.get(input.id) ?? []), ctx.idempotencyKey];
    seenKeys.set(input.id, keys);
    if (ctx.attempt < 3) throw new Error(`transient failure on attempt ${ctx.attempt}`);
    return { attempts: ctx.attempt, keys };
  }

  @ActivityHandler<BridgeProbeActivities>('slow')
  async slow(@Payload() input: { id: string }) {
    const slow = gates.get(input.id);
    if (!slow) throw new Error(`no gate ${input.id}`);
    slow.markStarted();
    await slow.released;
    return 'finished';
  }

  /** Sends no heartbeat of its own; holds each attempt until the test releases it; answers with its attempt. */
  @ActivityHandler<BridgeProbeActivities>('quiet')
  async quiet(@Payload() input: { id: string }, @Ctx() ctx: TemporalActivityContext) {
    const quiet = gates.get(`${input.id}#${ctx.attempt}`);
    if (!quiet) throw new Error(`no gate ${input.id}#${ctx.attempt}`);
    quiet.markStarted();
    await quiet.released;
    return ctx.attempt;
  }
}

@Module({ controllers: [BridgeProbeController] })
class BridgeProbeModule {}

describe('TemporalActivityServer: Nest handlers as Temporal activities (real dev server)', () => {
  const config = testConfig();
  let service: INestApplication;
  let dataService: INestApplication;
  let orchestrator: INestApplication;
  let client: Client;

  beforeAll(async () => {
    service = await startTestService('identity', BridgeProbeModule, config);
    dataService = await startTestService('data', BridgeProbeModule, config);
    orchestrator = await startTestOrchestrator(config);
    client = await temporalClient(config);
  }, 120_000);

  afterAll(async () => {
    await orchestrator?.close();
    await service?.close();
    await dataService?.close();
    await client?.connection.close();
  });

  it('validates input with Nest pipes and fails bad input at once, naming the field, without retrying', async () => {
    await expect(runActivity(client, config, 'identity', 'greet', { email: 'a@example.com', times: 2 })).resolves.toBe(
      'hello 2x',
    );
    const failure = await runActivity(
      client,
      config,
      'identity',
      'greet',
      { email: 'not-an-email', times: 0, extra: 1 },
      { maximumAttempts: 5 },
    ).then(
      () => {
        throw new Error('expected a ValidationError');
      },
      (e: ApplicationFailure) => e,
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe('ValidationError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('email must be an email');
    expect(failure.message).toContain('times must not be less than 1');
    expect(failure.message).toContain('property extra should not exist');
  }, 60_000);

  it('retries other errors, with the same idempotency key on every attempt', async () => {
    const result = await runActivity<{ attempts: number; keys: string[] }>(
      client,
      config,
      'identity',
      'flaky',
      { id: 'f1' },
      { maximumAttempts: 5 },
    );
    expect(result.attempts).toBe(3);
    expect(new Set(result.keys).size).toBe(1);
    expect(result.keys[0]).toMatch(/^run-flaky-[0-9a-f]+:1$/);
  }, 60_000);

  it('keeps a quiet handler alive within its heartbeat timeout, so only a lost or dead attempt is retried', async () => {
    // A quiet attempt on identity (keepAlive): the worker beats for it, three times per heartbeat timeout.
    const alive = gate();
    gates.set('alive#1', alive);
    const workflowId = `run-quiet-${Date.now()}`;
    const running = runActivity(
      client,
      config,
      'identity',
      'quiet',
      { id: 'alive' },
      { workflowId, heartbeatTimeout: '15s' },
    );
    await alive.started;
    await eventually(async () => {
      const [pending] = (await client.workflow.getHandle(workflowId).describe()).raw.pendingActivities ?? [];
      return pending?.lastHeartbeatTime ? pending : undefined;
    }, 30_000);
    alive.release();
    await expect(running).resolves.toBe(1);

    // The same quiet attempt on data (no keepAlive: its heartbeats mean progress) times out and is retried.
    const [first, second] = [gate(), gate()];
    gates.set('silent#1', first);
    gates.set('silent#2', second);
    const retried = runActivity(client, config, 'data', 'quiet', { id: 'silent' }, { heartbeatTimeout: '1s' });
    await second.started;
    first.release();
    second.release();
    await expect(retried).resolves.toBe(2);
  }, 90_000);

  it('drains a running activity on shutdown instead of abandoning it', async () => {
    const slow = gate();
    gates.set('drain', slow);
    const running = runActivity(client, config, 'identity', 'slow', { id: 'drain' });
    await slow.started; // the activity is running in the service now
    const closing = service.close(); // SIGTERM path: stop polling, let the running activity finish
    slow.release(); // the activity ends only after shutdown began; an abandoned one would never report its result
    await closing;
    await expect(running).resolves.toBe('finished');
  }, 60_000);
});
