import { RightsflowConfig } from '@rightsflow/config';
import { CaughtMail, freePorts, productProcessPorts, workspaceRoot } from '@rightsflow/testing';
import { Connection } from '@temporalio/client';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Test support for the end-to-end fault tests: the product's own processes as
 * `npm start` runs them (tools/scripts/lib/services.cjs), a Temporal dev server
 * of the test's own that keeps its database across a restart, and an index of
 * the SMTP catcher's inbox by request id (the local OpenDSR processor is the
 * testing lib's LocalOpenDsrProcessor).
 */

const SETPRIV = '/usr/bin/setpriv';

export type ProcessName = 'orchestrator' | 'identity' | 'data' | 'notifications' | 'intake';

/** One process of services.cjs: start waits for /health; a hard stop is SIGKILL, as in a crash. */
export interface ServiceProcess {
  start(): Promise<void>;
  stop(options?: { hard?: boolean }): Promise<void>;
}

interface ServicesModule {
  startServices(options: {
    root: string;
    env: NodeJS.ProcessEnv;
    logDir: string;
    only?: ProcessName[];
    log?: (line: string) => void;
  }): Promise<{ processes: Record<ProcessName, ServiceProcess>; stop: () => Promise<void> }>;
}

const services = require(path.join(workspaceRoot, 'tools/scripts/lib/services.cjs')) as ServicesModule;


export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ProductProcesses {
  processes: Record<ProcessName, ServiceProcess>;
  intakeUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the four services and the workflow worker as child processes, on free
 * ports, with `config`'s task queues, databases and Temporal address; `env`
 * adds or overrides settings (e.g. limits). Logs go to `logDir/<name>.log`.
 */
export async function startProductProcesses(
  config: RightsflowConfig,
  { env = {}, logDir }: { env?: Record<string, string>; logDir: string },
): Promise<ProductProcesses> {
  const ports = await productProcessPorts();
  const intakeUrl = `http://127.0.0.1:${ports.INTAKE_PORT}`;
  const started = await services.startServices({
    root: workspaceRoot,
    env: {
      ...process.env,
      ...ports,
      NODE_ENV: 'test',
      TEMPORAL_ADDRESS: config.temporal.address,
      TASK_QUEUE_PREFIX: config.temporal.taskQueues.orchestrator.replace(/-orchestrator$/, ''),
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      PUBLIC_BASE_URL: intakeUrl,
      DATA_SERVICE_URL: `http://127.0.0.1:${ports.DATA_HEALTH_PORT}`,
      ...env,
    },
    logDir,
    log: () => undefined,
  });
  return { processes: started.processes, intakeUrl, stop: started.stop };
}

/** The stack's Temporal CLI (tools.mjs), the search attributes it registers and its SQLite settings (stack.mjs). */
function stackTemporal(): { cli: string; searchAttributes: Record<string, string>; sqlitePragmas: string[] } {
  const lib = (file: string) => JSON.stringify(pathToFileURL(path.join(workspaceRoot, 'tools/scripts/lib', file)).href);
  // ESM modules: read in a child Node, since Jest runs this file as CommonJS.
  const script = [
    `const tools = await import(${lib('tools.mjs')});`,
    `const stack = await import(${lib('stack.mjs')});`,
    `const found = await tools.ensureTools({ root: ${JSON.stringify(workspaceRoot)}, log: (line) => console.error(line) });`,
    `console.log(JSON.stringify({ cli: found.temporal, searchAttributes: stack.SEARCH_ATTRIBUTES, sqlitePragmas: stack.TEMPORAL_SQLITE_PRAGMAS }));`,
  ].join('\n');
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: workspaceRoot,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').pop() ?? '{}');
}

/**
 * A Temporal dev server of this test's own, with its SQLite database in a file,
 * so that a restart keeps every workflow (the `npm test` stack's server is
 * in-memory). Same CLI, search attributes and SQLite settings as the local stack.
 */
export class TemporalDevServer {
  private child?: ChildProcess;

  private constructor(
    private readonly cli: string,
    private readonly searchAttributes: Record<string, string>,
    private readonly sqlitePragmas: string[],
    readonly dbFile: string,
    private readonly logFile: string,
    readonly port: number,
    readonly uiPort: number,
  ) {}

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  static async start(dir: string): Promise<TemporalDevServer> {
    fs.mkdirSync(dir, { recursive: true });
    const { cli, searchAttributes, sqlitePragmas } = stackTemporal();
    const [port, uiPort] = await freePorts(2);
    const server = new TemporalDevServer(cli, searchAttributes, sqlitePragmas, path.join(dir, 'temporal.db'), path.join(dir, 'temporal.log'), port, uiPort);
    await server.start();
    return server;
  }

  async start(): Promise<void> {
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--ui-port',
      String(this.uiPort),
      '--db-filename',
      this.dbFile,
      '--namespace',
      'default',
      '--log-level',
      'warn',
      ...this.sqlitePragmas,
      ...Object.entries(this.searchAttributes).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ];
    const out = fs.openSync(this.logFile, 'a');
    // The server's own settings only: TEMPORAL_* variables are the apps' client settings.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TEMPORAL_')));
    // setpriv: the server gets SIGTERM if this test process dies without stopping it (as stack.mjs does).
    const [file, argv] = fs.existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'SIGTERM', '--', this.cli, ...args]]
      : [this.cli, args];
    const child = spawn(file, argv, { env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child = child;
    let exited = false;
    child.once('exit', () => (exited = true));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (exited) throw new Error(`temporal server exited before it was ready; see ${this.logFile}`);
      if (await this.answers()) return;
      if (Date.now() > deadline) throw new Error(`temporal server not ready within 120s; see ${this.logFile}`);
      await sleep(300);
    }
  }

  /** SIGTERM, then SIGKILL after 20 s; the database file stays. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Ready = the frontend answers for the namespace with our search attributes registered. */
  private async answers(): Promise<boolean> {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address: this.address, connectTimeout: 2_000 });
      const namespace = await connection.workflowService.describeNamespace({ namespace: 'default' });
      return namespace.namespaceInfo?.name === 'default';
    } catch {
      return false;
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
}

