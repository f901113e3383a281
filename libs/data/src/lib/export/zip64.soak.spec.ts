import { zipMembers } from '@rightsflow/testing';
import { closeSync, createWriteStream, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { writeZip } from './zip-stream';

// Soak tier: past 4 GiB a bundle needs ZIP64 records. A sparse file of zeros
// keeps the disk use small, but deflating 4 GiB takes most of a minute of CPU.
jest.setTimeout(600_000);

const GiB = 1024 ** 3;

describe('a subject bundle larger than 4 GiB (R15)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-zip64-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('R15 streams a file larger than 4 GiB with ZIP64 records', async () => {
    const small = path.join(dir, 'data.json');
    writeFileSync(small, '{}');
    const huge = path.join(dir, 'huge.csv');
    const handle = openSync(huge, 'w');
    ftruncateSync(handle, 4 * GiB + 1024 * 1024);
    closeSync(handle);
    const zipFile = path.join(dir, 'huge.zip');
    const out = createWriteStream(zipFile);
    await writeZip(
      out,
      [
        { name: 'data.json', file: small },
        { name: 'csv/huge.csv', file: huge },
      ],
      new Date('2026-03-04T05:06:07Z'),
    );
    out.end();
    await finished(out);
    rmSync(huge);
    const members = await zipMembers(zipFile);
    expect(members.map((m) => ({ name: m.name, size: m.size, zip64: m.zip64 }))).toEqual([
      { name: 'data.json', size: 2, zip64: false },
      { name: 'csv/huge.csv', size: 4 * GiB + 1024 * 1024, zip64: true },
    ]);
  });
});
