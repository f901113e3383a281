// The local infrastructure stack: Temporal dev server, MongoDB (FerretDB, mongod or external) and
// an SMTP catcher (maildev). Plain Node ESM; only needs `maildev` and (optionally) `mongodb` from
// node_modules.
//
//   import { startStack } from './lib/stack.mjs';
//   const stack = await startStack({ root, dataDir, ephemeral: true });
//   stack.config        // { temporalAddress, temporalUiUrl, mongoUrl, smtpHost, smtpPort, mailUiUrl, mailApiUrl }
//   await stack.stopComponent('smtp');   // e.g. SMTP outage in a test ...
//   await stack.startComponent('smtp');  // ... and back (same ports, same data)
//   await stack.restartComponent('temporal'); // keeps its SQLite db unless ephemeral
//   await stack.stop();
//
// Components: 'temporal', 'mongo', 'smtp'. The module-level startComponent(stack, name) /
// stopComponent(stack, name) do the same as the methods.
//
// Ports (host 127.0.0.1) come from env: TEMPORAL_PORT 7233, TEMPORAL_UI_PORT 8233, MONGO_PORT 27017,
// SMTP_PORT 1025, MAIL_UI_PORT 1080. Mongo: env MONGO_URL wins (no process is started), else
// `mongod` on PATH, else our FerretDB build (see tools.mjs).
//
// Data: <dataDir>/temporal.db, <dataDir>/ferretdb|mongod, <dataDir>/maildev, logs in
// <dataDir>/logs/<component>.log. ephemeral: Temporal keeps everything in memory, and Mongo and
// maildev use <dataDir>/ephemeral-<pid>, deleted by stop() (so a Temporal restart loses its state).
//
// Children are not detached; on Linux they are spawned through `setpriv --pdeathsig SIGTERM` so they
// get SIGTERM even if this process is SIGKILLed, and they are also signalled on process 'exit' and on
// SIGINT/SIGTERM when nobody else handles those signals.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureTools, which } from './tools.mjs';

export const HOST = '127.0.0.1';
export const COMPONENTS = /** @type {const} */ (['temporal', 'mongo', 'smtp']);

/** Custom search attributes registered when the Temporal dev server starts. */
export const SEARCH_ATTRIBUTES = {
  DsarStatus: 'Keyword',
  DsarType: 'Keyword',
  DsarJurisdiction: 'Keyword',
  DsarDueAt: 'Datetime',
  DsarOverdue: 'Bool',
};

const PORTS = [
  { key: 'temporal', env: 'TEMPORAL_PORT', def: 7233, what: 'Temporal frontend', component: 'temporal' },
  { key: 'temporalUi', env: 'TEMPORAL_UI_PORT', def: 8233, what: 'Temporal UI', component: 'temporal' },
  { key: 'mongo', env: 'MONGO_PORT', def: 27017, what: 'MongoDB', component: 'mongo' },
  { key: 'smtp', env: 'SMTP_PORT', def: 1025, what: 'SMTP (maildev)', component: 'smtp' },
  { key: 'mailUi', env: 'MAIL_UI_PORT', def: 1080, what: 'maildev web/API', component: 'smtp' },
];

const HEALTH_TIMEOUT_MS = { temporal: 90_000, mongo: 60_000, smtp: 30_000 };
const STOP_GRACE_MS = 10_000;

// ---------------------------------------------------------------------------
// Small helpers (exported for tests and scripts)

/**
 * Resolves once a TCP connection to host:port succeeds; rejects after timeoutMs.
 * @returns {Promise<void>}
 */
export async function waitForPort(host, port, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await canConnect(host, port, Math.min(2000, Math.max(100, deadline - Date.now())))) return;
    if (Date.now() >= deadline) throw new Error(`Nothing is listening on ${host}:${port} after ${timeoutMs} ms`);
    await sleep(150);
  }
}

