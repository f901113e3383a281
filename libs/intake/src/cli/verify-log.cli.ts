// `npm run records:verify -- [requestId]`: recomputes the request log's hash chains (R21) in
// <MONGO_DB_PREFIX>_intake, prints OK or names the first broken entry of each broken chain;
// without a requestId it also checks the daily anchors (the chain of anchors, and each day of
// the last 24 months recomputed from the log). Exits 1 when anything is broken.
import { loadConfig, serviceDatabaseName } from '@rightsflow/config';
import mongoose from 'mongoose';
import { describeAnchorFinding, verifyLogAnchors } from '../lib/records/log-anchors';
import { describeVerification, verifyRecords } from '../lib/records/verify-records';
import { LOG_ANCHOR_MODEL, logAnchorSchema } from '../lib/registry/log-anchor.schema';
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
    if (requestId) return report.broken.length === 0 ? 0 : 1;
    const anchors = await verifyLogAnchors(log, connection.model(LOG_ANCHOR_MODEL, logAnchorSchema), new Date());
    for (const finding of anchors.broken) console.log(describeAnchorFinding(finding));
    console.log(`${anchors.broken.length === 0 ? 'OK' : 'BROKEN'}: ${anchors.anchors} daily anchors, ${anchors.recomputedDays} days recomputed, ${anchors.broken.length} broken`);
    return report.broken.length === 0 && anchors.broken.length === 0 ? 0 : 1;
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
