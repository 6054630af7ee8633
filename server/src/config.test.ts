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
      TRUST_PROXY: 'true',
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://cercle@db/cercle',
      dataDir: '/var/lib/cercle',
      smtpUrl: 'smtp://mail.example.org:587',
      admin: { email: 'ops@example.org', password: 'long enough secret' },
      demo: true,
      trustProxy: true,
    });
    expect(config.publicUrl.origin).toBe('https://ag.example.org');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ CERCLE_ADMIN_EMAIL: 'ops@example.org' }, 'CERCLE_ADMIN_PASSWORD'],
    [{ CERCLE_DEMO: 'maybe' }, 'CERCLE_DEMO'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });
});
