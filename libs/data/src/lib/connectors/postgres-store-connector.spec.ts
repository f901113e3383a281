import { loadConfig } from '@rightsflow/config';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Inventory } from '../inventory/inventory.types';
import { parseInventory } from '../inventory/load-inventory';
import { erasedValue } from '../erasure/erase-subject-data';
import { createDatabaseIfMissing, dropDatabase, storeLocation, StoreCheckError } from './company-stores';
import { PostgresStoreConnector } from './postgres-store-connector';
import { StoreRecord } from './store-connector';

// The PostgreSQL connector against a real PostgreSQL server (POSTGRES_URL, which
// `npm test` exports from the stack), on a throw-away database of its own.

const FIELD = (erasure: string, extra = '') =>
  `{ category: identifiers, source: subject, purposes: [service], recipients: [], retention: 2 years, erasure: ${erasure}${extra} }`;

const INVENTORY = `
version: 1
controller:
  name: Test Corp
  privacyContact: privacy@example.com
  postalAddress: 1 Test Street
  complaint: { gdpr: Complain to your authority., ccpa: Complain to the CPPA. }
restrictionField: restricted
purposes: [{ id: service, description: Service }]
exceptions: [{ id: security, cite: GDPR Art. 17(3)(e), text: Kept for security. }]
recipients: [{ id: host, name: Host, kind: processor, description: Hosting, disclosure: business_purpose, notNotifiedReason: No access. }]
stores:
  - name: shop
    description: A shop
    engine: postgres
    urlEnv: SHOP_DATABASE_URL
    tables:
      - name: customers
        description: Customers
        link: { field: email }
        fields:
          email: ${FIELD('delete_record', ', attribute: email')}
          customerId: ${FIELD('delete_record')}
          fullName: ${FIELD('delete_record', ', attribute: name')}
        controls:
          optOutSaleSharing: { doNotSell: true }
      - name: visits
        description: Visits of a customer
        link: { field: customerId, via: shop.customers, key: customerId }
        fields:
          customerId: ${FIELD('hash')}
          ip: ${FIELD('mask_ipv4')}
          page: ${FIELD('"null"')}
          userAgent: ${FIELD('legal_hold', ', exception: security')}
`;

const HOSTILE = [
  "o'brien@example.com",
  "'; DROP TABLE customers; --",
  'x\u0000@example.com',
  'a'.repeat(100_000),
  '"quoted" \\ back\\slash',
];

jest.setTimeout(60_000);

let admin: pg.Client;
let connector: PostgresStoreConnector;
let inventory: Inventory;
let database: string;
const config = loadConfig({ ...process.env, NODE_ENV: 'test', MONGO_DB_PREFIX: `t${randomBytes(4).toString('hex')}` });

const spec = (id: string) => inventory.collections.find((c) => c.id === id) as (typeof inventory.collections)[number];

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

const byPage = (a: StoreRecord, b: StoreRecord) => String(a['at']).localeCompare(String(b['at']));

beforeAll(async () => {
  if (!process.env['POSTGRES_URL']) throw new Error('POSTGRES_URL is not set: run this test through `npm test`');
  inventory = parseInventory(INVENTORY);
  const location = storeLocation(inventory.stores[0], config, {});
  database = location.createDatabase as string;
  await createDatabaseIfMissing(config.postgres.url, database);
  await createDatabaseIfMissing(config.postgres.url, database); // a second time is a no-op
  admin = new pg.Client({ connectionString: location.url });
  await admin.connect();
  await admin.query(`
    CREATE TABLE customers (id bigserial PRIMARY KEY, email text NOT NULL, "customerId" text NOT NULL UNIQUE,
      "fullName" text, "doNotSell" boolean, restricted boolean NOT NULL DEFAULT false);
    CREATE INDEX customers_email ON customers (email);
    CREATE TABLE visits (id bigserial PRIMARY KEY, "customerId" text NOT NULL, ip text, page text, "userAgent" text,
      at timestamptz NOT NULL, restricted boolean NOT NULL DEFAULT false);
    CREATE INDEX visits_customer ON visits ("customerId");
  `);
  for (let i = 0; i < 5; i++) {
    await admin.query(`INSERT INTO customers (email, "customerId", "fullName") VALUES ($1, $2, $3)`, [
      `c${i}@example.com`,
      `cust-${i}`,
      `Customer ${i}`,
    ]);
    for (let v = 0; v < 3 + i; v++)
      await admin.query(`INSERT INTO visits ("customerId", ip, page, "userAgent", at) VALUES ($1, $2, $3, $4, $5)`, [
        `cust-${i}`,
        `203.0.113.${10 + v}`,
        `/page/${v}`,
        'Firefox',
        new Date(Date.UTC(2025, 0, 1, i, v)),
      ]);
  }
  connector = new PostgresStoreConnector('shop', new pg.Pool({ connectionString: location.url, max: 3 }), 'restricted');
});

