import { DsarState, dsarWorkflowId } from '@rightsflow/contracts';
import { addTestOperator } from '../lib/operators';
import { OperatorApi, RequestConsole, runOpsCommand } from '@rightsflow/ops';
import { mongo } from 'mongoose';
import { Page } from 'playwright-core';
import { screenshot } from '../lib/browser';
import { CaughtMail } from '../lib/mail-inbox';
import { TestProduct } from '../lib/product';
import { SeededSubject } from '../lib/sample-company';
import { eventually } from '../lib/temporal';

/**
 * Steps shared by the rights journeys (rights-journeys.spec.ts): what the
 * person does in the browser, what an operator does in the ops CLI, and direct
 * reads of the sample company's databases to check what the rights really did
 * to the data. The local OpenDSR processor is ../lib/open-dsr-processor.
 */

/** Emails and workflow steps can take long on a busy two-core machine: wait generously, assert nothing about timing. */
export const MAIL_WAIT_MS = 120_000;
export const DATA_WAIT_MS = 120_000;

// ---------------------------------------------------------------------------
// The sample company's data, read directly

/** What the journeys read of the data inventory (the data service's validated inventory satisfies it). */
export interface Inventory {
  restrictionField: string;
  /** Parents before the collections linked through them. */
  collections: CollectionSpec[];
}
export interface CollectionSpec {
  id: string;
  mongoName: string;
  link: { field: string; via?: undefined; key?: undefined } | { field: string; via: string; key: string };
  fields: { name: string; erasure: string; attribute?: string }[];
}
/** Direct reads of the company's tables and collections, whatever their engine (`CompanyRecords` of the data lib). */
export interface CompanyStores {
  linked(id: string, values: unknown[]): Promise<mongo.Document[]>;
  find(id: string, equals?: Record<string, unknown>): Promise<mongo.Document[]>;
}
export type Records = Map<string, mongo.Document[]>;

/**
 * Every record of a person in every inventory collection, following the
 * inventory's links (email → profile → cookie ids → sessions → events …),
 * restricted or not: what the company's database holds, not what its apps show.
 */
export async function recordsOf(stores: CompanyStores, inventory: Inventory, email: string): Promise<Records> {
  const records: Records = new Map();
  for (const spec of inventory.collections) {
    const values = linkValuesFor(spec, records, email);
    const docs = values.length === 0 ? [] : await stores.linked(spec.id, values);
    records.set(spec.id, docs);
  }
  return records;
}

/** The values of `spec`'s link field that point at the person, from the records already found. */
export function linkValuesFor(spec: CollectionSpec, records: Records, email: string): unknown[] {
  if (spec.link.via === undefined) return [email];
  const key = spec.link.key;
  const parents = records.get(spec.link.via) ?? [];
  return [
    ...new Set(parents.flatMap((doc) => (Array.isArray(doc[key]) ? (doc[key] as unknown[]) : [doc[key]]))),
  ].filter((value) => value !== undefined && value !== null);
}

export function heldFields(spec: CollectionSpec): string[] {
  return spec.fields.filter((field) => field.erasure === 'legal_hold').map((field) => field.name);
}

export function recordCount(records: Records): number {
  return [...records.values()].reduce((sum, docs) => sum + docs.length, 0);
}

/**
 * Values that point at this one person (never shared with anyone else in the
 * sample company): none may remain anywhere after an erasure, except in
 * legal-hold fields.
 */
export function identifyingValues(records: Records, subject: SeededSubject): string[] {
  const values = new Set<string>([subject.email, subject.accountId, subject.phone]);
  for (const profile of records.get('engagement.profiles') ?? []) {
    values.add(String(profile['userId']));
    for (const cookie of (profile['cookieIds'] as string[] | undefined) ?? []) values.add(cookie);
  }
  for (const session of records.get('telemetry.sessions') ?? []) values.add(String(session['sessionId']));
  return [...values].filter((value) => value !== '' && value !== 'undefined');
}

