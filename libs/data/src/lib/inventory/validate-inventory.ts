import { CHANNELS, Channel } from '@rightsflow/domain';
import {
  CCPA_CATEGORIES,
  CollectionSpec,
  ControlsSpec,
  DISCLOSURES,
  ERASURE_ACTIONS,
  FieldSpec,
  Inventory,
  isDirectLink,
  LinkSpec,
  NEVER_DISCLOSE_TYPES,
  NOTIFY_KINDS,
  RecipientSpec,
  SetDocument,
  SOURCES,
  STORE_ENGINES,
  StoreEngine,
  StoreSpec,
} from './inventory.types';

/** Every problem of an inventory, each naming its place (e.g. `stores[1].collections[0].fields.ip.erasure: …`). */
export class InventoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`The data inventory is invalid:\n  ${problems.join('\n  ')}`);
    this.name = 'InventoryError';
  }
}

const NAME = /^[a-z][a-z0-9_]*$/;
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A PostgreSQL table or column name: plain (the connector quotes it, but a dotted path means nothing in SQL). */
const SQL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const RETENTION = /^(\d+ (days?|months?|years?)|account lifetime)\b/;

type Json = Record<string, unknown>;

/**
 * A JSON-Schema-like check of the parsed YAML, written by hand so each message
 * names the exact path. Returns the typed inventory or throws InventoryError
 * listing every problem at once.
 */
export function validateInventory(input: unknown): Inventory {
  const v = new Validator();
  const root = v.object(input, '');
  if (!root) throw new InventoryError(v.problems);
  v.known(root, '', ['version', 'controller', 'restrictionField', 'purposes', 'exceptions', 'recipients', 'stores']);
  if (root['version'] !== 1) v.fail('version', `must be 1 (got ${JSON.stringify(root['version'])})`);

  const controllerRaw = v.object(root['controller'], 'controller');
  const complaintRaw = controllerRaw ? v.object(controllerRaw['complaint'], 'controller.complaint') : undefined;
  const controller = {
    name: v.text(controllerRaw?.['name'], 'controller.name'),
    privacyContact: v.text(controllerRaw?.['privacyContact'], 'controller.privacyContact'),
    postalAddress: v.text(controllerRaw?.['postalAddress'], 'controller.postalAddress'),
    complaint: {
      gdpr: v.text(complaintRaw?.['gdpr'], 'controller.complaint.gdpr'),
      ccpa: v.text(complaintRaw?.['ccpa'], 'controller.complaint.ccpa'),
    },
  };
  const restrictionField = v.fieldPath(root['restrictionField'], 'restrictionField');

  const purposes = v.list(root['purposes'], 'purposes').map((item, i) => {
    const o = v.object(item, `purposes[${i}]`);
    return {
      id: v.name(o?.['id'], `purposes[${i}].id`),
      description: v.text(o?.['description'], `purposes[${i}].description`),
    };
  });
  const exceptions = v.list(root['exceptions'], 'exceptions').map((item, i) => {
    const o = v.object(item, `exceptions[${i}]`);
    return {
      id: v.name(o?.['id'], `exceptions[${i}].id`),
      cite: v.text(o?.['cite'], `exceptions[${i}].cite`),
      text: v.text(o?.['text'], `exceptions[${i}].text`),
    };
  });
  const recipients = v.list(root['recipients'], 'recipients').map((item, i) => recipient(v, item, `recipients[${i}]`));
  v.unique(
    purposes.map((p) => p.id),
    'purposes',
    'purpose',
  );
  v.unique(
    exceptions.map((e) => e.id),
    'exceptions',
    'exception',
  );
  v.unique(
    recipients.map((r) => r.id),
    'recipients',
    'recipient',
  );

  const ids = {
    purposes: new Set(purposes.map((p) => p.id)),
    exceptions: new Set(exceptions.map((e) => e.id)),
    recipients: new Set(recipients.map((r) => r.id)),
  };
  const stores = v.list(root['stores'], 'stores').map((item, i) => store(v, item, `stores[${i}]`, ids));
  v.unique(
    stores.map((s) => s.name),
    'stores',
    'store',
  );

  const all = stores.flatMap((s) => s.collections);
  const paths = new Map(
    stores.flatMap((s, i) =>
      s.collections.map(
        (c, j) => [c.id, `stores[${i}].${s.engine === 'postgres' ? 'tables' : 'collections'}[${j}]`] as const,
      ),
    ),
  );
  const before = v.problems.length;
  checkLinks(v, all, paths);
  // Order only when every link resolves; a cycle is reported even beside other problems.
  const collections = v.problems.length === before ? parentsFirst(v, all, paths) : [];
  if (v.problems.length > 0) throw new InventoryError(v.problems);
  return { version: 1, controller, restrictionField, purposes, exceptions, recipients, stores, collections };
}

