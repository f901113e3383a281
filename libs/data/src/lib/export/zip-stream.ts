import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/**
 * A bundle streamed as one ZIP (yazl): each file is read from disk through
 * deflate straight into `out`, so memory stays flat whatever the size, and
 * ZIP64 records are written wherever a file or the archive passes 4 GiB.
 */
export interface ZipEntry {
  /** Name inside the archive, e.g. `csv/portal.accounts.csv`. */
  name: string;
  file: string;
}

/** A regular file, rw------- (the bundle is one person's data). */
const FILE_MODE = 0o100600;

/**
 * Writes the archive to `out` and leaves `out` open. Rejects if a file cannot
 * be read or `out` fails; the files it opened are closed either way.
 */
export async function writeZip(out: Writable, entries: ZipEntry[], modified = new Date()): Promise<void> {
  // yazl checks each size against the bytes read: a file that changes under us fails the download.
  const sizes = await Promise.all(entries.map(async (entry) => (await stat(entry.file)).size));
  const zip = new ZipFile();
  const failed = new Promise<never>((_resolve, reject) => zip.once('error', reject));
  const open = new Set<ReadStream>();
  for (const [index, entry] of entries.entries()) {
    const size = sizes[index];
    zip.addReadStreamLazy(entry.name, { mtime: modified, mode: FILE_MODE, size }, (ready) => {
      const stream = createReadStream(entry.file);
      open.add(stream);
      stream.once('close', () => open.delete(stream));
      // yazl listens for read errors only on files it opens itself (addFile).
      stream.once('error', (error) => zip.emit('error', error));
      ready(null, stream);
    });
  }
  zip.end();
  const output = zip.outputStream as Readable;
  try {
    await Promise.race([pipeline(output, out, { end: false }), failed]);
  } catch (error) {
    output.destroy();
    throw error;
  } finally {
    for (const stream of open) stream.destroy();
  }
}
