/**
 * Browser end-to-end test: the real server (API + built web app on one port) driven by Debian
 * Chromium through playwright-core. Run after `pnpm build`:
 *
 *   node --import tsx tests/e2e/run.ts
 *
 * Prints one line per test, then `E2E: N passed, N failed`; exits non-zero when one failed.
 * Set E2E_DATABASE_URL to run against PostgreSQL instead of a fresh embedded database, and
 * E2E_ONLY to a part of some tests' names to run those alone (several parts: « a|b »).
 *
 * This file only runs: the journeys (one user journey a file) live in journeys/, what they share
 * in kit.ts (the kit, people, pages) and setup.ts (motions, meetings and polls set up by API).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Response,
} from 'playwright-core';
import { artifactsDir, phone, type ScenarioKit } from './kit.ts';
import { defineAccessibilityJourney } from './journeys/accessibility.ts';
import { defineAccreditationJourney } from './journeys/accreditation.ts';
import { defineChangedAnswerScenarios } from './journeys/changed-answer.ts';
import { defineCoauthorsJourney } from './journeys/coauthors.ts';
import { defineCongressTextsJourney } from './journeys/congress-texts.ts';
import { defineCongressJourney } from './journeys/congress.ts';
import { defineConsentJourney } from './journeys/consent.ts';
import { defineConsoleJourney } from './journeys/console.ts';
import { defineElectionJourney } from './journeys/elections.ts';
import { defineHomeTodoJourney } from './journeys/home-todo.ts';
import { defineKeyboardJourney } from './journeys/keyboard.ts';
import { defineMeetingJourney } from './journeys/meetings.ts';
import { defineMemoryJourney } from './journeys/memory.ts';
import { defineMemoryRecordsJourney } from './journeys/memory-records.ts';
import { defineMinutesJourney } from './journeys/minutes.ts';
import { defineMotionJourney } from './journeys/motions.ts';
import { defineNoScriptJourney } from './journeys/no-script.ts';
import { defineNotificationsJourney } from './journeys/notifications.ts';
import { defineProjectorJourney } from './journeys/projector.ts';
import { defineOrganisationJourney } from './journeys/organisation.ts';
import { definePasswordScenarios } from './journeys/passwords.ts';
import { defineSignInJourney } from './journeys/sign-in.ts';
import { defineSpeakersJourney } from './journeys/speakers.ts';
import { defineTrustworthyResultScenarios } from './journeys/trustworthy-results.ts';
import { defineVisualJourney } from './journeys/visual.ts';

import { defineWeakNetworkScenarios } from './journeys/weak-network.ts';

/**
 * A page loaded by `goto` or `reload` is handed back once its scripts have taken it over (the root
 * layout marks <html data-hydrated>), so that what a test does goes through them: a form sent
 * before would go without JavaScript, and a disclosure opened before is closed again (what is
 * typed, ticked or chosen before is put back, `keep-input.ts`, tested by the weak network
 * journey). Answers that are not pages (a file, a JSON refusal) are not waited for.
 */
