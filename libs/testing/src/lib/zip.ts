import { promisify } from 'node:util';
import yauzl from 'yauzl';

const openZip = promisify<Buffer, yauzl.Options, yauzl.ZipFile>(yauzl.fromBuffer);

/**
 * Every file of a ZIP archive, read in-process with yauzl (the tests' one zip
 * reader: no `unzip` binary needed on the machine).
 */
export async function readZip(zip: Buffer): Promise<Map<string, Buffer>> {
  const archive = await openZip(zip, { lazyEntries: true });
  const openEntry = promisify(archive.openReadStream.bind(archive));
  const files = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    archive.on('end', resolve);
    archive.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) return archive.readEntry();
      openEntry(entry)
        .then(async (stream) => {
          const chunks: Buffer[] = [];
          for await (const chunk of stream) chunks.push(chunk as Buffer);
          files.set(entry.fileName, Buffer.concat(chunks));
          archive.readEntry();
        })
        .catch(reject);
    });
    archive.readEntry();
  });
  return files;
}
