import { TokenBuckets } from './token-bucket';

describe('token buckets (rate limits)', () => {
  it('allows the capacity, then refuses with Retry-After, and refills over the window', () => {
    let now = 0;
    const buckets = new TokenBuckets(3, 60_000, () => now);
    expect([1, 2, 3].map(() => buckets.take('ip-a').allowed)).toEqual([true, true, true]);
    expect(buckets.take('ip-a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    expect(buckets.take('ip-b').allowed).toBe(true);
    now += 20_000;
    expect(buckets.peek('ip-a').allowed).toBe(true);
    expect(buckets.take('ip-a').allowed).toBe(true);
    expect(buckets.take('ip-a').allowed).toBe(false);
  });
});
