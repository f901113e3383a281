import { testConfig, workspaceRoot } from '@rightsflow/testing';
import { freePort } from '../../test-support/data-test-kit';
import { dropDatabase } from '../connectors/company-stores';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

jest.setTimeout(90_000);

/**
 * The real entry point, as `npm start` runs it, on databases of its own: it must exit with
 * the message, not run half-configured. Returns its exit status and everything it printed.
 */
async function startDataService(
  config: ReturnType<typeof testConfig>,
  env: Record<string, string> = {},
): Promise<{ status: number | null; output: string }> {
  const started = spawnSync(process.execPath, ['tools/scripts/run-ts.mjs', 'apps/data/src/main.ts'], {
    cwd: workspaceRoot,
    env: {
      ...process.env,
      MONGO_DB_PREFIX: config.mongo.dbPrefix,
      TASK_QUEUE_PREFIX: config.mongo.dbPrefix,
      DATA_HEALTH_PORT: String(await freePort()),
      NODE_ENV: 'test',
      ...env,
    },
    encoding: 'utf8',
    timeout: 80_000,
  });
  return { status: started.status, output: started.stderr + started.stdout };
}

describe('data service start', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-inventory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start with an invalid inventory, naming the place at fault', async () => {
    const file = path.join(dir, 'bad.yaml');
    const good = readFileSync(path.join(workspaceRoot, 'infra/inventory/sample-company.yaml'), 'utf8');
    const held = 'retention: 2 years, erasure: legal_hold, exception: security }';
    expect(good).toContain(held);
    writeFileSync(file, good.replace(held, 'retention: 2 years, erasure: wipe }'));
    const started = await startDataService(testConfig(), { INVENTORY_FILE: file });
    expect(started.status).not.toBe(0);
    const line = good.split('\n').findIndex((text) => text.includes(held)) + 1;
    expect(started.output).toMatch(
      new RegExp(
        String.raw`The data inventory is invalid:\s+stores\[0\]\.tables\[2\]\.fields\.ip\.erasure: unknown action "wipe" .*\(line ${line}\)`,
      ),
    );
  });

  it('refuses to start when a table of the inventory does not exist, naming the store and table', async () => {
    const config = testConfig();
    // Nothing seeded: the telemetry and portal databases are created empty, so the first table is missing.
    const started = await startDataService(config);
    try {
      expect(started.status).not.toBe(0);
      expect(started.output).toMatch(
        /do not match the inventory:\s+telemetry\.sessions: table sessions does not exist in the telemetry database/,
      );
    } finally {
      for (const store of ['telemetry', 'portal'])
        await dropDatabase(config.postgres.url, `${config.mongo.dbPrefix}_${store}`);
    }
  });
});
