import { CompanyRecords, connectDataStores, DataStores, loadInventory, SampleSystems } from '@rightsflow/data';
import { subjectKey } from '@rightsflow/platform';
import { isDeepStrictEqual } from 'node:util';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, linkIn, screenshot } from '../lib/browser';
import { LocalOpenDsrProcessor } from '../lib/open-dsr-processor';
import { startTestProduct, TestProduct } from '../lib/product';
import { seededAccountEmails, seededSubject, SeededSubject } from '../lib/sample-company';
import { eventually } from '../lib/temporal';
import { testConfig } from '../lib/test-config';
import {
  codeIn,
  codeMail,
  confirmWithCode,
  confirmWithLink,
  DATA_WAIT_MS,
  heldFields,
  identifyingValues,
  linkValuesFor,
  mailAbout,
  Operator,
  recordCount,
  Records,
  recordsOf,
  showDoneStatus,
  submitForm,
  tracesLeft,
} from './rights-journey-steps';

// A person uses their rights other than access through the whole product, as
// they would: a real browser on the public site, the real emails, an operator
// acting through the ops CLI (the same Temporal updates as the Temporal UI).
// Every outcome is checked in the sample company's databases, read directly,
// and through the queries its own applications use (SampleSystems).
//
// Processors: the inventory's endpoints (127.0.0.1:4010–4012) point at nothing
// here. Two of them (EngageCloud, AnalyticsCloud) are pointed at a local OpenDSR
// processor (PROCESSOR_ENDPOINTS), which receives every notice; AdReach's API
// answers 503, so after PROCESSOR_NOTIFY_ATTEMPTS (2) it is stored as not told,
// with the reason, and becomes an operator's manual task (R18).

jest.setTimeout(360_000);

const ENGAGE = '/engage/opendsr';
const ANALYTICS = '/analytics/opendsr';

