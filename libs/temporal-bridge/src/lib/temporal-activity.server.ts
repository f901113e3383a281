import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Context } from '@temporalio/activity';
import { DataConverter, Duration } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { lastValueFrom } from 'rxjs';
import { TemporalActivityContext } from './activity-context';
import { connectWithRetry } from './connect-with-retry';
import { toActivityFailure } from './activity-failure';

export interface TemporalActivityServerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Always temporalDataConverter(config): every payload encrypted. */
  dataConverter: DataConverter;
  /** How long shutdown waits for running activities before cancelling them. */
  shutdownGraceTime?: Duration;
  maxConcurrentActivityTaskExecutions?: number;
  /**
   * Beat for activities whose handlers send no heartbeat of their own (startKeepAlive).
   * Off where a heartbeat must mean progress, not only a live worker: the data
   * service's long fulfilments, whose 2-minute heartbeat timeout finds one stuck.
   */
  keepAlive?: boolean;
}

type WorkerState = 'stopped' | 'starting' | 'running' | 'draining';

/**
 * A Nest microservice transport whose "messages" are Temporal activities:
 * every `@ActivityHandler` of the app becomes an activity of this service's task
 * queue, and runs through Nest's pipes, guards and filters like any handler.
 */
export class TemporalActivityServer extends Server implements CustomTransportStrategy {
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private state: WorkerState = 'stopped';

  constructor(private readonly options: TemporalActivityServerOptions) {
    super();
  }

  listen(callback: (error?: unknown) => void): void {
    this.start().then(
      () => callback(),
      (error) => callback(error),
    );
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    this.state = 'draining';
    // shutdown() stops polling and waits (up to shutdownGraceTime) for running activities.
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.connection?.close();
    this.worker = undefined;
    this.state = 'stopped';
  }

  get workerState(): WorkerState {
    return this.state;
  }

  get activityNames(): string[] {
    return [...this.messageHandlers.keys()];
  }

  on(): never {
    throw new Error('TemporalActivityServer has no events to listen to');
  }

  unwrap<T>(): T {
    return this.worker as T;
  }

  private async start(): Promise<void> {
    this.state = 'starting';
    this.connection = await connectWithRetry(this.options.address, this.logger);
    const activities = Object.fromEntries(
      [...this.messageHandlers.entries()].map(([name, handler]) => [name, this.toActivity(handler)]),
    );
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.options.namespace,
      taskQueue: this.options.taskQueue,
      dataConverter: this.options.dataConverter,
      activities,
      shutdownGraceTime: this.options.shutdownGraceTime ?? '30s',
      maxConcurrentActivityTaskExecutions: this.options.maxConcurrentActivityTaskExecutions ?? 100,
      // Heartbeats carry progress (collections finished) that a retry resumes from.
      // The SDK sends at most one per 0.8 × heartbeatTimeout, capped here at 2 s
      // (default 60 s), so a crash loses at most 2 s of finished work.
      maxHeartbeatThrottleInterval: '2s',
    });
    this.running = this.worker.run().catch((error) => {
      this.logger.error(`Activity worker on ${this.options.taskQueue} stopped: ${(error as Error).message}`);
      this.state = 'stopped';
    });
    this.state = 'running';
    this.logger.log(`Serving ${this.activityNames.length} activities on task queue ${this.options.taskQueue}`);
  }

  private toActivity(handler: MessageHandler) {
    return async (input: unknown): Promise<unknown> => {
      const context = new TemporalActivityContext(Context.current().info);
      if (this.options.keepAlive) context.keepAlive();
      try {
        return await lastValueFrom(this.transformToObservable(await handler(input, context)), {
          defaultValue: undefined,
        });
      } catch (error) {
        throw toActivityFailure(error);
      } finally {
        context.close();
      }
    };
  }
}
