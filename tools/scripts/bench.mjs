// `npm run bench`: every benchmark against a throw-away real stack, one after
// another (they would disturb each other's figures on two cores). Each prints
// its own figures and ratios; nothing here asserts a timing.
//   npm run bench                 all benchmarks
//   npm run bench -- workflows    only those whose path contains "workflows"
//   BENCH_FERRETDB_BACKENDS=sqlite,postgresql npm run bench -- submit
//                                 each benchmark once per FerretDB backend, one stack each, back to
//                                 back, so a before/after comparison is measured in one run
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from './lib/deps.mjs';
import { freeStackPorts } from './lib/ports.mjs';
import { stackEnv } from './lib/stack-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const filters = process.argv.slice(2);

const benches = [
  'libs/workflows/bench/workflow.bench.ts',
  'libs/intake/bench/submit.bench.ts',
  'libs/intake/bench/records.bench.ts',
  'libs/notifications/bench/outbox.bench.ts',
  'libs/data/bench/data.bench.ts',
  'libs/testing/bench/journey.bench.ts',
  'libs/temporal-bridge/bench/codec.bench.ts',
].filter(
  (file) => fs.existsSync(path.join(root, file)) && (filters.length === 0 || filters.some((f) => file.includes(f))),
);

async function main() {
  ensureNodeModules({ root });
  const { ensureTools } = await import('./lib/tools.mjs');
  const { startStack } = await import('./lib/stack.mjs');
  await ensureTools({ root });
  const backends = (process.env.BENCH_FERRETDB_BACKENDS || '').split(',').filter(Boolean);
  let failed = 0;
  let ran = 0;
  if (backends.length === 0) {
    failed += await runOnStack(benches, {}, startStack);
    ran += benches.length;
  } else {
    // Bench by bench, each backend in turn, so slow drifts of the machine touch both arms alike.
    for (const bench of benches) {
      for (const backend of backends) {
        console.log(`\n##### FerretDB backend: ${backend}`);
        failed += await runOnStack([bench], { FERRETDB_BACKEND: backend }, startStack);
        ran++;
      }
    }
  }
  console.log(`\n${ran - failed} benchmark run(s) passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** Runs benches one after another on a fresh throw-away stack; returns how many failed. */
async function runOnStack(list, extraEnv, startStack) {
  const ports = await freeStackPorts();
  const dataDir = path.join(root, '.data', `bench-${process.pid}`);
  const env = { ...ports, ...process.env, ...extraEnv };
  const stack = await startStack({ root, env, dataDir, ephemeral: true, log: (line) => console.log(`  ${line}`) });
  let failed = 0;
  try {
    for (const bench of list) {
      console.log(`\n=== ${bench}`);
      const result = spawnSync(process.execPath, ['--expose-gc', 'tools/scripts/run-ts.mjs', bench], {
        cwd: root,
        stdio: 'inherit',
        env: {
          ...env,
          ...stackEnv(stack.config),
          NODE_ENV: 'test',
          STACK_DATA_DIR: dataDir,
          // The journey benchmark reads the CPU time of every component's process tree.
          STACK_PIDS: JSON.stringify(stack.pids()),
        },
      });
      if (result.status !== 0) failed++;
    }
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return failed;
}

main().catch((error) => {
  console.error(`npm run bench: ${error.message}`);
  process.exit(1);
});