/** True when a TCP listener could bind host:port right now. */
export function isPortFree(host, port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Ports the stack would use with this env: { temporal, temporalUi, mongo, smtp, mailUi }. */
export function stackPorts(env = process.env) {
  const ports = {};
  for (const p of PORTS) {
    const raw = env[p.env];
    if (raw === undefined || raw === '') {
      ports[p.key] = p.def;
      continue;
    }
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${p.env}=${raw} is not a port number (1-65535)`);
    ports[p.key] = n;
  }
  return ports;
}

// ---------------------------------------------------------------------------

/**
 * Starts the whole stack and waits until every component is healthy.
 *
 * @param {{
 *   root: string,
 *   env?: NodeJS.ProcessEnv,
 *   log?: (line: string) => void,
 *   dataDir?: string,          // default <root>/.data
 *   ephemeral?: boolean,       // Temporal in memory, Mongo/maildev data in a temp dir removed by stop()
 *   tools?: { temporal: string, ferretdb: string | null }, // default: await ensureTools()
 * }} opts
 * @returns {Promise<Stack>}
 *
 * @typedef {{
 *   config: { temporalAddress: string, temporalUiUrl: string, mongoUrl: string, smtpHost: string,
 *             smtpPort: number, mailUiUrl: string, mailApiUrl: string },
 *   mongoMode: 'external' | 'mongod' | 'ferretdb',
 *   dataDir: string,
 *   logDir: string,
 *   stop: () => Promise<void>,
 *   startComponent: (name: 'temporal' | 'mongo' | 'smtp') => Promise<void>,
 *   stopComponent: (name: 'temporal' | 'mongo' | 'smtp') => Promise<void>,
 *   restartComponent: (name: 'temporal' | 'mongo' | 'smtp') => Promise<void>,
 *   isRunning: (name: 'temporal' | 'mongo' | 'smtp') => boolean,
 *   pids: () => Record<string, number | undefined>,
 * }} Stack
 */
export async function startStack({
  root,
  env = process.env,
  log = console.log,
  dataDir,
  ephemeral = false,
  tools,
} = {}) {
  if (!root) throw new Error('startStack: root is required');
  root = path.resolve(root);
  dataDir = path.resolve(root, dataDir ?? '.data');
  const logDir = path.join(dataDir, 'logs');
  const stateDir = ephemeral ? path.join(dataDir, `ephemeral-${process.pid}`) : dataDir;
  fs.mkdirSync(logDir, { recursive: true });

  const ports = stackPorts(env);
  const mongoMode = env.MONGO_URL ? 'external' : which('mongod', env) ? 'mongod' : 'ferretdb';

  // Fail before building or starting anything if a port is taken.
  const needed = PORTS.filter((p) => !(p.component === 'mongo' && mongoMode === 'external'));
  const seen = new Map();
  for (const p of needed) {
    const port = ports[p.key];
    if (seen.has(port)) throw new Error(`${p.env} and ${seen.get(port)} are both ${port}: give them different ports`);
    seen.set(port, p.env);
  }
  for (const p of needed) await assertPortFree(p, ports[p.key]);

  tools ??= await ensureTools({ root, log, env });
  if (mongoMode === 'ferretdb' && !tools.ferretdb) {
    throw new Error('No MongoDB: set MONGO_URL, put mongod on PATH, or let ensureTools build FerretDB');
  }

  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const cleanEnv = withoutTemporalEnv(env);

  const config = {
    temporalAddress: `${HOST}:${ports.temporal}`,
    temporalUiUrl: `http://${HOST}:${ports.temporalUi}`,
    mongoUrl: mongoMode === 'external' ? env.MONGO_URL : `mongodb://${HOST}:${ports.mongo}`,
    smtpHost: HOST,
    smtpPort: ports.smtp,
    mailUiUrl: `http://${HOST}:${ports.mailUi}`,
    // maildev serves its REST API on the web port: GET /email, DELETE /email/all, GET /healthz ...
    mailApiUrl: `http://${HOST}:${ports.mailUi}`,
  };

  /** @type {Record<string, { spec: () => ({ cmd: string, args: string[], env?: object } | null), health: () => Promise<void>, proc?: ManagedProcess, portDefs: object[] }>} */
  const components = {
    temporal: {
      portDefs: PORTS.filter((p) => p.component === 'temporal'),
      spec: () => ({
        cmd: tools.temporal,
        args: [
          'server',
          'start-dev',
          '--ip',
          HOST,
          '--port',
          String(ports.temporal),
          '--ui-port',
          String(ports.temporalUi),
          ...(ephemeral ? [] : ['--db-filename', path.join(dataDir, 'temporal.db')]),
          '--namespace',
          'default',
          '--log-level',
          'warn',
          ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([k, t]) => ['--search-attribute', `${k}=${t}`]),
        ],
        env: cleanEnv,
      }),
      health: async () => {
        const deadline = Date.now() + HEALTH_TIMEOUT_MS.temporal;
        await waitForPort(HOST, ports.temporal, HEALTH_TIMEOUT_MS.temporal);
        await until(deadline, 'Temporal health check', () =>
          temporalHealthy(tools.temporal, config.temporalAddress, cleanEnv),
        );
        await until(deadline, 'Temporal UI', () => httpOk(`${config.temporalUiUrl}/`));
      },
    },
    mongo: {
      portDefs: mongoMode === 'external' ? [] : PORTS.filter((p) => p.component === 'mongo'),
      spec: () => {
        if (mongoMode === 'external') return null;
        if (mongoMode === 'mongod') {
          const dbpath = path.join(stateDir, 'mongod');
          fs.mkdirSync(dbpath, { recursive: true });
          return {
            cmd: which('mongod', env),
            args: ['--dbpath', dbpath, '--port', String(ports.mongo), '--bind_ip', HOST, '--quiet'],
          };
        }
        return {
          cmd: tools.ferretdb,
          args: [
            '-listen',
            `${HOST}:${ports.mongo}`,
            '-state-dir',
            path.join(stateDir, 'ferretdb'),
            // At warn, FerretDB dumps every failed command (e.g. the driver's endSessions, which it
            // does not implement) into the log; error keeps the log useful.
            '-log-level',
            'error',
          ],
        };
      },
      health: async () => {
        const deadline = Date.now() + HEALTH_TIMEOUT_MS.mongo;
        if (mongoMode !== 'external') await waitForPort(HOST, ports.mongo, HEALTH_TIMEOUT_MS.mongo);
        await until(deadline, `MongoDB ping (${redact(config.mongoUrl)})`, () =>
          mongoPing(requireFromRoot, config.mongoUrl),
        );
      },
    },
    smtp: {
      portDefs: PORTS.filter((p) => p.component === 'smtp'),
      spec: () => {
        const mailDir = path.join(stateDir, 'maildev');
        fs.mkdirSync(mailDir, { recursive: true });
        return {
          cmd: process.execPath,
          args: [
            maildevBin(requireFromRoot),
            '--smtp',
            String(ports.smtp),
            '--web',
            String(ports.mailUi),
            '--ip',
            HOST,
            '--web-ip',
            HOST,
            '--mail-directory',
            mailDir,
          ],
          env: { ...env, NODE_OPTIONS: '' },
        };
      },
      health: async () => {
        const deadline = Date.now() + HEALTH_TIMEOUT_MS.smtp;
        await waitForPort(HOST, ports.smtp, HEALTH_TIMEOUT_MS.smtp);
        await until(deadline, 'maildev API', () => httpOk(`${config.mailApiUrl}/email`));
      },
    },
  };

  let stopped = false;

  async function startOne(name, { checkPorts = true } = {}) {
    const c = components[name];
    if (!c) throw new Error(`Unknown stack component "${name}" (one of ${COMPONENTS.join(', ')})`);
    if (stopped) throw new Error('The stack was stopped');
    if (c.proc && !c.proc.exited) return;
    if (checkPorts) {
      // A just-stopped server may need a moment to release its port.
      for (const p of c.portDefs) await waitForPortFree(p, ports[p.key], 5000);
    }
    const spec = c.spec();
    if (spec) {
      c.proc = spawnManaged(name, spec.cmd, spec.args, {
        log,
        cwd: root,
        env: spec.env ?? env,
        logFile: path.join(logDir, `${name}.log`),
      });
    }
    try {
      await Promise.race([
        c.health(),
        c.proc
          ? c.proc.exitPromise.then(({ code, signal }) => {
              throw new Error(
                `${name} exited (${signal || `code ${code}`}) before it was healthy; see ${c.proc.logFile}${tailHint(c.proc.logFile)}`,
              );
            })
          : new Promise(() => {}),
      ]);
    } catch (err) {
      if (c.proc) await c.proc.stop();
      throw new Error(`${name}: ${err.message}`);
    }
  }

  async function stopOne(name) {
    const c = components[name];
    if (!c) throw new Error(`Unknown stack component "${name}" (one of ${COMPONENTS.join(', ')})`);
    if (c.proc) await c.proc.stop();
  }

  async function stop() {
    if (stopped) return;
    stopped = true;
    await Promise.all(COMPONENTS.map((n) => stopOne(n).catch(() => {})));
    if (ephemeral) fs.rmSync(stateDir, { recursive: true, force: true });
    liveStacks.delete(stop);
    ephemeralDirs.delete(stateDir);
  }
  installExitHooks();
  liveStacks.add(stop);
  if (ephemeral) ephemeralDirs.add(stateDir);

  try {
    await Promise.all(COMPONENTS.map((n) => startOne(n, { checkPorts: false })));
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    config,
    mongoMode,
    dataDir,
    logDir,
    stop,
    startComponent: (name) => startOne(name),
    stopComponent: stopOne,
    restartComponent: async (name) => {
      await stopOne(name);
      await startOne(name);
    },
    isRunning: (name) => Boolean(components[name]?.proc && !components[name].proc.exited),
    pids: () =>
      Object.fromEntries(
        COMPONENTS.map((n) => [n, components[n].proc?.exited ? undefined : components[n].proc?.child.pid]),
      ),
  };
}

