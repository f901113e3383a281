import type { INestApplication } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import cors from 'cors';

/** A page of the UI's history decodes in one call: far above the API's 32 KB bodies. */
export const CODEC_BODY_LIMIT = '8mb';

interface BodyParserHost {
  useBodyParser(type: 'json', rawBody: boolean, options: Record<string, unknown>): unknown;
}

/** The codec endpoint's paths, which intake's per-IP write limit leaves alone (every caller is an authenticated operator). */
export function isCodecPath(path: string): boolean {
  return path === '/codec' || path.startsWith('/codec/');
}

/**
 * HTTP of the codec endpoint, registered before intake's own body parsers:
 * CORS for the Temporal UI's origins only (credentials, and the X-Namespace and
 * Authorization headers the UI sends; OPTIONS preflights answered here), and a
 * JSON parser with its own limit. A body it read is not read again by the
 * 32 KB parser after it (body-parser skips a finished request).
 */
export function configureCodecHttp(app: INestApplication, config: RightsflowConfig, adapter: BodyParserHost): void {
  app.use(
    '/codec',
    cors({
      origin: config.codec.corsOrigins,
      credentials: true,
      methods: ['POST', 'OPTIONS'],
      allowedHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
      maxAge: 600,
    }),
  );
  adapter.useBodyParser('json', false, {
    limit: CODEC_BODY_LIMIT,
    strict: true,
    type: (request: { url?: string; headers: Record<string, unknown> }) =>
      isCodecPath((request.url ?? '').split('?')[0] as string) && /^application\/json\s*(;|$)/i.test(String(request.headers['content-type'] ?? '')),
  });
}
