// The submit benchmark's HTTP clients (http-load.ts): `concurrency` closed-loop
// clients posting submissions, in a thread of their own so their work does not
// queue behind the server's callbacks. Loaded through @swc-node/register, as
// the benchmark's main thread is (HttpLoad passes it in the thread's execArgv).
import { closedLoop, ClosedLoopFigures, threadCpuSeconds } from '@rightsflow/testing';
import { parentPort, workerData } from 'node:worker_threads';
import type { HttpLoadJob } from './http-load';

const { concurrency } = workerData as { concurrency: number };

function body(runId: string, i: number): string {
  return JSON.stringify({
    type: i % 2 ? 'deletion' : 'access',
    jurisdiction: 'GDPR',
    email: `bench-${runId}-${i}@example.test`,
    name: 'Bench Subject',
    dataPoints: { accountId: `B-${i}` },
  });
}

async function post(url: string, payload: string, headers: Record<string, string>): Promise<boolean> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  await response.arrayBuffer();
  return response.status === 201;
}

/** Posts submissions from..from+count-1 and measures them. */
function postAll({ url, from, count, run, idempotencyKeys }: HttpLoadJob): Promise<ClosedLoopFigures> {
  return closedLoop(count, concurrency, (i) =>
    post(url, body(run, from + i), idempotencyKeys ? { 'idempotency-key': `bench-${run}-${from + i}` } : {}).catch(
      () => false,
    ),
  );
}

parentPort?.on('message', async ({ id, job }: { id: number; job: HttpLoadJob }) => {
  const cpuBefore = threadCpuSeconds();
  const figures = await postAll(job);
  parentPort?.postMessage({ id, figures, clientCpuSeconds: threadCpuSeconds() - cpuBefore });
});
