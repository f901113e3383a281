import { requireStackEnv } from '@rightsflow/testing';
import mongoose, { Schema } from 'mongoose';
import { randomBytes } from 'node:crypto';

describe('mongoose on the test stack database (FerretDB locally, MongoDB 7 in compose)', () => {
  const connection = mongoose.createConnection(requireStackEnv('MONGO_URL'), {
    dbName: `t${randomBytes(4).toString('hex')}_probe`,
  });
  const Probe = connection.model(
    'Probe',
    new Schema(
      { key: { type: String, required: true, unique: true }, payload: { nested: [Number] } },
      { timestamps: true },
    ),
  );

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('round-trips a document and enforces a unique index', async () => {
    await Probe.init();
    const created = await Probe.create({ key: 'k-1', payload: { nested: [1, 2, 3] } });
    const found = await Probe.findById(created._id).lean();
    expect(found).toMatchObject({ key: 'k-1', payload: { nested: [1, 2, 3] } });
    await expect(Probe.create({ key: 'k-1' })).rejects.toMatchObject({ code: 11000 });
    expect(await Probe.countDocuments()).toBe(1);
  });
});
