import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '@cercle/db';
import {
  createApp,
  loadConfig,
  type Mailer,
  type OutgoingMail,
  type ThrottleLimits,
} from '@cercle/server';
import { caller } from './assembly-fixture.ts';
import { createTestDatabase } from './database.ts';

export const testPublicUrl = 'http://localhost:3000';

export interface TestApp {
  app: FastifyInstance;
  database: DatabaseHandle;
  /** Every mail the app sent, newest last. */
  mails: OutgoingMail[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  throttleLimits?: Partial<ThrottleLimits>;
  env?: Record<string, string>;
  mailer?: Mailer;
  webBuild?: string | false;
  backgroundJobs?: boolean;
  /** Run on this database (a restart) instead of a fresh one; closing leaves it open. */
  database?: DatabaseHandle;
  /** Receives the JSON log lines (set TEST_LOG_LEVEL or env.LOG_LEVEL to get any). */
  logStream?: { write(line: string): void };
  /** Work the server does while it starts, before it is ready (as migrations or loading pages). */
  whileStarting?: () => void;
}

/** The whole API on a database of its own; the web app is left out unless a test asks for it. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const mails: OutgoingMail[] = [];
  const config = loadConfig({
    PUBLIC_URL: testPublicUrl,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    CERCLE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cercle-test-')),
    // Off unless a test is about them: a test file's secretary makes hundreds of changes a
    // minute, and a loaded CI machine must not turn a slow PDF into refused requests.
    WRITE_LIMIT_PER_MINUTE: '0',
    SHED_EVENT_LOOP_DELAY_MS: '0',
    ...options.env,
  });
  const app = await createApp({
    config,
    database,
    webBuild: options.webBuild ?? false,
    mailer: options.mailer ?? {
      send: async (mail) => {
        mails.push(mail);
        return 'outbox';
      },
    },
    ...(options.throttleLimits ? { throttleLimits: options.throttleLimits } : {}),
    ...(options.backgroundJobs === false ? { backgroundJobs: false } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  options.whileStarting?.();
  await app.ready();
  return {
    app,
    database,
    mails,
    close: async () => {
      await app.close();
      if (!options.database) await database.close();
    },
  };
}

/**
 * The app one test file shares: opened before the file's first test and closed after its last,
 * with `call` to send a signed-in person's request to it.
 */
export function testAppForThisFile(options: TestAppOptions = {}) {
  let opened: TestApp | undefined;
  beforeAll(async () => {
    opened = await createTestApp(options);
  });
  afterAll(() => opened?.close());
  const current = () => {
    if (!opened) throw new Error('the test app opens in beforeAll: use it inside a test');
    return opened;
  };
  return {
    get app() {
      return current().app;
    },
    get database() {
      return current().database;
    },
    get mails() {
      return current().mails;
    },
    call: (...request: Parameters<ReturnType<typeof caller>>) => caller(current().app)(...request),
  };
}
