import { isIP } from 'node:net';

/**
 * Which proxies in front of intake may name the client in X-Forwarded-For:
 * the value Express's `trust proxy` setting takes. false trusts none (the
 * socket's address is the client), true trusts every hop, a number trusts that
 * many hops, a list trusts those addresses and subnets.
 */
export type TrustProxy = boolean | number | string[];

/** Express's names for the private ranges (proxy-addr). */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const MAX_HOPS = 32;

/**
 * Parses TRUST_PROXY. Checked here, at start, because Express would only
 * throw on a bad subnet at the first request.
 */
export function parseTrustProxy(text: string): { value: TrustProxy } | { error: string } {
  const raw = text.trim();
  const fail = (why: string) => ({ error: `TRUST_PROXY=${JSON.stringify(text)} ${why}` });
  if (raw === '' || raw === 'false') return { value: false };
  if (raw === 'true') return { value: true };
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    return hops <= MAX_HOPS ? { value: hops } : fail(`must be at most ${MAX_HOPS} hops`);
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isAddressOrSubnet(entry));
  if (wrong.length > 0) {
    return fail(
      `must be false, true, a number of hops, or a comma-separated list of addresses, subnets (a.b.c.d/n) and loopback, linklocal, uniquelocal; not ${wrong.map((w) => JSON.stringify(w)).join(', ')}`,
    );
  }
  return { value: entries };
}

function isAddressOrSubnet(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}
