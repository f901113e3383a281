import path from 'node:path';
import type { ClosedLoopFigures as Figures } from '@rightsflow/testing';
import { Worker } from 'node:worker_threads';

export interface HttpLoadJob {
  url: string;
  /** Index of the first submission: its email, account id and Idempotency-Key derive from it. */
  from: number;
  count: number;
  /** The benchmark run's id, in every email and key. */
  run: string;
  idempotencyKeys: boolean;
}

/** A job's figures, and the CPU-seconds the clients' thread spent on it (to tell it from the server's). */
export interface HttpLoadFigures extends Figures {
  clientCpuSeconds: number;
}

/**
 * The submit benchmark's HTTP clients, in a worker thread (http-load.worker.ts):
 * in the server's own thread, the clients' fetch work waited behind the server's
 * callbacks and the server's behind theirs, so both counted in every latency.
 */
export class HttpLoad {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (figures: HttpLoadFigures) => void>();
  private nextId = 0;

  constructor(concurrency: number) {
    // The same TypeScript loader as run-ts.mjs gives the main thread (its settings come through the environment).
    this.worker = new Worker(path.join(__dirname, 'http-load.worker.ts'), {
      workerData: { concurrency },
      execArgv: ['--require', '@swc-node/register'],
    });
    this.worker.on(
      'message',
      ({ id, figures, clientCpuSeconds }: { id: number; figures: Figures; clientCpuSeconds: number }) => {
        this.waiting.get(id)?.({ ...figures, clientCpuSeconds });
        this.waiting.delete(id);
      },
    );
  }

  run(job: HttpLoadJob): Promise<HttpLoadFigures> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ id, job });
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}
