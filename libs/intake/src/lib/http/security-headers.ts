import type { RightsflowConfig } from '@rightsflow/config';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpRequest, HttpResponse, NextFunction } from './http-types';

/** Our pages: nothing third-party or inline, no framing, forms post only to us. */
const PAGE_CSP = {
  defaultSrc: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  objectSrc: ["'none'"],
};
// Swagger UI ships inline styles and data: icons; it gets no more than that.
const DOCS_CSP = { ...PAGE_CSP, styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'] };

/**
 * Headers on every answer, set by helmet: a strict CSP, no framing, no
 * sniffing, no Referer (status and verify URLs carry tokens), isolated
 * origins, HSTS when the site is served over https, no X-Powered-By.
 * Two things helmet does not do are ours: Permissions-Policy, and no caching
 * of anything but the static assets (pages may show a request).
 */
export function securityHeaders(config: RightsflowConfig) {
  const https = config.http.publicBaseUrl.startsWith('https:');
  const common: HelmetOptions = {
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
  const pages = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: PAGE_CSP } });
  const docs = helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } });
  return (request: HttpRequest, response: HttpResponse, next: NextFunction): void => {
    response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
    const headers = request.path.startsWith('/api/docs') ? docs : pages;
    headers(request as unknown as IncomingMessage, response as unknown as ServerResponse, next);
  };
}