describe('a person exercises their rights through the public site (deletion, correction, restriction, objection, opt-out journeys)', () => {
  let product: TestProduct;
  let browser: Browser;
  let processors: LocalOpenDsrProcessor;
  let stores: DataStores;
  let company: CompanyRecords;
  let closeStores: (() => Promise<void>) | undefined;
  let inventory: ReturnType<typeof loadInventory>;
  let systems: SampleSystems;
  let operator: Operator;
  let unused: string[] = [];

  beforeAll(async () => {
    processors = await new LocalOpenDsrProcessor().start();
    const config = testConfig({
      PROCESSOR_ENDPOINTS: [
        `engage-cloud=${processors.url(ENGAGE)}`,
        `analytics-cloud=${processors.url(ANALYTICS)}`,
        `ad-partner=${processors.url('/down/adreach/opendsr')}`,
      ].join(','),
      PROCESSOR_NOTIFY_ATTEMPTS: '2',
    });
    // The browser first: if it cannot start, no product is left running for afterAll to miss (Jest would not exit).
    browser = await launchBrowser();
    product = await startTestProduct(config, { subjects: 16 });
    ({ stores, close: closeStores } = await connectDataStores(product.config));
    inventory = loadInventory(product.config.data.inventoryFile);
    systems = new SampleSystems(stores, inventory);
    company = new CompanyRecords(stores, inventory);
    operator = new Operator(product);
    unused = await seededAccountEmails(product.config);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await closeStores?.();
    await product?.stop();
    await processors?.stop();
  });

  /** A seeded person with a portal account, not used by another journey, whose records satisfy `wanted`. */
  async function takeSubject(
    wanted: (records: Records) => boolean = () => true,
  ): Promise<{ subject: SeededSubject; records: Records }> {
    for (const email of unused) {
      const records = await recordsOf(company, inventory, email);
      if (!wanted(records)) continue;
      unused = unused.filter((other) => other !== email);
      return { subject: await seededSubject(product.config, email), records };
    }
    throw new Error('no unused seeded subject fits this journey: seed more subjects');
  }

  const has = (records: Records, collection: string) => (records.get(collection) ?? []).length > 0;

  /** A fresh browser (no cookies from another journey), closed after `journey` whatever happens. */
  async function inBrowser(journey: (page: Page) => Promise<void>): Promise<void> {
    const context: BrowserContext = await browser.newContext({
      locale: 'en-US',
      extraHTTPHeaders: { 'accept-language': 'en-US' },
    });
    try {
      await journey(await context.newPage());
    } finally {
      await context.close();
    }
  }

  function notifications() {
    return stores.own.collection<{
      _id: string;
      requestId: string;
      recipient: string;
      kind: string;
      submittedAt?: Date;
      status?: string;
      notNotifiedReason?: string;
    }>('processor_notifications');
  }

  it('R17 R18 R09 R03 deletion (CCPA): matched on name, account and phone, confirmed by the emailed code, approved by an operator, erased everywhere except legal holds, which the answer names; processors told or a stored reason and a manual task', async () => {
    // Someone with a paid event (invoices are kept for tax law) and security access logs: both legal holds apply.
    const { subject, records: before } = await takeSubject(
      (r) =>
        has(r, 'portal.accounts') &&
        has(r, 'telemetry.access_logs') &&
        (r.get('portal.event_registrations') ?? []).some((d) => Number(d['amountPaid']) > 0),
    );
    const { email } = subject;
    const identifying = identifyingValues(before, subject);
    expect(recordCount(before)).toBeGreaterThan(10);
    expect((await tracesLeft(company, inventory, identifying)).length).toBeGreaterThan(0);

    await inBrowser(async (page) => {
      // 1. The form, with the details CCPA matches (R09), then the confirmation page.
      const { requestId, statusUrl } = await submitForm(page, product, 'deletion', {
        jurisdiction: 'CCPA',
        type: 'deletion',
        subject,
      });

      // 2. R03: acknowledged at once; then the code, typed on the confirmation page.
      await mailAbout(product, email, requestId, /We received your privacy request/);
      await confirmWithCode(page, 'deletion', codeIn(await codeMail(product, email, requestId)));

      // 3. Deletion waits for an operator (APPROVAL_REQUIRED_TYPES, default "deletion"); nothing is erased meanwhile.
      expect(product.config.policy.approvalRequiredTypes).toContain('deletion');
      await operator.waitFor(requestId, (s) => s.status === 'awaiting_approval');
      await product.inbox.waitFor(product.config.mail.operatorEmail, (m) => m.text.includes(requestId), DATA_WAIT_MS);
      expect(recordCount(await recordsOf(company, inventory, email))).toBe(recordCount(before));
      await page.goto(statusUrl);
      await page.getByText('Our privacy team is reviewing your request.').first().waitFor();
      await screenshot(page, 'deletion-awaiting-approval');
      await operator.ops('approve', requestId); // RIGHTSFLOW_OPERATOR_TOKEN=<ann's token> npm run ops -- approve <id>

      // 4. AdReach cannot be reached: after PROCESSOR_NOTIFY_ATTEMPTS its reason is stored and an operator
      //    task opens (R18); the operator completes every open task.
      const tasks = await operator.completeOpenTasks(requestId);
      expect(tasks).toEqual(['notify:AdReach Network']); // recipients the inventory declares not told have a reason, not a task
      const final = await operator.result(requestId);
      expect(final.status).toBe('completed');
      const notes = final.timeline.map((entry) => `${entry.actor}: ${entry.note ?? ''}`);
      expect(notes).toEqual(
        expect.arrayContaining(['operator:ann: approved', 'operator:ann: task done: notify:AdReach Network']),
      );
      expect(final.timeline.find((entry) => entry.status === 'completed')?.note).toMatch(
        /^erased: .*recipients told: 2; not told: .*AdReach Network \(Could not be reached after \d+ attempts: ad-partner answered 503/,
      );

      // 5. R17: nothing of theirs is linked to them any more, in any collection …
      for (const spec of inventory.collections) {
        const values = linkValuesFor(spec, before, email);
        const linked = values.length === 0 ? 0 : (await company.linked(spec.id, values)).length;
        expect({ collection: spec.id, linked }).toEqual({ collection: spec.id, linked: 0 });
      }
      expect(await tracesLeft(company, inventory, identifying)).toEqual([]);
      // … except what a legal hold keeps: each held record is still there with its held fields, de-identified.
      const keptCollections: string[] = [];
      for (const spec of inventory.collections.filter((s) => heldFields(s).length > 0)) {
        const held = heldFields(spec);
        const all = await company.find(spec.id);
        const used = new Set<string>();
        for (const original of before.get(spec.id) ?? []) {
          // The same event: held fields plus the fields the inventory does not call personal (time, path, status …).
          const same = [
            ...held,
            ...Object.keys(original).filter((k) => k !== '_id' && !spec.fields.some((f) => f.name === k)),
          ];
          const kept = all.find(
            (doc) => !used.has(String(doc['_id'])) && same.every((k) => isDeepStrictEqual(doc[k], original[k])),
          );
          expect({ collection: spec.id, kept: kept !== undefined }).toEqual({ collection: spec.id, kept: true });
          if (!kept) continue;
          used.add(String(kept['_id']));
          for (const field of spec.fields.filter((f) => f.erasure !== 'legal_hold' && original[f.name] != null)) {
            expect({
              field: `${spec.id}.${field.name}`,
              changed: !isDeepStrictEqual(kept[field.name], original[field.name]),
            }).toEqual({
              field: `${spec.id}.${field.name}`,
              changed: true,
            });
          }
          keptCollections.push(spec.id);
        }
      }
      // Every held collection where they had records (event registrations, invoices, access logs), and only those.
      const heldBefore = inventory.collections
        .filter((spec) => heldFields(spec).length > 0 && (before.get(spec.id) ?? []).length > 0)
        .map((spec) => spec.id);
      expect(heldBefore).toEqual(expect.arrayContaining(['telemetry.access_logs']));
      expect([...new Set(keptCollections)].sort()).toEqual(heldBefore.sort());
      // R17: on the suppression list (a keyed hash of the email), for restored backups.
      expect(
        await stores.own
          .collection('suppression_list')
          .countDocuments({ _id: subjectKey(product.config.secrets.hmacKey, email) } as never),
      ).toBe(1);

      // 6. R18: EngageCloud and AnalyticsCloud got the erasure over OpenDSR; AdReach has its stored reason.
      const notices = await notifications().find({ requestId }).toArray();
      const byRecipient = Object.fromEntries(notices.map((n) => [n.recipient, n]));
      expect(byRecipient['engage-cloud']?.submittedAt).toBeInstanceOf(Date);
      expect(byRecipient['analytics-cloud']?.submittedAt).toBeInstanceOf(Date);
      expect(byRecipient['ad-partner']?.submittedAt).toBeUndefined();
      expect(byRecipient['ad-partner']?.notNotifiedReason).toMatch(
        /^Could not be reached after \d+ attempts: ad-partner answered 503/,
      );
      for (const path of [ENGAGE, ANALYTICS]) {
        expect(processors.submissionsFor(path, email).map((s) => s.body.subject_request_type)).toEqual(['erasure']);
      }
      // The processor reports back through the signed callback link on the public site.
      const [engageNotice] = processors.submissionsFor(ENGAGE, email);
      expect(engageNotice.body.status_callback_urls[0].startsWith(`${product.intakeUrl}/processors/callback/`)).toBe(
        true,
      );
      expect(await processors.callBack(engageNotice, 'completed')).toBe(204);
      await eventually(
        async () =>
          (await notifications().findOne({ _id: engageNotice.body.subject_request_id }))?.status === 'completed'
            ? true
            : undefined,
        DATA_WAIT_MS,
      );

      // 7. The answer names what was kept and why (the exceptions), and that a record of the request is kept.
      const done = await mailAbout(product, email, requestId, /We have deleted your personal information/);
      expect(done.text).toContain('We had to keep some information, because the law requires or allows us to');
      expect(done.text).toMatch(
        /Kept to detect security incidents .*CCPA §1798\.105\(d\)\(2\).*Kept: telemetry\.access_logs\.ip, telemetry\.access_logs\.userAgent/s,
      );
      expect(done.text).toMatch(
        /legal obligation to keep invoices .*CCPA §1798\.105\(d\)\(8\).*Kept: .*portal\.event_registrations\.fullName/s,
      );
      expect(done.text).toContain('We keep a record of your request');

      // 8. The status page says it is done.
      expect(await showDoneStatus(page, 'deletion', statusUrl)).toBe('Done: we have answered your request.');
    });
  });

  it('R19 R10 R18 correction (CCPA): the form says what is wrong and what it should be; confirmed by the emailed link; the sample systems show the new value and the person is told', async () => {
    const { subject, records: before } = await takeSubject(
      (r) => has(r, 'portal.accounts') && has(r, 'engagement.profiles'),
    );
    const { email } = subject;
    const newPhone = `+1-555-900-${subject.accountId.slice(-4)}`;
    expect(newPhone).not.toBe(subject.phone);
    expect((await systems.portalAccountByEmail(email))?.['phone']).toBe(subject.phone);

    await inBrowser(async (page) => {
      // R10: the phone being corrected is not what verifies them; their name and account number are.
      const { requestId, statusUrl } = await submitForm(page, product, 'correction', {
        jurisdiction: 'CCPA',
        type: 'correction',
        subject,
        correction: { field: 'phone', whatIsWrong: 'My old phone number is still on my account', value: newPhone },
      });
      await confirmWithLink(page, 'correction', linkIn(await codeMail(product, email, requestId), '/verify/'));

      await operator.completeOpenTasks(requestId);
      const final = await operator.result(requestId);
      expect(final.status).toBe('completed');
      expect(final.timeline.find((entry) => entry.status === 'completed')?.note).toMatch(
        /^corrected: [1-9]\d* records/,
      );

      // R19: the corrected value is what the company's applications now see …
      expect((await systems.portalAccountByEmail(email))?.['phone']).toBe(newPhone);
      expect((await systems.engagementProfileByEmail(email))?.['phone']).toBe(newPhone);
      // … in every field the inventory says holds their phone, and the old value is nowhere.
      const after = await recordsOf(company, inventory, email);
      for (const spec of inventory.collections) {
        for (const field of spec.fields.filter((f) => f.attribute === 'phone')) {
          for (const doc of after.get(spec.id) ?? [])
            expect({ at: `${spec.id}.${field.name}`, value: doc[field.name] }).toEqual({
              at: `${spec.id}.${field.name}`,
              value: newPhone,
            });
        }
      }
      expect(recordCount(after)).toBe(recordCount(before));
      expect(await tracesLeft(company, inventory, [subject.phone])).toEqual([]);

      // R18: the processors that hold the profile were told of the correction itself.
      for (const path of [ENGAGE, ANALYTICS]) {
        const notice = processors
          .submissionsFor(path, email)
          .find((s) => s.body.subject_request_type === 'rectification');
        expect(notice?.body.extensions).toEqual({ corrections: [{ field: 'phone', value: newPhone }] });
      }

      const done = await mailAbout(product, email, requestId, /We have answered your correction request/);
      expect(done.text).toContain('We have corrected your personal information as you asked');
      expect(await showDoneStatus(page, 'correction', statusUrl)).toBe('Done: we have answered your request.');
    });
  });

  it('R19 correction (GDPR) of data the company does not hold: nothing changes and the answer says the correction was not made, and why', async () => {
    const { subject, records: before } = await takeSubject((r) => has(r, 'portal.accounts'));
    const { email } = subject;

    await inBrowser(async (page) => {
      const { requestId, statusUrl } = await submitForm(page, product, 'correction-not-made', {
        jurisdiction: 'GDPR',
        type: 'correction',
        subject,
        correction: {
          field: 'postalAddress',
          whatIsWrong: 'You have my old address',
          value: '12 Rue de la Paix, 75002 Paris',
        },
      });
      await confirmWithCode(page, 'correction-not-made', codeIn(await codeMail(product, email, requestId)));
      const final = await operator.result(requestId);
      expect(final.status).toBe('completed');
      expect(final.openTasks).toEqual([]);

      // Nothing to correct: no record changed, and no processor was told of a correction that was not made.
      const after = await recordsOf(company, inventory, email);
      expect([...after.entries()].map(([id, docs]) => [id, docs.map((d) => JSON.stringify(d))])).toEqual(
        [...before.entries()].map(([id, docs]) => [id, docs.map((d) => JSON.stringify(d))]),
      );
      expect(processors.submissionsFor(ENGAGE, email)).toEqual([]);

      const done = await mailAbout(product, email, requestId, /We have answered your correction request/);
      expect(done.text).toContain('Some changes were not made');
      expect(done.text).toContain('postalAddress: not corrected — we hold no data of that kind');
      expect(done.text).not.toContain('as you asked');
      expect(await showDoneStatus(page, 'correction-not-made', statusUrl)).toBe('Done: we have answered your request.');
    });
  });

  it('R20 R18 restriction (GDPR), then lifting it: restricted records are kept but the sample systems no longer return them; after the lift they do again', async () => {
    const { subject, records: before } = await takeSubject(
      (r) =>
        has(r, 'portal.accounts') &&
        has(r, 'portal.forum_posts') &&
        has(r, 'telemetry.sessions') &&
        has(r, 'engagement.profiles'),
    );
    const { email } = subject;
    const cookieId = String(before.get('telemetry.sessions')?.[0]?.['cookieId']);
    /** What the company's applications show of this person in their daily work. */
    const visible = async () => ({
      account: (await systems.portalAccountByEmail(email)) !== null,
      profile: (await systems.engagementProfileByEmail(email)) !== null,
      forumPosts: (await systems.forumPostsOf(subject.accountId)).length,
      sessions: (await systems.sessionsOfCookie(cookieId)).length,
      inAppAudience: (await systems.marketingAudience('in_app')).includes(email),
    });
    const normally = {
      account: true,
      profile: true,
      forumPosts: before.get('portal.forum_posts')?.length,
      sessions: before.get('telemetry.sessions')?.filter((s) => s['cookieId'] === cookieId).length,
      inAppAudience: true,
    };
    expect(await visible()).toEqual(normally);

    await inBrowser(async (page) => {
      // Restriction.
      const restriction = await submitForm(page, product, 'restriction', {
        jurisdiction: 'GDPR',
        type: 'restriction',
        subject,
      });
      await confirmWithCode(page, 'restriction', codeIn(await codeMail(product, email, restriction.requestId)));
      await operator.completeOpenTasks(restriction.requestId);
      expect((await operator.result(restriction.requestId)).status).toBe('completed');

      expect(await visible()).toEqual({
        account: false,
        profile: false,
        forumPosts: 0,
        sessions: 0,
        inAppAudience: false,
      });
      // Kept, not deleted: every record is still there, marked restricted.
      const held = await recordsOf(company, inventory, email);
      expect(recordCount(held)).toBe(recordCount(before));
      expect([...held.values()].flat().every((doc) => doc[inventory.restrictionField] === true)).toBe(true);
      for (const path of [ENGAGE, ANALYTICS]) {
        expect(
          processors.submissionsFor(path, email).map((s) => [s.body.subject_request_type, s.body.extensions]),
        ).toEqual([['restriction', { lift: false }]]);
      }
      const restricted = await mailAbout(
        product,
        email,
        restriction.requestId,
        /We have restricted the use of your information/,
      );
      expect(restricted.text).toContain('We will tell you before we lift the restriction.');
      expect(await showDoneStatus(page, 'restriction', restriction.statusUrl)).toBe(
        'Done: we have answered your request.',
      );

      // Lifting it, at the person's request.
      const lift = await submitForm(page, product, 'lift-restriction', {
        jurisdiction: 'GDPR',
        type: 'lift_restriction',
        subject,
      });
      await confirmWithLink(
        page,
        'lift-restriction',
        linkIn(await codeMail(product, email, lift.requestId), '/verify/'),
      );
      await operator.completeOpenTasks(lift.requestId);
      expect((await operator.result(lift.requestId)).status).toBe('completed');

      expect(await visible()).toEqual(normally);
      const lifted = await recordsOf(company, inventory, email);
      expect([...lifted.values()].flat().some((doc) => doc[inventory.restrictionField] === true)).toBe(false);
      for (const path of [ENGAGE, ANALYTICS]) {
        expect(processors.submissionsFor(path, email).map((s) => s.body.extensions)).toEqual([
          { lift: false },
          { lift: true },
        ]);
      }
      await mailAbout(product, email, lift.requestId, /The restriction on your information is lifted/);
      expect(await showDoneStatus(page, 'lift-restriction', lift.statusUrl)).toBe(
        'Done: we have answered your request.',
      );
    });
  });

  it('R20 objection (GDPR): unsubscribing from text messages on the form turns off only the SMS subscription in the engagement platform', async () => {
    const { subject, records: before } = await takeSubject((r) => {
      const subscriptions = r.get('engagement.profiles')?.[0]?.['subscriptions'] as Record<string, boolean> | undefined;
      return subscriptions?.['sms'] === true;
    });
    const { email } = subject;
    const subscriptionsBefore = before.get('engagement.profiles')?.[0]?.['subscriptions'] as Record<string, boolean>;
    const contactsBefore = before.get('portal.marketing_contacts') ?? [];
    expect(await systems.marketingAudience('sms')).toContain(email);

    await inBrowser(async (page) => {
      const { requestId, statusUrl } = await submitForm(page, product, 'objection', {
        jurisdiction: 'GDPR',
        type: 'objection',
        subject,
        channels: ['sms'],
      });
      await confirmWithCode(page, 'objection', codeIn(await codeMail(product, email, requestId)));
      const final = await operator.result(requestId);
      expect(final.status).toBe('completed');
      expect(final.openTasks).toEqual([]);

      const [profile] = await company.find('engagement.profiles', { email });
      expect(profile?.['subscriptions']).toEqual({ ...subscriptionsBefore, sms: false });
      expect(await systems.marketingAudience('sms')).not.toContain(email);
      expect(await systems.marketingAudience('in_app')).toContain(email);
      // Marketing email state in the portal is another channel: untouched.
      const contactsAfter = await company.find('portal.marketing_contacts', { email });
      expect(contactsAfter.map((c) => c['status'])).toEqual(contactsBefore.map((c) => c['status']));
      const preferences = await stores.own
        .collection('subject_preferences')
        .findOne({ _id: subjectKey(product.config.secrets.hmacKey, email) } as never);
      expect(preferences?.['unsubscribed']).toEqual(['sms']);

      const done = await mailAbout(product, email, requestId, /You are unsubscribed/);
      expect(done.text).toContain('Text messages (SMS)');
      expect(done.text).not.toContain('In-app messages');
      expect(await showDoneStatus(page, 'objection', statusUrl)).toBe('Done: we have answered your request.');
    });
  });

  it('R04 opt-out of sale and sharing (CCPA): no verification is asked, the page says so, and the opt-out flags are set', async () => {
    const { subject } = await takeSubject((r) => has(r, 'portal.accounts') && has(r, 'engagement.profiles'));
    const { email } = subject;
    // Not set yet: absent from the MongoDB profile, NULL in the portal's SQL row.
    expect((await systems.portalAccountByEmail(email))?.['doNotSell'] ?? undefined).toBeUndefined();
    expect((await systems.engagementProfileByEmail(email))?.['optOutSaleSharing']).toBeUndefined();

    await inBrowser(async (page) => {
      // Only the email: the form hides the identity details for an opt-out.
      await page.goto(product.intakeUrl);
      await page.locator('#type-opt_out_sale').check();
      await expect(page.getByLabel('Full name', { exact: true }).isVisible()).resolves.toBe(false);
      const { requestId, statusUrl } = await submitForm(page, product, 'opt-out', {
        jurisdiction: 'CCPA',
        type: 'opt_out_sale',
        subject,
        details: false,
      });
      await expect(
        page
          .getByText('You do not need to do anything else: we need no proof of identity for this kind of request.')
          .isVisible(),
      ).resolves.toBe(true);
      await expect(page.getByLabel('Code from the email').count()).resolves.toBe(0);

      const final = await operator.result(requestId);
      expect(final.timeline.map((entry) => entry.status)).toEqual(['received', 'in_fulfilment', 'completed']);

      expect((await systems.portalAccountByEmail(email))?.['doNotSell']).toBe(true);
      expect((await systems.engagementProfileByEmail(email))?.['optOutSaleSharing']).toBe(true);
      for (const contact of await company.find('portal.marketing_contacts', { email }))
        expect(contact['doNotShare']).toBe(true);
      // Remembered beyond the records (no account needed, R04).
      const preferences = await stores.own
        .collection('subject_preferences')
        .findOne({ _id: subjectKey(product.config.secrets.hmacKey, email) } as never);
      expect(preferences?.['optOutSaleSharing']).toBe(true);

      await mailAbout(product, email, requestId, /You have opted out/);
      // The SMTP catcher is shared by every suite of a run: only this request's mail counts.
      expect(
        (await product.inbox.to(email)).filter((m) => /code is/.test(m.subject) && m.text.includes(requestId)),
      ).toEqual([]);
      expect(await showDoneStatus(page, 'opt-out', statusUrl)).toBe('Done: we have answered your request.');
    });
  });
});
