import { CompanyDocument } from '../company/data-stores';
import { CollectionSpec } from '../inventory/inventory.types';
import { withheldStatement } from './access-information';

export type ExportMode = 'access' | 'portability';

/**
 * A record as the subject receives it: database internals dropped, dates as
 * ISO text, never-disclosed fields replaced by the statement that the type is
 * held (R14). Portability (GDPR 20) carries what the subject gave us or what
 * their use produced, not what we inferred or got from third parties.
 */
export function presentRecord(doc: CompanyDocument, spec: CollectionSpec, mode: ExportMode): Record<string, unknown> {
  const { _id, ...rest } = doc;
  void _id;
  const out = plainValue(rest) as Record<string, unknown>;
  for (const field of spec.fields) {
    if (field.neverDisclose) {
      if (hasPath(out, field.name)) setPath(out, field.name, withheldStatement(field));
    } else if (mode === 'portability' && (field.source === 'inferred' || field.source === 'third_party')) {
      deletePath(out, field.name);
    }
  }
  return out;
}

function plainValue(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === 'object') {
    if (typeof (value as { toHexString?: unknown }).toHexString === 'function')
      return (value as { toHexString(): string }).toHexString();
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

function parentOf(doc: Record<string, unknown>, path: string): [Record<string, unknown> | undefined, string] {
  const parts = path.split('.');
  let current: unknown = doc;
  for (const part of parts.slice(0, -1)) {
    current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  }
  return [
    current && typeof current === 'object' ? (current as Record<string, unknown>) : undefined,
    parts[parts.length - 1],
  ];
}

function hasPath(doc: Record<string, unknown>, path: string): boolean {
  const [parent, key] = parentOf(doc, path);
  return parent !== undefined && parent[key] !== undefined && parent[key] !== null;
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const [parent, key] = parentOf(doc, path);
  if (parent) parent[key] = value;
}

function deletePath(doc: Record<string, unknown>, path: string): void {
  const [parent, key] = parentOf(doc, path);
  if (parent) delete parent[key];
}