function recipient(v: Validator, item: unknown, at: string): RecipientSpec {
  const o = v.object(item, at) ?? {};
  v.known(o, at, ['id', 'name', 'kind', 'description', 'disclosure', 'endpoint', 'notifyOn', 'notNotifiedReason']);
  const endpoint = o['endpoint'] === undefined ? undefined : v.url(o['endpoint'], `${at}.endpoint`);
  const notNotifiedReason =
    o['notNotifiedReason'] === undefined ? undefined : v.text(o['notNotifiedReason'], `${at}.notNotifiedReason`);
  // R18: a recipient is either reachable or has a stored reason why it is not told.
  if (!endpoint && !notNotifiedReason) v.fail(at, 'needs an `endpoint` (OpenDSR) or a `notNotifiedReason` (R18)');
  if (endpoint && notNotifiedReason) v.fail(at, 'has both `endpoint` and `notNotifiedReason`; keep one');
  const notifyOn =
    o['notifyOn'] === undefined
      ? []
      : v
          .list(o['notifyOn'], `${at}.notifyOn`)
          .map((k, i) => v.oneOf(k, `${at}.notifyOn[${i}]`, NOTIFY_KINDS, 'request kind'));
  if (endpoint && notifyOn.length === 0)
    v.fail(`${at}.notifyOn`, 'required with an endpoint: list of erasure, rectification, restriction');
  return {
    id: v.id(o['id'], `${at}.id`),
    name: v.text(o['name'], `${at}.name`),
    kind: v.oneOf(o['kind'], `${at}.kind`, ['processor', 'third_party'] as const, 'recipient kind'),
    description: v.text(o['description'], `${at}.description`),
    disclosure: v.oneOf(o['disclosure'], `${at}.disclosure`, DISCLOSURES, 'disclosure'),
    endpoint,
    notifyOn,
    notNotifiedReason,
  };
}

interface KnownIds {
  purposes: Set<string>;
  exceptions: Set<string>;
  recipients: Set<string>;
}

function store(v: Validator, item: unknown, at: string, ids: KnownIds): StoreSpec {
  const o = v.object(item, at) ?? {};
  v.known(o, at, ['name', 'description', 'engine', 'urlEnv', 'collections', 'tables']);
  const name = v.name(o['name'], `${at}.name`);
  const engine = v.oneOf(o['engine'], `${at}.engine`, STORE_ENGINES, 'engine');
  const urlEnv = v.text(o['urlEnv'], `${at}.urlEnv`);
  if (urlEnv && !ENV_NAME.test(urlEnv))
    v.fail(`${at}.urlEnv`, `"${urlEnv}" must be the NAME of an environment variable (never the URL itself)`);
  // A SQL store lists tables, a document store collections: the word says which the names are.
  const itemsKey = engine === 'postgres' ? 'tables' : 'collections';
  const otherKey = engine === 'postgres' ? 'collections' : 'tables';
  if (o[otherKey] !== undefined && STORE_ENGINES.includes(engine))
    v.fail(`${at}.${otherKey}`, `a ${engine} store lists ${itemsKey}, not ${otherKey}`);
  const collections = v
    .list(o[itemsKey], `${at}.${itemsKey}`)
    .map((c, j) => collection(v, c, `${at}.${itemsKey}[${j}]`, name, engine, ids));
  v.unique(
    collections.map((c) => c.name),
    `${at}.${itemsKey}`,
    itemsKey === 'tables' ? 'table' : 'collection',
  );
  return { name, description: v.text(o['description'], `${at}.description`), engine, urlEnv, collections };
}

