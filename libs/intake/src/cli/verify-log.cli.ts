// `npm run records:verify -- [requestId]`: recomputes the request log's hash chains (R21) in
// <MONGO_DB_PREFIX>_intake, prints OK or names the first broken entry of each broken chain,
// and exits 1 when any chain is broken.
import { loadConfig, serviceDatabaseName } from '@rightsflow/config';
import mongoose from 'mongoose';
import { describeVerification, verifyRecords } from '../lib/records/verify-records';
import { REQUEST_LOG_MODEL, requestLogSchema } from '../lib/registry/request-log.schema';
import { REQUEST_MODEL, requestSchema } from '../lib/registry/request.schema';

async function main(): Promise<number> {
  const requestId = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  const verbose = process.argv.includes('--verbose');
  const config = loadConfig();
  const connection = await mongoose.createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'intake') }).asPromise();
  try {
    const log = connection.model(REQUEST_LOG_MODEL, requestLogSchema);
    const requests = connection.model(REQUEST_MODEL, requestSchema);
    const report = await verifyRecords(log, requests, requestId, (verification) => {
      if (!verification.result.ok || verbose || requestId) console.log(describeVerification(verification));
    });
    if (requestId && report.requests === 1 && report.entries === 0) console.log(`(no log entries for ${requestId})`);
    console.log(`${report.broken.length === 0 ? 'OK' : 'BROKEN'}: ${report.requests} requests, ${report.entries} entries, ${report.broken.length} broken`);
    return report.broken.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`records:verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
