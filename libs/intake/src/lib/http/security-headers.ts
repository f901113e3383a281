import type { RightsflowConfig } from '@rightsflow/config';
import type { HttpRequest, HttpResponse, NextFunction } from './http-types';

const PAGE_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
// Swagger UI ships inline styles and data: icons; it gets no more than that.
const DOCS_CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/**
 * Headers on every answer: a strict CSP (no third-party or inline content),
 * no framing, no sniffing, no Referer (status and verify URLs carry tokens),
 * and no caching of pages that may show a request.
 */
export function securityHeaders(config: RightsflowConfig) {
  const https = config.http.publicBaseUrl.startsWith('https:');
  return (request: HttpRequest, response: HttpResponse, next: NextFunction): void => {
    response.setHeader('Content-Security-Policy', request.path.startsWith('/api/docs') ? DOCS_CSP : PAGE_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()');
    if (https) response.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    if (!request.path.startsWith('/assets/')) response.setHeader('Cache-Control', 'no-store');
    next();
  };
}
