// How every benchmark prints its figures, so each says what it rests on:
// percentiles name their sample count (p99 only from 100 samples up), ratios
// come from several interleaved rounds with their spread, and memory is live
// heap after a full GC or a fresh process's RSS. Benchmarks print; nothing asserts.
import { readFileSync } from 'node:fs';

/** The nearest-rank percentile of `samples` (unsorted is fine). */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** "p50 12 ms, p99 40 ms (n=200)"; p99 is left out below 100 samples, p90 below 10. */
export function percentiles(samplesMs: number[], unit = 'ms', digits = 0): string {
  const n = samplesMs.length;
  if (n === 0) return 'no samples';
  const shown = [50, ...(n >= 10 ? [90] : []), ...(n >= 100 ? [99] : [])];
  const parts = shown.map((p) => `p${p} ${percentile(samplesMs, p).toFixed(digits)} ${unit}`);
  return `${parts.join(', ')} (n=${n}${n < 100 ? '; p99 needs 100 samples' : ''})`;
}

/** The median of `values` and their range: "0.81 (0.77–0.84 over 3 rounds)". */
export function spread(values: number[], digits = 2): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  return `${median?.toFixed(digits)} (${sorted[0]?.toFixed(digits)}–${sorted.at(-1)?.toFixed(digits)} over ${values.length} rounds)`;
}

/**
 * Live heap of this process after a full garbage collection, in MB: what a leak
 * or a buffer holds, unlike RSS, which a process seldom gives back. Needs
 * node --expose-gc (npm run bench passes it).
 */
export function liveHeapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench does) to measure live heap');
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Resident memory of process `pid` in MB (Linux /proc), for a process the benchmark started fresh. */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/** What a closed loop measured: its time, its rate, the latency of each task in ms, and how many failed. */
export interface ClosedLoopFigures {
  seconds: number;
  perSecond: number;
  latencies: number[];
  failed: number;
}

/**
 * Runs tasks 0..count-1 from `concurrency` clients, each starting its next task
 * when the last one answered (a closed loop, as 50 people pressing "send"
 * are). A task that resolves `false` counts as failed; one that throws ends
 * the benchmark.
 */
export async function closedLoop(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<unknown>,
): Promise<ClosedLoopFigures> {
  const latencies: number[] = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const index = next++;
        const t0 = performance.now();
        if ((await task(index)) === false) failed++;
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds, perSecond: count / seconds, latencies, failed };
}
