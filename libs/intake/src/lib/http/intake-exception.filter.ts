import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { html } from '../web/html';
import { chooseLocale, formInLanguage } from '../web/i18n/choose-locale';
import { PageText } from '../web/i18n/page-text';
import { messagePage } from '../web/layout';
import type { HttpRequest, HttpResponse } from './http-types';
import { Problem, problemFor, problemJson } from './problem';

/** Sends a problem as JSON (API) or as a page (everything else), with Retry-After when there is one. */
export function sendProblem(request: HttpRequest, response: HttpResponse, p: Problem, config: Pick<RightsflowConfig, 'mail' | 'policy'>): void {
  if (p.retryAfterSeconds !== undefined) response.setHeader('Retry-After', p.retryAfterSeconds);
  response.status(p.status);
  if (request.path.startsWith('/api/')) {
    response.json(problemJson(p));
    return;
  }
  const lines = p.fields ? p.fields.map((field) => `${field.field}: ${field.message}`) : [p.message];
  const text = new PageText(chooseLocale(request, config.mail.locale), config.policy.timeZone);
  const title = text.t(p.status === 429 ? 'problem.wait' : p.status >= 500 ? 'problem.broken' : 'problem.unusable');
  // The switch leads to the form: an error page repeats nothing of the address it answers (the same page for every bad link).
  const frame = { brandName: config.mail.brandName, text, languageHref: formInLanguage };
  response.type('html').send(messagePage(frame, title, lines, html`<p><a href="/?lang=${text.locale}">${text.t('problem.back')}</a></p>`));
}

/**
 * Errors of intake's HTTP routes. Bound on each HTTP controller: the service's
 * global filter is the activity one, which answers in Temporal's terms.
 */
@Catch()
export class IntakeHttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('IntakeHttp');

  constructor(@Inject(RIGHTSFLOW_CONFIG) private readonly config: RightsflowConfig) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const p = problemFor(exception);
    // Never log request bodies: they hold personal data. The error's name and message are ours.
    if (p.status >= 500) this.logger.error(`${request.method} ${request.path}: ${(exception as Error)?.name}: ${(exception as Error)?.message}`);
    if (response.headersSent) return;
    sendProblem(request, response, p, this.config);
  }
}
