import { once } from 'node:events';
import { createServer, IncomingMessage, Server } from 'node:http';
import net from 'node:net';
import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Test support for the data service's integration tests (not exported from the
 * lib): a local OpenDSR processor, a free port, and a ZIP reader.
 */

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ReceivedRequest {
  path: string;
  body: {
    subject_request_id: string;
    subject_request_type: string;
    subject_identities: { identity_type: string; identity_value: string }[];
    status_callback_urls: string[];
    extensions: Record<string, unknown>;
  };
}

/** A processor speaking OpenDSR: POST <path> submits, GET <path>/<id> answers the status. */
export class LocalProcessor {
  readonly received: ReceivedRequest[] = [];
  private server: Server | undefined;

  constructor(readonly port: number) {}

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.listen(this.port, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** The processor reports progress to the callback URL it was given. */
  async callBack(
    request: ReceivedRequest,
    status: string,
    url = request.body.status_callback_urls[0],
  ): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject_request_id: request.body.subject_request_id, request_status: status }),
    });
    return response.status;
  }

  private async handle(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedRequest['body'];
      const duplicate = this.received.some(
        (r) => r.path === path && r.body.subject_request_id === body.subject_request_id,
      );
      if (!duplicate) this.received.push({ path, body });
      res.writeHead(duplicate ? 409 : 201, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          subject_request_id: body.subject_request_id,
          received_time: new Date().toISOString(),
          expected_completion_time: new Date(Date.now() + 86_400_000).toISOString(),
        }),
      );
      return;
    }
    const id = path.split('/').pop();
    const known = this.received.some((r) => r.body.subject_request_id === id);
    res.writeHead(known ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(known ? { subject_request_id: id, request_status: 'pending' } : { error: 'unknown' }));
  }
}

/** Reads a ZIP archive (central directory, deflate or stored) and checks every CRC. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory record');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataStart, dataStart + compressed);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    if (crc32(data) >>> 0 !== crc) throw new Error(`CRC mismatch in ${name}`);
    files.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
