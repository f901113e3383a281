import { escapeIdentifier } from 'pg';

/**
 * The sample company's two SQL systems, as real tables: the customer portal
 * (Planisware-like) and the product telemetry (WalkMe-like), each in its own
 * PostgreSQL database. Tables are created bare and bulk-loaded (COPY); keys,
 * the btree indexes on link columns and foreign keys come after the load,
 * which is faster than maintaining them row by row. Columns keep the
 * inventory's field names (quoted camelCase), so a record reads the same from
 * either engine. Every table has `restricted` (the inventory's restriction
 * flag, R20) and a surrogate key `id`, which the connector keeps internal.
 */
export interface TableSchema {
  name: string;
  columns: [name: string, type: string][];
  /** Unique keys other tables link by. */
  unique?: string[];
  /** Link columns (a btree index each). */
  indexed?: string[];
  /** Foreign keys: column → `table(column)`. Only where a child never outlives its parent (erasure keeps none). */
  references?: Record<string, string>;
}

const TEXT = 'text';
const TIME = 'timestamptz';
const common: [string, string][] = [['restricted', 'boolean NOT NULL DEFAULT false']];

export const SAMPLE_SQL_STORES: Record<string, TableSchema[]> = {
  telemetry: [
    {
      name: 'sessions',
      columns: [
        ['sessionId', `${TEXT} NOT NULL`],
        ['cookieId', `${TEXT} NOT NULL`],
        ['ipMasked', TEXT],
        ['city', TEXT],
        ['country', TEXT],
        ['userAgent', TEXT],
        ['startedAt', TIME],
        ['durationSeconds', 'integer'],
      ],
      unique: ['sessionId'],
      indexed: ['cookieId'],
    },
    {
      // No foreign key to sessions: erasure keeps de-identified events after their session is deleted.
      name: 'events',
      columns: [
        ['sessionId', `${TEXT} NOT NULL`],
        ['type', TEXT],
        ['ip', TEXT],
        ['elementText', TEXT],
        ['url', TEXT],
        ['at', TIME],
      ],
      indexed: ['sessionId'],
    },
    {
      name: 'access_logs',
      columns: [
        ['cookieId', `${TEXT} NOT NULL`],
        ['ip', TEXT],
        ['userAgent', TEXT],
        ['method', TEXT],
        ['path', TEXT],
        ['status', 'integer'],
        ['at', TIME],
      ],
      indexed: ['cookieId'],
    },
  ],
  portal: [
    {
      name: 'accounts',
      columns: [
        ['accountId', `${TEXT} NOT NULL`],
        ['email', `${TEXT} NOT NULL`],
        ['fullName', TEXT],
        ['phone', TEXT],
        ['company', TEXT],
        ['jobTitle', TEXT],
        ['passwordHash', TEXT],
        ['securityAnswerHash', TEXT],
        ['createdAt', TIME],
        ['lastLoginAt', TIME],
        ['doNotSell', 'boolean'],
        ['limitSensitiveUse', 'boolean'],
      ],
      unique: ['accountId'],
      indexed: ['email'],
    },
    {
      name: 'support_tickets',
      columns: [
        ['accountId', `${TEXT} NOT NULL`],
        ['subject', TEXT],
        ['body', TEXT],
        ['status', TEXT],
        ['openedAt', TIME],
      ],
      indexed: ['accountId'],
      references: { accountId: 'accounts(accountId)' },
    },
    {
      // No foreign key: invoices are kept (legal hold) after the account is erased, their link pseudonymised.
      name: 'invoices',
      columns: [
        ['accountId', `${TEXT} NOT NULL`],
        ['billingName', TEXT],
        ['billingAddress', TEXT],
        ['invoiceNumber', TEXT],
        ['amount', 'integer'],
        ['currency', TEXT],
        ['issuedAt', TIME],
      ],
      indexed: ['accountId'],
    },
    {
      name: 'forum_posts',
      columns: [
        ['accountId', `${TEXT} NOT NULL`],
        ['authorName', TEXT],
        ['title', TEXT],
        ['body', TEXT],
        ['postedAt', TIME],
      ],
      indexed: ['accountId'],
      references: { accountId: 'accounts(accountId)' },
    },
    {
      name: 'academy_enrolments',
      columns: [
        ['accountId', `${TEXT} NOT NULL`],
        ['course', TEXT],
        ['examScore', 'integer'],
        ['certified', 'boolean'],
        ['enrolledAt', TIME],
      ],
      indexed: ['accountId'],
      references: { accountId: 'accounts(accountId)' },
    },
    {
      name: 'event_registrations',
      columns: [
        ['email', `${TEXT} NOT NULL`],
        ['fullName', TEXT],
        ['company', TEXT],
        ['jobTitle', TEXT],
        ['event', TEXT],
        ['amountPaid', 'integer'],
        ['invoiceNumber', TEXT],
        ['registeredAt', TIME],
      ],
      indexed: ['email'],
    },
    {
      name: 'marketing_contacts',
      columns: [
        ['email', `${TEXT} NOT NULL`],
        ['fullName', TEXT],
        ['company', TEXT],
        ['source', TEXT],
        ['activityScore', 'integer'],
        ['status', TEXT],
        ['unsubscribedAt', TIME],
        ['lastEmailActionAt', TIME],
        ['doNotShare', 'boolean'],
      ],
      indexed: ['email'],
    },
    {
      name: 'chat_transcripts',
      columns: [
        ['email', `${TEXT} NOT NULL`],
        ['visitorName', TEXT],
        ['messages', 'jsonb'],
        ['startedAt', TIME],
      ],
      indexed: ['email'],
    },
    {
      name: 'job_applications',
      columns: [
        ['email', `${TEXT} NOT NULL`],
        ['fullName', TEXT],
        ['phone', TEXT],
        ['position', TEXT],
        ['resumeText', TEXT],
        ['workPermitNumber', TEXT],
        ['status', TEXT],
        ['appliedAt', TIME],
      ],
      indexed: ['email'],
    },
  ],
};