/** The headers Rightsflow puts on every email (notifications' MessageSender). */
export function requestIdOf(mail: CaughtMail): string | undefined {
  return headerOf(mail, 'x-rightsflow-request');
}

export function messageKindOf(mail: CaughtMail): string | undefined {
  return headerOf(mail, 'x-rightsflow-message');
}

function headerOf(mail: CaughtMail, name: string): string | undefined {
  const entry = Object.entries(mail.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  const value = entry?.[1] as unknown;
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
}

/**
 * The SMTP catcher's inbox, read incrementally (`?skip=`) and indexed by the
 * request id header: hundreds of concurrent waiters share one poll.
 */
export class InboxIndex {
  private readonly byRequest = new Map<string, CaughtMail[]>();
  private seen = 0;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(private readonly apiUrl: string) {}

  /** Mails about `requestId` so far, in arrival order. */
  mailsOf(requestId: string): CaughtMail[] {
    return this.byRequest.get(requestId) ?? [];
  }

  get total(): number {
    return this.seen;
  }

  startPolling(everyMs = 1_500): void {
    const tick = async () => {
      await this.refresh().catch(() => undefined);
      if (this.timer) this.timer = setTimeout(() => void tick(), everyMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  async stopPolling(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.polling;
  }

  refresh(): Promise<void> {
    this.polling ??= this.fetchNew().finally(() => (this.polling = undefined));
    return this.polling;
  }

  /** Every mail again from the start: what the final counts are taken from. */
  async reload(): Promise<void> {
    await this.polling;
    this.byRequest.clear();
    this.seen = 0;
    await this.refresh();
  }

  /** Waits for a mail about `requestId` matching `predicate`. */
  async waitFor(requestId: string, predicate: (mail: CaughtMail) => boolean, timeoutMs: number): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mailsOf(requestId).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching email about ${requestId} within ${timeoutMs}ms`);
      await sleep(500);
    }
  }

  private async fetchNew(): Promise<void> {
    const response = await fetch(`${this.apiUrl}/email?skip=${this.seen}`);
    if (!response.ok) throw new Error(`mail API answered ${response.status}`);
    const mails = (await response.json()) as CaughtMail[];
    for (const mail of mails) {
      const requestId = requestIdOf(mail);
      if (requestId) this.byRequest.set(requestId, [...this.mailsOf(requestId), mail]);
    }
    this.seen += mails.length;
  }
}
