import { buffer } from 'node:stream/consumers';
import { crc32 } from 'node:zlib';
import { fromBufferPromise, openPromise, type Entry, type ZipFile } from 'yauzl';

/** What a test needs to know of one archive member, without reading its data. */
export interface ZipMember {
  name: string;
  size: number;
  compressedSize: number;
  /** Unix mode from the external attributes (e.g. 0o100600). */
  mode: number;
  modified: Date;
  /** ZIP64 extended information is present (needed past 4 GiB). */
  zip64: boolean;
}

/** The one zip reader of the tests (yauzl, in process): every member's bytes by name, CRC-checked. */
export async function readZip(source: Buffer | string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const zip = await open(source);
  for await (const entry of zip.eachEntry()) {
    const data = await buffer(await zip.openReadStreamPromise(entry));
    if (crc32(data) >>> 0 !== entry.crc32) throw new Error(`CRC mismatch in ${entry.fileName}`);
    files.set(entry.fileName, data);
  }
  return files;
}

/** The central directory of an archive, in order; reads no member's data (fine for very large archives). */
export async function zipMembers(source: Buffer | string): Promise<ZipMember[]> {
  const members: ZipMember[] = [];
  const zip = await open(source);
  for await (const entry of zip.eachEntry()) members.push(memberOf(entry));
  return members;
}

function open(source: Buffer | string): Promise<ZipFile> {
  return typeof source === 'string' ? openPromise(source, { lazyEntries: true }) : fromBufferPromise(source, { lazyEntries: true });
}

function memberOf(entry: Entry): ZipMember {
  return {
    name: entry.fileName,
    size: entry.uncompressedSize,
    compressedSize: entry.compressedSize,
    mode: entry.externalFileAttributes >>> 16,
    modified: entry.getLastModDate(),
    zip64: entry.extraFields.some((field) => field.id === 0x0001),
  };
}
