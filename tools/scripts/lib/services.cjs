// Starts Rightsflow's own processes (the four services and the workflow worker)
// as children, waits for each /health, and can stop or restart any one of them.
// `npm start` and the end-to-end tests share this code path.
// CommonJS, so that the Jest crash-recovery test can require it too.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const serviceApps = [
  { name: 'orchestrator', entry: 'apps/orchestrator/src/main.ts', portVar: 'ORCHESTRATOR_HEALTH_PORT', port: 3104 },
  { name: 'identity', entry: 'apps/identity/src/main.ts', portVar: 'IDENTITY_HEALTH_PORT', port: 3101 },
  { name: 'data', entry: 'apps/data/src/main.ts', portVar: 'DATA_HEALTH_PORT', port: 3102 },
  { name: 'notifications', entry: 'apps/notifications/src/main.ts', portVar: 'NOTIFICATIONS_HEALTH_PORT', port: 3103 },
  { name: 'intake', entry: 'apps/intake/src/main.ts', portVar: 'INTAKE_PORT', port: 3000 },
];

function healthUrl(app, env) {
  return `http://127.0.0.1:${env[app.portVar] ?? app.port}/health`;
}

async function waitForHealth(url, timeoutMs = 90_000, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process exited before ${url} answered`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not become healthy within ${timeoutMs / 1000}s`);
}

class ServiceProcess {
  constructor(app, { root, env, logDir }) {
    Object.assign(this, { app, root, env, logDir });
    this.child = undefined;
  }

  async start() {
    fs.mkdirSync(this.logDir, { recursive: true });
    const out = fs.openSync(path.join(this.logDir, `${this.app.name}.log`), 'a');
    // SERVICE_NODE_FLAGS: Node flags for every service, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to
    // profile a benchmark run (Node refuses --cpu-prof in NODE_OPTIONS).
    const nodeFlags = (this.env.SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeFlags, 'tools/scripts/run-ts.mjs', this.app.entry], {
      cwd: this.root,
      env: this.env,
      stdio: ['ignore', out, out],
    });
    fs.closeSync(out);
    let alive = true;
    this.child.once('exit', () => (alive = false));
    await waitForHealth(healthUrl(this.app, this.env), 120_000, () => alive);
  }

  /** SIGTERM lets the service drain; `hard` kills it like a crash would. */
  async stop({ hard = false } = {}) {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(hard ? 'SIGKILL' : 'SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 35_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(options) {
    await this.stop(options);
    await this.start();
  }
}

/**
 * @returns {Promise<{ processes: Record<string, ServiceProcess>, stop: () => Promise<void> }>}
 */
async function startServices({ root, env, logDir, only, log = console.log }) {
  const apps = serviceApps.filter((app) => !only || only.includes(app.name));
  const processes = Object.fromEntries(apps.map((app) => [app.name, new ServiceProcess(app, { root, env, logDir })]));
  const stop = async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop()));
  };
  const killAll = () => Object.values(processes).forEach((p) => p.child?.kill('SIGKILL'));
  process.once('exit', killAll);
  try {
    // Two cores: start services one after another so each compiles without contention.
    for (const app of apps) {
      const started = Date.now();
      await processes[app.name].start();
      log(`  ${app.name.padEnd(13)} healthy in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { processes, stop };
}

module.exports = { serviceApps, healthUrl, waitForHealth, startServices };