function collection(
  v: Validator,
  item: unknown,
  at: string,
  storeName: string,
  engine: StoreEngine,
  ids: KnownIds,
): CollectionSpec {
  const o = v.object(item, at) ?? {};
  v.known(o, at, ['name', 'description', 'link', 'fields', 'controls']);
  const name = v.name(o['name'], `${at}.name`);
  const linkRaw = v.object(o['link'], `${at}.link`) ?? {};
  v.known(linkRaw, `${at}.link`, ['field', 'via', 'key']);
  const linkField = v.fieldPath(linkRaw['field'], `${at}.link.field`);
  let link: LinkSpec = { field: linkField };
  if (linkRaw['via'] !== undefined || linkRaw['key'] !== undefined) {
    link = {
      field: linkField,
      via: v.text(linkRaw['via'], `${at}.link.via`),
      key: v.fieldPath(linkRaw['key'], `${at}.link.key`),
    };
  }
  const fieldsRaw = v.object(o['fields'], `${at}.fields`) ?? {};
  const fields = Object.entries(fieldsRaw).map(([fieldName, spec]) =>
    field(v, fieldName, spec, `${at}.fields.${fieldName}`, ids),
  );
  if (fields.length === 0) v.fail(`${at}.fields`, 'must declare at least one personal field');
  if (linkField && !fields.some((f) => f.name === linkField))
    v.fail(`${at}.link.field`, `"${linkField}" is not declared in fields`);
  const controlsSpec = controls(v, o['controls'], `${at}.controls`);
  if (engine === 'postgres') {
    if (name && !SQL_NAME.test(name)) v.fail(`${at}.name`, `"${name}" is not a plain SQL table name`);
    for (const f of fields) if (!SQL_NAME.test(f.name)) v.fail(`${at}.fields.${f.name}`, 'a column name cannot be a dotted path');
    const sets = [
      ...Object.entries(controlsSpec.unsubscribe).map(([k, set]) => [`unsubscribe.${k}`, set] as const),
      ['optOutSaleSharing', controlsSpec.optOutSaleSharing] as const,
      ['limitSensitiveUse', controlsSpec.limitSensitiveUse] as const,
    ];
    for (const [where, set] of sets)
      for (const key of Object.keys(set ?? {}))
        if (!SQL_NAME.test(key)) v.fail(`${at}.controls.${where}.${key}`, 'a column name cannot be a dotted path');
  }
  // A field under legal hold keeps its record, so the record cannot also be deleted.
  const held = fields.filter((f) => f.erasure === 'legal_hold').map((f) => f.name);
  const deleting = fields.filter((f) => f.erasure === 'delete_record').map((f) => f.name);
  if (held.length > 0 && deleting.length > 0) {
    v.fail(
      `${at}.fields`,
      `delete_record (${deleting.join(', ')}) and legal_hold (${held.join(', ')}) cannot be mixed: a held field keeps its record`,
    );
  }
  return {
    id: `${storeName}.${name}`,
    store: storeName,
    name,
    mongoName: `${storeName}_${name}`,
    engine,
    description: v.text(o['description'], `${at}.description`),
    link,
    fields,
    controls: controlsSpec,
  };
}

