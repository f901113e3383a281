// `npm test`: installs what is missing, starts a throw-away stack (real Temporal
// dev server, FerretDB or MongoDB, SMTP catcher) on test ports, runs the type
// check, lint and every Jest project against it, then stops the stack.
//   npm test                         the test tier (*.spec.ts): type check, lint, every suite
//   npm test -- libs/domain          only matching test files (skips type check and lint)
//   npm run test:soak                the soak tier (*.soak.spec.ts): scale and durability
//   npm run test:soak -- faults      only matching soak files
// Jest prints a per-suite timing table at the end (tools/jest/suite-timings.js).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from './lib/deps.mjs';
import { freeStackPorts } from './lib/ports.mjs';
import { stackEnv } from './lib/stack-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const soak = process.argv.includes('--soak');
const jestArgs = process.argv.slice(2).filter((arg) => arg !== '--soak');
// The soak tier skips the type check and lint: `npm test` runs them.
const focused = soak || jestArgs.some((arg) => !arg.startsWith('-'));

const JEST = 'node_modules/jest/bin/jest.js';

/** nx's CLI entry, wherever this nx version keeps it (23.x: dist/bin/nx.js). */
function nxBin() {
  const manifest = path.join(root, 'node_modules', 'nx', 'package.json');
  const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  return path.join(path.dirname(manifest), typeof bin === 'string' ? bin : bin.nx);
}

/**
 * Runs one step with its output on ours; resolves with its exit status, so steps can also run side
 * by side. With `prefix`, each line of the step's output starts with `[prefix]`, so two steps
 * running at once can share one terminal.
 */
function run(label, command, args, env = process.env, prefix) {
  const started = Date.now();
  console.log(`\n▶ ${label}`);
  return new Promise((resolve) => {
    const stdio = prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit';
    const child = spawn(command, args, { cwd: root, stdio, env });
    if (prefix) {
      for (const stream of [child.stdout, child.stderr]) {
        readline.createInterface({ input: stream }).on('line', (line) => console.log(`[${prefix}] ${line}`));
      }
    }
    child.on('error', () => resolve(1));
    // 'close' comes once the child's output is read to its end, as well as its exit.
    child.on('close', (code) => {
      console.log(`  ${label}: ${code === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      resolve(code ?? 1);
    });
  });
}

/**
 * The type check, and the project graph then lint: side by side, each a
 * single-threaded process on its own core. Resolves true when all passed.
 */
async function staticChecks() {
  const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
  const lint = async () =>
    // The module-boundary rule reads Nx's project graph, and silently skips itself without one: compute it first.
    (await run('project graph', process.execPath, [nxBin(), 'show', 'projects'], nxEnv)) === 0 &&
    (await run('lint', process.execPath, ['node_modules/eslint/bin/eslint.js', '--max-warnings=0', '.'])) === 0;
  const [typesOk, lintOk] = await Promise.all([
    run('type check', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']).then(
      (status) => status === 0,
    ),
    lint(),
  ]);
  return typesOk && lintOk;
}

async function main() {
  const started = Date.now();
  ensureNodeModules({ root });
  const { ensureTools } = await import('./lib/tools.mjs');
  const { startStack } = await import('./lib/stack.mjs');
  await ensureTools({ root });

  if (!focused && !(await staticChecks())) process.exit(1);

  // Each run takes free ports of its own (unless set in the environment), so a
  // running `npm start` and several test runs can share one machine.
  const dataDir = path.join(root, '.data', `test-${process.pid}`);
  const env = { ...(await freeStackPorts()), ...process.env };
  const stack = await startStack({ root, env, dataDir, ephemeral: true, log: (line) => console.log(`  ${line}`) });
  let status = 1;
  try {
    const testEnv = {
      ...env,
      ...stackEnv(stack.config),
      NODE_ENV: 'test',
      STACK_DATA_DIR: dataDir,
      FORCE_COLOR: '0',
      RIGHTSFLOW_TEST_TIER: soak ? 'soak' : 'test', // read by jest.preset.js
    };
    const jest = (args) => [JEST, '--maxWorkers=1', ...args];
    if (focused) {
      status = await run(soak ? 'jest (soak tier)' : 'jest', process.execPath, jest(jestArgs), testEnv);
    } else {
      // The whole tier in two lanes side by side, one Jest worker each (see jest.preset.js): the
      // suites that run the whole product one at a time, every other suite beside them. Both lanes
      // share the one stack: each test file has its own task queues and databases (testConfig).
      const statuses = await Promise.all(
        ['product', 'rest'].map((lane) =>
          run(`jest, ${lane} lane`, process.execPath, jest(jestArgs), { ...testEnv, RIGHTSFLOW_TEST_LANE: lane }, lane),
        ),
      );
      status = statuses.every((code) => code === 0) ? 0 : 1;
    }
  } finally {
    await stack.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\n${soak ? 'npm run test:soak' : 'npm test'} finished in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  process.exit(status);
}

main().catch((error) => {
  console.error(`npm test: ${error.message}`);
  process.exit(1);
});
