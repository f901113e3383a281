import { serviceDatabaseName } from '@rightsflow/config';
import { testConfig } from '@rightsflow/testing';
import mongoose, { Connection, Model } from 'mongoose';
import { chainedLog } from '../../test/records-fixtures';
import { entryHash, verifyChain } from '../registry/hash-chain';
import { LOG_ANCHOR_MODEL, LogAnchor, logAnchorSchema } from '../registry/log-anchor.schema';
import { toChainedEntry } from '../registry/request-log';
import { logEntryId, REQUEST_LOG_MODEL, RequestLogEntry, requestLogSchema } from '../registry/request-log.schema';
import { addDays, dayDigest, lastSealableDay, sealLogAnchors, verifyLogAnchors } from './log-anchors';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const states = ['received', 'awaiting_verification', 'verified', 'in_fulfilment', 'completed'];

/** A fresh intake database on the real FerretDB/MongoDB, with the log and anchor models; dropped after the block. */
function anchorDatabase(): { log: () => Model<RequestLogEntry>; anchors: () => Model<LogAnchor> } {
  const config = testConfig();
  let connection: Connection;
  beforeAll(async () => {
    connection = await mongoose.createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'intake') }).asPromise();
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  return {
    log: () => connection.model(REQUEST_LOG_MODEL, requestLogSchema),
    anchors: () => connection.model(LOG_ANCHOR_MODEL, logAnchorSchema),
  };
}

