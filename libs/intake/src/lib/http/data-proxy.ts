import type { RightsflowConfig } from '@rightsflow/config';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { HttpRequest, HttpResponse, NextFunction } from './http-types';
import { sendProblem } from './intake-exception.filter';
import { problem } from './problem';

/**
 * The links we email (export downloads, R16) and the status callbacks we give
 * processors (R18) are built on PUBLIC_BASE_URL, the intake site; the data
 * service serves them on its own HTTP port. This middleware forwards exactly
 * those paths there and streams the answer back. Nothing else is forwarded:
 * the data service's /health and anything new it grows stay private.
 */

/** One path segment: letters, digits, `.`, `_`, `-`, never starting with a dot (no `..`). */
const SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}';
const DOWNLOAD_PATH = new RegExp(`^/download/${SEGMENT}(?:/${SEGMENT})?$`);
const CALLBACK_PATH = new RegExp(`^/processors/callback/${SEGMENT}$`);

/** How long the data service may take to start answering (headers); the body then streams for as long as it needs. */
export const DATA_PROXY_HEADERS_TIMEOUT_MS = 15_000;
/** A processor's status callback is a few fields of JSON. */
export const CALLBACK_BODY_LIMIT_BYTES = 16 * 1024;

/** Headers of the data service's answer that the client needs (the zip's name, its own stricter CSP). */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-disposition', 'content-length', 'cache-control', 'content-security-policy', 'retry-after'];

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

type ProxyRequest = HttpRequest & IncomingMessage;
type ProxyResponse = HttpResponse & ServerResponse;

/** Express middleware; register it before the body parsers so the callback body reaches us unread. */
export function dataProxy(config: RightsflowConfig) {
  const base = config.http.dataServiceUrl.replace(/\/+$/, '');
  const brand = config.mail.brandName;
  return (request: HttpRequest, response: HttpResponse, next: NextFunction): void => {
    const route = dataProxyRoute(request.method, request.path);
    if (route === undefined) return next();
    if (route === 'refused') return sendProblem(request, response, problem(404, 'There is nothing here.'), brand);
    forward(base, route, request as ProxyRequest, response as ProxyResponse).catch((error: unknown) => {
      if (response.headersSent) {
        // Mid-stream: cut the connection so the client sees a broken download, not a short valid one.
        (response as ProxyResponse).destroy(error instanceof Error ? error : undefined);
        return;
      }
      sendProblem(request, response, problemOf(error), brand);
    });
  };
}

async function forward(base: string, route: ProxyRoute, request: ProxyRequest, response: ProxyResponse): Promise<void> {
  const body = route === 'callback' ? requireJsonObject(await readSmallBody(request, CALLBACK_BODY_LIMIT_BYTES)) : undefined;
  const controller = new AbortController();
  const headersTimer = setTimeout(() => controller.abort(new TimeoutError()), DATA_PROXY_HEADERS_TIMEOUT_MS);
  // A client that goes away stops the upstream read too.
  const onClose = () => controller.abort(new ClientGoneError());
  response.once('close', onClose);
  try {
    // originalUrl keeps the query string (the signed token) exactly as sent.
    const upstream = await fetch(`${base}${request.originalUrl}`, {
      method: request.method,
      headers: {
        accept: String(request.headers['accept'] ?? '*/*'),
        ...(body ? { 'content-type': String(request.headers['content-type'] ?? 'application/json') } : {}),
      },
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    clearTimeout(headersTimer);
    response.status(upstream.status);
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) response.setHeader(name, value);
    }
    if (!upstream.body || request.method === 'HEAD') {
      response.end();
      return;
    }
    await pipeline(Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>), response);
  } finally {
    clearTimeout(headersTimer);
    response.off('close', onClose);
  }
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
class ClientGoneError extends Error {
  override name = 'ClientGoneError';
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
