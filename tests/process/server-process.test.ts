import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.ts';

const freshDataDir = () => mkdtempSync(join(tmpdir(), 'cercle-process-'));
const processTimeout = 240_000;

describe('the server process', () => {
  // Each starts a real server process (a second one for the restart): on a loaded 2-core
  // machine one start alone can take over a minute.
  it(
    'on an empty database prints a one-time setup link that creates the first admin',
    async () => {
      const server = await startServerProcess({ CERCLE_DATA_DIR: freshDataDir() });
      try {
        const link = server.output().match(/https?:\/\/\S+\/setup\?token=(\S+)/);
        expect(link, server.output()).not.toBeNull();
        const response = await fetch(`${server.url}/api/auth/setup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            token: link![1],
            email: 'premiere@example.org',
            name: 'Première Admin',
            password: 'a long passphrase',
          }),
        });
        expect(response.status).toBe(200);
      } finally {
        await server.stop();
      }
    },
    processTimeout,
  );

  it(
    'keeps its data across a restart, and stops cleanly on SIGTERM',
    async () => {
      const env = {
        CERCLE_DATA_DIR: freshDataDir(),
        CERCLE_ADMIN_EMAIL: 'ops@example.org',
        CERCLE_ADMIN_PASSWORD: 'deployment secret',
      };
      const first = await startServerProcess(env);
      expect(first.output()).not.toMatch(/setup\?token=/);
      const started = Date.now();
      expect(await first.stop('SIGTERM')).toBe(0);
      expect(Date.now() - started).toBeLessThan(5_000);

      const second = await startServerProcess({ ...env, CERCLE_ADMIN_PASSWORD: 'rotated secret!' });
      try {
        const login = await fetch(`${second.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'ops@example.org', password: 'rotated secret!' }),
        });
        expect(login.status).toBe(200);
        const health = await (await fetch(`${second.url}/api/health`)).json();
        expect(health).toMatchObject({ status: 'ok', database: 'pglite' });
      } finally {
        expect(await second.stop('SIGINT')).toBe(0);
      }
    },
    processTimeout,
  );

  // The server's whole module graph loads (through tsx) before the settings are read.
  it(
    'refuses to start on a wrong setting, naming it, without a stack trace',
    async () => {
      const server = await startServerProcess(
        { CERCLE_DATA_DIR: freshDataDir(), PORT: '3000', DATABASE_URL: 'mysql://nope' },
        { waitForHealth: false },
      );
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain('DATABASE_URL');
      expect(server.output()).not.toMatch(/\n\s+at /);
    },
    processTimeout,
  );
});
