import { VALIDATION_FAILURE } from '@rightsflow/temporal-bridge';
import { ApplicationFailure } from '@temporalio/common';
import { unseal } from '@rightsflow/platform';

/** Bad input found past the DTO (e.g. inside a sealed value): permanent, named like the ValidationPipe's errors. */
export function invalidInput(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, VALIDATION_FAILURE, { messages: [message] });
}

/** Opens a sealed input field; a value that does not open is bad input naming the field, never retried. */
export function openSealed(encryptionKey: string, sealed: string, field: string): string {
  try {
    return unseal(encryptionKey, sealed);
  } catch {
    throw invalidInput(`${field} must be a value sealed with this deployment's key`);
  }
}
