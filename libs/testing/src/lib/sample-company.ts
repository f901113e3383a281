import { companySqlStoreUrl, RightsflowConfig } from '@rightsflow/config';
import pg from 'pg';

export interface SeededSubject {
  email: string;
  fullName: string;
  accountId: string;
  phone: string;
}

/** The sample company's portal accounts (PostgreSQL table `accounts` of the portal store). */
async function portalQuery<T extends pg.QueryResultRow>(
  config: RightsflowConfig,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: companySqlStoreUrl(config, 'portal', 'PORTAL_DATABASE_URL').url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * What the sample company holds for a seeded email: the details a real person
 * would type into the form so that their identity can be matched (R09).
 */
export async function seededSubject(config: RightsflowConfig, email: string): Promise<SeededSubject> {
  const [account] = await portalQuery<{ fullName: string; accountId: string; phone: string }>(
    config,
    'SELECT "fullName", "accountId", phone FROM accounts WHERE email = $1 LIMIT 1',
    [email],
  );
  if (!account) throw new Error(`the sample company has no account for ${email}`);
  return {
    email,
    fullName: String(account.fullName),
    accountId: String(account.accountId),
    phone: String(account.phone),
  };
}

/** Emails of seeded people who hold a portal account (so their details can be matched), in seed order. */
export async function seededAccountEmails(config: RightsflowConfig): Promise<string[]> {
  const rows = await portalQuery<{ email: string }>(config, 'SELECT email FROM accounts');
  return rows.map((account) => String(account.email)).sort();
}

/**
 * The seeded people of one test product, handed out one per journey so no two
 * journeys of a file share a person; `fromEnd` starts at the other end of the
 * seed, for a file whose product shares its people with another file's.
 */
export class SeededPeople {
  private constructor(
    private readonly config: RightsflowConfig,
    private readonly emails: string[],
  ) {}

  static async of(config: RightsflowConfig, { fromEnd = false } = {}): Promise<SeededPeople> {
    const emails = await seededAccountEmails(config);
    return new SeededPeople(config, fromEnd ? emails.reverse() : emails);
  }

  /** A seeded person, with the details the company holds, that no earlier call returned. */
  async next(): Promise<SeededSubject> {
    const email = this.emails.shift();
    if (!email) throw new Error('seed more subjects: every seeded account is used');
    return seededSubject(this.config, email);
  }
}
