import { Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Req, Res, UploadedFile, UseFilters, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { randomBytes } from 'node:crypto';
import { statusUrl } from '../api/requests-api.controller';
import type { HttpRequest, HttpResponse } from '../http/http-types';
import { GPC_REQUEST_TYPE, sendsGpc } from '../gpc/gpc';
import { IntakeHttpExceptionFilter } from '../http/intake-exception.filter';
import { isRequestId, newRequestId } from '../registry/ids';
import { SubmissionInvalidError } from '../submission/intake-errors';
import { IntakeService } from '../submission/intake.service';
import type { UploadedFile as PermissionUpload } from '../submission/permission-file';
import { CsrfTokens } from './csrf';
import { defaultJurisdiction } from './default-jurisdiction';
import { formErrors, formValues, submissionFromForm } from './form-fields';
import { FormErrors, formPage, FormValues } from './form-page';
import { messagePage } from './layout';
import { codeFormPage, codeResultPage, confirmationPage, PageContext, statusPage, verifiedPage, verifyPage } from './pages';
import { stylesheet } from './stylesheet';

const SUBMISSION_ID = /^[A-Za-z0-9_-]{16,64}$/;

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

  constructor(
    private readonly intake: IntakeService,
    private readonly csrf: CsrfTokens,
    @Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig,
  ) {
    this.css = stylesheet(config.mail.brandColor);
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
    this.renderForm(request, response, 200, values, {});
  }

  @Post()
  @UseInterceptors(FileInterceptor('permission'))
  async submit(@Req() request: HttpRequest, @Res() response: HttpResponse, @UploadedFile() permission: PermissionUpload | undefined): Promise<void> {
    const body = fields(request);
    const values = formValues(body, defaultJurisdiction(String(request.headers['accept-language'] ?? '')));
    if (!this.csrf.isValid(request, body['_csrf'])) {
      return this.renderForm(request, response, 403, values, { form: 'The form had expired. Check your answers and send it again.' });
    }
    // Honeypot: people never see the field; bots fill it. They get the usual answer and nothing is stored.
    if (typeof body['website'] === 'string' && body['website'] !== '') {
      return this.send(response, 200, confirmationPage(this.context(request, response), { requestId: newRequestId(), replayed: false, status: 'received', receivedAt: new Date().toISOString(), dueAt: null, verificationBy: 'subject' }, null));
    }
    const submissionId = typeof body['submissionId'] === 'string' && SUBMISSION_ID.test(body['submissionId']) ? body['submissionId'] : undefined;
    try {
      const outcome = await this.intake.submit(submissionFromForm(values), {
        via: 'web_form',
        ...(submissionId ? { idempotencyKey: `form:${submissionId}` } : {}),
        ...(values.isAgent && permission ? { permission } : {}),
        gpc: sendsGpc(request.headers),
      });
      const link = outcome.statusToken ? statusUrl(this.config, outcome.requestId, outcome.statusToken) : null;
      this.send(response, outcome.replayed ? 200 : 201, confirmationPage(this.context(request, response), outcome, link));
    } catch (error) {
      if (!(error instanceof SubmissionInvalidError)) throw error;
      this.renderForm(request, response, 400, values, formErrors(error.errors));
    }
  }

  @Get('verify/:requestId')
  verify(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string, @Query('token') token: unknown): void {
    if (!isRequestId(requestId) || typeof token !== 'string' || token.length > 256) return this.notFound(response);
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
    if (!this.csrf.isValid(request, body['_csrf'])) return this.send(response, 403, codeFormPage(ctx, requestId, 'The page had expired. Enter the code again.'));
    try {
      const result = await this.intake.submitCode(requestId, typeof body['code'] === 'string' ? body['code'].trim() : body['code']);
      this.send(response, result.verified ? 200 : 400, codeResultPage(ctx, requestId, result));
    } catch (error) {
      if (!(error instanceof SubmissionInvalidError)) throw error;
      this.send(response, 400, codeFormPage(ctx, requestId, 'Enter the 6 digits from the email'));
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
    const ctx = this.context(request, response);
    if (!this.csrf.isValid(request, body['_csrf'])) {
      return this.send(response, 403, messagePage(this.config.mail.brandName, 'The page had expired', ['Open the status link again and press the button once more.']));
    }
    const view = await this.intake.withdraw(requestId, body['token']);
    this.send(response, 200, statusPage(ctx, view, String(body['token']), 'Your request has been withdrawn.'));
  }

  /** R26: the appeal of a refused request, from its status page; the page then shows the appeal. */
  @Post('status/:requestId/appeal')
  async appeal(@Req() request: HttpRequest, @Res() response: HttpResponse, @Param('requestId') requestId: string): Promise<void> {
    const body = fields(request);
    const ctx = this.context(request, response);
    if (!this.csrf.isValid(request, body['_csrf'])) {
      return this.send(response, 403, messagePage(this.config.mail.brandName, 'The page had expired', ['Open the status link again and press the button once more.']));
    }
    const outcome = await this.intake.appeal(requestId, body['token']);
    const view = await this.intake.status(outcome.requestId, body['token']);
    this.send(response, outcome.replayed ? 200 : 201, statusPage(ctx, view, String(body['token']), 'We have received your appeal. We will write to you with our decision and its reasons.'));
  }

  private renderForm(request: HttpRequest, response: HttpResponse, status: number, values: FormValues, errors: FormErrors): void {
    const csrfToken = this.csrf.tokenFor(request, response);
    const submissionId = randomBytes(18).toString('base64url');
    this.send(response, status, formPage({ brandName: this.config.mail.brandName, values, errors, csrfToken, submissionId, maxUploadKb: this.config.intake.uploadMaxKb, gpc: sendsGpc(request.headers) }));
  }

  private context(request: HttpRequest, response: HttpResponse): PageContext {
    return { brandName: this.config.mail.brandName, timeZone: this.config.policy.timeZone, csrfToken: this.csrf.tokenFor(request, response) };
  }

  private notFound(response: HttpResponse): void {
    this.send(response, 404, messagePage(this.config.mail.brandName, 'Link not recognised', ['Check that you copied the whole link from the email.']));
  }

  private send(response: HttpResponse, status: number, body: string): void {
    response.status(status).type('html').send(body);
  }
}
