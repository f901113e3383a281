#!/usr/bin/env node
// `npm run stack`: builds/finds the tools, starts Temporal + PostgreSQL + MongoDB (FerretDB on that
// PostgreSQL) + maildev with persistent data in .data/, prints the URLs and stays up until Ctrl-C
// (or SIGTERM). Ports: TEMPORAL_PORT, TEMPORAL_UI_PORT, POSTGRES_PORT, MONGO_PORT, SMTP_PORT,
// MAIL_UI_PORT; POSTGRES_URL / MONGO_URL use existing servers instead. Logs: .data/logs/<component>.log.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './lib/tools.mjs';
import { startStack } from './lib/stack.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const log = (line) => console.log(line);

let stack;
let stopping = false;

async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping the stack...`);
  try {
    await stack?.stop();
    log('Stack stopped.');
    process.exit(0);
  } catch (err) {
    console.error(`Stopping the stack failed: ${err.message}`);
    process.exit(1);
  }
}

// Installed before anything starts so a Ctrl-C during startup also cleans up.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => shutdown(sig));

try {
  const started = Date.now();
  const tools = await ensureTools({ root, log });
  log('Starting Temporal, PostgreSQL, MongoDB (FerretDB) and maildev (data in .data/, logs in .data/logs/)...');
  stack = await startStack({ root, log, tools, dataDir: path.join(root, '.data') });
  if (stopping) {
    await stack.stop();
  } else {
    const c = stack.config;
    const mongo = {
      external: 'external, MONGO_URL',
      mongod: 'mongod',
      ferretdb: `FerretDB on ${stack.ferretdbBackend}`,
    }[stack.mongoMode];
    const postgres = stack.postgresMode === 'external' ? 'external, POSTGRES_URL' : 'local server';
    log(
      [
        `Stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s:`,
        `  Temporal         ${c.temporalAddress}   (TEMPORAL_ADDRESS)`,
        `  Temporal UI      ${c.temporalUiUrl}`,
        `  PostgreSQL       ${c.postgresUrl.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')}   (POSTGRES_URL, ${postgres})`,
        `  MongoDB          ${c.mongoUrl}   (MONGO_URL, ${mongo})`,
        `  SMTP             ${c.smtpHost}:${c.smtpPort}   (SMTP_HOST, SMTP_PORT)`,
        `  Mail UI          ${c.mailUiUrl}   (API: ${c.mailApiUrl}/email)`,
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );
  }
} catch (err) {
  console.error(`Cannot start the stack: ${err.message}`);
  await stack?.stop().catch(() => {});
  process.exit(1);
}