/** Same as stack.startComponent(name): starts one stopped component and waits until it is healthy. */
export function startComponent(stack, name) {
  return stack.startComponent(name);
}

/** Same as stack.stopComponent(name): SIGTERM, then SIGKILL after 10 s. Data is kept. */
export function stopComponent(stack, name) {
  return stack.stopComponent(name);
}

// ---------------------------------------------------------------------------
// Child processes

/** @typedef {{ child: import('node:child_process').ChildProcess, logFile: string, exited: boolean, exitPromise: Promise<{code: number|null, signal: string|null}>, stop: () => Promise<void> }} ManagedProcess */

const live = new Set(); // running ManagedProcess
const liveStacks = new Set(); // stop() of every started stack
const ephemeralDirs = new Set();
let hooksInstalled = false;
const PDEATHSIG = process.platform === 'linux' ? which('setpriv') : null;

function spawnManaged(name, cmd, args, { cwd, env, logFile, log }) {
  installExitHooks();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} starting ${name}: ${cmd} ${args.join(' ')}\n`);
  const [file, argv] = PDEATHSIG ? [PDEATHSIG, ['--pdeathsig', 'SIGTERM', '--', cmd, ...args]] : [cmd, args];
  let child;
  try {
    child = spawn(file, argv, { cwd, env, stdio: ['ignore', fd, fd], detached: false });
  } finally {
    fs.closeSync(fd); // the child has its own copy
  }

  /** @type {ManagedProcess} */
  const proc = { child, logFile, exited: false, stopping: false };
  proc.exitPromise = new Promise((resolve) => {
    child.once('error', (err) => {
      fs.appendFileSync(logFile, `${name} could not start: ${err.message}\n`);
      proc.exited = true;
      live.delete(proc);
      resolve({ code: -1, signal: null });
    });
    child.once('exit', (code, signal) => {
      if (!proc.stopping) log(`[stack] ${name} exited unexpectedly (${signal || `code ${code}`}); see ${logFile}`);
      proc.exited = true;
      live.delete(proc);
      resolve({ code, signal });
    });
  });
  proc.stop = async () => {
    if (proc.exited) return;
    proc.stopping = true;
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!proc.exited) child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    await proc.exitPromise;
    clearTimeout(timer);
  };
  live.add(proc);
  return proc;
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const p of live) {
      try {
        p.child.kill('SIGTERM');
      } catch {
        /* already gone */
      }
    }
    for (const dir of ephemeralDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const handler = async () => {
      // If the application handles this signal itself, it is responsible for calling stop().
      if (process.listenerCount(sig) > 1) return;
      await Promise.all([...liveStacks].map((stop) => stop().catch(() => {})));
      await Promise.all([...live].map((p) => p.stop()));
      process.off(sig, handler);
      process.kill(process.pid, sig); // default action: exit with the conventional status
    };
    process.on(sig, handler);
  }
}

// ---------------------------------------------------------------------------
// Health checks

async function assertPortFree(p, port) {
  if (!(await isPortFree(HOST, port))) {
    throw new Error(
      `Port ${port} (${p.what}) on ${HOST} is already in use: stop whatever is using it, or set ${p.env} to a free port`,
    );
  }
}

async function waitForPortFree(p, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await isPortFree(HOST, port))) {
    if (Date.now() >= deadline) return assertPortFree(p, port);
    await sleep(200);
  }
}

function canConnect(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function temporalHealthy(temporal, address, env) {
  return new Promise((resolve) => {
    const child = spawn(
      temporal,
      [
        'operator',
        'cluster',
        'health',
        '--address',
        address,
        '--command-timeout',
        '3s',
        '--disable-config-file',
        '--disable-config-env',
      ],
      { env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 8000 },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0 && /SERVING/.test(out) && !/NOT_SERVING/.test(out)));
  });
}

async function httpOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: 'manual' });
    await res.arrayBuffer().catch(() => {});
    return res.status < 500;
  } catch {
    return false;
  }
}

async function mongoPing(requireFromRoot, url) {
  let mongodb;
  try {
    mongodb = requireFromRoot('mongodb');
  } catch {
    // Driver not installed (yet): a TCP connect is the best we can do.
    const u = new URL(url.replace(/^mongodb(\+srv)?:\/\//, 'http://').split(',')[0]);
    return canConnect(u.hostname, Number(u.port || 27017), 2000);
  }
  const client = new mongodb.MongoClient(url, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000 });
  try {
    await client.connect();
    const r = await client.db('admin').command({ ping: 1 });
    return r?.ok === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

function maildevBin(requireFromRoot) {
  let pkg;
  try {
    pkg = requireFromRoot.resolve('maildev/package.json');
  } catch {
    throw new Error('maildev is not installed: run `npm install` in the repository root');
  }
  return path.join(path.dirname(pkg), 'bin', 'maildev');
}

async function until(deadline, what, check) {
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`${what} did not succeed in time`);
    await sleep(300);
  }
}

// ---------------------------------------------------------------------------

function withoutTemporalEnv(env) {
  // Client settings like TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / TEMPORAL_API_KEY are for the apps,
  // not for the dev server and our health checks against it.
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('TEMPORAL_')));
}

function tailHint(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const last = lines[lines.length - 1];
    return last ? `; last line: ${last.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}

function redact(url) {
  return String(url).replace(/\/\/[^@/]*@/, '//***@');
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