function field(v: Validator, name: string, item: unknown, at: string, ids: KnownIds): FieldSpec {
  if (!FIELD_PATH.test(name)) v.fail(at, 'field name must be a plain or dotted path');
  const o = v.object(item, at) ?? {};
  v.known(o, at, [
    'category',
    'source',
    'purposes',
    'recipients',
    'retention',
    'erasure',
    'exception',
    'neverDisclose',
    'attribute',
    'sensitive',
  ]);
  const category = v.oneOf(
    o['category'],
    `${at}.category`,
    Object.keys(CCPA_CATEGORIES) as (keyof typeof CCPA_CATEGORIES)[],
    'CCPA category',
  );
  const source = v.oneOf(o['source'], `${at}.source`, Object.keys(SOURCES) as (keyof typeof SOURCES)[], 'source');
  const purposes = v
    .list(o['purposes'], `${at}.purposes`)
    .map((p, i) => v.ref(p, `${at}.purposes[${i}]`, ids.purposes, 'purpose'));
  if (o['purposes'] !== undefined && purposes.length === 0) v.fail(`${at}.purposes`, 'must name at least one purpose');
  const recipients = v
    .list(o['recipients'], `${at}.recipients`)
    .map((r, i) => v.ref(r, `${at}.recipients[${i}]`, ids.recipients, 'recipient'));
  const retention = v.text(o['retention'], `${at}.retention`);
  if (retention && !RETENTION.test(retention))
    v.fail(`${at}.retention`, `"${retention}" must start with "<n> days|months|years" or "account lifetime"`);
  const erasure = v.oneOf(o['erasure'], `${at}.erasure`, ERASURE_ACTIONS, 'action');
  let exception: string | undefined;
  if (erasure === 'legal_hold') exception = v.ref(o['exception'], `${at}.exception`, ids.exceptions, 'exception');
  else if (o['exception'] !== undefined && ERASURE_ACTIONS.includes(erasure))
    v.fail(`${at}.exception`, 'only allowed with erasure: legal_hold');
  const neverDisclose =
    o['neverDisclose'] === undefined
      ? undefined
      : v.oneOf(
          o['neverDisclose'],
          `${at}.neverDisclose`,
          Object.keys(NEVER_DISCLOSE_TYPES) as (keyof typeof NEVER_DISCLOSE_TYPES)[],
          'never-disclose type',
        );
  const attribute = o['attribute'] === undefined ? undefined : v.id(o['attribute'], `${at}.attribute`);
  if (o['sensitive'] !== undefined && typeof o['sensitive'] !== 'boolean')
    v.fail(`${at}.sensitive`, 'must be true or false');
  return {
    name,
    category,
    source,
    purposes,
    recipients,
    retention,
    erasure,
    exception,
    neverDisclose,
    attribute,
    sensitive: o['sensitive'] === true,
  };
}

function controls(v: Validator, item: unknown, at: string): ControlsSpec {
  if (item === undefined) return { unsubscribe: {} };
  const o = v.object(item, at) ?? {};
  v.known(o, at, ['unsubscribe', 'optOutSaleSharing', 'limitSensitiveUse']);
  const unsubscribe: ControlsSpec['unsubscribe'] = {};
  if (o['unsubscribe'] !== undefined) {
    const channels = v.object(o['unsubscribe'], `${at}.unsubscribe`) ?? {};
    for (const [channel, set] of Object.entries(channels)) {
      if (!(CHANNELS as readonly string[]).includes(channel))
        v.fail(`${at}.unsubscribe.${channel}`, `unknown channel "${channel}" (one of ${CHANNELS.join(', ')})`);
      else unsubscribe[channel as Channel] = v.setDocument(set, `${at}.unsubscribe.${channel}`);
    }
  }
  const optional = (key: string) => (o[key] === undefined ? undefined : v.setDocument(o[key], `${at}.${key}`));
  return {
    unsubscribe,
    optOutSaleSharing: optional('optOutSaleSharing'),
    limitSensitiveUse: optional('limitSensitiveUse'),
  };
}

function checkLinks(v: Validator, all: CollectionSpec[], paths: Map<string, string>): void {
  const byId = new Map(all.map((c) => [c.id, c]));
  for (const c of all) {
    if (isDirectLink(c.link)) continue;
    const at = `${paths.get(c.id)}.link`;
    const parent = byId.get(c.link.via);
    if (!parent) v.fail(`${at}.via`, `unknown collection "${c.link.via}" (one of ${[...byId.keys()].join(', ')})`);
    else if (!parent.fields.some((f) => f.name === c.link.key))
      v.fail(`${at}.key`, `"${c.link.key}" is not a declared field of ${parent.id}`);
  }
}

