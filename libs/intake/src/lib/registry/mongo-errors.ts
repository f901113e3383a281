/** A write refused by a unique index (MongoDB and FerretDB both answer code 11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/** An insert of many documents of which every one refused was refused by a unique index (others may have been written). */
export function onlyDuplicateKeyErrors(error: unknown): boolean {
  if (!isDuplicateKeyError(error)) return false;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const each = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  return each.every(
    (writeError: { code?: unknown; err?: { code?: unknown } }) => (writeError.code ?? writeError.err?.code) === 11000,
  );
}
