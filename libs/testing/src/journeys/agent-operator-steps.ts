import { RightsflowConfig, serviceDatabaseName } from '@rightsflow/config';
import { DsarState, dsarWorkflowId } from '@rightsflow/contracts';
import type { Jurisdiction } from '@rightsflow/domain';
import type { ChainedEntry } from '@rightsflow/intake';
import { WorkflowExecutionInfo } from '@temporalio/client';
import mongoose from 'mongoose';
import { Browser, Page } from 'playwright-core';
import { linkIn, screenshot } from '../lib/browser';
import { CaughtMail } from '../lib/mail-inbox';
import { addTestOperator } from '../lib/operators';
import { TestProduct } from '../lib/product';
import { SeededSubject } from '../lib/sample-company';
import { eventually, startedWorkflow } from '../lib/temporal';

/**
 * The steps the agent and operator journeys are made of: what a person does in
 * the browser or with a REST client, what an operator does with the Temporal
 * client, and the reading of emails and records that proves each outcome.
 * Everything goes through the running product; nothing is stubbed.
 */

/** Email waits: generous, because five engineers share two cores. */
export const MAIL_WAIT_MS = 120_000;

// ---------------------------------------------------------------- the subject's browser

export interface FormRequest {
  jurisdiction: Jurisdiction;
  type: string;
  /** CCPA specific pieces: the declaration under penalty of perjury (R09). */
  declaration?: boolean;
}

export interface Submitted {
  requestId: string;
  /** The status link shown once on the confirmation page. */
  statusUrl: string;
}

/** Fills the public form as the subject would, sends it, and reads the reference and status link. */
export async function submitOnForm(
  page: Page,
  base: string,
  subject: SeededSubject,
  request: FormRequest,
  shot: string,
): Promise<Submitted> {
  await page.goto(base);
  await page.locator('#jurisdiction').selectOption(request.jurisdiction);
  await page.locator(`#type-${request.type}`).check();
  await page.getByLabel('Email address', { exact: true }).fill(subject.email);
  await page.getByLabel('Full name', { exact: true }).fill(subject.fullName);
  await page.getByLabel('Account or customer number (optional)').fill(subject.accountId);
  await page.getByLabel('Phone number (optional)').fill(subject.phone);
  if (request.declaration) {
    await page.locator('#declarationAccepted').check();
    await page.getByLabel('Type your full name as your signature').fill(subject.fullName);
  }
  await screenshot(page, `${shot}-form`);
  await page.getByRole('button', { name: 'Send request' }).click();

  await page.getByRole('heading', { name: 'We have received your request' }).waitFor();
  const requestId = ((await page.locator('.reference').first().textContent()) ?? '').trim();
  const href = await page.getByRole('link', { name: `See the status of request ${requestId}` }).getAttribute('href');
  if (!/^req_[a-z2-7]{16}$/.test(requestId) || !href)
    throw new Error(`no reference or status link on the page (${requestId})`);
  await screenshot(page, `${shot}-confirmation`);
  return { requestId, statusUrl: new URL(href, base).toString() };
}

/** Opens the emailed confirmation link and presses the one button, as the subject would. */
export async function confirmByLink(page: Page, mail: CaughtMail, shot: string): Promise<void> {
  await page.goto(linkIn(mail, '/verify/'));
  await page.getByRole('heading', { name: 'Confirm your request' }).waitFor();
  await screenshot(page, `${shot}-verify`);
  await page.getByRole('button', { name: 'Yes, I made this request' }).click();
  await page.getByRole('heading', { name: 'Thank you' }).waitFor();
  await screenshot(page, `${shot}-verified`);
}

/** Types the emailed code into the code form the page shows (confirmation or status page). */
export async function enterCode(page: Page, code: string, shot: string): Promise<void> {
  await page.getByLabel('Code from the email').fill(code);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();
  await screenshot(page, `${shot}-code-confirmed`);
}

