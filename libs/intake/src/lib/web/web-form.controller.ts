import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { isLocale, Locale } from '@rightsflow/contracts';
import { randomBytes } from 'node:crypto';
import { statusUrl } from '../api/requests-api.controller';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { GPC_REQUEST_TYPE, sendsGpc } from '../gpc/gpc';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { isRequestId, newRequestId } from '../registry/ids';
import { SubmissionInvalidError } from '../submission/intake-errors';
import { IntakeService } from '../submission/intake.service';
import type { UploadedFile as PermissionUpload } from '../submission/permission-file';
import { cookiesAreSecure, CsrfTokens } from './csrf';
import { defaultJurisdiction } from './default-jurisdiction';
import { formErrors, formValues, submissionFromForm } from './form-fields';
import { FormErrors, formPage, FormValues } from './form-page';
import { chooseLocale, formInLanguage, inLanguage, LANGUAGE_COOKIE, languageHref } from './i18n/choose-locale';
import { PageText } from './i18n/page-text';
import { messagePage } from './layout';
import { codeFormPage, codeResultPage, confirmationPage, PageContext, statusPage, verifiedPage, verifyPage } from './pages';
import { stylesheet } from './stylesheet';

const SUBMISSION_ID = /^[A-Za-z0-9_-]{16,64}$/;
const A_YEAR_MS = 365 * 24 * 3600 * 1000;

