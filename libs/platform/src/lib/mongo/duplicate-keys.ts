/** A write refused by a unique index (MongoDB and FerretDB both answer code 11000). */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

type WriteError = { code?: unknown; err?: { code?: unknown } };

/**
 * An insert of many documents that failed only on unique indexes (the others may have been
 * written): every write error is a duplicate key. The driver's bulk error names each refused
 * document; mongoose copies them into plain objects that keep the code under `err`.
 */
export function onlyDuplicateKeyErrors(error: unknown): boolean {
  const writeErrors = (error as { writeErrors?: WriteError[] | WriteError } | null)?.writeErrors;
  const each = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
  if (each.length === 0) return isDuplicateKeyError(error);
  return each.every((writeError) => (writeError.code ?? writeError.err?.code) === 11000);
}