afterAll(async () => {
  await connector?.close();
  await admin?.end();
  if (database) await dropDatabase(config.postgres.url, database);
});

describe('PostgresStoreConnector (real PostgreSQL)', () => {
  it('finds every link lookup served by a btree index (checked in pg_index)', async () => {
    const checks = await connector.checkLinkLookups(inventory.collections);
    expect(checks.map((c) => [c.collection, c.column, c.status, c.detail])).toEqual([
      ['shop.customers', 'email', 'index', 'btree index customers_email'],
      ['shop.visits', 'customerId', 'index', 'btree index visits_customer'],
    ]);
  });

  it('R13 streams exactly the subject’s records, the same rows a direct query returns, and no one else’s', async () => {
    const [customer] = await all(connector.records(spec('shop.customers'), ['c2@example.com']));
    expect(customer).toMatchObject({ email: 'c2@example.com', customerId: 'cust-2', fullName: 'Customer 2' });
    expect(customer).not.toHaveProperty('id'); // the surrogate key is a database internal, carried as _id only
    const visits = (await all(connector.records(spec('shop.visits'), ['cust-2']))).sort(byPage);
    const direct = await admin.query(`SELECT * FROM visits WHERE "customerId" = 'cust-2' ORDER BY at`);
    expect(visits.map((v) => [v['_id'], v['ip'], v['page']])).toEqual(direct.rows.map((r) => [r.id, r.ip, r.page]));
    expect(visits.every((v) => v['customerId'] === 'cust-2')).toBe(true);
    const keysOnly = await all(connector.records(spec('shop.customers'), ['c2@example.com'], ['customerId']));
    expect(keysOnly).toEqual([{ _id: customer['_id'], customerId: 'cust-2' }]);
  });

  it('hostile values (quotes, SQL, NUL, 100 kB) are only ever parameters: they match nothing and change nothing', async () => {
    for (const value of HOSTILE) {
      expect(await all(connector.records(spec('shop.customers'), [value]))).toEqual([]);
      expect(await connector.find(spec('shop.customers'), { email: value }, 'restricted')).toEqual([]);
      expect(await connector.deleteRecords(spec('shop.customers'), [value])).toBe(0);
      expect(await connector.update(spec('shop.customers'), [value], { fullName: 'x' }, ['fullName'])).toEqual({
        matched: 0,
        changed: 0,
      });
    }
    // A hostile value stored as data is data: it reads back as itself.
    await connector.update(spec('shop.customers'), ['c4@example.com'], { fullName: HOSTILE[1] }, ['fullName']);
    expect((await connector.find(spec('shop.customers'), { fullName: HOSTILE[1] }))[0]?.['email']).toBe(
      'c4@example.com',
    );
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM customers');
    expect(rows[0].n).toBe(5);
  });

  it('R04 R19 updates only records not yet in the wanted state: a second run changes nothing', async () => {
    const customers = spec('shop.customers');
    expect(await connector.update(customers, ['c1@example.com'], { doNotSell: true }, ['doNotSell'])).toEqual({
      matched: 1,
      changed: 1,
    });
    expect(await connector.update(customers, ['c1@example.com'], { doNotSell: true }, ['doNotSell'])).toEqual({
      matched: 1,
      changed: 0,
    });
    const { rows } = await admin.query(`SELECT "doNotSell" FROM customers WHERE email = 'c1@example.com'`);
    expect(rows).toEqual([{ doNotSell: true }]);
  });

  it('R17 de-identifies in one transaction: hash (the link too), mask_ipv4, null; legal holds kept; twice changes nothing', async () => {
    const visits = spec('shop.visits');
    const field = (name: string) => visits.fields.find((f) => f.name === name) as (typeof visits.fields)[number];
    const change = (doc: StoreRecord) => {
      const set: Record<string, unknown> = {};
      for (const name of ['customerId', 'ip']) {
        const erased = erasedValue(config, field(name), doc[name], 'req-1');
        if (erased !== doc[name]) set[name] = erased;
      }
      if (doc['page'] !== null) set['page'] = null;
      return set;
    };
    let ticks = 0;
    expect(await connector.deidentify(visits, ['cust-3'], change, () => ticks++)).toEqual({ seen: 6, changed: 6 });
    expect(ticks).toBeGreaterThan(0);
    const { rows } = await admin.query(`SELECT * FROM visits WHERE "customerId" LIKE 'h:%' ORDER BY at`);
    expect(rows).toHaveLength(6);
    expect(rows.every((r) => /^203\.0\.113\.0$/.test(r.ip) && r.page === null && r.userAgent === 'Firefox')).toBe(true);
    expect(await connector.deidentify(visits, ['cust-3'], change, () => undefined)).toEqual({ seen: 0, changed: 0 });
    expect(await connector.deidentify(visits, [rows[0].customerId], change, () => undefined)).toEqual({
      seen: 6,
      changed: 0,
    });
  });

  it('R17 deletes the subject’s records in a transaction; a second run deletes nothing', async () => {
    expect(await connector.deleteRecords(spec('shop.visits'), ['cust-0'])).toBe(3);
    expect(await connector.deleteRecords(spec('shop.visits'), ['cust-0'])).toBe(0);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM visits WHERE "customerId" = 'cust-0'`);
    expect(rows[0].n).toBe(0);
  });

  it('a connection terminated mid-stream fails the read (for the activity to retry), and the next read works', async () => {
    await admin.query(
      `INSERT INTO visits ("customerId", ip, page, at) SELECT 'cust-4', '198.51.100.1', '/p', now() FROM generate_series(1, 3000)`,
    );
    let read = 0;
    const failure = await (async () => {
      try {
        for await (const _ of connector.records(spec('shop.visits'), ['cust-4'])) {
          if (++read === 1)
            await admin.query(
              `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%FROM "visits"%'`,
            );
        }
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();
    expect(failure?.message).toMatch(/terminat|Connection|EPIPE|ECONNRESET/i);
    expect(read).toBeLessThan(3_007);
    expect(await all(connector.records(spec('shop.visits'), ['cust-4']))).toHaveLength(3_007);
  });

  it('refuses at start a missing table, a missing column or a link column without an index, naming the place', async () => {
    await admin.query('DROP INDEX visits_customer');
    await admin.query('ALTER TABLE customers RENAME COLUMN "fullName" TO full_name');
    // A fresh connector, as at a start: it reads the catalog anew.
    const fresh = new PostgresStoreConnector(
      'shop',
      new pg.Pool({ connectionString: storeLocation(inventory.stores[0], config, {}).url, max: 1 }),
      'restricted',
    );
    try {
      const freshChecks = await fresh.checkLinkLookups([
        ...inventory.collections,
        { ...spec('shop.visits'), id: 'shop.page_views', name: 'page_views' },
      ]);
      expect(freshChecks.filter((c) => c.status === 'problem').map((c) => `${c.collection}: ${c.detail}`)).toEqual([
        'shop.customers: table customers: column fullName does not exist',
        expect.stringMatching(
          /^shop\.visits: table visits, column customerId: no btree index leads with the link column/,
        ),
        'shop.page_views: table page_views does not exist in the shop database',
      ]);
    } finally {
      await fresh.close();
    }
  });

  it('a store without its URL variable: required in production, else a database of its own on POSTGRES_URL', () => {
    const store = inventory.stores[0];
    expect(storeLocation(store, config, { SHOP_DATABASE_URL: 'postgres://u@db.example/shop' })).toEqual({
      url: 'postgres://u@db.example/shop',
    });
    expect(storeLocation(store, config, {}).createDatabase).toBe(`${config.mongo.dbPrefix}_shop`);
    const production = { ...config, nodeEnv: 'production' as const };
    expect(() => storeLocation(store, production, {})).toThrow(StoreCheckError);
    expect(() => storeLocation(store, production, {})).toThrow(/SHOP_DATABASE_URL is required in production/);
  });
});
