import { Inject, Injectable } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { constantTimeEqual, keyedHash, RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import type { HttpRequest as Request, HttpResponse as Response } from '../http/http-types';
import { randomBytes } from 'node:crypto';

const COOKIE = 'rf_csrf';

/** Our cookies are Secure when the public site is served over https. */
export const cookiesAreSecure = (config: RightsflowConfig): boolean => config.http.publicBaseUrl.startsWith('https:');

/** Reads one cookie from the Cookie header (no cookie-parser needed for one value). */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of String(request.headers['cookie'] ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // a malformed escape (`%E0%A4%A`) is no cookie of ours, not a server error
    }
  }
  return undefined;
}

/**
 * CSRF protection for the form posts: a signed double-submit cookie. The
 * browser holds a random value in an HttpOnly, SameSite=Strict cookie; each
 * form carries HMAC(value). A post is accepted only when the two agree, which
 * another site can neither read nor forge. Stateless, so any replica checks it.
 */
@Injectable()
export class CsrfTokens {
  private readonly secure: boolean;

  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {
    this.secure = cookiesAreSecure(config);
  }

  /** The token for a form on this page; sets the cookie when the browser has none. */
  tokenFor(request: Request, response: Response): string {
    let value = readCookie(request, COOKIE);
    if (!value || !/^[A-Za-z0-9_-]{32}$/.test(value)) {
      value = randomBytes(24).toString('base64url');
      response.cookie(COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: this.secure, path: '/' });
    }
    return this.sign(value);
  }

  isValid(request: Request, token: unknown): boolean {
    const value = readCookie(request, COOKIE);
    return typeof token === 'string' && value !== undefined && constantTimeEqual(token, this.sign(value));
  }

  private sign(value: string): string {
    return keyedHash(this.config.secrets.hmacKey, 'csrf', value);
  }
}
