import { INestApplication } from '@nestjs/common';
import { appUrl, testConfig } from '@rightsflow/testing';
import { randomBytes } from 'node:crypto';
import { uniqueEmail } from '../../test/registry-fixtures';
import { jsonOf, startIntake, validBody } from '../../test/start-intake';

jest.setTimeout(120_000);

const post = (base: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/v1/requests`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('HTTP protections of the front door (configureHttp)', () => {
  const ipLimited = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '5', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000' });
  const subjectLimited = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '100000', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '2' });
  let ipApp: INestApplication;
  let subjectApp: INestApplication;
  let ipBase: string;
  let subjectBase: string;

  beforeAll(async () => {
    [ipApp, subjectApp] = await Promise.all([startIntake(ipLimited), startIntake(subjectLimited)]);
    [ipBase, subjectBase] = await Promise.all([appUrl(ipApp), appUrl(subjectApp)]);
  });

  afterAll(async () => {
    await ipApp?.close();
    await subjectApp?.close();
  });

  it('sends security headers on pages and API answers (CSP self only, no framing, no sniffing, no referrer)', async () => {
    for (const path of ['/', '/api/v1/requests/req_aaaaaaaaaaaaaaaa?token=x', '/status/req_aaaaaaaaaaaaaaaa?token=x']) {
      const response = await fetch(`${subjectBase}${path}`);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('limits posts per client IP: 429 with Retry-After once the bucket is empty', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const response = await post(ipBase, { type: 'nonsense' });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Reading is not limited.
    expect((await fetch(`${ipBase}/`)).status).toBe(200);
  });

  it('limits new requests per subject: 429 with Retry-After for the same email, not for another, and not for a retry', async () => {
    const email = uniqueEmail('flood');
    const key = `key-${randomBytes(6).toString('hex')}`;
    expect((await post(subjectBase, validBody('deletion', email), { 'idempotency-key': key })).status).toBe(201);
    expect((await post(subjectBase, validBody('restriction', email))).status).toBe(201);
    const third = await post(subjectBase, validBody('objection', email.toUpperCase()));
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await post(subjectBase, validBody('objection', uniqueEmail('other')))).status).toBe(201);
    expect((await post(subjectBase, validBody('deletion', email), { 'idempotency-key': key })).status).toBe(200);
  });

  it('gives the same answer whether or not we know the email', async () => {
    const first = uniqueEmail('known');
    await post(subjectBase, validBody('access', first));
    const known = await post(subjectBase, validBody('deletion', first));
    const unknown = await post(subjectBase, validBody('deletion', uniqueEmail('never-seen')));
    expect(known.status).toBe(unknown.status);
    const [a, b] = [await jsonOf(known), await jsonOf(unknown)];
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect({ ...a, requestId: 'x', statusToken: 'x', statusUrl: 'x', receivedAt: 'x', dueAt: 'x' }).toEqual({ ...b, requestId: 'x', statusToken: 'x', statusUrl: 'x', receivedAt: 'x', dueAt: 'x' });
  });

  it('takes a malformed CSRF cookie for no cookie: the form renders (not a 500) and a post with it is refused 403', async () => {
    const page = await fetch(`${subjectBase}/`, { headers: { cookie: 'rf_csrf=%E0%A4%A' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toMatch(/^rf_csrf=/);
    const form = new FormData();
    form.set('_csrf', 'x');
    const post = await fetch(`${subjectBase}/`, { method: 'POST', headers: { cookie: 'rf_csrf=%E0%A4%A' }, body: form });
    expect(post.status).toBe(403);
  });

  it('publishes the OpenAPI description at /api/docs', async () => {
    const ui = await fetch(`${subjectBase}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui');
    const spec = await jsonOf(await fetch(`${subjectBase}/api/docs-json`));
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/requests', '/api/v1/requests/{requestId}', '/api/v1/requests/{requestId}/verification-code', '/api/v1/requests/{requestId}/withdraw']),
    );
    expect(Object.keys(spec.paths)).not.toContain('/');
  });
});