function fields(request: HttpRequest): Record<string, unknown> {
  const body = request.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/**
 * The public web pages: the request form, the confirmation, the email-link
 * confirmation (a POST, so mail scanners that fetch links never verify) and
 * the status page. Server-rendered HTML, no script; the same IntakeService as
 * the API does the work.
 */
@ApiExcludeController()
@Controller()
@UseFilters(IntakeHttpExceptionFilter)
export class WebFormController {
  private readonly css: string;
  private readonly secureCookies: boolean;

  constructor(
    private readonly intake: IntakeService,
    private readonly csrf: CsrfTokens,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {
    this.css = stylesheet(config.mail.brandColor);
    this.secureCookies = cookiesAreSecure(config);
  }

  @Get('assets/intake.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  stylesheet(): string {
    return this.css;
  }

  /** Browsers ask for it on every page; no icon, no 404 noise. */
  @Get('favicon.ico')
  @HttpCode(204)
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): void {
    return undefined;
  }

  @Get()
  form(@Req() request: HttpRequest, @Res() response: HttpResponse, @Query('jurisdiction') jurisdiction: unknown): void {
    const guess = defaultJurisdiction(String(request.headers['accept-language'] ?? ''));
    const values = formValues({ jurisdiction: typeof jurisdiction === 'string' ? jurisdiction : guess }, guess);
    // R28: a browser sending Global Privacy Control starts on the opt-out it asks for.
    if (sendsGpc(request.headers)) values.type = GPC_REQUEST_TYPE;
    this.renderForm(request, response, 200, values, {}, this.pageText(request, response));
  }

  @Post()
  @UseInterceptors(FileInterceptor('permission'))
  async submit(@Req() request: HttpRequest, @Res() response: HttpResponse, @UploadedFile() permission: PermissionUpload | undefined): Promise<void> {
    const body = fields(request);
    const values = formValues(body, defaultJurisdiction(String(request.headers['accept-language'] ?? '')));
    // The request is made in the language of the page it was sent from.
    const text = isLocale(body['locale']) ? new PageText(body['locale'], this.config.policy.timeZone) : this.pageText(request, response);
    if (!this.csrf.isValid(request, body['_csrf'])) {
      return this.renderForm(request, response, 403, values, { form: text.t('errors.formExpired') }, text);
    }
    // Honeypot: people never see the field; bots fill it. They get the usual answer and nothing is stored.
    if (typeof body['website'] === 'string' && body['website'] !== '') {
      const ctx = this.context(request, response, '/', text);
      return this.send(response, 200, confirmationPage(ctx, { requestId: newRequestId(), replayed: false, status: 'received', receivedAt: new Date().toISOString(), dueAt: null, verificationBy: 'subject' }, null));
    }
    const submissionId = typeof body['submissionId'] === 'string' && SUBMISSION_ID.test(body['submissionId']) ? body['submissionId'] : undefined;
    try {
      const outcome = await this.intake.submit(submissionFromForm(values, text.locale), {
        via: 'web_form',
        ...(submissionId ? { idempotencyKey: `form:${submissionId}` } : {}),
        ...(values.isAgent && permission ? { permission } : {}),
        gpc: sendsGpc(request.headers),
      });
      const link = outcome.statusToken ? inLanguage(statusUrl(this.config, outcome.requestId, outcome.statusToken), text.locale) : null;
      // The switch leads to the status page (it shows all this page does), so the link shown once is not lost.
      const ctx = this.context(request, response, statusPath(outcome.requestId, outcome.statusToken), text);
      this.send(response, outcome.replayed ? 200 : 201, confirmationPage(ctx, outcome, link));
    } catch (error) {
      if (!(error instanceof SubmissionInvalidError)) throw error;
      this.renderForm(request, response, 400, values, formErrors(error.errors, text, values.type), text);
    }
  }

  @Get('verify/:requestId')
  verify(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string, @Query('token') token: unknown): void {
    if (!isRequestId(requestId) || typeof token !== 'string' || token.length > 256) return this.notFound(request, response);
    this.send(response, 200, verifyPage(this.context(request, response), requestId, token));
  }

  @Post('verify/:requestId')
  async confirmLink(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string): Promise<void> {
    const body = fields(request);
    if (!this.csrf.isValid(request, body['_csrf'])) {
      return this.send(response, 403, verifyPage(this.context(request, response), requestId, String(body['token'] ?? '')));
    }
    await this.intake.confirmLink(requestId, body['token']);
    this.send(response, 200, verifiedPage(this.context(request, response), requestId));
  }

  @Post('requests/:requestId/code')
  async submitCode(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string): Promise<void> {
    const body = fields(request);
    const ctx = this.context(request, response);
    if (!this.csrf.isValid(request, body['_csrf'])) return this.send(response, 403, codeFormPage(ctx, requestId, ctx.text.t('code.pageExpired')));
    try {
      const result = await this.intake.submitCode(requestId, typeof body['code'] === 'string' ? body['code'].trim() : body['code']);
      this.send(response, result.verified ? 200 : 400, codeResultPage(ctx, requestId, result));
    } catch (error) {
      if (!(error instanceof SubmissionInvalidError)) throw error;
      this.send(response, 400, codeFormPage(ctx, requestId, ctx.text.t('code.sixDigits')));
    }
  }

  @Get('status/:requestId')
  async status(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string, @Query('token') token: unknown): Promise<void> {
    const view = await this.intake.status(requestId, token);
    this.send(response, 200, statusPage(this.context(request, response), view, String(token)));
  }

  @Post('status/:requestId/withdraw')
  async withdraw(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string): Promise<void> {
    const body = fields(request);
    const ctx = this.context(request, response, statusPath(requestId, body['token']));
    if (!this.csrf.isValid(request, body['_csrf'])) return this.send(response, 403, this.expiredPage(ctx));
    const view = await this.intake.withdraw(requestId, body['token']);
    this.send(response, 200, statusPage(ctx, view, String(body['token']), ctx.text.t('status.withdrawn')));
  }

  /** R26: the appeal of a refused request, from its status page; the page then shows the appeal. */
  @Post('status/:requestId/appeal')
  async appeal(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string): Promise<void> {
    const body = fields(request);
    const ctx = this.context(request, response, statusPath(requestId, body['token']));
    if (!this.csrf.isValid(request, body['_csrf'])) return this.send(response, 403, this.expiredPage(ctx));
    const outcome = await this.intake.appeal(requestId, body['token']);
    const view = await this.intake.status(outcome.requestId, body['token']);
    const appealCtx = this.context(request, response, statusPath(outcome.requestId, body['token']), ctx.text);
    this.send(response, outcome.replayed ? 200 : 201, statusPage(appealCtx, view, String(body['token']), ctx.text.t('status.appealReceived')));
  }

  private renderForm(request: HttpRequest, response: HttpResponse, status: number, values: FormValues, errors: FormErrors, text: PageText): void {
    const csrfToken = this.csrf.tokenFor(request, response);
    const submissionId = randomBytes(18).toString('base64url');
    this.send(
      response,
      status,
      formPage({
        brandName: this.config.mail.brandName,
        values,
        errors,
        csrfToken,
        submissionId,
        maxUploadKb: this.config.intake.uploadMaxKb,
        gpc: sendsGpc(request.headers),
        text,
        languageHref: (locale) => languageHref(request, locale),
      }),
    );
  }

  /**
   * The page's language (see chooseLocale). A choice made with the switch (`?lang=`)
   * is kept in a cookie, so the next pages and the request made from them use it.
   */
  private pageText(request: HttpRequest, response: HttpResponse): PageText {
    const locale = chooseLocale(request, this.config.mail.locale);
    if (request.query['lang'] === locale) {
      response.cookie(LANGUAGE_COOKIE, locale, { httpOnly: true, sameSite: 'lax', secure: this.secureCookies, path: '/', maxAge: A_YEAR_MS });
    }
    return new PageText(locale, this.config.policy.timeZone);
  }

  /** `fallbackPath`: where the switch leads from a page that answers a POST (a GET page links to itself). */
  private context(request: HttpRequest, response: HttpResponse, fallbackPath = '/', text = this.pageText(request, response)): PageContext {
    return {
      brandName: this.config.mail.brandName,
      csrfToken: this.csrf.tokenFor(request, response),
      text,
      languageHref: (locale: Locale) => languageHref(request, locale, fallbackPath),
    };
  }

  private expiredPage(ctx: PageContext): string {
    return messagePage(ctx, ctx.text.t('status.expiredTitle'), [ctx.text.t('status.expired')]);
  }

  private notFound(request: HttpRequest, response: HttpResponse): void {
    // Like every error page, one answer for any unknown link: the switch does not repeat the address.
    const ctx = { ...this.context(request, response), languageHref: formInLanguage };
    this.send(response, 404, messagePage(ctx, ctx.text.t('notFound.title'), [ctx.text.t('notFound.text')]));
  }

  private send(response: HttpResponse, status: number, body: string): void {
    response.status(status).type('html').send(body);
  }
}

/** The status page of a request, as a path (the switch's target after a POST on it). */
function statusPath(requestId: string, token: unknown): string {
  return typeof token === 'string' && isRequestId(requestId) ? `/status/${requestId}?token=${encodeURIComponent(token)}` : '/';
}
