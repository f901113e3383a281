import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { isUtf8 } from 'node:buffer';
import { configureCodecHttp, isCodecPath } from '../codec/codec-http';
import { IntakeRateLimits } from '../submission/rate-limits';
import { dataProxy } from './data-proxy';
import type { HttpRequest, HttpResponse, NextFunction } from './http-types';
import { sendProblem } from './intake-exception.filter';
import { problem, problemFor } from './problem';
import { securityHeaders } from './security-headers';

/** Largest JSON body (a submission with ten corrections fits); the agent's upload goes through multer's own limit. */
export const JSON_BODY_LIMIT = '32kb';
/** The small form posts (verify, code, withdraw). */
export const FORM_BODY_LIMIT = '8kb';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses bodies that are not UTF-8 instead of letting the parser turn bad bytes into U+FFFD. */
function requireUtf8(_request: unknown, _response: unknown, buffer: Buffer): void {
  if (!isUtf8(buffer)) throw Object.assign(new Error('The request body is not valid UTF-8'), { status: 400, expose: true, type: 'encoding.invalid' });
}

interface BodyParserHost {
  useBodyParser(type: 'json' | 'urlencoded', rawBody: boolean, options: Record<string, unknown>): unknown;
  getInstance(): { set(setting: string, value: unknown): void };
}

/**
 * The intake service's HTTP protections, applied by apps/intake through
 * bootstrapActivityService({ configureHttp }): security headers, a per-client
 * limit on posts (429 + Retry-After; rate-limits.ts), the proxy of
 * download links and processor callbacks to the data service, body size
 * limits (413) and UTF-8 checks (400), and the OpenAPI page at /api/docs.
 */
export function configureHttp(app: INestApplication): void {
  const config = app.get<RightsflowConfig>(RIGHTSFLOW_CONFIG);
  const limits = app.get(IntakeRateLimits);
  const brand = config.mail.brandName;
  const adapter = app.getHttpAdapter() as unknown as BodyParserHost;
  // request.ip is the client: the socket's address, or (behind trusted proxies) what X-Forwarded-For says.
  adapter.getInstance().set('trust proxy', config.http.trustProxy);

  app.use(securityHeaders(config));
  // Before the proxy and the body parsers: a flood is refused before its body is read.
  app.use((request: HttpRequest, response: HttpResponse, next: NextFunction) => {
    if (!WRITE_METHODS.has(request.method) || isCodecPath(request.path)) return next();
    limits.takeWrite(request.ip ?? request.socket.remoteAddress ?? 'unknown').then((verdict) => {
      if (verdict.allowed) return next();
      sendProblem(request, response, problem(429, 'Too many requests from this address; please wait a moment', { retryAfterSeconds: verdict.retryAfterSeconds }), config);
    }, next);
  });
  // Download links and processor callbacks, forwarded to the data service; before the
  // body parsers, so a callback's body is passed on as sent.
  app.use(dataProxy(config));
  // The Temporal UI's codec endpoint: CORS and its larger body limit, before the parsers below.
  configureCodecHttp(app, config, adapter);
  // Registered before Nest's defaults, which then stand aside (same parser names).
  adapter.useBodyParser('json', false, { limit: JSON_BODY_LIMIT, strict: true, verify: requireUtf8 });
  adapter.useBodyParser('urlencoded', false, { limit: FORM_BODY_LIMIT, extended: false, parameterLimit: 20, verify: requireUtf8 });
  // Parser failures (too large, not JSON, not UTF-8) are answered here, before any route runs.
  app.use((error: unknown, request: HttpRequest, response: HttpResponse, next: NextFunction) => {
    if (!error) return next();
    sendProblem(request, response, problemFor(error), config);
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(`${brand} privacy requests API`)
      .setDescription('Submit and follow data subject requests (GDPR, CCPA/CPRA). The same rules as the web form at /.')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { customSiteTitle: `${brand} privacy requests API` });
}
