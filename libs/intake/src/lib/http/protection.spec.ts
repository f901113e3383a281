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
  // Behind a load balancer on this host: the loopback proxy may name the client.
  const behindProxy = testConfig({ INTAKE_IP_WRITES_PER_MINUTE: '2', INTAKE_SUBJECT_REQUESTS_PER_HOUR: '100000', TRUST_PROXY: 'loopback' });
  let ipApp: INestApplication;
  let subjectApp: INestApplication;
  let proxiedApp: INestApplication;
  let ipBase: string;
  let subjectBase: string;
  let proxiedBase: string;

  beforeAll(async () => {
    [ipApp, subjectApp, proxiedApp] = await Promise.all([startIntake(ipLimited), startIntake(subjectLimited), startIntake(behindProxy)]);
    [ipBase, subjectBase, proxiedBase] = await Promise.all([appUrl(ipApp), appUrl(subjectApp), appUrl(proxiedApp)]);
  });

  afterAll(async () => {
    await ipApp?.close();
    await subjectApp?.close();
    await proxiedApp?.close();
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
      expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(response.headers.get('permissions-policy')).toContain('camera=()');
      expect(response.headers.get('cache-control')).toBe('no-store');
      // The site is served over http here: no HSTS (it would pin browsers to https on this host).
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    // Swagger UI alone may use inline styles and data: images.
    const docs = (await fetch(`${subjectBase}/api/docs`)).headers.get('content-security-policy') ?? '';
    expect(docs).toContain("style-src 'self' 'unsafe-inline'");
    expect(docs).toContain("frame-ancestors 'none'");
  });

  it('limits posts per client IP: 429 with Retry-After once the limit is reached; X-Forwarded-For is ignored without TRUST_PROXY', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      // Each post claims another client: no proxy is trusted, so all of them count against the socket's address.
      const response = await post(ipBase, { type: 'nonsense' }, { 'x-forwarded-for': `203.0.113.${i + 1}` });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Reading is not limited.
    expect((await fetch(`${ipBase}/`)).status).toBe(200);
  });

  it('with TRUST_PROXY, limits each client named by X-Forwarded-For separately, and a forged hop does not escape the limit', async () => {
    const from = async (forwardedFor: string) => (await post(proxiedBase, { type: 'nonsense' }, { 'x-forwarded-for': forwardedFor })).status;
    expect([await from('198.51.100.1'), await from('198.51.100.1'), await from('198.51.100.1')]).toEqual([400, 400, 429]);
    // Another client behind the same proxy has a limit of its own.
    expect([await from('198.51.100.2'), await from('198.51.100.2')]).toEqual([400, 400]);
    // A client that prepends made-up addresses is still the hop the trusted proxy saw.
    expect(await from('192.0.2.77, 198.51.100.2')).toBe(429);
    expect(await from('192.0.2.78, 198.51.100.1')).toBe(429);
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
