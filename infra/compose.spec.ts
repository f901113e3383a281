import { dsarSearchAttributes } from '@rightsflow/contracts';
import { loadConfig, settings } from '@rightsflow/config';
import { loadInventory } from '@rightsflow/data';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so this proves what it can without one: the
// compose file parses, and agrees with the configuration our services read.
interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] | string };
  depends_on?: Record<string, { condition: string }>;
  command?: string[] | string;
}

const root = path.resolve(__dirname, '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;
const defaults = loadConfig({});
const inventory = loadInventory(path.join(root, 'infra/inventory/sample-company.yaml'));
const storeUrlVariables = inventory.stores.map((s) => s.urlEnv);
const ourServices = {
  intake: { portVar: 'INTAKE_PORT', port: defaults.http.intakePort },
  identity: { portVar: 'IDENTITY_HEALTH_PORT', port: defaults.http.healthPorts.identity },
  data: { portVar: 'DATA_HEALTH_PORT', port: defaults.http.healthPorts.data },
  notifications: { portVar: 'NOTIFICATIONS_HEALTH_PORT', port: defaults.http.healthPorts.notifications },
  orchestrator: { portVar: 'ORCHESTRATOR_HEALTH_PORT', port: defaults.http.healthPorts.orchestrator },
};

describe('docker-compose.yml', () => {
  it('has the production-like stack with pinned images', () => {
    for (const name of ['mongo', 'postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui', 'mailcatcher']) {
      expect(services[name]?.image).toMatch(/^[\w./-]+:\d[\w.-]*$/);
    }
    expect(services['mongo'].image).toBe('mongo:7.0');
    expect(services['mongo'].command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(services['temporal'].environment?.['DB']).toBe('postgres12');
  });

  it('publishes the default ports the local stack uses', () => {
    expect(services['temporal'].ports).toContain('7233:7233');
    expect(services['temporal-ui'].ports).toContain('8233:8080');
    expect(services['mongo'].ports).toContain('27017:27017');
    expect(services['mailcatcher'].ports).toEqual(expect.arrayContaining(['1025:1025', '1080:1080']));
    expect(services['intake'].ports).toContain(`${defaults.http.intakePort}:${defaults.http.intakePort}`);
  });

  it('registers exactly our search attributes', () => {
    const command = ([] as string[]).concat(services['temporal-admin-tools'].command ?? []).join(' ');
    for (const key of dsarSearchAttributes) {
      expect(command).toContain(`--name ${key.name} --type`);
    }
    expect(services['temporal-admin-tools'].depends_on?.['temporal'].condition).toBe('service_healthy');
  });

  it.each(Object.entries(ourServices))(
    'runs %s from the one Dockerfile with a health check on its configured port',
    (name, { portVar, port }) => {
      const service = services[name];
      expect(service.build).toMatchObject({ dockerfile: 'infra/docker/Dockerfile', args: { APP: name } });
      expect(service.environment?.[portVar]).toBe(String(port));
      expect(JSON.stringify(service.healthcheck?.test)).toContain(`127.0.0.1:${port}/health`);
      expect(service.depends_on).toMatchObject({
        mongo: { condition: 'service_healthy' },
        temporal: { condition: 'service_healthy' },
        'temporal-admin-tools': { condition: 'service_completed_successfully' },
      });
      expect(readFileSync(path.join(root, 'apps', name, 'src/main.ts'), 'utf8')).toBeTruthy();
    },
  );

  it('gives every long-running service a health check', () => {
    for (const [name, service] of Object.entries(services)) {
      // One-shot jobs: they run to completion before the services that need them.
      if (name === 'temporal-admin-tools' || name === 'company-seed') continue;
      expect({ name, healthcheck: Boolean(service.healthcheck) }).toEqual({ name, healthcheck: true });
    }
  });

  it('sets only variables the configuration or the inventory knows, with values it accepts', () => {
    // Besides the settings, the data service (and identity, which reads the portal's accounts)
    // reads the URL of each company store from the variable the inventory names.
    const known = new Set<string>([...settings.map((s) => s.env), ...storeUrlVariables]);
    for (const name of Object.keys(ourServices)) {
      const env = { ...services[name].environment };
      for (const variable of Object.keys(env))
        expect({ variable, known: known.has(variable) }).toEqual({ variable, known: true });
      const filled = Object.fromEntries(
        Object.entries(env).map(([k, v]) => [k, String(v).startsWith('${') ? validSecret(k) : String(v)]),
      );
      expect(() => loadConfig(filled)).not.toThrow();
    }
  });

  it('gives the data service every company store of the inventory, the SQL ones on the company PostgreSQL', () => {
    const env = services['data'].environment ?? {};
    expect(Object.keys(env)).toEqual(expect.arrayContaining(storeUrlVariables));
    for (const store of inventory.stores.filter((s) => s.engine === 'postgres'))
      expect(env[store.urlEnv]).toMatch(new RegExp(`^postgres://[^@]+@company-db:5432/${store.name}$`));
    expect(services['company-db'].image).toMatch(/^postgres:\d/);
    expect(services['data'].depends_on?.['company-seed']?.condition).toBe('service_completed_successfully');
    expect(services['company-seed'].command).toEqual(
      expect.arrayContaining(['libs/data/src/seed/seed.cli.ts', '--if-empty']),
    );
  });

  it('builds from a Dockerfile that exists and runs the app named by APP', () => {
    const dockerfile = readFileSync(path.join(root, 'infra/docker/Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/FROM node:20[\w.-]* AS deps/);
    expect(dockerfile).toContain('npm ci');
    expect(dockerfile).toContain('apps/${APP}/src/main.ts');
  });
});

function validSecret(name: string): string {
  if (name === 'PAYLOAD_CODEC_KEYS') return `k1:${'cd'.repeat(32)}`;
  return name === 'SECRET_ENCRYPTION_KEY' ? 'ab'.repeat(32) : `${name.toLowerCase()}-${'x'.repeat(32)}`;
}
