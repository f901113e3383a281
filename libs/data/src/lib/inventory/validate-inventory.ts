import Ajv, { ErrorObject } from 'ajv';
import { CHANNELS, Channel } from '@rightsflow/domain';
import schema from './inventory.schema.json';
import {
  CollectionSpec,
  ControlsSpec,
  FieldSpec,
  Inventory,
  isDirectLink,
  LinkSpec,
  RecipientSpec,
  SetDocument,
  StoreSpec,
} from './inventory.types';

/** Every problem of an inventory, each naming its place (e.g. `stores[1].collections[0].fields.ip.erasure: … (line 12)`). */
export class InventoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`The data inventory is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'InventoryError';
  }
}

/** A step into the parsed file: a mapping key or a list index. */
export type PathSegment = string | number;
/** The line (1-based) of the YAML node at a path, or of the nearest node above it. */
export type LineOf = (path: readonly PathSegment[]) => number | undefined;

/** The JSON Schema (inventory.schema.json beside this file; the sample inventory points editors at it) checks the shape, once compiled. */
const ajv = new Ajv({ allErrors: true, verbose: true });
// `errorMessage` is an annotation here (our message for a failing subschema); yaml-language-server shows it too.
ajv.addKeyword('errorMessage');
const checkShape = ajv.compile(schema);

/** Wrappers whose failure is already named by the error inside them. */
const WRAPPERS = new Set(['if', 'propertyNames', 'anyOf', 'oneOf', 'allOf']);
const TYPE_MESSAGES: Record<string, string> = {
  object: 'must be a mapping',
  array: 'must be a list',
  string: 'must be a non-empty string',
  boolean: 'must be true or false',
};
/** A PostgreSQL table or column name: plain (the connector quotes it, but a dotted path means nothing in SQL). */
const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Json = Record<string, unknown>;
type Fail = (path: PathSegment[], message: string) => void;

/**
 * Checks the parsed YAML against the JSON Schema, then what a schema cannot say
 * (references, uniqueness, link resolution and order, SQL names). Returns the
 * typed inventory or throws InventoryError listing every problem at once, each
 * with its path and, given `lineOf`, its line.
 */
export function validateInventory(input: unknown, lineOf?: LineOf): Inventory {
  const problems: string[] = [];
  const fail: Fail = (path, message) => {
    const line = lineOf?.(path);
    const problem = `${formatPath(path)}: ${message}${line === undefined ? '' : ` (line ${line})`}`;
    if (!problems.includes(problem)) problems.push(problem);
  };
  if (!checkShape(input)) {
    for (const error of checkShape.errors ?? []) {
      const problem = problemOf(error);
      if (problem) fail(...problem);
    }
  }
  if (!isObject(input)) throw new InventoryError(problems);
  const inventory = toInventory(input);
  checkMeaning(input, inventory, fail);
  if (problems.length > 0) throw new InventoryError(problems);
  return inventory;
}

/** `stores[1].tables[0].fields.email`: the path syntax of every message. */
function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** One ajv error as a path and today's message; undefined for wrappers of an error reported on its own. */
function problemOf(error: ErrorObject): [PathSegment[], string] | undefined {
  if (WRAPPERS.has(error.keyword)) return undefined;
  const path = pointerToPath(error.instancePath);
  if (error.propertyName !== undefined) path.push(error.propertyName);
  const parent = (error.parentSchema ?? {}) as Json;
  const custom = typeof parent['errorMessage'] === 'string' ? parent['errorMessage'] : undefined;
  const params = error.params as Json;
  switch (error.keyword) {
    case 'required':
      // A custom message names the choice at the object (e.g. R18); a plain one the missing property.
      return custom ? [path, custom] : [[...path, String(params['missingProperty'])], 'required'];
    case 'additionalProperties':
      return [
        [...path, String(params['additionalProperty'])],
        `unknown property (allowed: ${Object.keys((parent['properties'] as Json | undefined) ?? {}).join(', ')})`,
      ];
    case 'not':
      return [path, custom ?? 'not allowed here'];
  }
  if (error.data === null) return [path, 'required'];
  if (error.keyword === 'type') return [path, TYPE_MESSAGES[String(params['type'])] ?? error.message ?? 'wrong type'];
  if (!custom) return [path, error.message ?? error.keyword];
  const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [params['allowedValue']];
  return [path, custom.replace('{value}', JSON.stringify(error.data)).replace('{allowed}', allowed.join(', '))];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const asObject = (value: unknown): Json => (isObject(value) ? value : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asText = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const optionalText = (value: unknown): string | undefined => (value === undefined ? undefined : asText(value));

/** The items key of a store: a SQL store lists tables, a document store collections. */
const itemsKey = (store: Json): 'tables' | 'collections' => (store['engine'] === 'postgres' ? 'tables' : 'collections');

/** The typed inventory of a (possibly invalid) parsed file: missing parts become empty, so every check can run. */
function toInventory(root: Json): Inventory {
  const controller = asObject(root['controller']);
  const complaint = asObject(controller['complaint']);
  const stores = asList(root['stores']).map((item) => toStore(asObject(item)));
  return {
    version: 1,
    controller: {
      name: asText(controller['name']),
      privacyContact: asText(controller['privacyContact']),
      postalAddress: asText(controller['postalAddress']),
      complaint: { gdpr: asText(complaint['gdpr']), ccpa: asText(complaint['ccpa']) },
    },
    restrictionField: asText(root['restrictionField']),
    purposes: asList(root['purposes'])
      .map(asObject)
      .map((o) => ({ id: asText(o['id']), description: asText(o['description']) })),
    exceptions: asList(root['exceptions'])
      .map(asObject)
      .map((o) => ({ id: asText(o['id']), cite: asText(o['cite']), text: asText(o['text']) })),
    recipients: asList(root['recipients']).map((item) => toRecipient(asObject(item))),
    stores,
    collections: stores.flatMap((s) => s.collections),
  };
}

function toRecipient(o: Json): RecipientSpec {
  return {
    id: asText(o['id']),
    name: asText(o['name']),
    kind: o['kind'] as RecipientSpec['kind'],
    description: asText(o['description']),
    disclosure: o['disclosure'] as RecipientSpec['disclosure'],
    endpoint: optionalText(o['endpoint'])?.replace(/\/$/, ''),
    notifyOn: asList(o['notifyOn']) as RecipientSpec['notifyOn'],
    notNotifiedReason: optionalText(o['notNotifiedReason']),
  };
}

function toStore(o: Json): StoreSpec {
  const name = asText(o['name']);
  const engine = o['engine'] as StoreSpec['engine'];
  return {
    name,
    description: asText(o['description']),
    engine,
    urlEnv: asText(o['urlEnv']),
    collections: asList(o[itemsKey(o)]).map((item) => toCollection(asObject(item), name, engine)),
  };
}

function toCollection(o: Json, store: string, engine: StoreSpec['engine']): CollectionSpec {
  const name = asText(o['name']);
  const link = asObject(o['link']);
  const field = asText(link['field']);
  return {
    id: `${store}.${name}`,
    store,
    name,
    mongoName: `${store}_${name}`,
    engine,
    description: asText(o['description']),
    link:
      link['via'] !== undefined || link['key'] !== undefined
        ? { field, via: asText(link['via']), key: asText(link['key']) }
        : ({ field } as LinkSpec),
    fields: Object.entries(asObject(o['fields'])).map(([fieldName, spec]) => toField(fieldName, asObject(spec))),
    controls: toControls(o['controls']),
  };
}

function toField(name: string, o: Json): FieldSpec {
  const erasure = o['erasure'] as FieldSpec['erasure'];
  return {
    name,
    category: o['category'] as FieldSpec['category'],
    source: o['source'] as FieldSpec['source'],
    purposes: asList(o['purposes']) as string[],
    recipients: asList(o['recipients']) as string[],
    retention: asText(o['retention']),
    erasure,
    exception: erasure === 'legal_hold' ? (o['exception'] as string) : undefined,
    neverDisclose: o['neverDisclose'] as FieldSpec['neverDisclose'],
    attribute: optionalText(o['attribute']),
    sensitive: o['sensitive'] === true,
  };
}

function toControls(value: unknown): ControlsSpec {
  if (value === undefined) return { unsubscribe: {} };
  const o = asObject(value);
  const unsubscribe: ControlsSpec['unsubscribe'] = {};
  for (const [channel, set] of Object.entries(asObject(o['unsubscribe'])))
    if ((CHANNELS as readonly string[]).includes(channel)) unsubscribe[channel as Channel] = asObject(set);
  const optional = (key: string): SetDocument | undefined => (o[key] === undefined ? undefined : asObject(o[key]));
  return {
    unsubscribe,
    optOutSaleSharing: optional('optOutSaleSharing'),
    limitSensitiveUse: optional('limitSensitiveUse'),
  };
}

/** What the schema cannot say: references to declared ids, uniqueness, links, SQL names. */
function checkMeaning(root: Json, inventory: Inventory, fail: Fail): void {
  const lists: [string[], string, string][] = [
    [inventory.purposes.map((p) => p.id), 'purposes', 'purpose'],
    [inventory.exceptions.map((e) => e.id), 'exceptions', 'exception'],
    [inventory.recipients.map((r) => r.id), 'recipients', 'recipient'],
    [inventory.stores.map((s) => s.name), 'stores', 'store'],
  ];
  for (const [values, key, what] of lists) unique(values, [key], what, fail);
  const declared = {
    purpose: new Set(inventory.purposes.map((p) => p.id)),
    exception: new Set(inventory.exceptions.map((e) => e.id)),
    recipient: new Set(inventory.recipients.map((r) => r.id)),
  };
  const reference = (value: unknown, path: PathSegment[], what: keyof typeof declared): void => {
    if (typeof value === 'string' && !declared[what].has(value))
      fail(path, `unknown ${what} ${JSON.stringify(value)} (declared: ${[...declared[what]].join(', ') || 'none'})`);
  };
  const paths = new Map<string, PathSegment[]>();
  inventory.stores.forEach((store, i) => {
    const key = itemsKey(asObject(asList(root['stores'])[i]));
    unique(
      store.collections.map((c) => c.name),
      ['stores', i, key],
      key === 'tables' ? 'table' : 'collection',
      fail,
    );
    store.collections.forEach((c, j) => {
      const at: PathSegment[] = ['stores', i, key, j];
      paths.set(c.id, at);
      for (const f of c.fields) {
        f.purposes.forEach((p, k) => reference(p, [...at, 'fields', f.name, 'purposes', k], 'purpose'));
        f.recipients.forEach((r, k) => reference(r, [...at, 'fields', f.name, 'recipients', k], 'recipient'));
        if (f.erasure === 'legal_hold') reference(f.exception, [...at, 'fields', f.name, 'exception'], 'exception');
      }
      if (c.link.field && !c.fields.some((f) => f.name === c.link.field))
        fail([...at, 'link', 'field'], `"${c.link.field}" is not declared in fields`);
      if (store.engine === 'postgres') checkSqlNames(c, at, fail);
      // A field under legal hold keeps its record, so the record cannot also be deleted.
      const held = c.fields.filter((f) => f.erasure === 'legal_hold').map((f) => f.name);
      const deleting = c.fields.filter((f) => f.erasure === 'delete_record').map((f) => f.name);
      if (held.length > 0 && deleting.length > 0)
        fail(
          [...at, 'fields'],
          `delete_record (${deleting.join(', ')}) and legal_hold (${held.join(', ')}) cannot be mixed: a held field keeps its record`,
        );
    });
  });
  const linksResolve = checkLinks(inventory.collections, paths, fail);
  // Order only when every link resolves; a cycle is reported even beside other problems.
  inventory.collections = linksResolve ? parentsFirst(inventory.collections, paths, fail) : [];
}

function checkSqlNames(c: CollectionSpec, at: PathSegment[], fail: Fail): void {
  if (c.name && !SQL_NAME.test(c.name)) fail([...at, 'name'], `"${c.name}" is not a plain SQL table name`);
  for (const f of c.fields)
    if (!SQL_NAME.test(f.name)) fail([...at, 'fields', f.name], 'a column name cannot be a dotted path');
  const sets: [PathSegment[], SetDocument | undefined][] = [
    ...Object.entries(c.controls.unsubscribe).map(([k, set]): [PathSegment[], SetDocument] => [
      ['unsubscribe', k],
      set,
    ]),
    [['optOutSaleSharing'], c.controls.optOutSaleSharing],
    [['limitSensitiveUse'], c.controls.limitSensitiveUse],
  ];
  for (const [where, set] of sets)
    for (const key of Object.keys(set ?? {}))
      if (!SQL_NAME.test(key)) fail([...at, 'controls', ...where, key], 'a column name cannot be a dotted path');
}

function unique(values: string[], path: PathSegment[], what: string, fail: Fail): void {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (value && seen.has(value)) fail([...path, i], `duplicate ${what} "${value}"`);
    seen.add(value);
  });
}

/** True when every `via` names a collection and every `key` one of its fields. */
function checkLinks(all: CollectionSpec[], paths: Map<string, PathSegment[]>, fail: Fail): boolean {
  const byId = new Map(all.map((c) => [c.id, c]));
  let resolve = true;
  for (const c of all) {
    if (isDirectLink(c.link)) continue;
    const at = [...(paths.get(c.id) ?? []), 'link'];
    const parent = byId.get(c.link.via);
    if (!parent) fail([...at, 'via'], `unknown collection "${c.link.via}" (one of ${[...byId.keys()].join(', ')})`);
    else if (!parent.fields.some((f) => f.name === c.link.key))
      fail([...at, 'key'], `"${c.link.key}" is not a declared field of ${parent.id}`);
    else continue;
    resolve = false;
  }
  return resolve;
}

/** Orders collections so each comes after the one it links through; a cycle is an error. */
function parentsFirst(all: CollectionSpec[], paths: Map<string, PathSegment[]>, fail: Fail): CollectionSpec[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const ordered: CollectionSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: CollectionSpec, trail: string[]): void => {
    if (state.get(c.id) === 'done') return;
    if (state.get(c.id) === 'visiting') {
      fail([...(paths.get(c.id) ?? []), 'link', 'via'], `links form a cycle: ${[...trail, c.id].join(' → ')}`);
      return;
    }
    state.set(c.id, 'visiting');
    if (!isDirectLink(c.link)) visit(byId.get(c.link.via) as CollectionSpec, [...trail, c.id]);
    state.set(c.id, 'done');
    ordered.push(c);
  };
  for (const c of all) visit(c, []);
  return ordered;
}
