import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('starts on the embedded database at port 3000 with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      demo: false,
      admin: undefined,
      databasePoolMax: 20,
      workers: 1,
      overload: { shedEventLoopDelayMs: 500, writesPerMinute: 300 },
      metricsToken: undefined,
    });
    expect(config.publicUrl.href).toBe('http://localhost:3000/');
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads every documented setting', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://cercle@db/cercle',
      CERCLE_DATA_DIR: '/var/lib/cercle',
      PUBLIC_URL: 'https://ag.example.org',
      SMTP_URL: 'smtp://mail.example.org:587',
      CERCLE_ADMIN_EMAIL: 'Ops@Example.org',
      CERCLE_ADMIN_PASSWORD: 'long enough secret',
      CERCLE_DEMO: '1',
      TRUSTED_PROXIES: ' 10.0.0.7, 192.168.0.0/16,::1 ,fd00::/8,uniquelocal',
      DATABASE_POOL_MAX: '40',
      SHED_EVENT_LOOP_DELAY_MS: '250',
      WRITE_LIMIT_PER_MINUTE: '0',
      METRICS_TOKEN: 'a-long-enough-metrics-token',
      CERCLE_WORKERS: '3',
      CERCLE_DIGEST_HOUR: '18',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://cercle@db/cercle',
      dataDir: '/var/lib/cercle',
      smtpUrl: 'smtp://mail.example.org:587',
      admin: { email: 'ops@example.org', password: 'long enough secret' },
      demo: true,
      trustedProxies: ['10.0.0.7', '192.168.0.0/16', '::1', 'fd00::/8', 'uniquelocal'],
      warnings: [],
      databasePoolMax: 40,
      overload: { shedEventLoopDelayMs: 250, writesPerMinute: 0 },
      metricsToken: 'a-long-enough-metrics-token',
      workers: 3,
      jobs: { digestHour: 18 },
    });
    expect(config.publicUrl.origin).toBe('https://ag.example.org');
    expect(loadConfig({}).jobs.digestHour).toBe(7);
    expect(loadConfig({ CERCLE_DIGEST_HOUR: 'any' }).jobs.digestHour).toBe('any');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ CERCLE_ADMIN_EMAIL: 'ops@example.org' }, 'CERCLE_ADMIN_PASSWORD'],
    [{ CERCLE_DEMO: 'maybe' }, 'CERCLE_DEMO'],
    [{ TRUSTED_PROXIES: '10.0.0.300' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.0/33' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '10.0.0.1, proxy.example.org' }, 'TRUSTED_PROXIES'],
    [{ TRUSTED_PROXIES: '*' }, 'TRUSTED_PROXIES'],
    [{ DATABASE_POOL_MAX: '1' }, 'DATABASE_POOL_MAX'],
    [{ SHED_EVENT_LOOP_DELAY_MS: '-5' }, 'SHED_EVENT_LOOP_DELAY_MS'],
    [{ WRITE_LIMIT_PER_MINUTE: 'lots' }, 'WRITE_LIMIT_PER_MINUTE'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ DATABASE_URL: 'postgres://db/cercle', CERCLE_WORKERS: '0' }, 'CERCLE_WORKERS'],
    [{ DATABASE_URL: 'postgres://db/cercle', CERCLE_WORKERS: '1.5' }, 'CERCLE_WORKERS'],
    [{ DATABASE_URL: 'postgres://db/cercle', CERCLE_WORKERS: 'all' }, 'CERCLE_WORKERS'],
    [{ DATABASE_URL: 'postgres://db/cercle', CERCLE_WORKERS: '' }, 'CERCLE_WORKERS'],
    [{ DATABASE_URL: 'postgres://db/cercle', CERCLE_WORKERS: '-2' }, 'CERCLE_WORKERS'],
    [{ CERCLE_DIGEST_HOUR: '24' }, 'CERCLE_DIGEST_HOUR'],
    [{ CERCLE_DIGEST_HOUR: 'morning' }, 'CERCLE_DIGEST_HOUR'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('runs one worker per core on PostgreSQL, and one on the embedded database, unless told', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/cercle' }).workers).toBe(
      availableParallelism(),
    );
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/cercle', CERCLE_WORKERS: '1' }).workers).toBe(
      1,
    );
    expect(loadConfig({ CERCLE_WORKERS: '1' }).workers).toBe(1);
  });

  it('refuses several workers on the embedded database, which lives in one process', () => {
    expect(() => loadConfig({ CERCLE_WORKERS: '2' })).toThrow(
      /CERCLE_WORKERS: more than one worker needs PostgreSQL \(DATABASE_URL\)/,
    );
  });

  it('trusts forwarded headers from nobody unless told', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
  });

  it('reads the deprecated TRUST_PROXY=1 as this machine only, and says so', () => {
    const config = loadConfig({ TRUST_PROXY: '1', TRUSTED_PROXIES: '10.0.0.7' });
    expect(config.trustedProxies).toEqual(['10.0.0.7', 'loopback']);
    expect(config.warnings).toEqual([expect.stringMatching(/TRUST_PROXY.*TRUSTED_PROXIES/)]);
  });
});
