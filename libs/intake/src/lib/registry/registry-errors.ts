/** The registry has no request with this id: a permanent failure, retrying cannot help. */
export class UnknownRequestError extends Error {
  constructor(readonly requestId: string) {
    super(`No request ${requestId} in the registry`);
    this.name = 'UnknownRequestError';
  }
}

/** A write kept losing races for longer than is plausible; retryable (Temporal retries the activity). */
export class RegistryBusyError extends Error {
  constructor(what: string) {
    super(`${what}: too many concurrent writers, try again`);
    this.name = 'RegistryBusyError';
  }
}
