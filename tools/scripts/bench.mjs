// `npm run bench`: every benchmark against a throw-away real stack, one after
// another (they would disturb each other's figures on two cores). Each prints
// its own figures and ratios; nothing here asserts a timing.
//   npm run bench                 all benchmarks
//   npm run bench -- workflows    only those whose path contains "workflows"
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
].filter(
  (file) => fs.existsSync(path.join(root, file)) && (filters.length === 0 || filters.some((f) => file.includes(f))),
);

async function main() {
  ensureNodeModules({ root });
  const { ensureTools } = await import('./lib/tools.mjs');
  const { startStack } = await import('./lib/stack.mjs');
  await ensureTools({ root });
  const ports = await freeStackPorts();
  const dataDir = path.join(root, '.data', `bench-${process.pid}`);
  const env = { ...ports, ...process.env };
  const stack = await startStack({ root, env, dataDir, ephemeral: true, log: (line) => console.log(`  ${line}`) });
  let failed = 0;
  try {
    for (const bench of benches) {
      console.log(`\n=== ${bench}`);
      const result = spawnSync(process.execPath, ['--expose-gc', 'tools/scripts/run-ts.mjs', bench], {
        cwd: root,
        stdio: 'inherit',
        env: { ...env, ...stackEnv(stack.config), NODE_ENV: 'test', STACK_DATA_DIR: dataDir },
      });
      if (result.status !== 0) failed++;
    }
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\n${benches.length - failed} benchmark(s) ran, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`npm run bench: ${error.message}`);
  process.exit(1);
});
