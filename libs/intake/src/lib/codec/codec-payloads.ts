import type { Payload } from '@temporalio/common';
import type { FieldError } from '../submission/intake-errors';

/** A payload as the codec-server protocol carries it: protobuf JSON, bytes in base64. */
export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

/** Most payloads one call may carry (the UI sends a page's worth at a time). */
export const MAX_CODEC_PAYLOADS = 1000;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Reads `{ payloads: [...] }` or names the field at fault. */
export function payloadsOf(body: unknown): { payloads: Payload[] } | { errors: FieldError[] } {
  const list = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(list)) return { errors: [{ field: 'payloads', message: 'must be an array of payloads' }] };
  if (list.length > MAX_CODEC_PAYLOADS) return { errors: [{ field: 'payloads', message: `must hold at most ${MAX_CODEC_PAYLOADS} payloads` }] };
  const errors: FieldError[] = [];
  const payloads = list.map((item: unknown, index): Payload => {
    const { metadata, data } = (item ?? {}) as JsonPayload;
    const at = `payloads.${index}`;
    if (data !== undefined && data !== null && (typeof data !== 'string' || !BASE64.test(data))) errors.push({ field: `${at}.data`, message: 'must be base64' });
    if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) errors.push({ field: `${at}.metadata`, message: 'must be an object of base64 strings' });
    const entries = metadata && typeof metadata === 'object' ? Object.entries(metadata) : [];
    for (const [key, value] of entries) {
      if (typeof value !== 'string' || !BASE64.test(value)) errors.push({ field: `${at}.metadata.${key}`, message: 'must be base64' });
    }
    return {
      metadata: Object.fromEntries(entries.map(([key, value]) => [key, Buffer.from(String(value), 'base64')])),
      data: typeof data === 'string' ? Buffer.from(data, 'base64') : undefined,
    };
  });
  return errors.length > 0 ? { errors } : { payloads };
}

export function toJsonPayload({ metadata, data }: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
    ...(data ? { data: Buffer.from(data).toString('base64') } : {}),
  };
}
