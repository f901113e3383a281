import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { companySqlStoreUrl, RightsflowConfig } from '@rightsflow/config';
import { normaliseEmail, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import pg from 'pg';
import { SubjectRecord } from './data-point-matching';

/** Where identity finds the records a person's data points are matched against (R09). */
export interface SubjectRecordsLookup {
  /** The records held for this email address (usually none or one). */
  findByEmail(email: string): Promise<SubjectRecord[]>;
}

export const SUBJECT_RECORDS_LOOKUP = Symbol('SUBJECT_RECORDS_LOOKUP');

/** The sample company's portal store and the variable of its URL, as the inventory names them. */
export const PORTAL_STORE = { name: 'portal', urlEnv: 'PORTAL_DATABASE_URL' } as const;

/** PostgreSQL: the relation does not exist (42P01), the database does not exist (3D000). */
const NOTHING_THERE = new Set(['42P01', '3D000']);

/**
 * Looks a person up in the company's portal accounts (PostgreSQL table
 * `accounts`: email, fullName, accountId, phone), read-only.
 *
 * THE ONE EXCEPTION to "each service reads only its own database": the data
 * service owns the company's data but offers no verification view yet, so
 * identity reads the portal's accounts directly through a pool of its own.
 * Replace this lookup with one over the data service's view when it exists;
 * nothing else in identity needs to change.
 */
@Injectable()
export class PortalAccountsLookup implements SubjectRecordsLookup, OnModuleDestroy {
  private readonly pool: pg.Pool;

  constructor(@Inject(RIGHTSFLOW_CONFIG) config: RightsflowConfig) {
    const { url } = companySqlStoreUrl(config, PORTAL_STORE.name, PORTAL_STORE.urlEnv);
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000 });
    // A cut idle connection is dropped by the pool; the next lookup opens a new one.
    this.pool.on('error', () => undefined);
  }

  async findByEmail(email: string): Promise<SubjectRecord[]> {
    // PostgreSQL text cannot hold NUL: such an address matches no one.
    const variants = [...new Set([email.trim(), normaliseEmail(email)])].filter((v) => !v.includes('\u0000'));
    try {
      const { rows } = await this.pool.query<{ fullName: unknown; accountId: unknown; phone: unknown }>(
        'SELECT "fullName", "accountId", phone FROM accounts WHERE email = ANY($1) LIMIT 10',
        [variants],
      );
      return rows.map((account) => ({
        ...text('fullName', account.fullName),
        ...text('accountId', account.accountId),
        ...text('phone', account.phone),
      }));
    } catch (error) {
      // No portal yet (a company not seeded): nobody is held there.
      if (NOTHING_THERE.has(String((error as { code?: unknown }).code))) return [];
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}

function text<K extends keyof SubjectRecord>(field: K, value: unknown): Partial<SubjectRecord> {
  return typeof value === 'string' || typeof value === 'number' ? { [field]: String(value) } : {};
}
