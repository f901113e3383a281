import { isDuplicateKeyError, onlyDuplicateKeyErrors } from './duplicate-keys';

// The shapes the MongoDB driver and mongoose give a refused insert (the integration tests of the
// request log and the data connectors meet the real ones on FerretDB).
describe('duplicate-key errors', () => {
  it('tells a single insert refused by a unique index from any other failure', () => {
    expect(isDuplicateKeyError({ code: 11000 })).toBe(true);
    expect(isDuplicateKeyError({ code: 11001 })).toBe(false);
    expect(isDuplicateKeyError(new Error('connection closed'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });

  it('accepts an insert of many only when every refused document was a duplicate key', () => {
    // The driver's bulk error: write errors with their own code, one or a list.
    expect(onlyDuplicateKeyErrors({ code: 11000, writeErrors: [{ code: 11000 }, { code: 11000 }] })).toBe(true);
    expect(onlyDuplicateKeyErrors({ writeErrors: { code: 11000 } })).toBe(true);
    // Mongoose's copies keep the code under `err`.
    expect(onlyDuplicateKeyErrors({ code: 11000, writeErrors: [{ index: 2, err: { code: 11000 } }] })).toBe(true);
    // One document refused for another reason: not only duplicates.
    expect(onlyDuplicateKeyErrors({ code: 11000, writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
    // No write errors at all: only a duplicate-key code on the error itself counts.
    expect(onlyDuplicateKeyErrors({ code: 11000 })).toBe(true);
    expect(onlyDuplicateKeyErrors(new Error('not primary'))).toBe(false);
  });
});