describe('R21 the daily anchor over all request-log chains', () => {
  it('digests a day the same whatever order its entries are read in', () => {
    const entries = [
      { id: 'req_a:000001', hash: 'a1' },
      { id: 'req_b:000001', hash: 'b1' },
      { id: 'req_a:000002', hash: 'a2' },
    ];
    expect(dayDigest(entries)).toEqual(dayDigest([...entries].reverse()));
    expect(dayDigest(entries).digest).not.toBe(dayDigest([...entries.slice(0, 2), { id: 'req_a:000002', hash: 'a3' }]).digest);
    expect(dayDigest([])).toEqual({ entries: 0, digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('seals a day only once it has been over for a day', () => {
    expect(lastSealableDay(new Date('2026-11-22T10:00:00Z'))).toBe('2026-11-20');
    expect(lastSealableDay(new Date('2026-11-22T00:00:00Z'))).toBe('2026-11-20');
    expect(lastSealableDay(new Date('2026-11-21T23:59:59Z'))).toBe('2026-11-19');
  });

  describe('on the real database', () => {
    const database = anchorDatabase();
    let log: Model<RequestLogEntry>;
    let anchors: Model<LogAnchor>;
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    /** Three requests a day over the ten days up to yesterday; the newest two days are not sealable yet. */
    const requestIds: string[] = [];

    beforeAll(async () => {
      log = database.log();
      anchors = database.anchors();
      const entries: RequestLogEntry[] = [];
      for (let day = 10; day >= 1; day--) {
        for (let n = 0; n < 3; n++) {
          const requestId = `req_anchor${day}x${n}`;
          requestIds.push(requestId);
          entries.push(...chainedLog(requestId, states, new Date(Date.parse(`${addDays(today, -day)}T09:00:00Z`) + n * 3_600_000)));
        }
      }
      await log.insertMany(entries.map((entry) => ({ _id: logEntryId(entry.requestId, entry.seq), ...entry })));
    });

    const entriesOf = async (requestId: string) => (await log.find({ requestId }).lean<RequestLogEntry[]>().exec()).sort((a, b) => a.seq - b.seq);

    it('seals every day from the oldest entry to the day before yesterday, once', async () => {
      const first = await sealLogAnchors(log, anchors, now);
      expect(first).toEqual({ sealed: 9, head: { day: lastSealableDay(now), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
      const sealed = await anchors.find({}).sort({ _id: 1 }).lean<LogAnchor[]>().exec();
      expect(sealed.map((a) => a._id)).toEqual(Array.from({ length: 9 }, (_, i) => addDays(today, i - 10)));
      expect(sealed.every((a) => a.entries === 15)).toBe(true);
      expect(await sealLogAnchors(log, anchors, now)).toEqual({ sealed: 0, head: first.head });
      // A day later, one more day is sealed on top of the chain.
      const next = await sealLogAnchors(log, anchors, new Date(now.getTime() + DAY));
      expect(next.sealed).toBe(1);
      expect(await verifyLogAnchors(log, anchors, new Date(now.getTime() + DAY))).toEqual({ anchors: 10, recomputedDays: 10, broken: [] });
    });

    it('names the day of an entry whose whole request chain was rewritten to hide the change', async () => {
      const requestId = requestIds[4]; // ten days ago + 1
      const entries = await entriesOf(requestId);
      // Rewrite the actor of entry 3 and recompute every hash after it, as a careful forger would.
      const forged = chainedLog(requestId, states, new Date(entries[0].at));
      const rewritten = forged.map((entry, i) => (i === 2 ? { ...entry, actor: 'operator:mallory' } : entry));
      let prev = rewritten[0].prevHash;
      for (const entry of rewritten) {
        entry.prevHash = prev;
        entry.hash = entryHash(prev, toChainedEntry(entry));
        prev = entry.hash;
      }
      for (const entry of rewritten) await log.replaceOne({ _id: logEntryId(requestId, entry.seq) }, { _id: logEntryId(requestId, entry.seq), ...entry });
      // The request's own chain still verifies …
      expect(verifyChain((await entriesOf(requestId)).map(toChainedEntry))).toMatchObject({ ok: true });
      // … the anchor does not.
      const report = await verifyLogAnchors(log, anchors, new Date(now.getTime() + DAY));
      expect(report.broken).toEqual([{ day: addDays(today, -9), reason: 'an entry of this day differs from what was anchored' }]);
      // Put it back.
      for (const entry of entries) await log.replaceOne({ _id: logEntryId(requestId, entry.seq) }, entry);
      expect((await verifyLogAnchors(log, anchors, new Date(now.getTime() + DAY))).broken).toEqual([]);
    });

    it('names a day whose entry was removed, and an anchor removed or altered', async () => {
      const removed = (await entriesOf(requestIds[0]))[4];
      await log.deleteOne({ _id: removed._id });
      const later = new Date(now.getTime() + DAY);
      expect((await verifyLogAnchors(log, anchors, later)).broken).toEqual([
        { day: addDays(today, -10), reason: 'the anchor counts 15 entries on this day, the log has 14' },
      ]);
      await log.create(removed);

      const middle = await anchors.findById(addDays(today, -6)).lean<LogAnchor>().exec();
      await anchors.deleteOne({ _id: addDays(today, -6) });
      expect((await verifyLogAnchors(log, anchors, later)).broken).toEqual([
        { day: addDays(today, -6), reason: `no anchor from ${addDays(today, -6)} to ${addDays(today, -6)} (anchors removed)` },
        { day: addDays(today, -5), reason: 'prevAnchorHash does not match the previous anchor' },
      ]);
      await anchors.create({ ...middle, entries: 16 });
      expect((await verifyLogAnchors(log, anchors, later)).broken).toEqual([
        { day: addDays(today, -6), reason: 'anchor does not match its hash' },
        { day: addDays(today, -6), reason: 'the anchor counts 16 entries on this day, the log has 15' },
      ]);
    });
  });

  describe('a first sealing over years with empty years between', () => {
    const database = anchorDatabase();
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const oldDay = addDays(today, -1_100);
    const recentDay = addDays(today, -5);

    it('seals every day from the oldest entry, the empty ones included, with the right digest on each day that has entries', async () => {
      const [log, anchors] = [database.log(), database.anchors()];
      const entries = [
        ...chainedLog('req_gapold', states.slice(0, 1), new Date(`${oldDay}T08:00:00Z`)),
        ...chainedLog('req_gaprecent', states.slice(0, 1), new Date(`${recentDay}T08:00:00Z`)),
      ];
      await log.insertMany(entries.map((entry) => ({ _id: logEntryId(entry.requestId, entry.seq), ...entry })));
      const result = await sealLogAnchors(log, anchors, now);
      const last = lastSealableDay(now);
      expect(result.sealed).toBe(Math.round((Date.parse(last) - Date.parse(oldDay)) / DAY) + 1);
      const sealed = await anchors.find({}).sort({ _id: 1 }).lean<LogAnchor[]>().exec();
      expect(sealed[0]._id).toBe(oldDay);
      const withEntries = sealed.filter((anchor) => anchor.entries > 0);
      expect(withEntries.map((anchor) => [anchor._id, anchor.entries])).toEqual([
        [oldDay, 1],
        [recentDay, 1],
      ]);
      for (const anchor of withEntries) {
        const ofDay = entries.filter((entry) => entry.at.toISOString().startsWith(anchor._id));
        expect(anchor.digest).toBe(dayDigest(ofDay.map((entry) => ({ id: logEntryId(entry.requestId, entry.seq), hash: entry.hash }))).digest);
      }
      expect((await verifyLogAnchors(log, anchors, now)).broken).toEqual([]);
    });
  });
});
