import { loadConfig, RightsflowConfig } from '@rightsflow/config';
import { randomBytes } from 'node:crypto';

/**
 * Configuration for one test file on the shared test stack: its own task queues
 * and databases (unique prefixes), so test files running in parallel never
 * pick up each other's tasks or documents.
 */
export function testConfig(overrides: Record<string, string> = {}): RightsflowConfig {
  const id = randomBytes(4).toString('hex');
  return loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    TASK_QUEUE_PREFIX: `t${id}`,
    MONGO_DB_PREFIX: `t${id}`,
    ...overrides,
  });
}

/** Fails fast with a clear message when a test runs outside `npm test`. */
export function requireStackEnv(name: 'TEMPORAL_ADDRESS' | 'MONGO_URL' | 'MAIL_API_URL'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through \`npm test\`, which starts the stack`);
  return value;
}

/** npm test's throw-away directory for the one workflow bundle every worker of the run shares (see createWorkflowWorker). */
export function testWorkflowBundleDir(): string | undefined {
  const dir = process.env['STACK_DATA_DIR'];
  return dir ? `${dir}/workflow-bundles` : undefined;
}
