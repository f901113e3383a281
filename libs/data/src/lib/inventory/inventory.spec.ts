import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadInventory, parseInventory } from './load-inventory';
import { InventoryError } from './validate-inventory';

const file = path.resolve(__dirname, '../../../../../infra/inventory/sample-company.yaml');

/** The parsed YAML, typed loosely enough to break it on purpose. */
interface RawItem {
  link: Record<string, string>;
  fields: Record<string, Record<string, unknown>>;
}
interface RawInventory {
  stores: { collections: RawItem[]; tables: RawItem[]; engine?: string; urlEnv?: string }[];
  recipients: Record<string, unknown>[];
}

function problemsOf(mutate: (doc: RawInventory) => void): string[] {
  const doc = parse(readFileSync(file, 'utf8')) as RawInventory;
  mutate(doc);
  try {
    parseInventory(stringify(doc));
  } catch (error) {
    if (error instanceof InventoryError) return error.problems;
    throw error;
  }
  return [];
}

describe('data inventory', () => {
  it('R13 the sample company inventory is valid, with parents ordered before the collections linked through them', () => {
    const inventory = loadInventory(file);
    const order = inventory.collections.map((c) => c.id);
    expect(order).toHaveLength(14);
    expect(order.indexOf('engagement.profiles')).toBeLessThan(order.indexOf('telemetry.sessions'));
    expect(order.indexOf('telemetry.sessions')).toBeLessThan(order.indexOf('telemetry.events'));
    expect(order.indexOf('portal.accounts')).toBeLessThan(order.indexOf('portal.forum_posts'));
    const accounts = inventory.collections.find((c) => c.id === 'portal.accounts');
    expect(accounts?.mongoName).toBe('portal_accounts');
    expect(accounts?.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['email', 'fullName', 'accountId', 'phone']),
    );
    expect(accounts?.fields.find((f) => f.name === 'passwordHash')?.neverDisclose).toBe('password');
  });

  it('refuses an unknown erasure action, naming the place', () => {
    expect(problemsOf((d) => (d.stores[0].tables[2].fields.ip.erasure = 'wipe'))).toEqual([
      expect.stringMatching(/^stores\[0\]\.tables\[2\]\.fields\.ip\.erasure: unknown action "wipe" .*\(line \d+\)$/),
    ]);
  });

  it('refuses a missing erasure action, naming the place', () => {
    expect(problemsOf((d) => delete d.stores[1].tables[0].fields.email.erasure)).toEqual([
      expect.stringMatching(/^stores\[1\]\.tables\[0\]\.fields\.email\.erasure: required \(line \d+\)$/),
    ]);
  });

  it('refuses a bad CCPA category, naming the place', () => {
    expect(problemsOf((d) => (d.stores[2].collections[0].fields.phone.category = 'contact'))).toEqual([
      expect.stringMatching(
        /^stores\[2\]\.collections\[0\]\.fields\.phone\.category: unknown CCPA category "contact" .*\(line \d+\)$/,
      ),
    ]);
  });

  it('refuses a link through an unknown collection, naming the place', () => {
    expect(problemsOf((d) => (d.stores[0].tables[0].link.via = 'engagement.profile'))).toEqual([
      expect.stringMatching(
        /^stores\[0\]\.tables\[0\]\.link\.via: unknown collection "engagement.profile" .*\(line \d+\)$/,
      ),
    ]);
  });

  it('R17 refuses a legal hold without a declared exception', () => {
    expect(problemsOf((d) => (d.stores[0].tables[2].fields.ip.exception = 'because'))).toEqual([
      expect.stringMatching(
        /^stores\[0\]\.tables\[2\]\.fields\.ip\.exception: unknown exception "because" .*\(line \d+\)$/,
      ),
    ]);
  });

  it('R18 refuses a recipient that can neither be told nor has a reason', () => {
    expect(problemsOf((d) => delete d.recipients[3].notNotifiedReason)).toEqual([
      expect.stringMatching(
        /^recipients\[3\]: needs an `endpoint` \(OpenDSR\) or a `notNotifiedReason` \(R18\) \(line \d+\)$/,
      ),
    ]);
  });

  it('reports every problem at once, and cycles and unknown properties', () => {
    const problems = problemsOf((d) => {
      d.stores[2].collections[0].link = { field: 'email', via: 'telemetry.sessions', key: 'cookieId' };
      d.stores[1].tables[0].fields.email.colour = 'blue';
    });
    expect(problems).toEqual([
      expect.stringMatching(/^stores\[1\]\.tables\[0\]\.fields\.email\.colour: unknown property .*\(line \d+\)$/),
      expect.stringMatching(/link\.via: links form a cycle: .*engagement\.profiles.* \(line \d+\)$/),
    ]);
  });

  it('names each store’s engine and the variable of its URL (never the URL), and keeps SQL column names plain', () => {
    const inventory = loadInventory(file);
    expect(inventory.stores.map((s) => [s.name, s.engine, s.urlEnv])).toEqual([
      ['telemetry', 'postgres', 'TELEMETRY_DATABASE_URL'],
      ['portal', 'postgres', 'PORTAL_DATABASE_URL'],
      ['engagement', 'mongodb', 'ENGAGEMENT_DATABASE_URL'],
    ]);
    // The schema's engine conditional is checked before the store's properties, hence this order.
    expect(problemsOf((d) => (d.stores[1].engine = 'oracle'))).toEqual([
      expect.stringMatching(/^stores\[1\]\.collections: required \(line \d+\)$/),
      expect.stringMatching(/^stores\[1\]\.engine: unknown engine "oracle" \(one of mongodb, postgres\) \(line \d+\)$/),
    ]);
    expect(problemsOf((d) => (d.stores[0].urlEnv = 'postgres://u:secret@db/telemetry'))).toEqual([
      expect.stringMatching(/^stores\[0\]\.urlEnv: .* must be the NAME of an environment variable .*\(line \d+\)$/),
    ]);
    expect(
      problemsOf((d) => {
        d.stores[1].tables[0].fields['profile.phone'] = d.stores[1].tables[0].fields['phone'];
      }),
    ).toEqual([
      expect.stringMatching(
        /^stores\[1\]\.tables\[0\]\.fields\.profile\.phone: a column name cannot be a dotted path \(line \d+\)$/,
      ),
    ]);
    expect(
      problemsOf((d) => {
        d.stores[2].tables = d.stores[2].collections;
      }),
    ).toEqual([
      expect.stringMatching(/^stores\[2\]\.tables: a mongodb store lists collections, not tables \(line \d+\)$/),
    ]);
  });

  it('applies PROCESSOR_ENDPOINTS overrides and refuses unknown ids', () => {
    const text = readFileSync(file, 'utf8');
    expect(parseInventory(text, { 'engage-cloud': 'http://127.0.0.1:9/x/' }).recipients[0].endpoint).toBe(
      'http://127.0.0.1:9/x',
    );
    expect(() => parseInventory(text, { nobody: 'http://x' })).toThrow('PROCESSOR_ENDPOINTS: "nobody"');
  });
});
