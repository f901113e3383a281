// `npm start`: the whole product on the embedded stack, from a fresh clone.
// Installs what is missing, starts Temporal (with its UI), FerretDB (or MongoDB)
// and the SMTP catcher, then every Rightsflow service; prints the URLs; Ctrl-C
// stops everything cleanly.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNodeModules } from './lib/deps.mjs';
import serviceProcesses from './lib/services.cjs';
import { stackEnv } from './lib/stack-env.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const started = Date.now();
  ensureNodeModules({ root });
  const { ensureTools } = await import('./lib/tools.mjs');
  const { startStack } = await import('./lib/stack.mjs');
  await ensureTools({ root });
  const dataDir = path.join(root, '.data');
  const web = process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${process.env.INTAKE_PORT ?? 3000}`;
  // The Temporal UI decrypts payloads through intake's codec endpoint (operators sign in at /codec/login).
  const stack = await startStack({ root, dataDir, codecEndpoint: `${web}/codec`, log: (line) => console.log(`  ${line}`) });
  const env = { ...process.env, ...stackEnv(stack.config) };
  let services;
  const shutdown = async (signal) => {
    console.log(`\n${signal}: stopping Rightsflow…`);
    await services?.stop();
    await stack.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    const seeded = spawnSync(process.execPath, ['tools/scripts/run-ts.mjs', 'tools/scripts/seed-if-empty.ts'], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    if (seeded.status !== 0) throw new Error('could not seed the sample company (see above)');
    console.log('Starting Rightsflow services…');
    services = await serviceProcesses.startServices({ root, env, logDir: path.join(dataDir, 'logs') });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  console.log(`
Rightsflow is running (ready in ${((Date.now() - started) / 1000).toFixed(1)}s):
  Web form        ${web}/
  REST API docs   ${web}/api/docs
  Temporal UI     ${stack.config.temporalUiUrl}
  Mail inbox      ${stack.config.mailUiUrl}
  Logs            ${path.join(dataDir, 'logs')}
Operators: create the first one with the bootstrap token (OPERATOR_API_TOKEN; a development one is set):
  npm run ops -- operators add ann --role approver     # prints ann's token once
  export RIGHTSFLOW_OPERATOR_TOKEN=<that token>        # then: npm run ops -- approve <id>, …
  Sign in at ${web}/codec/login with it so the Temporal UI shows requests decrypted.
Press Ctrl-C to stop.`);
}

main().catch((error) => {
  console.error(`npm start: ${error.message}`);
  process.exit(1);
});
