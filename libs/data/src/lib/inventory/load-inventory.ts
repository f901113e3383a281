import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { Inventory } from './inventory.types';
import { InventoryError, LineOf, validateInventory } from './validate-inventory';

/**
 * Reads, parses and validates the inventory file. A relative path is taken from
 * the working directory (the repository root for `npm start`, /app in images).
 * `endpointOverrides` (PROCESSOR_ENDPOINTS, `id=url`) replace recipients'
 * OpenDSR endpoints per deployment without editing the file.
 */
export function loadInventory(file: string, endpointOverrides: Record<string, string> = {}): Inventory {
  const resolved = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(resolved, 'utf8');
  } catch (error) {
    throw new InventoryError([`cannot read ${resolved}: ${(error as Error).message}`]);
  }
  return parseInventory(text, endpointOverrides, resolved);
}

export function parseInventory(
  text: string,
  endpointOverrides: Record<string, string> = {},
  origin = 'inventory',
): Inventory {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  let raw: unknown;
  try {
    if (document.errors.length > 0) throw document.errors[0];
    raw = document.toJS(); // throws on too many aliases (a "billion laughs" file)
  } catch (error) {
    throw new InventoryError([`${origin} is not valid YAML: ${(error as Error).message}`]);
  }
  const inventory = validateInventory(raw, lineFinder(document, lineCounter));
  const unknown = Object.keys(endpointOverrides).filter(
    (id) => !inventory.recipients.some((r) => r.id === id && r.endpoint),
  );
  if (unknown.length > 0)
    throw new InventoryError(unknown.map((id) => `PROCESSOR_ENDPOINTS: "${id}" is not a recipient with an endpoint`));
  for (const recipient of inventory.recipients) {
    const override = endpointOverrides[recipient.id];
    if (override) recipient.endpoint = override.replace(/\/$/, '');
  }
  return inventory;
}

/**
 * Finds the line of the node at a path (a key's own line for a mapping entry),
 * or of the deepest node above it that exists (e.g. the mapping missing a property).
 */
function lineFinder(document: Document, lineCounter: LineCounter): LineOf {
  return (path) => {
    let node: unknown = document.contents;
    let offset = (document.contents?.range ?? [])[0];
    for (const segment of path) {
      if (isAlias(node)) node = node.resolve(document);
      if (isMap(node)) {
        const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(segment));
        if (!pair) break;
        offset = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment];
        offset = (isScalar(node) || isMap(node) || isSeq(node) ? node.range?.[0] : undefined) ?? offset;
      } else break;
    }
    // An empty document has no node: its problem is on the first line.
    return offset === undefined ? 1 : lineCounter.linePos(offset).line;
  };
}

/** Parses `id=url` entries of PROCESSOR_ENDPOINTS. */
export function parseEndpointOverrides(entries: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    if (at <= 0) throw new InventoryError([`PROCESSOR_ENDPOINTS entry "${entry}" must be id=url`]);
    out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return out;
}
