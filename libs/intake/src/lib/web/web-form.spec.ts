import { INestApplication } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { hashLinkToken, subjectKey } from '@rightsflow/platform';
import { appUrl, eventually, temporalClient, testConfig, startedWorkflow } from '@rightsflow/testing';
import { payloadCodec } from '@rightsflow/temporal-bridge';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { Model } from 'mongoose';
import { randomBytes } from 'node:crypto';
import { FormSession, hiddenValue } from '../../test/browser-session';
import { uniqueEmail } from '../../test/registry-fixtures';
import type { StandInReceived } from '../../test/stand-in-dsar.workflow';
import { startStandInWorker } from '../../test/stand-in-worker';
import { startIntake } from '../../test/start-intake';
import { REQUEST_MODEL, RequestRecord } from '../registry/request.schema';
import de from './i18n/locales/de.json';
import es from './i18n/locales/es.json';
import fr from './i18n/locales/fr.json';

jest.setTimeout(120_000);

describe('web form, verification link and status page (server-rendered, no script)', () => {
  const config = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '100000', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000', INTAKE_UPLOAD_MAX_KB: '64' });
  let app: INestApplication;
  let base: string;
  let client: Client;
  let standIn: { stop(): Promise<void> };
  let requests: Model<RequestRecord>;

  const countFor = (email: string) => requests.countDocuments({ subjectKey: subjectKey(config.secrets.hmacKey, email) });

  /** Opens the form and posts it with these fields, as a browser would (cookie, CSRF token, submission id). */
  async function submitForm(fields: Record<string, string | string[]>, file?: { name: string; bytes: Buffer; type: string }) {
    const session = new FormSession(base);
    const form = await session.get('/');
    const page = await session.postMultipart('/', { _csrf: hiddenValue(form.html, '_csrf'), submissionId: hiddenValue(form.html, 'submissionId'), ...fields }, file);
    return { session, form, page };
  }

  beforeAll(async () => {
    [app, client] = await Promise.all([startIntake(config), temporalClient(config)]);
    standIn = await startStandInWorker(config, client);
    base = await appUrl(app);
    requests = app.get(getModelToken(REQUEST_MODEL));
  });

  afterAll(async () => {
    await app?.close();
    await standIn?.stop();
    await client?.connection.close();
  });

  it('serves an accessible form: every field labelled, request types in plain words, jurisdiction guessed from Accept-Language', async () => {
    const page = await new FormSession(base, 'en-US,en;q=0.8').get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain('<meta name="viewport"');
    expect(page.html).toContain('Delete my data');
    expect(page.html).toContain('Do not sell or share my personal information');
    expect(page.html).toMatch(/<option value="CCPA" selected>/);
    expect(page.html).not.toMatch(/<script|style=|https?:\/\/(?!127\.0\.0\.1)/); // no script, no inline style, no third-party asset
    for (const [, id] of page.html.matchAll(/<(?:input|select|textarea)[^>]*\bid="([^"]+)"/g)) {
      if (id === 'website') continue; // the honeypot is labelled too, but hidden from people
      expect(page.html).toContain(`<label for="${id}"`);
    }
    expect((await new FormSession(base, 'de-DE,de;q=0.9').get('/')).html).toMatch(/<option value="GDPR" selected>/);
    expect((await new FormSession(base, 'ja-JP').get('/')).html).toMatch(/<option value="OTHER" selected>/);
    expect((await new FormSession(base, 'en-US').get('/?jurisdiction=GDPR')).html).toMatch(/<option value="GDPR" selected>/);
    const css = await fetch(`${base}/assets/intake.css`);
    expect(css.headers.get('content-type')).toMatch(/text\/css/);
  });

  it('R29 speaks the browser’s language, switches with a link on every page that a cookie keeps, and makes the request in the page’s language', async () => {
    const session = new FormSession(base, 'de-DE,de;q=0.9,en;q=0.5');
    const german = await session.get('/');
    expect(german.html).toContain('<html lang="de">');
    expect(german.html).toContain(`<h1>${de.form.title}</h1>`);
    // The switch names every language in its own words and keeps the page.
    expect(german.html).toContain('<span aria-current="true" lang="de">Deutsch</span>');
    for (const [locale, name] of [['en', 'English'], ['fr', 'Français'], ['es', 'Español']]) {
      expect(german.html).toContain(`<a href="/?lang=${locale}" lang="${locale}" hreflang="${locale}">${name}</a>`);
    }
    const french = await session.get('/?lang=fr');
    expect(french.html).toContain('<html lang="fr">');
    const kept = await session.get('/');
    expect(kept.html).toContain('<html lang="fr">');
    expect(hiddenValue(kept.html, 'locale')).toBe('fr');

    // Errors in the page's words; nothing stored.
    const email = uniqueEmail('fr');
    const fields = { _csrf: hiddenValue(kept.html, '_csrf'), locale: 'fr', jurisdiction: 'GDPR', type: 'deletion', name: 'Ada' };
    const refused = await session.postMultipart('/', { ...fields, submissionId: hiddenValue(kept.html, 'submissionId'), email: 'pas-un-email' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(fr.errors.email);

    // The request is made in French: stored so, and its workflow (so its emails) knows it.
    const page = await session.postMultipart('/', { ...fields, submissionId: hiddenValue(refused.html, 'submissionId'), email });
    expect(page.status).toBe(201);
    expect(page.html).toContain(fr.confirmation.received);
    const requestId = /class="reference">(req_[a-z2-7]{16})</.exec(page.html)?.[1] as string;
    expect(await requests.findOne({ requestId }).lean()).toMatchObject({ locale: 'fr', jurisdiction: 'GDPR' });
    const history = await (await startedWorkflow(client, requestId)).fetchHistory();
    const [input] = await payloadCodec(config).decode(history.events?.[0].workflowExecutionStartedEventAttributes?.input?.payloads ?? []);
    expect(defaultPayloadConverter.fromPayload(input as never)).toMatchObject({ requestId, locale: 'fr' });
    // The status link opens in French, dates the French way.
    // The one absolute link (the switch's links are relative).
    const statusPath = /href="https?:\/\/[^"/]+(\/status\/[^"]+)"/.exec(page.html)?.[1]?.replace(/&amp;/g, '&') as string;
    expect(statusPath).toContain('lang=fr');
    const status = await new FormSession(base, 'en-GB').get(statusPath);
    expect(status.html).toContain('<html lang="fr">');
    const record = await requests.findOne({ requestId }).lean();
    const frenchDay = new Intl.DateTimeFormat('fr', { dateStyle: 'full', timeZone: config.policy.timeZone }).format(record?.dueAt as Date);
    expect(status.html).toContain(frenchDay);
    // A Spanish browser without a choice of its own gets Spanish pages and Spanish errors.
    const spanish = new FormSession(base, 'es-MX,es;q=0.9');
    const form = await spanish.get('/');
    expect(form.html).toContain('<html lang="es">');
    const wrongCode = await spanish.postForm(`/requests/${requestId}/code`, { _csrf: hiddenValue(form.html, '_csrf'), code: 'abc' });
    expect(wrongCode.html).toContain(es.code.sixDigits);
  });

  it('accepts a deletion request and says what happens next, with the reference and an email on its way', async () => {
    const email = uniqueEmail('form');
    const { page } = await submitForm({ jurisdiction: 'GDPR', type: 'deletion', email, name: 'Ada Lovelace', accountId: 'CUST-7' });
    expect(page.status).toBe(201);
    expect(page.html).toContain('We have received your request');
    expect(page.html).toContain('An email is on its way');
    const requestId = /class="reference">(req_[a-z2-7]{16})</.exec(page.html)?.[1];
    expect(requestId).toBeDefined();
    expect(page.html).toMatch(new RegExp(`/status/${requestId}\\?token=`));
    expect(await requests.findOne({ requestId }).lean()).toMatchObject({ type: 'deletion', jurisdiction: 'GDPR', channel: 'web_form' });
  });

  it('shows each error next to its field (aria-describedby, aria-invalid) with a summary, keeps the answers, and stores nothing', async () => {
    const email = uniqueEmail('bad');
    const { page } = await submitForm({ jurisdiction: 'GDPR', type: 'access', email: 'not-an-email', name: '<script>alert(1)</script>' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('There is a problem');
    expect(page.html).toMatch(/<input type="email" id="email" name="email" value="not-an-email"[^>]*aria-describedby="email-hint email-error"[^>]*aria-invalid="true"/);
    expect(page.html).toContain('id="email-error"');
    expect(page.html).toMatch(/<input type="text" id="name"[^>]*aria-describedby="name-error"[^>]*aria-invalid="true"/);
    expect(page.html).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"'); // shown back, escaped
    expect(page.html).not.toContain('<script>');
    expect(await countFor(email)).toBe(0);

    const missingType = await submitForm({ jurisdiction: 'GDPR', email });
    expect(missingType.page.status).toBe(400);
    expect(missingType.page.html).toContain('id="type-error"');
  });

  it('R04 an opt-out asks only for the email and needs no verification', async () => {
    const email = uniqueEmail('optout');
    const { form, page } = await submitForm({ jurisdiction: 'CCPA', type: 'opt_out_sale', email, name: 'typed anyway', phone: '+1 415 555 0100' });
    expect(form.html).toContain('No verification needed: just your email.');
    expect(page.status).toBe(201);
    expect(page.html).toContain('we need no proof of identity');
    expect(page.html).not.toContain('6-digit code');
    const record = await requests.findOne({ subjectKey: subjectKey(config.secrets.hmacKey, email) }).lean();
    expect(record?.sealedDataPoints).toBeUndefined();
  });

  it('R28 a browser sending Sec-GPC: 1 is offered the opt-out, and its opt-out is recorded and confirmed as honouring GPC', async () => {
    const email = uniqueEmail('gpc-form');
    const session = new FormSession(base, 'en-US', { 'sec-gpc': '1' });
    const form = await session.get('/');
    expect(form.html).toContain('id="gpc-notice"');
    expect(form.html).toMatch(/id="type-opt_out_sale" name="type" value="opt_out_sale" checked/);
    const page = await session.postMultipart('/', { _csrf: hiddenValue(form.html, '_csrf'), submissionId: hiddenValue(form.html, 'submissionId'), jurisdiction: 'CCPA', type: 'opt_out_sale', email });
    expect(page.status).toBe(201);
    expect(page.html).toContain('id="gpc-honoured"');
    const record = await requests.findOne({ subjectKey: subjectKey(config.secrets.hmacKey, email) }).lean();
    expect(record).toMatchObject({ type: 'opt_out_sale', gpc: true });

    // Without the header: no notice, nothing preselected, no GPC on the record.
    const plain = await submitForm({ jurisdiction: 'CCPA', type: 'opt_out_sale', email: uniqueEmail('no-gpc') });
    expect(plain.form.html).not.toContain('id="gpc-notice"');
    expect(plain.page.html).not.toContain('id="gpc-honoured"');
  });

  it('R28 GPC applies to the opt-out of sale only: a deletion sent with the header is an ordinary deletion', async () => {
    const email = uniqueEmail('gpc-deletion');
    const session = new FormSession(base, 'en-US', { 'sec-gpc': '1' });
    const form = await session.get('/');
    const page = await session.postMultipart('/', { _csrf: hiddenValue(form.html, '_csrf'), submissionId: hiddenValue(form.html, 'submissionId'), jurisdiction: 'CCPA', type: 'deletion', email, name: 'Ada Lovelace' });
    expect(page.status).toBe(201);
    expect(page.html).not.toContain('id="gpc-honoured"');
    const record = await requests.findOne({ subjectKey: subjectKey(config.secrets.hmacKey, email) }).lean();
    expect(record?.gpc).toBeUndefined();
  });

  it('takes corrections (what is wrong, what it should be) and unsubscribe channels', async () => {
    const correction = await submitForm({ jurisdiction: 'GDPR', type: 'correction', email: uniqueEmail('c'), name: 'Ada', correctionField: 'postalAddress', correctionWhatIsWrong: 'Old street', correctionValue: '1 New Street' });
    expect(correction.page.status).toBe(201);
    const noValue = await submitForm({ jurisdiction: 'GDPR', type: 'correction', email: uniqueEmail('c'), name: 'Ada', correctionField: 'name' });
    expect(noValue.page.status).toBe(400);
    expect(noValue.page.html).toContain('id="correctionValue-error"');
    const objection = await submitForm({ jurisdiction: 'GDPR', type: 'objection', email: uniqueEmail('o'), name: 'Ada', channels: ['email', 'push'] });
    expect(objection.page.status).toBe(201);
    const noChannel = await submitForm({ jurisdiction: 'GDPR', type: 'objection', email: uniqueEmail('o'), name: 'Ada' });
    expect(noChannel.page.html).toContain('id="channels-error"');
  });

  it('R11 an authorized agent uploads the signed permission; a disguised file is refused on that field', async () => {
    const email = uniqueEmail('subject');
    const agent = { jurisdiction: 'CCPA', type: 'deletion', email, name: 'Ada', isAgent: 'yes', agentName: 'Grace Hopper', agentEmail: uniqueEmail('agent') };
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1024)]);
    const accepted = await submitForm(agent, { name: 'signed.jpg', bytes: jpeg, type: 'image/jpeg' });
    expect(accepted.page.status).toBe(201);
    expect(accepted.page.html).toContain('the agent’s');
    expect(await requests.findOne({ subjectKey: subjectKey(config.secrets.hmacKey, email) }).lean()).toMatchObject({ channel: 'agent' });

    const disguised = await submitForm({ ...agent, email: uniqueEmail('s2') }, { name: 'signed.pdf', bytes: Buffer.from('<html>not a pdf</html>'), type: 'application/pdf' });
    expect(disguised.page.status).toBe(400);
    expect(disguised.page.html).toMatch(/<input type="file" id="permission"[^>]*aria-describedby="permission-hint permission-error"[^>]*aria-invalid="true"/);
    const huge = await submitForm({ ...agent, email: uniqueEmail('s3') }, { name: 'big.pdf', bytes: Buffer.concat([Buffer.from('%PDF-1.4'), randomBytes(100 * 1024)]), type: 'application/pdf' });
    expect(huge.page.status).toBe(413);
  });

  it('refuses a post without the CSRF cookie and token, and a filled honeypot stores nothing but looks the same', async () => {
    const email = uniqueEmail('csrf');
    const session = new FormSession(base);
    const form = await session.get('/');
    const forged = await new FormSession(base).postMultipart('/', { _csrf: hiddenValue(form.html, '_csrf'), type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada' });
    expect(forged.status).toBe(403);
    const tampered = await session.postMultipart('/', { _csrf: 'x'.repeat(43), type: 'deletion', jurisdiction: 'GDPR', email, name: 'Ada' });
    expect(tampered.status).toBe(403);
    const bot = await submitForm({ jurisdiction: 'GDPR', type: 'deletion', email, name: 'Ada', website: 'http://spam.example' });
    expect(bot.page.status).toBe(200);
    expect(bot.page.html).toContain('We have received your request');
    expect(await countFor(email)).toBe(0);
  });

  it('a double-click sends the form twice but makes one request', async () => {
    const email = uniqueEmail('twice');
    const session = new FormSession(base);
    const form = await session.get('/');
    const fields = { _csrf: hiddenValue(form.html, '_csrf'), submissionId: hiddenValue(form.html, 'submissionId'), jurisdiction: 'GDPR', type: 'restriction', email, name: 'Ada' };
    const [first, second] = await Promise.all([session.postMultipart('/', fields), session.postMultipart('/', fields)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect([first.html, second.html].some((html) => html.includes('We already have this request'))).toBe(true);
    expect(await countFor(email)).toBe(1);
  });

  it('the email link opens a page whose button confirms; fetching the link alone (a mail scanner) confirms nothing', async () => {
    const { page } = await submitForm({ jurisdiction: 'GDPR', type: 'deletion', email: uniqueEmail('link'), name: 'Ada' });
    const requestId = /class="reference">(req_[a-z2-7]{16})</.exec(page.html)?.[1] as string;
    const handle = await startedWorkflow(client, requestId);
    const linkToken = randomBytes(32).toString('base64url');
    await handle.signal('expect', { codeHash: 'none', linkHash: hashLinkToken(config.secrets.hmacKey, requestId, linkToken) });

    const session = new FormSession(base);
    const verifyPage = await session.get(`/verify/${requestId}?token=${linkToken}`);
    expect(verifyPage.status).toBe(200);
    expect(verifyPage.html).toContain('Yes, I made this request');
    expect(verifyPage.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await handle.query<StandInReceived>('received')).linkHashes).toEqual([]);

    const done = await session.postForm(`/verify/${requestId}`, { _csrf: hiddenValue(verifyPage.html, '_csrf'), token: linkToken });
    expect(done.status).toBe(200);
    expect(done.html).toContain('Thank you');
    const received = await eventually(async () => {
      const r = await handle.query<StandInReceived>('received');
      return r.linkHashes.length > 0 ? r : undefined;
    });
    expect(received.linkHashes).toEqual([hashLinkToken(config.secrets.hmacKey, requestId, linkToken)]);
    expect(JSON.stringify(await handle.fetchHistory())).not.toContain(linkToken);
  });

  it('the status page shows state, due date and timeline in plain words, and withdraws with its button', async () => {
    const { page } = await submitForm({ jurisdiction: 'GDPR', type: 'deletion', email: uniqueEmail('status'), name: 'Ada' });
    const statusPath = /href="http:\/\/[^"]+(\/status\/[^"]+)"/.exec(page.html)?.[1].replace(/&amp;/g, '&') as string;
    const session = new FormSession(base);
    const status = await session.get(statusPath);
    expect(status.status).toBe(200);
    expect(status.html).toContain('Waiting for you to confirm your email address.');
    expect(status.html).toContain('Answer due by');
    expect(status.html).toContain('What has happened so far');
    expect(status.html).toContain('Withdraw this request');
    expect(status.headers.get('cache-control')).toBe('no-store');

    const token = hiddenValue(status.html.slice(status.html.indexOf('/withdraw')), 'token');
    const withdrawn = await session.postForm(`${statusPath.split('?')[0]}/withdraw`, { _csrf: hiddenValue(status.html, '_csrf'), token });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.html).toContain('Your request has been withdrawn.');
    expect(withdrawn.html).toContain('Withdrawn at your request.');
    expect(withdrawn.html).not.toContain('Withdraw this request');

    const wrong = await session.get(`${statusPath.split('?')[0]}?token=wrong`);
    expect(wrong.status).toBe(404);
  });
});