function waitForHydration(page: Page) {
  const settle = async (response: Response | null) => {
    if (response?.headers()['content-type']?.startsWith('text/html')) {
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    }
    return response;
  };
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  page.goto = async (...args) => settle(await goto(...args));
  page.reload = async (...args) => settle(await reload(...args));
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const admin = { email: 'admin@e2e.test', password: 'e2e-Admin-pass16' };
const serverStartTimeoutMs = 60_000;

interface Test {
  name: string;
  run: () => Promise<void>;
}

const tests: Test[] = [];
function test(name: string, run: () => Promise<void>) {
  tests.push({ name, run });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function startServer(port: number, dataDir: string): { child: ChildProcess; output: string[] } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    CERCLE_DATA_DIR: dataDir,
    CERCLE_ADMIN_EMAIL: admin.email,
    CERCLE_ADMIN_PASSWORD: admin.password,
    PUBLIC_URL: `http://localhost:${port}`,
    LOG_LEVEL: 'warn',
    // The journeys set their scenes up through the API at machine speed: one secretary sends
    // far more than a person's 300 changes a minute. The limit itself is tested in
    // tests/api/overload.test.ts.
    WRITE_LIMIT_PER_MINUTE: '0',
  };
  delete env.DATABASE_URL;
  delete env.CERCLE_DEMO;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;

  // The server `pnpm build` compiled (test:e2e builds first), as production runs it.
  const child = spawn(process.execPath, ['--enable-source-maps', 'server/dist/main.js'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return { child, output };
}

async function waitForHealth(baseUrl: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + serverStartTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server not healthy after ${serverStartTimeoutMs} ms`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killed = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(killed);
}

async function main(): Promise<number> {
  if (!existsSync(join(repoRoot, 'web/build/handler.js'))) {
    console.log('FAIL setup: web/build/handler.js is missing, run `pnpm build` first');
    console.log('E2E: 0 passed, 1 failed');
    return 1;
  }
  await mkdir(artifactsDir, { recursive: true });
  const dataDir = await mkdtemp(join(tmpdir(), 'cercle-e2e-data-'));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const server = startServer(port, dataDir);
  let browser: Browser | undefined;

  try {
    try {
      await waitForHealth(baseUrl, server.child);
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    } catch (error) {
      console.log(`FAIL setup (server and browser)\n     ${(error as Error).message}`);
      console.log('E2E: 0 passed, 1 failed');
      console.error(`--- server output ---\n${server.output.join('').slice(-4_000)}`);
      return 1;
    }
    const launched = browser;

    const foreignRequests: string[] = [];
    const pageProblems: string[] = [];
    const watch = (context: BrowserContext, scripts: boolean) => {
      context.on('request', (request) => {
        const url = new URL(request.url());
        const local = url.protocol === 'data:' || url.protocol === 'blob:';
        if (!local && url.origin !== baseUrl) foreignRequests.push(url.href);
      });
      context.on('page', (page) => {
        if (scripts) waitForHydration(page);
        page.on('pageerror', (error) => pageProblems.push(`page error: ${error.message}`));
        page.on('console', (message) => {
          // A 4xx answer to a form post is expected (wrong password); anything else is a bug.
          if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
            pageProblems.push(`console: ${message.text()}`);
          }
        });
      });
    };
    const newContext = async (options: { javaScriptEnabled: boolean }) => {
      const context = await launched.newContext({
        ...options,
        baseURL: baseUrl,
        viewport: phone,
        locale: 'fr-FR',
      });
      context.setDefaultTimeout(10_000);
      watch(context, options.javaScriptEnabled);
      return context;
    };

    const kit: ScenarioKit = {
      newContext,
      baseUrl,
      test,
      admin,
      outboxDir: join(dataDir, 'outbox'),
    };
    // In order: a journey hands on what the next one reads, as its return value.
    const { page: adminPage } = await defineSignInJourney(kit);
    const organisation = await defineOrganisationJourney(kit, { page: adminPage });
    await defineNoScriptJourney(kit, organisation);
    // Early, before other journeys add congresses and motions that its pages would list too.
    defineVisualJourney(kit);
    const motion = defineMotionJourney(kit);
    defineConsentJourney(kit, motion);
    defineNotificationsJourney(kit, motion);
    defineCoauthorsJourney(kit);
    defineHomeTodoJourney(kit);
    defineMemoryJourney(kit);
    defineMemoryRecordsJourney(kit);
    defineMeetingJourney(kit);
    defineProjectorJourney(kit);
    defineMinutesJourney(kit);
    defineElectionJourney(kit);
    defineSpeakersJourney(kit);
    defineConsoleJourney(kit);
    defineAccreditationJourney(kit);
    const congress = defineCongressJourney(kit);
    defineCongressTextsJourney(kit, congress);
    const accessibility = defineAccessibilityJourney(kit);
    defineKeyboardJourney(kit, accessibility);
    defineWeakNetworkScenarios(kit);
    defineTrustworthyResultScenarios(kit);
    defineChangedAnswerScenarios(kit);
    definePasswordScenarios(kit);

    test('no request leaves the app’s own origin', async () => {
      assert.deepEqual(foreignRequests, []);
    });
    test('no script error or CSP violation in the pages', async () => {
      assert.deepEqual(pageProblems, []);
    });

    let passed = 0;
    let failed = 0;
    // E2E_ONLY=<words> runs the tests whose name holds them (those set up by others fail);
    // several, separated by « | », run the journeys named so, in their usual order.
    const only = process.env.E2E_ONLY?.split('|');
    for (const { name, run } of tests) {
      if (only && !only.some((part) => name.includes(part))) continue;
      try {
        await run();
        passed += 1;
        console.log(`ok   ${name}`);
      } catch (error) {
        failed += 1;
        const message = (error as Error).message.split('\n').slice(0, 6).join('\n     ');
        console.log(`FAIL ${name}\n     ${message}`);
      }
    }
    console.log(`E2E: ${passed} passed, ${failed} failed`);
    if (failed > 0 && server.output.length > 0) {
      console.error(`--- server output ---\n${server.output.join('').slice(-4_000)}`);
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await stopServer(server.child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
