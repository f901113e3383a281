import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import net from 'node:net';

/** An OpenDSR request as the data service submits it to a processor (R18). */
export interface OpenDsrRequestBody {
  api_version: string;
  subject_request_id: string;
  subject_request_type: string;
  submitted_time: string;
  subject_identities: { identity_type: string; identity_value: string; identity_format?: string }[];
  status_callback_urls: string[];
  extensions: Record<string, unknown>;
}

/** One request a processor accepted: the path it was posted to and its body. */
export interface OpenDsrSubmission {
  path: string;
  body: OpenDsrRequestBody;
}

/**
 * Processors speaking OpenDSR (R18), on one local HTTP server: the one fake
 * every test points PROCESSOR_ENDPOINTS at (the data service's specs, the
 * rights journeys, the fault test), so that they all check the product against
 * the same processor behaviour.
 *
 * - POST <path> accepts a request (201) once; the same subject_request_id again
 *   on that path answers 409, as a processor that already has it.
 * - GET <path>/<id> answers 200 `pending` for a request it has, else 404.
 * - Every path under /down/ answers 503, like a processor whose API is out of service.
 *
 * The port is the OS's choice unless one is given, and is kept: after stop(),
 * start() listens on it again, so the URLs the product was given stay valid.
 */
export class LocalOpenDsrProcessor {
  readonly received: OpenDsrSubmission[] = [];
  private server: Server | undefined;

  constructor(private port = 0) {}

  /** The URL of one processor (a path on this server); the port is known once started, unless one was given. */
  url(path: string): string {
    if (this.port === 0) throw new Error('LocalOpenDsrProcessor: start() it before asking for a URL');
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Closes every connection first: the product's clients keep theirs alive, and close() would wait for them. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** What one processor (by path) received about one subject. */
  submissionsFor(path: string, email: string): OpenDsrSubmission[] {
    return this.received.filter(
      (r) => r.path === path && r.body.subject_identities.some((i) => i.identity_value === email),
    );
  }

  /** The processor reports progress to a callback URL (by default the first one it was given); returns the HTTP status. */
  async callBack(
    submission: OpenDsrSubmission,
    status: string,
    url = submission.body.status_callback_urls[0],
  ): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ subject_request_id: submission.body.subject_request_id, request_status: status }),
    });
    await response.arrayBuffer();
    return response.status;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = (req.url ?? '/').split('?')[0];
    if (path.startsWith('/down/')) {
      answer(res, 503, { error: 'service unavailable' });
      return;
    }
    if (req.method === 'POST') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OpenDsrRequestBody;
      const duplicate = this.received.some(
        (r) => r.path === path && r.body.subject_request_id === body.subject_request_id,
      );
      if (!duplicate) this.received.push({ path, body });
      answer(res, duplicate ? 409 : 201, {
        subject_request_id: body.subject_request_id,
        received_time: new Date().toISOString(),
        expected_completion_time: new Date(Date.now() + 86_400_000).toISOString(),
      });
      return;
    }
    const id = path.split('/').pop();
    const known = this.received.some((r) => r.body.subject_request_id === id);
    answer(
      res,
      known ? 200 : 404,
      known ? { subject_request_id: id, request_status: 'pending' } : { error: 'unknown' },
    );
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
