import { MESSAGE_FACT_RULES, MessageFacts, MessageKind } from '@rightsflow/contracts';
import { seal } from '@rightsflow/platform';
import { testConfig } from '@rightsflow/testing';
import { LOCALES } from './locales';
import { InvalidFactError, MissingFactError } from './open-facts';
import { renderMessage } from './render-message';
import { ALL_MESSAGE_KINDS, SAMPLE_CODE, SAMPLE_TOKEN, sampleFacts } from './sample-facts';

const config = testConfig();
const now = new Date('2026-03-02T10:00:00Z');
const samples = sampleFacts(config, now);
const requestId = 'R-TEST0001';
const render = (kind: MessageKind, facts: MessageFacts = samples[kind], settings = config) =>
  renderMessage({ requestId, kind, facts }, settings, now);

/** Body text without the HTML markup, to check what a reader sees. */
const visible = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('message templates', () => {
  describe.each(ALL_MESSAGE_KINDS)('%s with every declared fact', (kind) => {
    const message = render(kind);

    it('renders no unrendered variable in subject, HTML or text', () => {
      for (const part of [message.subject, message.html, message.text]) {
        expect(part).not.toMatch(/\{\{|\}\}|\$\{|undefined|null|NaN|\[object Object\]|Invalid Date/);
      }
    });

    it('carries the request reference in the subject line and both bodies', () => {
      expect(message.subject).toContain(requestId);
      expect(message.text).toContain(requestId);
      expect(message.html).toContain(requestId);
    });

    it('has a lang attribute, alt text on any image, and only absolute links', () => {
      expect(message.html).toMatch(/<html lang="en">/);
      for (const img of message.html.match(/<img\b[^>]*>/g) ?? []) expect(img).toMatch(/\balt="[^"]*"/);
      const hrefs = [...message.html.matchAll(/href="([^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
      for (const href of hrefs) {
        expect(href).toMatch(/^https?:\/\//);
        expect(message.text).toContain(href);
      }
    });

    it('refuses to render when a required fact is missing', () => {
      for (const fact of MESSAGE_FACT_RULES[kind].required) {
        const facts: MessageFacts = { ...samples[kind], [fact]: undefined };
        expect(() => render(kind, facts)).toThrow(MissingFactError);
        expect(() => render(kind, facts)).toThrow(fact);
      }
    });
  });

  it('every language has a template for every kind', () => {
    for (const strings of Object.values(LOCALES))
      expect(Object.keys(strings.messages).sort()).toEqual([...ALL_MESSAGE_KINDS].sort());
  });

  it('R03 the acknowledgement says how verification works and when to expect the answer', () => {
    const message = render('acknowledgement', {
      requestType: 'deletion',
      jurisdiction: 'GDPR',
      dueAt: '2026-04-02T00:00:00Z',
    });
    for (const body of [message.text, visible(message.html)]) {
      expect(body).toContain('6-digit code and a link');
      expect(body).toContain('within 14 days');
      expect(body).toContain('Thursday, April 2, 2026');
      expect(body).toContain('delete your personal information');
    }
  });

  it('R03 a CCPA request for specific pieces explains the higher level of verification', () => {
    const message = render('acknowledgement', {
      requestType: 'access',
      jurisdiction: 'CCPA',
      dueAt: '2026-04-16T00:00:00Z',
    });
    expect(message.text).toContain('at least three things we already know about you');
    expect(message.text).toContain('under penalty of perjury');
  });

  it('R03 R04 an opt-out acknowledgement says no identity check is needed', () => {
    const message = render('acknowledgement', {
      requestType: 'opt_out_sale',
      jurisdiction: 'CCPA',
      dueAt: '2026-03-23T00:00:00Z',
    });
    expect(message.text).toContain('does not need an identity check');
    expect(message.text).not.toContain('6-digit code');
  });

  it('R02 the extension notice gives the reason and the new date', () => {
    const message = render('extension_notice', {
      reason: 'Two processors must search <archives> & backups.',
      newDueAt: '2026-05-15T12:00:00Z',
      dueAt: '2026-04-01T12:00:00Z',
    });
    expect(message.text).toContain('Two processors must search <archives> & backups.');
    expect(message.html).toContain('Two processors must search &lt;archives&gt; &amp; backups.');
    expect(message.text).toContain('Friday, May 15, 2026');
    expect(message.text).toContain('Wednesday, April 1, 2026');
  });

  it('R16 the access message links to the download and says how long the link lasts, with no data in it', () => {
    const message = render('access_ready');
    expect(message.text).toContain(samples.access_ready.downloadUrl);
    expect(message.text).toContain('March 9, 2026 at 10:00 AM UTC (7 days from now)');
    expect(message.text).toContain('we never send it by email');
  });

  it('R17 the deletion message says a record of the request is kept, and names kept exceptions', () => {
    const message = render('deletion_done');
    expect(message.text).toContain('We keep a record of your request');
    expect(message.text).toContain('Invoices: tax law requires us to keep them');
    const withoutExceptions = render('deletion_done', {});
    expect(withoutExceptions.text).toContain('We keep a record of your request');
    expect(withoutExceptions.text).not.toContain('We had to keep some information');
  });

  it('R06 R07 a GDPR refusal gives its reason and the rights to complain to a supervisory authority and to a judicial remedy', () => {
    const message = render('denied', {
      reason: 'Manifestly excessive: the fifth identical request this month.',
      jurisdiction: 'GDPR',
    });
    for (const body of [message.text, visible(message.html)]) {
      expect(body).toContain('Manifestly excessive: the fifth identical request this month.');
      expect(body).toContain('supervisory authority');
      expect(body).toContain('judicial remedy');
    }
  });

  it('R06 R07 a CCPA refusal gives its reason and the right to appeal', () => {
    const message = render('denied', { reason: 'We could not verify your identity.', jurisdiction: 'CCPA' });
    expect(message.text).toContain('We could not verify your identity.');
    expect(message.text).toContain('You can appeal this decision');
    expect(message.text).toContain('https://cppa.ca.gov/');
  });

  it('R05 R07 "not obligated" gives the reason, when the next request is owed, and the rights', () => {
    const message = render('not_obligated', {
      reason: 'Two access requests answered in the last 12 months.',
      jurisdiction: 'CCPA',
      nextOwedAt: '2026-07-01T00:00:00Z',
    });
    expect(message.text).toContain('Two access requests answered in the last 12 months.');
    expect(message.text).toContain('from Wednesday, July 1, 2026');
    expect(message.text).toContain('You can appeal this decision');
  });

  it('R12 R07 closing an unverified request says why', () => {
    expect(render('closed_unverified', {}).text).toContain('could not confirm that it came from you within 14 days');
  });

  it('the verification code message shows the code, the verification link and its expiry', () => {
    const message = render('verification_code');
    expect(message.subject).toContain(SAMPLE_CODE);
    expect(message.text).toContain(SAMPLE_CODE);
    expect(message.text).toContain(`${config.http.publicBaseUrl}/verify/${requestId}?token=${SAMPLE_TOKEN}`);
    expect(message.text).toContain('March 2, 2026 at 10:15 AM UTC');
  });

  it('operator messages link to the request in the Temporal UI', () => {
    const message = render('operator_overdue');
    expect(message.text).toContain(`${config.temporal.uiUrl}/namespaces/default/workflows/dsar-${requestId}`);
  });

  it('R01 shows deadlines as the day in the controller time zone', () => {
    const pacific = testConfig({ CONTROLLER_TIME_ZONE: 'America/Los_Angeles' });
    const message = render('verified', { requestType: 'access', dueAt: '2026-03-01T05:00:00Z' }, pacific);
    expect(message.text).toContain('Saturday, February 28, 2026');
  });

  it('escapes what operators and facts supply, and never shows facts its kind does not declare', () => {
    const message = render('withdrawn', { reason: '<script>alert(1)</script>' } as MessageFacts);
    expect(message.html).not.toContain('<script>');
    expect(message.text).not.toContain('alert(1)');
  });

  it('refuses relative links, bad dates and facts sealed with another key', () => {
    expect(() => render('access_ready', { downloadUrl: '/download/x', linkExpiresAt: '2026-03-09T00:00:00Z' })).toThrow(
      InvalidFactError,
    );
    expect(() => render('verified', { requestType: 'access', dueAt: 'next tuesday' })).toThrow(InvalidFactError);
    const otherKey = 'ff'.repeat(32);
    expect(() =>
      render('verification_code', { ...samples.verification_code, sealedCode: seal(otherKey, '123456') }),
    ).toThrow(/cannot be opened/);
  });
});
