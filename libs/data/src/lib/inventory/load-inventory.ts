import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { Inventory } from './inventory.types';
import { InventoryError, validateInventory } from './validate-inventory';

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
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new InventoryError([`${origin} is not valid YAML: ${(error as Error).message}`]);
  }
  const inventory = validateInventory(raw);
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
