import { RightsflowConfig, serviceDatabaseName } from '@rightsflow/config';
import mongoose from 'mongoose';

export interface SeededSubject {
  email: string;
  fullName: string;
  accountId: string;
  phone: string;
}

/**
 * What the sample company holds for a seeded email: the details a real person
 * would type into the form so that their identity can be matched (R09).
 */
export async function seededSubject(config: RightsflowConfig, email: string): Promise<SeededSubject> {
  const connection = await mongoose
    .createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'company') })
    .asPromise();
  try {
    const account = await connection.collection('portal_accounts').findOne({ email });
    if (!account) throw new Error(`the sample company has no account for ${email}`);
    return {
      email,
      fullName: String(account['fullName']),
      accountId: String(account['accountId']),
      phone: String(account['phone']),
    };
  } finally {
    await connection.close();
  }
}

/** Emails of seeded people who hold a portal account (so their details can be matched), in seed order. */
export async function seededAccountEmails(config: RightsflowConfig): Promise<string[]> {
  const connection = await mongoose
    .createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'company') })
    .asPromise();
  try {
    const accounts = await connection
      .collection('portal_accounts')
      .find({}, { projection: { email: 1 } })
      .toArray();
    return accounts.map((account) => String(account['email'])).sort();
  } finally {
    await connection.close();
  }
}