/** Orders collections so each comes after the one it links through; a cycle is an error. */
function parentsFirst(v: Validator, all: CollectionSpec[], paths: Map<string, string>): CollectionSpec[] {
  const byId = new Map(all.map((c) => [c.id, c]));
  const ordered: CollectionSpec[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (c: CollectionSpec, trail: string[]): void => {
    if (state.get(c.id) === 'done') return;
    if (state.get(c.id) === 'visiting') {
      v.fail(`${paths.get(c.id)}.link.via`, `links form a cycle: ${[...trail, c.id].join(' → ')}`);
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

/** Collects problems with their paths; each check returns a usable value so validation goes on. */
class Validator {
  readonly problems: string[] = [];

  fail(at: string, message: string): void {
    this.problems.push(at ? `${at}: ${message}` : message);
  }

  object(value: unknown, at: string): Json | undefined {
    if (value === undefined || value === null) this.fail(at || '(root)', 'required');
    else if (typeof value !== 'object' || Array.isArray(value)) this.fail(at || '(root)', 'must be a mapping');
    else return value as Json;
    return undefined;
  }

  list(value: unknown, at: string): unknown[] {
    if (value === undefined || value === null) this.fail(at, 'required');
    else if (!Array.isArray(value)) this.fail(at, 'must be a list');
    else return value;
    return [];
  }

  text(value: unknown, at: string): string {
    if (value === undefined || value === null) this.fail(at, 'required');
    else if (typeof value !== 'string' || value.trim() === '') this.fail(at, 'must be a non-empty string');
    else return value.trim();
    return '';
  }

  name(value: unknown, at: string): string {
    const text = this.text(value, at);
    if (text && !NAME.test(text)) this.fail(at, `"${text}" must be lower_snake_case`);
    return text;
  }

  id(value: unknown, at: string): string {
    const text = this.text(value, at);
    if (text && !/^[A-Za-z][A-Za-z0-9_-]*$/.test(text)) this.fail(at, `"${text}" must be letters, digits, - or _`);
    return text;
  }

  fieldPath(value: unknown, at: string): string {
    const text = this.text(value, at);
    if (text && !FIELD_PATH.test(text)) this.fail(at, `"${text}" is not a field path`);
    return text;
  }

  url(value: unknown, at: string): string {
    const text = this.text(value, at);
    if (text && !/^https?:\/\/[^\s]+$/.test(text)) this.fail(at, `"${text}" must be an http(s) URL`);
    return text.replace(/\/$/, '');
  }

  oneOf<T extends string>(value: unknown, at: string, allowed: readonly T[], what: string): T {
    if (value === undefined || value === null) this.fail(at, 'required');
    else if (typeof value !== 'string' || !allowed.includes(value as T))
      this.fail(at, `unknown ${what} ${JSON.stringify(value)} (one of ${allowed.join(', ')})`);
    return value as T;
  }

  ref(value: unknown, at: string, known: Set<string>, what: string): string {
    if (value === undefined || value === null) this.fail(at, 'required');
    else if (typeof value !== 'string' || !known.has(value))
      this.fail(at, `unknown ${what} ${JSON.stringify(value)} (declared: ${[...known].join(', ') || 'none'})`);
    return value as string;
  }

  setDocument(value: unknown, at: string): SetDocument {
    const o = this.object(value, at) ?? {};
    for (const key of Object.keys(o)) if (!FIELD_PATH.test(key)) this.fail(`${at}.${key}`, 'is not a field path');
    if (Object.keys(o).length === 0) this.fail(at, 'must set at least one field');
    return o;
  }

  known(o: Json, at: string, keys: string[]): void {
    for (const key of Object.keys(o))
      if (!keys.includes(key)) this.fail(at ? `${at}.${key}` : key, `unknown property (allowed: ${keys.join(', ')})`);
  }

  unique(values: string[], at: string, what: string): void {
    const seen = new Set<string>();
    for (const value of values) {
      if (value && seen.has(value)) this.fail(at, `duplicate ${what} "${value}"`);
      seen.add(value);
    }
  }
}
