import { SubmissionInvalidError } from '../submission/intake-errors';

/** A small JSON body with exactly the named string fields (code, token); anything else is refused by name. */
export function stringFields<K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new SubmissionInvalidError([{ field: 'body', message: 'must be a JSON object' }]);
  }
  const errors = Object.keys(body)
    .filter((key) => !(names as readonly string[]).includes(key))
    .map((key) => ({ field: key, message: 'is not a known field' }));
  for (const name of names) {
    const value = (body as Record<string, unknown>)[name];
    if (typeof value !== 'string') errors.push({ field: name, message: 'is required and must be a string' });
  }
  if (errors.length > 0) throw new SubmissionInvalidError(errors);
  return body as Record<K, string>;
}

/** Multipart API submissions carry the request as JSON in the `request` part, beside the `permission` file. */
export function multipartRequest(body: unknown): unknown {
  const fields = stringFields(body, ['request']);
  if (fields.request.length > 65_536) throw new SubmissionInvalidError([{ field: 'request', message: 'is too long' }]);
  try {
    return JSON.parse(fields.request);
  } catch {
    throw new SubmissionInvalidError([{ field: 'request', message: 'must be the request as JSON' }]);
  }
}
