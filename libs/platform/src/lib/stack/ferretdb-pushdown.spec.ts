import { requireStackEnv } from '@rightsflow/testing';
import mongoose, { Schema } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { FerretDbPushdownIndexes, IndexedModel } from '../ferretdb/pushdown-indexes';

// Our own collections on the stack's FerretDB: the leading field of each schema
// index gets the PostgreSQL index FerretDB's pushed-down equality can use, and
// the lookups still answer exactly what they did (npm test runs FerretDB on
// PostgreSQL and sets FERRETDB_POSTGRES_URL; on MongoDB nothing is to be done).
describe('FerretDB pushdown indexes for our own schemas (real FerretDB on PostgreSQL)', () => {
  const dbName = `t${randomBytes(4).toString('hex')}_pushdown`;
  const connection = mongoose.createConnection(requireStackEnv('MONGO_URL'), { dbName });
  const Entry = connection.model(
    'Entry',
    new Schema({ requestId: String, seq: Number, at: Date })
      .index({ requestId: 1, seq: 1 }, { unique: true })
      .index({ at: 1 }),
    'request_log',
  );

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('indexes requestId and at, and a lookup by requestId returns exactly that request’s entries', async () => {
    await Entry.init();
    await Entry.insertMany(
      Array.from({ length: 300 }, (_, i) => ({
        requestId: `req_${i % 30}`,
        seq: Math.floor(i / 30),
        at: new Date(i * 1000),
      })),
    );
    const url = process.env['FERRETDB_POSTGRES_URL'];
    if (!url) {
      // Not our FerretDB: MongoDB 7 (compose), whose own indexes serve these lookups.
      expect(await connection.db?.command({ buildInfo: 1 })).not.toHaveProperty('ferretdbVersion');
      return;
    }
    const indexes = new FerretDbPushdownIndexes(url);
    try {
      expect(await indexes.ensureForModels(dbName, [Entry as unknown as IndexedModel])).toBe(2);
      // Twice is the same (IF NOT EXISTS), and PostgreSQL picks the index for FerretDB's statement.
      expect(await indexes.ensureServed(dbName, 'request_log', 'requestId')).toMatch(/^rf_pushdown_request_log_/);
      expect(await indexes.ensureServed(dbName, 'missing_collection', 'requestId')).toBeUndefined();
      expect(await indexes.ensureServed(`${dbName}_elsewhere`, 'request_log', 'requestId')).toBeUndefined();
    } finally {
      await indexes.close();
    }
    const found = await Entry.find({ requestId: 'req_7' }).sort({ seq: 1 }).lean();
    expect(found.map((entry) => entry.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(found.every((entry) => entry.requestId === 'req_7')).toBe(true);
  });
});
