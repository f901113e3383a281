import type { RightsflowConfig } from '@rightsflow/config';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { isUtf8 } from 'node:buffer';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { finished } from 'node:stream';
import type { HttpRequest, HttpResponse, NextFunction } from './http-types';
import { sendProblem } from './intake-exception.filter';
import { problem } from './problem';

/**
 * The links we email (export downloads, R16) and the status callbacks we give
 * processors (R18) are built on PUBLIC_BASE_URL, the intake site; the data
 * service serves them on its own HTTP port. This middleware forwards exactly
 * those paths there (http-proxy-middleware) and streams the answer back.
 * Nothing else is forwarded: the data service's /health and anything new it
 * grows stay private. Which paths, which headers, how large a callback and how
 * long to wait are ours, below.
 */

/** One path segment: letters, digits, `.`, `_`, `-`, never starting with a dot (no `..`). */
const SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}';
const DOWNLOAD_PATH = new RegExp(`^/download/${SEGMENT}(?:/${SEGMENT})?$`);
const CALLBACK_PATH = new RegExp(`^/processors/callback/${SEGMENT}$`);

/** How long the data service may take to start answering (headers); the body then streams for as long as it needs. */
export const DATA_PROXY_HEADERS_TIMEOUT_MS = 15_000;
/** A processor's status callback is a few fields of JSON. */
export const CALLBACK_BODY_LIMIT_BYTES = 16 * 1024;

/** Request headers the data service gets; cookies, credentials and X-Forwarded-* stay here. */
const FORWARDED_REQUEST_HEADERS = new Set(['host', 'connection', 'accept', 'content-type', 'content-length']);
/** Headers of the data service's answer that the client needs (the zip's name, its own stricter CSP). */
const FORWARDED_RESPONSE_HEADERS = new Set(['content-type', 'content-disposition', 'content-length', 'cache-control', 'content-security-policy', 'retry-after']);

type ProxyRoute = 'download' | 'callback';

/** Which proxied route a request is for: undefined (not ours), a route, or 'refused' (our prefix, wrong shape or method). */
export function dataProxyRoute(method: string, path: string): ProxyRoute | 'refused' | undefined {
  const download = path === '/download' || path.startsWith('/download/');
  const callback = path === '/processors/callback' || path.startsWith('/processors/callback/');
  if (!download && !callback) return undefined;
  if (download && (method === 'GET' || method === 'HEAD') && DOWNLOAD_PATH.test(path)) return 'download';
  if (callback && method === 'POST' && CALLBACK_PATH.test(path)) return 'callback';
  return 'refused';
}

/** Express middleware; register it before the body parsers so the callback body reaches us unread. */
export function dataProxy(config: RightsflowConfig) {
  // A callback's body, read and checked here before it is forwarded.
  const checkedBodies = new WeakMap<IncomingMessage, Buffer>();
  const forward = createProxyMiddleware<IncomingMessage, ServerResponse>({
    target: config.http.dataServiceUrl,
    changeOrigin: true,
    on: {
      proxyReq: (proxyReq, request, response) => {
        for (const name of proxyReq.getHeaderNames()) if (!FORWARDED_REQUEST_HEADERS.has(name)) proxyReq.removeHeader(name);
        if (!proxyReq.hasHeader('accept')) proxyReq.setHeader('accept', '*/*');
        const body = checkedBodies.get(request);
        if (body) {
          // Checked to be one JSON object, whatever the processor called it.
          if (!proxyReq.hasHeader('content-type')) proxyReq.setHeader('content-type', 'application/json');
          proxyReq.setHeader('content-length', body.length);
          proxyReq.write(body);
        } else {
          proxyReq.removeHeader('content-type');
          proxyReq.removeHeader('content-length');
        }
        limitWaitForHeaders(proxyReq);
        // A client that goes away stops the upstream read too.
        response.once('close', () => {
          if (!response.writableFinished) proxyReq.destroy();
        });
      },
      proxyRes: (proxyRes, _request, response) => {
        for (const name of Object.keys(proxyRes.headers)) if (!FORWARDED_RESPONSE_HEADERS.has(name)) delete proxyRes.headers[name];
        // The data service failing mid-stream cuts the connection, so the client sees a broken download, not a short valid one.
        finished(proxyRes, (error) => {
          if (error && !response.writableEnded) response.destroy(error);
        });
      },
      error: (error, request, response) => {
        if (!('writeHead' in response)) return void response.destroy();
        if (response.headersSent) return void response.destroy(error);
        sendProblem(request as unknown as HttpRequest, response as unknown as HttpResponse, problemOf(error), config);
      },
    },
  });

  return (request: HttpRequest, response: HttpResponse, next: NextFunction): void => {
    const route = dataProxyRoute(request.method, request.path);
    if (route === undefined) return next();
    if (route === 'refused') return sendProblem(request, response, problem(404, 'There is nothing here.'), config);
    const incoming = request as unknown as IncomingMessage;
    const outgoing = response as unknown as ServerResponse;
    const ready = route === 'callback' ? readSmallBody(incoming, CALLBACK_BODY_LIMIT_BYTES).then((body) => checkedBodies.set(incoming, requireJsonObject(body))) : Promise.resolve();
    ready.then(
      () => forward(incoming, outgoing, next),
      (error: unknown) => sendProblem(request, response, problemOf(error), config),
    );
  };
}

/** The answer's headers must start within DATA_PROXY_HEADERS_TIMEOUT_MS (504 otherwise); no limit on the body after. */
function limitWaitForHeaders(proxyReq: ClientRequest): void {
  const timer = setTimeout(() => proxyReq.destroy(new TimeoutError()), DATA_PROXY_HEADERS_TIMEOUT_MS);
  proxyReq.once('response', () => clearTimeout(timer));
  proxyReq.once('close', () => clearTimeout(timer));
}

/** Reads a body that must be small; larger ones are refused (413) without reading on. */
async function readSmallBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A status callback is one JSON object. Anything else is refused here, in our words:
 * the data service's parser would answer with V8's message, which quotes the body back.
 */
function requireJsonObject(body: Buffer): Buffer {
  let parsed: unknown;
  try {
    parsed = isUtf8(body) ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new CallbackBodyError();
  return body;
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}
class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}
class CallbackBodyError extends Error {
  override name = 'CallbackBodyError';
}

/** The data service down or slow is our problem (502/504), said without internals. */
function problemOf(error: unknown) {
  if (error instanceof BodyTooLargeError) return problem(413, 'The request is too large');
  if (error instanceof CallbackBodyError) return problem(400, 'A status callback is one JSON object', { fields: [{ field: 'body', message: 'must be one JSON object, in UTF-8' }] });
  const status = error instanceof TimeoutError ? 504 : 502;
  return problem(status, 'This is unavailable right now; nothing was lost. Please try again in a minute.', { retryAfterSeconds: 30 });
}
