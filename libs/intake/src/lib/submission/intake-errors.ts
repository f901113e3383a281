/**
 * What can go wrong at the front door, as errors the API and the web form
 * each render their own way (JSON problem vs. an HTML page). None of them
 * says whether a person is in our data.
 */
export interface FieldError {
  /** Dotted path of the field at fault, e.g. `email`, `agent.email`, `corrections.0.value`, `Idempotency-Key`. */
  field: string;
  message: string;
}

export class SubmissionInvalidError extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((error) => `${error.field}: ${error.message}`).join('; '));
    this.name = 'SubmissionInvalidError';
  }
}

/** Unknown request id or a wrong token: one answer for both, so ids cannot be probed. */
export class RequestNotFoundError extends Error {
  constructor() {
    super('No request matches this reference and token');
    this.name = 'RequestNotFoundError';
  }
}

export class IdempotencyConflictError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different request');
    this.name = 'IdempotencyConflictError';
  }
}

export class RateLimitedError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; try again in ${retryAfterSeconds} s`);
    this.name = 'RateLimitedError';
  }
}

/** The request cannot take this step now (closed, or not waiting for it). */
export class RequestNotAcceptingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RequestNotAcceptingError';
  }
}

/** Temporal did not answer in time; the request is safe and the step can be retried. */
export class WorkflowUnavailableError extends Error {
  constructor(message = 'The request service is busy; please try again in a moment') {
    super(message);
    this.name = 'WorkflowUnavailableError';
  }
}
