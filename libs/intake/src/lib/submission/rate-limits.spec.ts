import { ThrottlerStorageService } from '@nestjs/throttler';
import { IntakeRateLimits } from './rate-limits';

describe('intake rate limits (@nestjs/throttler storage)', () => {
  const start = new Date('2026-06-01T10:00:00Z').getTime();
  let storage: ThrottlerStorageService;
  let limits: IntakeRateLimits;

  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    storage = new ThrottlerStorageService();
    limits = new IntakeRateLimits(
      {
        throttlers: [
          { name: 'ip-writes', ttl: 60_000, limit: 3 },
          { name: 'subject-requests', ttl: 3_600_000, limit: 2 },
        ],
      },
      storage,
    );
  });

  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('allows the limit per window, then refuses with the seconds until the oldest hit leaves it', async () => {
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push((await limits.takeWrite('192.0.2.1')).allowed);
    expect(allowed).toEqual([true, true, true]);
    jest.setSystemTime(start + 20_000);
    expect(await limits.takeWrite('192.0.2.1')).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect((await limits.takeWrite('192.0.2.2')).allowed).toBe(true);
    jest.setSystemTime(start + 60_001);
    expect((await limits.takeWrite('192.0.2.1')).allowed).toBe(true);
  });

  it('counts an IPv6 client per /64 and an IPv4-mapped address as the IPv4 one', async () => {
    for (const ip of ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:aaaa::9']) expect((await limits.takeWrite(ip)).allowed).toBe(true);
    expect((await limits.takeWrite('2001:db8:1:2::ffff')).allowed).toBe(false);
    expect((await limits.takeWrite('2001:db8:1:3::1')).allowed).toBe(true);
    for (let i = 0; i < 3; i++) await limits.takeWrite('198.51.100.7');
    expect((await limits.takeWrite('::ffff:198.51.100.7')).allowed).toBe(false);
  });

  it('keeps the subject limit apart from the address limit, with its own hour-long window', async () => {
    await limits.takeWrite('k1');
    expect((await limits.takeSubjectRequest('k1')).allowed).toBe(true);
    expect((await limits.takeSubjectRequest('k1')).allowed).toBe(true);
    const refused = await limits.takeSubjectRequest('k1');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(3600);
  });
});
