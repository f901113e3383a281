import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import type { CookieOptions, HttpResponse } from '../http/http-types';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { OPERATOR_COOKIE, operatorTokenOf, OperatorRequest } from '../operators/operator-auth.guard';
import { OperatorCredentials } from '../operators/operator-credentials';
import { html } from '../web/html';
import { messagePage } from '../web/layout';

/** How long a browser keeps the codec session (the token itself stays valid until revoked). */
const SESSION_SECONDS = 8 * 3600;

/**
 * The Temporal UI calls the codec endpoint from the operator's browser, where it
 * can send no bearer token of ours: the operator signs in here once, and the
 * browser keeps the token in an HttpOnly cookie scoped to /codec (SameSite=Strict:
 * the UI and intake are the same site), sent with the UI's credentialed calls.
 * The cookie is checked like a bearer token on every call, so revocation holds.
 */
@ApiExcludeController()
@Controller('codec')
@UseFilters(IntakeHttpExceptionFilter)
@SkipThrottle()
export class CodecSessionController {
  constructor(
    private readonly credentials: OperatorCredentials,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {}

  @Get('login')
  login(@Res({ passthrough: true }) response: HttpResponse): string {
    response.type('html');
    return messagePage({ brandName: this.config.mail.brandName }, 'Operator sign-in for the Temporal UI', ['Paste your operator token (npm run ops -- operators add …) so the Temporal UI can show requests decrypted.'], html`<form method="post" action="/codec/session"><label for="token">Operator token</label><input id="token" name="token" type="password" autocomplete="off" required><button type="submit">Sign in</button></form>`);
  }

  @Post('session')
  @HttpCode(200)
  async session(@Req() request: OperatorRequest, @Body() body: unknown, @Res({ passthrough: true }) response: HttpResponse): Promise<string> {
    const typed = (body as { token?: unknown } | undefined)?.token;
    const token = typeof typed === 'string' ? typed.trim() : operatorTokenOf(request);
    const operator = token ? await this.credentials.authenticate(token) : null;
    if (!operator) throw new UnauthorizedException('An operator token is required');
    response.cookie(OPERATOR_COOKIE, token, { ...this.cookieOptions(), maxAge: SESSION_SECONDS * 1000 });
    response.type('html');
    return messagePage({ brandName: this.config.mail.brandName }, `Signed in as ${operator.name} (${operator.role})`, ['The Temporal UI now decodes payloads through this service. Close this tab.']);
  }

  @Post('logout')
  @HttpCode(200)
  logout(@Res({ passthrough: true }) response: HttpResponse): string {
    response.cookie(OPERATOR_COOKIE, '', { ...this.cookieOptions(), maxAge: 0 });
    response.type('html');
    return messagePage({ brandName: this.config.mail.brandName }, 'Signed out', []);
  }

  private cookieOptions(): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.http.publicBaseUrl.startsWith('https:'), path: '/codec' };
  }
}
