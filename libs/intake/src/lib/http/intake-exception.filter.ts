import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger } from '@nestjs/common';
import type { RightsflowConfig } from '@rightsflow/config';
import { RIGHTSFLOW_CONFIG } from '@rightsflow/platform';
import { html } from '../web/html';
import { messagePage } from '../web/layout';
import type { HttpRequest, HttpResponse } from './http-types';
import { Problem, problemFor, problemJson } from './problem';

/** Sends a problem as JSON (API) or as a page (everything else), with Retry-After when there is one. */
export function sendProblem(request: HttpRequest, response: HttpResponse, p: Problem, brandName: string): void {
  if (p.retryAfterSeconds !== undefined) response.setHeader('Retry-After', p.retryAfterSeconds);
  response.status(p.status);
  if (request.path.startsWith('/api/')) {
    response.json(problemJson(p));
    return;
  }
  const lines = p.fields ? p.fields.map((field) => `${field.field}: ${field.message}`) : [p.message];
  response
    .type('html')
    .send(messagePage(brandName, p.status === 429 ? 'Please wait a moment' : p.status >= 500 ? 'Sorry, something went wrong' : 'We could not use that', lines, html`<p><a href="/">Back to the form</a></p>`));
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
    sendProblem(request, response, p, this.config.mail.brandName);
  }
}