/** The loaded columns of a table (its `id` is generated, `restricted` defaults to false). */
export function loadColumns(table: TableSchema): string[] {
  return table.columns.map(([name]) => name);
}

export function createTableSql(table: TableSchema): string {
  const columns = [['id', 'bigserial NOT NULL'], ...table.columns, ...common].map(
    ([name, type]) => `${escapeIdentifier(name)} ${type}`,
  );
  return `CREATE TABLE IF NOT EXISTS ${escapeIdentifier(table.name)} (${columns.join(', ')})`;
}

/**
 * After the bulk load: primary key, unique keys, link indexes, foreign keys.
 * Each is skipped when it exists (a grown company keeps its indexes while loading).
 */
export function finishTableSql(table: TableSchema): string[] {
  const t = escapeIdentifier(table.name);
  const once = (name: string, ddl: string) =>
    `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = ${quoteLiteral(name)}) THEN ${ddl}; END IF; END $$`;
  return [
    once(
      `${table.name}_pkey`,
      `ALTER TABLE ${t} ADD CONSTRAINT ${escapeIdentifier(`${table.name}_pkey`)} PRIMARY KEY (id)`,
    ),
    ...(table.unique ?? []).map((column) =>
      once(
        `${table.name}_${column}_key`,
        `ALTER TABLE ${t} ADD CONSTRAINT ${escapeIdentifier(`${table.name}_${column}_key`)} UNIQUE (${escapeIdentifier(column)})`,
      ),
    ),
    ...(table.indexed ?? []).map(
      (column) =>
        `CREATE INDEX IF NOT EXISTS ${escapeIdentifier(`${table.name}_${column}_idx`)} ON ${t} (${escapeIdentifier(column)})`,
    ),
    ...Object.entries(table.references ?? {}).map(([column, target]) => {
      const [, parent, parentColumn] = /^(\w+)\((\w+)\)$/.exec(target) as RegExpExecArray;
      const name = `${table.name}_${column}_fkey`;
      return once(
        name,
        `ALTER TABLE ${t} ADD CONSTRAINT ${escapeIdentifier(name)} FOREIGN KEY (${escapeIdentifier(column)}) REFERENCES ${escapeIdentifier(parent)} (${escapeIdentifier(parentColumn)})`,
      );
    }),
  ];
}

/** A literal for our own constant names inside a DO block (never user input). */
function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
