import { ConfigError, loadConfig, settings } from '../index';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

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

  it('documents every setting in the README configuration table', () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const missing = settings.map((s) => s.env).filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
