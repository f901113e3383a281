import { ConfigError, loadConfig, settings } from '../index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const realSecrets = {
  SECRET_HMAC_KEY: 'h'.repeat(40),
  SECRET_ENCRYPTION_KEY: 'ab'.repeat(32),
  SECRET_LINK_SIGNING_KEY: 'l'.repeat(40),
  OPERATOR_API_TOKEN: 'operator-token-for-tests',
  PAYLOAD_CODEC_KEYS: `k1:${'cd'.repeat(32)}`,
  GPC_SITE_KEY: 'gpc-site-key-for-tests',
};

/** The message of the ConfigError these settings raise ('' if none). */
function configErrorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
    return '';
  } catch (error) {
    return error instanceof ConfigError ? error.message : `not a ConfigError: ${String(error)}`;
  }
}

describe('configuration', () => {
  it('gives working defaults for development', () => {
    const config = loadConfig({});
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.temporal.taskQueues.identity).toBe('rightsflow-identity');
    expect(config.smtp.port).toBe(1025);
    expect(config.policy.responseDays).toBe(30);
  });

  it('names every wrong variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_PORT: 'abc', RESPONSE_DAYS: '60', CONTROLLER_TIME_ZONE: 'Mars/Base' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('SMTP_PORT="abc" must be a whole number');
    expect(message).toContain('RESPONSE_DAYS="60" must be at most 45');
    expect(message).toContain('CONTROLLER_TIME_ZONE');
  });

  it('refuses development secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SECRET_HMAC_KEY is required in production/);
  });

  it('never prints a secret value in an error', () => {
    expect(() => loadConfig({ SECRET_HMAC_KEY: 'short-secret' })).toThrow(/SECRET_HMAC_KEY must be at least 32/);
    expect(() => loadConfig({ SECRET_HMAC_KEY: 'short-secret' })).not.toThrow(/short-secret/);
  });

  it('reads payload codec keys, the first the current one, and requires them in production', () => {
    const hex = (byte: string) => byte.repeat(32);
    const config = loadConfig({ PAYLOAD_CODEC_KEYS: `new:${hex('ab')}, old:${hex('CD')}` });
    expect(config.secrets.payloadCodecKeys).toEqual([
      { id: 'new', hex: hex('ab') },
      { id: 'old', hex: hex('cd') },
    ]);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PAYLOAD_CODEC_KEYS is required in production/);
  });

  it('names a malformed payload key entry without printing the key', () => {
    const secret = 'ab'.repeat(31);
    expect(() => loadConfig({ PAYLOAD_CODEC_KEYS: `k1:${secret}` })).toThrow(/PAYLOAD_CODEC_KEYS entry 1 must be <id>:<64 hex characters>/);
    expect(() => loadConfig({ PAYLOAD_CODEC_KEYS: `k1:${secret}` })).not.toThrow(new RegExp(secret));
    expect(() => loadConfig({ PAYLOAD_CODEC_KEYS: `k1:${'ab'.repeat(32)},k1:${'cd'.repeat(32)}` })).toThrow(/key id k1 appears twice/);
  });

  it('refuses a scaled clock (TIME_SCALE) in production, naming the variable, and keeps it for tests', () => {
    const production = { NODE_ENV: 'production', ...realSecrets };
    expect(loadConfig(production).policy.timeScale).toBe(1);
    expect(loadConfig({ ...production, TIME_SCALE: '1' }).policy.timeScale).toBe(1);
    expect(configErrorOf({ ...production, TIME_SCALE: '86400' })).toContain('TIME_SCALE="86400" is only for tests and demos; NODE_ENV=production');
    expect(loadConfig({ NODE_ENV: 'test', TIME_SCALE: '86400' }).policy.timeScale).toBe(86400);
  });

  it('reads TRUST_PROXY with Express `trust proxy` semantics: none by default, true, a hop count, or addresses and subnets', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8 ,192.0.2.7' }).http.trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8', '192.0.2.7']);
    for (const wrong of ['yes', '10.0.0.0/33', '10.0.0/8', 'lb.internal', '10.0.0.1,', '99']) {
      expect(configErrorOf({ TRUST_PROXY: wrong })).toContain(`TRUST_PROXY=${JSON.stringify(wrong)} must be`);
    }
  });

  it('documents every setting in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const missing = settings.map((s) => s.env).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