/** Where any of `values` is still found in the company's data, legal-hold fields left out: `collection: value`. */
export async function tracesLeft(stores: CompanyStores, inventory: Inventory, values: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const spec of inventory.collections) {
    const held = heldFields(spec);
    for (const doc of await stores.find(spec.id)) {
      for (const field of held) delete doc[field];
      const text = JSON.stringify(doc);
      for (const value of values) if (text.includes(JSON.stringify(value))) found.push(`${spec.id}: ${value}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------
// The person in the browser

export interface FormAnswers {
  jurisdiction: 'GDPR' | 'CCPA';
  type: string;
  subject: SeededSubject;
  /** Fill name, account number and phone (R09: CCPA matches them to the records). Default true. */
  details?: boolean;
  correction?: { field: string; whatIsWrong: string; value: string };
  channels?: string[];
}

/** Opens the form, fills it as the person would, screenshots it and sends it; returns the reference and the status link. */
export async function submitForm(
  page: Page,
  product: TestProduct,
  journey: string,
  answers: FormAnswers,
): Promise<{ requestId: string; statusUrl: string }> {
  await page.goto(product.intakeUrl);
  await page.locator('#jurisdiction').selectOption(answers.jurisdiction);
  await page.locator(`#type-${answers.type}`).check();
  await page.getByLabel('Email address', { exact: true }).fill(answers.subject.email);
  if (answers.details !== false) {
    await page.getByLabel('Full name', { exact: true }).fill(answers.subject.fullName);
    await page.getByLabel('Account or customer number (optional)').fill(answers.subject.accountId);
    await page.getByLabel('Phone number (optional)').fill(answers.subject.phone);
  }
  if (answers.correction) {
    await page.locator('#correctionField').selectOption(answers.correction.field);
    await page.getByLabel('What is wrong with it now (optional)').fill(answers.correction.whatIsWrong);
    await page.getByLabel('What it should be', { exact: true }).fill(answers.correction.value);
  }
  for (const channel of answers.channels ?? []) await page.locator(`#channels-${channel}`).check();
  await screenshot(page, `${journey}-form`);
  await page.getByRole('button', { name: 'Send request' }).click();

  await page.getByRole('heading', { name: 'We have received your request' }).waitFor();
  const requestId = ((await page.locator('.reference').first().textContent()) ?? '').trim();
  if (!/^req_[a-z2-7]{16}$/.test(requestId)) throw new Error(`no reference on the confirmation page: "${requestId}"`);
  const href = await page.getByRole('link', { name: `See the status of request ${requestId}` }).getAttribute('href');
  if (!href) throw new Error('no status link on the confirmation page');
  await screenshot(page, `${journey}-confirmation`);
  return { requestId, statusUrl: new URL(href, product.intakeUrl).toString() };
}

/** The confirmation-code email of a request (subject line "Your confirmation code is 123456 (ref. …)"). */
export function codeMail(product: TestProduct, email: string, requestId: string): Promise<CaughtMail> {
  return product.inbox.waitFor(
    email,
    (m) => /code is \d{6}/.test(m.subject) && m.text.includes(requestId),
    MAIL_WAIT_MS,
  );
}

export function codeIn(mail: CaughtMail): string {
  const code = /code is (\d{6})/.exec(mail.subject)?.[1];
  if (!code) throw new Error(`no code in "${mail.subject}"`);
  return code;
}

/** Types the emailed code into the form on the confirmation page (the page the person is still on). */
export async function confirmWithCode(page: Page, journey: string, code: string): Promise<void> {
  await page.getByLabel('Code from the email').fill(code);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();
  await screenshot(page, `${journey}-code-accepted`);
}

/** Opens the link from the email and presses the one button. */
export async function confirmWithLink(page: Page, journey: string, verifyLink: string): Promise<void> {
  await page.goto(verifyLink);
  await page.getByRole('heading', { name: 'Confirm your request' }).waitFor();
  await screenshot(page, `${journey}-verify`);
  await page.getByRole('button', { name: 'Yes, I made this request' }).click();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  await screenshot(page, `${journey}-verified`);
}

/** The status page once the request is done: "Done: we have answered your request." */
export async function showDoneStatus(page: Page, journey: string, statusUrl: string): Promise<string> {
  await page.goto(statusUrl);
  await page.getByRole('heading', { name: 'Your request' }).waitFor();
  const standing = (await page.locator('dl.facts dd').nth(2).textContent()) ?? '';
  await screenshot(page, `${journey}-status`);
  return standing;
}

/** An email to the person about the request whose subject line matches. */
export function mailAbout(
  product: TestProduct,
  email: string,
  requestId: string,
  subject: RegExp,
): Promise<CaughtMail> {
  return product.inbox.waitFor(email, (m) => subject.test(m.subject) && m.subject.includes(requestId), MAIL_WAIT_MS);
}

// ---------------------------------------------------------------------------
// The operator, through the ops CLI (reads through Temporal, actions through the operator API as the token's operator)

export class Operator {
  readonly printed: string[] = [];
  private readonly console: RequestConsole;
  private token?: Promise<string>;

  constructor(
    private readonly product: TestProduct,
    readonly name = 'ann',
  ) {
    this.console = new RequestConsole(product.client);
  }

  state(requestId: string): Promise<DsarState> {
    return this.console.state(requestId);
  }

  /** Waits until the request's `state` query satisfies `ready`. */
  waitFor(requestId: string, ready: (state: DsarState) => boolean): Promise<DsarState> {
    return eventually(async () => {
      const state = await this.state(requestId).catch(() => undefined);
      return state && ready(state) ? state : undefined;
    }, DATA_WAIT_MS);
  }

  /** `RIGHTSFLOW_OPERATOR_TOKEN=<ann's token> npm run ops -- <args>`, printing into `printed`. */
  async ops(...args: string[]): Promise<void> {
    this.token ??= addTestOperator(this.product.intakeUrl, this.product.config, this.name, 'approver');
    const api = new OperatorApi(this.product.intakeUrl, await this.token);
    const code = await runOpsCommand({ console: this.console, operatorApi: () => api }, args, (line) => this.printed.push(line));
    if (code !== 0) throw new Error(`ops ${args.join(' ')} exited ${code}`);
  }

  /**
   * Completes every manual task the request waits on (R18: recipients that
   * could not be told automatically); returns the tasks it found.
   */
  async completeOpenTasks(requestId: string): Promise<string[]> {
    const state = await this.waitFor(requestId, (s) => s.openTasks.length > 0 || s.status === 'completed');
    for (const task of state.openTasks) await this.ops('complete-task', requestId, '--task', task);
    return state.openTasks;
  }

  /** The final state of the request's workflow (it ends once the request is closed). */
  async result(requestId: string): Promise<DsarState> {
    return (await this.product.client.workflow.getHandle(dsarWorkflowId(requestId)).result()) as DsarState;
  }
}
