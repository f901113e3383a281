import { HttpException } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';

export const VALIDATION_FAILURE = 'ValidationError';

/**
 * Decides how an error thrown by a handler reaches Temporal: bad input can never
 * succeed on retry, so it becomes a non-retryable failure that names the fields;
 * anything else stays retryable and Temporal's retry policy takes over.
 */
export function toActivityFailure(error: unknown): Error {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof HttpException && error.getStatus() >= 400 && error.getStatus() < 500) {
    const response = error.getResponse();
    const messages =
      typeof response === 'object' && response !== null && 'message' in response
        ? ([] as unknown[]).concat((response as { message: unknown }).message).map(String)
        : [error.message];
    return ApplicationFailure.nonRetryable(messages.join('; '), VALIDATION_FAILURE, { messages });
  }
  return error instanceof Error ? error : new Error(String(error));
}