/** The status page, once `shows` (a text that proves the expected state) is on it; returns the page's text. */
export async function openStatusPage(
  page: Page,
  statusUrl: string,
  shows: string | RegExp,
  shot: string,
): Promise<string> {
  await page.goto(statusUrl);
  await page.getByRole('heading', { name: 'Your request', exact: true }).waitFor();
  await page.locator('main').getByText(shows).first().waitFor();
  await screenshot(page, shot);
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

// ---------------------------------------------------------------- the REST API

export interface ApiSubmitted {
  requestId: string;
  statusToken: string;
  statusUrl: string;
  verificationBy: 'subject' | 'agent' | null;
  dueAt: string;
}

/** POST /api/v1/requests: JSON, or multipart with the signed permission when an agent sends it (R11). */
export async function submitByApi(
  base: string,
  body: Record<string, unknown>,
  permission?: { file: Buffer; name: string; type: string },
): Promise<ApiSubmitted> {
  let init: RequestInit;
  if (permission) {
    const form = new FormData();
    form.append('request', JSON.stringify(body));
    form.append('permission', new Blob([permission.file], { type: permission.type }), permission.name);
    init = { method: 'POST', body: form };
  } else {
    init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  }
  const response = await fetch(`${base}/api/v1/requests`, init);
  const json = (await response.json()) as ApiSubmitted;
  if (response.status !== 201) throw new Error(`submit answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** The body a seeded person's own app sends: their email and the details that let us match them (R09). */
export function requestBody(subject: SeededSubject, type: string, jurisdiction: Jurisdiction) {
  return {
    type,
    jurisdiction,
    email: subject.email,
    name: subject.fullName,
    dataPoints: { accountId: subject.accountId, phone: subject.phone },
  };
}

export async function submitCodeByApi(base: string, requestId: string, code: string): Promise<{ verified: boolean }> {
  const response = await fetch(`${base}/api/v1/requests/${requestId}/verification-code`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  return (await response.json()) as { verified: boolean };
}

/** A signed permission as an agent would upload it: a real PDF, printed by the browser. */
export async function signedPermissionPdf(browser: Browser, subjectName: string, agentName: string): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(
      `<h1>Authorization of an authorized agent</h1>
       <p>I, ${subjectName}, authorize ${agentName} to make a request about my personal information on my behalf
       under the California Consumer Privacy Act.</p>
       <p>Signed: <em>${subjectName}</em></p>`,
    );
    return await page.pdf({ format: 'A4' });
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------- the inbox

/** The first email to `address` about `requestId` that `predicate` accepts. */
export function mailAbout(
  product: TestProduct,
  address: string,
  requestId: string,
  predicate: (mail: CaughtMail) => boolean,
): Promise<CaughtMail> {
  return product.inbox.waitFor(address, (mail) => mail.text.includes(requestId) && predicate(mail), MAIL_WAIT_MS);
}

/** The confirmation code email for `requestId` and its 6 digits. */
export async function codeMail(product: TestProduct, address: string, requestId: string) {
  const mail = await mailAbout(product, address, requestId, (m) => /code is \d{6}/.test(m.subject));
  return { mail, code: (/code is (\d{6})/.exec(mail.subject) ?? [])[1] as string };
}

/** Every email to `address` about `requestId` (to prove what did NOT arrive). */
export async function mailsAbout(product: TestProduct, address: string, requestId: string): Promise<CaughtMail[]> {
  return (await product.inbox.to(address)).filter((mail) => mail.text.includes(requestId));
}

// ---------------------------------------------------------------- Temporal, as the operator sees it

export function requestHandle(product: TestProduct, requestId: string) {
  return product.client.workflow.getHandle(dsarWorkflowId(requestId));
}

/** The workflow's `state` query, as in the Temporal UI's Queries tab. */
export function stateOf(product: TestProduct, requestId: string): Promise<DsarState> {
  return requestHandle(product, requestId).query<DsarState>('state');
}

/** The request's result once its workflow ends (waiting first for intake to have started it). */
export async function finalState(product: TestProduct, requestId: string): Promise<DsarState> {
  return (await startedWorkflow(product.client, requestId)).result() as Promise<DsarState>;
}

export function waitForStatus(product: TestProduct, requestId: string, status: string, timeoutMs = 120_000) {
  return eventually(async () => {
    const state = await stateOf(product, requestId);
    return state.status === status ? state : undefined;
  }, timeoutMs);
}

/**
 * What the operator finds by typing `query` in the Temporal UI's workflow list
 * (the client's listWorkflows): the row of this request once visibility shows
 * it. Other requests may match too; the operator picks this one by its id.
 */
export function findInList(
  product: TestProduct,
  query: string,
  requestId: string,
  timeoutMs = 60_000,
): Promise<WorkflowExecutionInfo> {
  return eventually(() => rowIn(product, query, requestId), timeoutMs);
}

export async function rowIn(
  product: TestProduct,
  query: string,
  requestId: string,
): Promise<WorkflowExecutionInfo | undefined> {
  for await (const execution of product.client.workflow.list({ query })) {
    if (execution.workflowId === dsarWorkflowId(requestId)) return execution;
  }
  return undefined;
}

// ---------------------------------------------------------------- records (R21)

const viewerTokens = new WeakMap<TestProduct, Promise<string>>();

/** One viewer operator per product (the DPO), added on first use. */
function viewerToken(product: TestProduct): Promise<string> {
  let token = viewerTokens.get(product);
  if (!token) viewerTokens.set(product, (token = addTestOperator(product.intakeUrl, product.config, 'dpo', 'viewer')));
  return token;
}

/** The request log as the DPO reads it: GET /api/v1/operator/requests/:id/timeline. */
export async function requestLog(
  product: TestProduct,
  requestId: string,
): Promise<{ status: string; log: ChainedEntry[] }> {
  const response = await fetch(`${product.intakeUrl}/api/v1/operator/requests/${requestId}/timeline`, {
    headers: { authorization: `Bearer ${await viewerToken(product)}` },
  });
  if (response.status !== 200) throw new Error(`timeline answered ${response.status}`);
  return (await response.json()) as { status: string; log: ChainedEntry[] };
}

// ---------------------------------------------------------------- dates, as people read them

/** A day as emails write it (en-US, full), in the controller's time zone. */
export function emailDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeZone }).format(new Date(iso));
}

/** A day as the public pages write it (en-GB, full), in the controller's time zone. */
export function pageDay(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeZone }).format(new Date(iso));
}

/**
 * The first instant of the same-numbered day 12 months after `iso`'s UTC day
 * (the month's last day when it has none): when an accepted CCPA access
 * request stops counting (R05), worked out here independently of libs/domain.
 */
export function sameDayNextYearUtc(iso: string): string {
  const at = new Date(iso);
  const year = at.getUTCFullYear() + 1;
  const month = at.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(at.getUTCDate(), lastDay))).toISOString();
}

/** The UTC day `days` calendar days after `iso`'s UTC day, as YYYY-MM-DD. */
export function utcDayPlus(iso: string, days: number): string {
  const at = new Date(iso);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + days)).toISOString().slice(0, 10);
}

/**
 * The request clock of requests received about now, under TIME_SCALE: every
 * request's clock starts at its receipt and runs `scale` times faster, so an
 * operator's "due within the next week" is a week of this clock.
 */
export function compressedClock(scale: number): { now(): Date } {
  const startedAt = Date.now();
  return { now: () => new Date(startedAt + (Date.now() - startedAt) * scale) };
}

// ---------------------------------------------------------------- what is left in the services' databases (R10)

/**
 * What identity still holds to verify a request (challenges, attempts,
 * assessments), and how many stored permission files carry `sha256`: read
 * straight from the services' own databases, as an auditor would check.
 */
export async function verificationLeftovers(
  config: RightsflowConfig,
  requestId: string,
  permissionSha256: string,
): Promise<{ identity: Record<string, number>; permissionFiles: number }> {
  const identity = await mongoose
    .createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'identity') })
    .asPromise();
  const intake = await mongoose
    .createConnection(config.mongo.url, { dbName: serviceDatabaseName(config, 'intake') })
    .asPromise();
  try {
    const counts: Record<string, number> = {};
    for (const name of ['challenges', 'challenge_attempts', 'challenge_uses', 'assessments'])
      counts[name] = await identity.collection(name).countDocuments({ requestId });
    const permissionFiles = await intake
      .collection('permissions.files')
      .countDocuments({ 'metadata.sha256': permissionSha256 });
    return { identity: counts, permissionFiles };
  } finally {
    await Promise.all([identity.close(), intake.close()]);
  }
}
