import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { crc32, createDeflateRaw } from 'node:zlib';

/**
 * A minimal streaming ZIP writer (deflate, data descriptors; no ZIP64, so each
 * file and the archive stay under 4 GiB). No zip library is installed, and a
 * bundle is a handful of files, so the format's few records are written by hand
 * and each file streams from disk through deflate: memory stays flat.
 */
export interface ZipEntry {
  /** Name inside the archive, e.g. `csv/portal.accounts.csv`. */
  name: string;
  file: string;
}

interface Written {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

const LIMIT = 0xffffffff;

export async function writeZip(out: Writable, entries: ZipEntry[], modified = new Date()): Promise<void> {
  const { time, date } = dosDateTime(modified);
  const written: Written[] = [];
  let offset = 0;
  const emit = async (chunk: Buffer) => {
    offset += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  };

  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const start = offset;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(time, 10);
    header.writeUInt16LE(date, 12);
    header.writeUInt16LE(name.length, 26);
    await emit(Buffer.concat([header, name]));

    let crc = 0;
    let size = 0;
    let compressed = 0;
    const source = createReadStream(entry.file);
    const deflate = createDeflateRaw();
    source.on('data', (chunk) => {
      crc = crc32(chunk as Buffer, crc);
      size += chunk.length;
    });
    source.on('error', (error) => deflate.destroy(error));
    source.pipe(deflate);
    for await (const chunk of deflate) {
      compressed += (chunk as Buffer).length;
      await emit(chunk as Buffer);
    }
    if (size > LIMIT || compressed > LIMIT || offset > LIMIT)
      throw new Error(`${entry.name} is too large for a ZIP without ZIP64`);

    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(compressed, 8);
    descriptor.writeUInt32LE(size, 12);
    await emit(descriptor);
    written.push({ name, crc: crc >>> 0, compressed, size, offset: start });
  }

  const centralStart = offset;
  for (const w of written) {
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(0x031e, 4); // made by: Unix, spec 3.0
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x0808, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(w.crc, 16);
    record.writeUInt32LE(w.compressed, 20);
    record.writeUInt32LE(w.size, 24);
    record.writeUInt16LE(w.name.length, 28);
    record.writeUInt32LE((0o100600 << 16) >>> 0, 38); // external attributes: a regular file, rw-------
    record.writeUInt32LE(w.offset, 42);
    await emit(Buffer.concat([record, w.name]));
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(written.length, 8);
  end.writeUInt16LE(written.length, 10);
  end.writeUInt32LE(offset - centralStart, 12);
  end.writeUInt32LE(centralStart, 16);
  await emit(end);
}

function dosDateTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: ((Math.max(d.getFullYear(), 1980) - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
