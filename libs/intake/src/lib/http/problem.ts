import { HttpException } from '@nestjs/common';
import {
  FieldError,
  IdempotencyConflictError,
  RateLimitedError,
  RequestNotAcceptingError,
  RequestNotFoundError,
  SubmissionInvalidError,
  WorkflowUnavailableError,
} from '../submission/intake-errors';

/** One error, as both the API (JSON) and the pages (HTML) report it. */
export interface Problem {
  status: number;
  title: string;
  message: string;
  fields?: FieldError[];
  retryAfterSeconds?: number;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function problem(status: number, message: string, extra: Partial<Problem> = {}): Problem {
  return { status, title: TITLES[status] ?? 'Error', message, ...extra };
}

/** busboy's words for a broken multipart body (as Nest's FileInterceptor passes them on): the parser's business, not the client's. */
const MULTIPART_INTERNALS = /^(Multipart: |Malformed part header|Unexpected end of (form|file)|Unsupported content type)/;

/** A multipart body we could not read, said in our words (415 when it is not form data at all). */
function multipartProblem(message: string): Problem | undefined {
  if (!MULTIPART_INTERNALS.test(message)) return undefined;
  return message.startsWith('Unsupported content type')
    ? problem(415, 'Send application/json, or multipart/form-data for an upload')
    : problem(400, 'The form data could not be read', { fields: [{ field: 'body', message: 'must be well-formed multipart/form-data' }] });
}

/** Maps anything thrown at the front door to what we tell the client; unknown errors say nothing about internals. */
export function problemFor(error: unknown): Problem {
  if (error instanceof SubmissionInvalidError) return problem(400, error.message, { fields: error.errors });
  if (error instanceof RequestNotFoundError) return problem(404, error.message);
  if (error instanceof IdempotencyConflictError) return problem(422, error.message, { fields: [{ field: 'Idempotency-Key', message: error.message }] });
  if (error instanceof RateLimitedError) return problem(429, error.message, { retryAfterSeconds: error.retryAfterSeconds });
  if (error instanceof RequestNotAcceptingError) return problem(409, error.message);
  if (error instanceof WorkflowUnavailableError) return problem(503, error.message, { retryAfterSeconds: 5 });
  if (error instanceof HttpException) {
    const response = error.getResponse();
    const message =
      typeof response === 'object' && response !== null && 'message' in response ? ([] as unknown[]).concat((response as { message: unknown }).message).join('; ') : error.message;
    return multipartProblem(message) ?? problem(error.getStatus(), message);
  }
  // busboy's own errors that Nest does not translate (e.g. multipart/mixed) carry no status.
  const fromMultipart = error instanceof Error ? multipartProblem(error.message) : undefined;
  if (fromMultipart) return fromMultipart;
  // body-parser and multer errors carry an HTTP status of their own.
  const status = (error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return problem(413, 'The request is too large');
    // body-parser exposes V8's message, which quotes the body back: say it in our words.
    if ((error as { type?: unknown }).type === 'entity.parse.failed') {
      return problem(400, 'The request body is not valid JSON', { fields: [{ field: 'body', message: 'must be one JSON object, in UTF-8' }] });
    }
    return problem(status, (error as { expose?: boolean; message?: string }).expose ? String((error as Error).message) : 'The request could not be read');
  }
  return problem(500, 'Something went wrong on our side; nothing was lost. Please try again later.');
}

/** The JSON body of an API error: Nest's usual shape plus the fields at fault. */
export function problemJson(p: Problem) {
  return {
    statusCode: p.status,
    error: p.title,
    message: p.fields ? p.fields.map((field) => `${field.field} ${field.message}`) : p.message,
    ...(p.fields ? { fields: p.fields } : {}),
  };
}
