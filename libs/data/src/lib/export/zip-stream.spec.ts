import { readZip, zipMembers } from '@rightsflow/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { writeZip } from './zip-stream';

jest.setTimeout(120_000);

describe('the export bundle as one streamed ZIP (R15, R16)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rf-zip-'));
  const createdAt = new Date('2026-03-04T05:06:07Z');
  const file = (name: string, data: string | Buffer) => {
    const full = path.join(dir, name.replace(/\//g, '_'));
    writeFileSync(full, data);
    return { name, file: full };
  };

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('R15 writes every file of the bundle byte for byte, in order, private (rw-------) and dated when the bundle was made', async () => {
    const noise = randomBytes(300_000);
    const entries = [
      file('data.json', JSON.stringify({ records: { 'portal.accounts': [{ email: 'ada@example.com', balance: -12.5 }] } })),
      file('summary.html', '<!doctype html><p>Your data — résumé</p>'),
      file('csv/portal.accounts.csv', 'email,balance\r\nada@example.com,-12.5\r\n'),
      file('csv/telemetry.events.csv', noise),
    ];
    const out = new PassThrough();
    const [zip] = await Promise.all([buffer(out), writeZip(out, entries, createdAt).then(() => out.end())]);

    const files = await readZip(zip);
    expect([...files.keys()]).toEqual(entries.map((e) => e.name));
    expect(files.get('csv/portal.accounts.csv')?.toString('utf8')).toBe('email,balance\r\nada@example.com,-12.5\r\n');
    expect(files.get('summary.html')?.toString('utf8')).toContain('résumé');
    expect(files.get('csv/telemetry.events.csv')?.equals(noise)).toBe(true);
    for (const member of await zipMembers(zip)) {
      expect({ name: member.name, mode: member.mode.toString(8), modified: member.modified.toISOString(), zip64: member.zip64 }).toEqual({
        name: member.name,
        mode: '100600',
        modified: createdAt.toISOString(),
        zip64: false,
      });
    }
  });

  it('leaves the output open for the caller, and fails when a file of the bundle is gone', async () => {
    const out = new PassThrough();
    out.resume();
    await writeZip(out, [file('data.json', '{}')], createdAt);
    expect(out.writableEnded).toBe(false);
    out.end();

    const broken = new PassThrough();
    broken.resume();
    await expect(writeZip(broken, [file('data.json', '{}'), { name: 'summary.html', file: path.join(dir, 'missing.html') }], createdAt)).rejects.toThrow(/ENOENT/);
  });

  it('stops when the reader goes away mid-download', async () => {
    const big = file('csv/big.csv', randomBytes(4 * 1024 * 1024));
    let received = 0;
    const reader = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        // The client hangs up after the first 64 KB.
        if (received > 65_536) done(new Error('client went away'));
        else done();
      },
    });
    await expect(writeZip(reader, [big], createdAt)).rejects.toThrow(/client went away/);
  });
});
