import { FieldError } from './intake-errors';

/**
 * R11: the subject's signed permission an authorized agent uploads. Only PDF,
 * PNG and JPEG, recognised by their first bytes (never by name or declared
 * type), and the name's extension must agree with the content.
 */
export interface UploadedFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

export type PermissionKind = 'pdf' | 'png' | 'jpeg';

const SIGNATURES: { kind: PermissionKind; bytes: number[] }[] = [
  { kind: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { kind: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { kind: 'jpeg', bytes: [0xff, 0xd8, 0xff] },
];

const EXTENSIONS: Record<PermissionKind, string[]> = { pdf: ['pdf'], png: ['png'], jpeg: ['jpg', 'jpeg'] };
export const CONTENT_TYPES: Record<PermissionKind, string> = { pdf: 'application/pdf', png: 'image/png', jpeg: 'image/jpeg' };

export function sniffPermissionKind(buffer: Buffer): PermissionKind | null {
  return SIGNATURES.find(({ bytes }) => buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte))?.kind ?? null;
}

/** The file's kind, or the error to show on the `permission` field. */
export function checkPermissionFile(file: UploadedFile | undefined, maxBytes: number): { kind: PermissionKind } | { error: FieldError } {
  const refuse = (message: string) => ({ error: { field: 'permission', message } });
  if (!file || file.size === 0) return refuse('is required: upload the signed permission (PDF, PNG or JPEG)');
  if (file.size > maxBytes) return refuse(`must be at most ${Math.floor(maxBytes / 1024)} KB`);
  const kind = sniffPermissionKind(file.buffer);
  if (!kind) return refuse('must be a PDF, PNG or JPEG file');
  const extension = file.originalname.toLowerCase().split('.').pop() ?? '';
  if (!EXTENSIONS[kind].includes(extension)) return refuse(`content is ${kind.toUpperCase()} but the file name says .${extension}: upload the real PDF, PNG or JPEG`);
  return { kind };
}
