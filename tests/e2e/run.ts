/**
 * Browser end-to-end test: the real server (API + built web app on one port) driven by Debian
 * Chromium through playwright-core. Run after `pnpm build`:
 *
 *   node --import tsx tests/e2e/run.ts
 *
 * Prints one line per test, then `E2E: N passed, N failed`; exits non-zero when one failed.
 * Set E2E_DATABASE_URL to run against PostgreSQL instead of a fresh embedded database.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const artifactsDir = join(repoRoot, 'tests/e2e/artifacts');
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
const phone = { width: 360, height: 740 };
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
  };
  delete env.DATABASE_URL;
  delete env.CERCLE_DEMO;
  if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;

  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
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
    const watch = (context: BrowserContext) => {
      context.on('request', (request) => {
        const url = new URL(request.url());
        const local = url.protocol === 'data:' || url.protocol === 'blob:';
        if (!local && url.origin !== baseUrl) foreignRequests.push(url.href);
      });
      context.on('page', (page) => {
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
      watch(context);
      return context;
    };

    const context = await newContext({ javaScriptEnabled: true });
    const page = await context.newPage();
    defineScenarios({ page, baseUrl });

    const noScriptContext = await newContext({ javaScriptEnabled: false });
    const noScriptPage = await noScriptContext.newPage();
    defineNoScriptScenario({ page: noScriptPage, baseUrl });

    test('no request leaves the app’s own origin', async () => {
      assert.deepEqual(foreignRequests, []);
    });
    test('no script error or CSP violation in the pages', async () => {
      assert.deepEqual(pageProblems, []);
    });

    let passed = 0;
    let failed = 0;
    for (const { name, run } of tests) {
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

async function heading(page: Page): Promise<string> {
  const headings = page.getByRole('heading', { level: 1 });
  assert.equal(await headings.count(), 1, 'one h1 per page');
  return (await headings.innerText()).trim();
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

async function fillLogin(page: Page, password: string): Promise<void> {
  await page.getByLabel(/^(Adresse e-mail|Email address)$/).fill(admin.email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Se connecter|Sign in)$/ }).click();
}

async function signedInName(page: Page): Promise<string> {
  const response = await page.request.get('/api/auth/me');
  assert.equal(response.status(), 200, 'GET /api/auth/me after signing in');
  const body = (await response.json()) as { user: { name: string } };
  return body.user.name;
}

function defineScenarios({ page, baseUrl }: { page: Page; baseUrl: string }) {
  test('signed out, / lands on the French login page', async () => {
    await page.goto('/');
    assert.equal(page.url(), `${baseUrl}/login?redirectTo=/`);
    assert.equal(await htmlLang(page), 'fr');
    assert.equal(await heading(page), 'Connexion');
    await page.getByLabel('Adresse e-mail').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'login-360.png'), fullPage: true });
  });

  test('a wrong password shows the translated error, focused and linked', async () => {
    await page.goto('/login');
    await fillLogin(page, 'not-the-password');
    const summary = page.getByRole('alert');
    await summary.waitFor();
    const text = await summary.innerText();
    assert.match(text, /Adresse e-mail ou mot de passe incorrect/);
    await page.locator('.error-summary:focus').waitFor();
    assert.equal(await page.getByLabel('Adresse e-mail').inputValue(), admin.email);
    assert.match(await page.title(), /^Erreur/);
  });

  test('the admin signs in and sees the home page with their name', async () => {
    await page.goto('/login?redirectTo=/');
    await fillLogin(page, admin.password);
    await page.waitForURL(`${baseUrl}/`);
    const name = await signedInName(page);
    assert.equal(await heading(page), `Bonjour ${name}`);
    await page.getByText('Administration nationale').waitFor();
    await page.getByRole('heading', { name: 'Vos assemblées' }).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'home-360.png'), fullPage: true });
  });

  test('switching to English translates the page and sets <html lang="en">', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: /English/ }).click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.getByRole('heading', { level: 1, name: /^Hello / }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((cookie) => cookie.name === 'cercle_locale')?.value, 'en');
    // A fresh load is English too: the server renders with the chosen locale.
    await page.reload();
    assert.equal(await htmlLang(page), 'en');
    assert.match(await heading(page), /^Hello /);
  });

  test('signing out returns to the login page and closes the session', async () => {
    await page.goto('/');
    await page.getByRole('button', { name: /^(Sign out|Se déconnecter)$/ }).click();
    await page.waitForURL(/\/login$/);
    await page.goto('/');
    assert.equal(page.url(), `${baseUrl}/login?redirectTo=/`);
    const me = await page.request.get('/api/auth/me');
    assert.equal(me.status(), 401);
  });
}

function defineNoScriptScenario({ page, baseUrl }: { page: Page; baseUrl: string }) {
  test('without JavaScript: sign in, switch language and sign out with plain forms', async () => {
    await page.goto('/login');
    await fillLogin(page, admin.password);
    await page.waitForURL(`${baseUrl}/`);
    const name = await signedInName(page);
    assert.match(await heading(page), new RegExp(`^(Bonjour|Hello) ${name}$`));

    await page.getByRole('button', { name: /Français/ }).click();
    await page.waitForURL(`${baseUrl}/`);
    assert.equal(await htmlLang(page), 'fr');
    assert.equal(await heading(page), `Bonjour ${name}`);

    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/login$/);
    assert.equal(await heading(page), 'Connexion');
  });
}

process.exitCode = await main();
