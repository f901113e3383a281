import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { HttpResponse } from '../http/http-types';
import { problemFor, problemJson } from '../http/problem';

/** The codec endpoint is an API for the Temporal UI and the CLI: every error is a JSON problem, never a page. */
@Catch()
export class CodecExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<HttpResponse>();
    if (response.headersSent) return;
    const p = problemFor(exception);
    response.status(p.status).json(problemJson(p));
  }
}
