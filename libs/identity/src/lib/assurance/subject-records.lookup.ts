import { Injectable } from '@nestjs/common';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { RightsflowConfig, serviceDatabaseName } from '@rightsflow/config';
import { normaliseEmail, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { Connection } from 'mongoose';
import { SubjectRecord } from './data-point-matching';

/** Where identity finds the records a person's data points are matched against (R09). */
export interface SubjectRecordsLookup {
  /** The records held for this email address (usually none or one). */
  findByEmail(email: string): Promise<SubjectRecord[]>;
}

export const SUBJECT_RECORDS_LOOKUP = Symbol('SUBJECT_RECORDS_LOOKUP');

export const COMPANY_CONNECTION = 'company';

/**
 * A read-only connection to the sample company's database (<prefix>_company).
 *
 * THE ONE EXCEPTION to "each service reads only its own database": the data
 * service owns the company's data but offers no verification view yet, so
 * identity reads `portal_accounts` directly, read-only, through this separate
 * connection. Replace PortalAccountsLookup with a lookup over the data
 * service's view when it exists; nothing else in identity needs to change.
 */
export const CompanyDatabaseConnection = MongooseModule.forRootAsync({
  connectionName: COMPANY_CONNECTION,
  inject: [RIGHTSFLOW_CONFIG],
  useFactory: (config: RightsflowConfig) => ({
    uri: config.mongo.url,
    dbName: serviceDatabaseName(config, 'company'),
    serverSelectionTimeoutMS: 10_000,
    // Not our database: never create collections or indexes in it.
    autoIndex: false,
    autoCreate: false,
  }),
});

interface PortalAccount {
  email?: unknown;
  fullName?: unknown;
  accountId?: unknown;
  phone?: unknown;
}

/** Looks a person up in the company's portal accounts by email (fields email, fullName, accountId, phone). */
@Injectable()
export class PortalAccountsLookup implements SubjectRecordsLookup {
  constructor(@InjectConnection(COMPANY_CONNECTION) private readonly company: Connection) {}

  async findByEmail(email: string): Promise<SubjectRecord[]> {
    const variants = [...new Set([email.trim(), normaliseEmail(email)])];
    const accounts = await this.company
      .collection<PortalAccount>('portal_accounts')
      .find({ email: { $in: variants } }, { projection: { _id: 0, fullName: 1, accountId: 1, phone: 1 }, limit: 10 })
      .toArray();
    return accounts.map((account) => ({
      ...text('fullName', account.fullName),
      ...text('accountId', account.accountId),
      ...text('phone', account.phone),
    }));
  }
}

function text<K extends keyof SubjectRecord>(field: K, value: unknown): Partial<SubjectRecord> {
  return typeof value === 'string' || typeof value === 'number' ? { [field]: String(value) } : {};
}
