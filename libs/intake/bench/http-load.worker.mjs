// The submit benchmark's HTTP clients (http-load.ts): `concurrency` closed-loop
// clients posting submissions, in a thread of their own so their work does not
// queue behind the server's callbacks. Plain JavaScript: a worker thread has no
// TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';

const { concurrency } = workerData;

function body(runId, i) {
  return JSON.stringify({
    type: i % 2 ? 'deletion' : 'access',
    jurisdiction: 'GDPR',
    email: `bench-${runId}-${i}@example.test`,
    name: 'Bench Subject',
    dataPoints: { accountId: `B-${i}` },
  });
}

async function post(url, payload, headers) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  await response.arrayBuffer();
  return response.status === 201;
}

/** Posts submissions from..from+count-1: the rate, and the latency of each in ms. */
async function postAll({ url, from, count, run, idempotencyKeys }) {
  const latencies = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = from + next++;
        const t0 = performance.now();
        const ok = await post(
          url,
          body(run, i),
          idempotencyKeys ? { 'idempotency-key': `bench-${run}-${i}` } : {},
        ).catch(() => false);
        latencies.push(performance.now() - t0);
        if (!ok) failed++;
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), latencies, failed };
}

parentPort.on('message', async ({ id, job }) => parentPort.postMessage({ id, figures: await postAll(job) }));
