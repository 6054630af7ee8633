/**
 * Browser end-to-end test: the real server (API + built web app on one port) driven by Debian
 * Chromium through playwright-core. Run after `pnpm build`:
 *
 *   node --import tsx tests/e2e/run.ts
 *
 * Prints one line per test, then `E2E: N passed, N failed`; exits non-zero when one failed.
 * Set E2E_DATABASE_URL to run against PostgreSQL instead of a fresh embedded database, and
 * E2E_ONLY to a part of some tests' names to run those alone.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { congressPhases } from '@cercle/shared';
import { defineAccessibilityScenarios } from './accessibility.ts';
import { defineChangedAnswerScenarios } from './changed-answer.ts';
import { callApi, type ScenarioKit } from './kit.ts';
import { definePasswordScenarios } from './passwords.ts';
import { defineTrustworthyResultScenarios } from './trustworthy-results.ts';
import { defineWeakNetworkScenarios } from './weak-network.ts';

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
/** Codes and addresses made unique per run, so a persistent PostgreSQL database can be reused. */
const runId = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
const antenna = { name: 'MES Occitanie', code: `E2E${runId}` };
const csvEmail = (who: string) => `${who}.${runId}@example.org`;
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

    const organisation: OrganisationState = {};
    defineOrganisationScenarios({ page, baseUrl, state: organisation });
    const memberContext = await newContext({ javaScriptEnabled: true });
    defineInvitedMemberScenario({ page: await memberContext.newPage(), state: organisation });

    const noScriptContext = await newContext({ javaScriptEnabled: false });
    const noScriptPage = await noScriptContext.newPage();
    defineNoScriptScenario({ page: noScriptPage, baseUrl });
    defineNoScriptImportScenario({ page: noScriptPage, baseUrl, state: organisation });

    defineMotionScenarios({ newContext, baseUrl, state: {} });
    defineMeetingScenarios({ newContext, baseUrl, state: {} });
    defineMinutesScenario({ newContext, state: {} });
    defineCongressScenario({ newContext, state: {} });
    const kit: ScenarioKit = {
      newContext,
      baseUrl,
      test,
      admin,
      outboxDir: join(dataDir, 'outbox'),
    };
    defineAccessibilityScenarios(kit);
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
    // E2E_ONLY=<words> runs the tests whose name holds them (those set up by others fail).
    const only = process.env.E2E_ONLY;
    for (const { name, run } of tests) {
      if (only && !name.includes(only)) continue;
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

interface OrganisationState {
  antennaId?: string;
  nationalId?: string;
  /** The activation link of a member added through the form. */
  invitationLink?: string;
}

async function signInAsAdmin(page: Page, baseUrl: string): Promise<void> {
  await page.goto('/login?redirectTo=/');
  await fillLogin(page, admin.password);
  await page.waitForURL(`${baseUrl}/`);
}

/** The earlier scenarios leave the account in English; these read the French interface. */
async function useFrench(page: Page): Promise<void> {
  if ((await htmlLang(page)) === 'fr') return;
  await page.getByRole('button', { name: /Français/ }).click();
  await page.locator('html[lang="fr"]').waitFor({ state: 'attached' });
}

function idFromUrl(url: string): string {
  const id = /\/assemblies\/([^/?#]+)/.exec(new URL(url).pathname)?.[1];
  assert.ok(id, `no assembly id in ${url}`);
  return id;
}

const importCsv = (paulEmail: string) =>
  [
    'courriel;nom;rôle;collège;droit_de_vote;organisation',
    `${csvEmail('awa.diallo')};Awa Diallo;membre;Structures;oui;Coopérative Les Jardins`,
    `${paulEmail};Paul Martin;secrétaire;Personnes;non;`,
    `${csvEmail('zoe.lefevre')};Zoé Lefèvre;membre;Personnes;oui;Association Terre`,
  ].join('\n');

function defineOrganisationScenarios({
  page,
  baseUrl,
  state,
}: {
  page: Page;
  baseUrl: string;
  state: OrganisationState;
}) {
  test('the admin creates the antenna MES Occitanie under the national assembly', async () => {
    await signInAsAdmin(page, baseUrl);
    await useFrench(page);

    const listed = (await (await page.request.get('/api/assemblies')).json()) as {
      assemblies: { id: string; kind: string }[];
    };
    state.nationalId = listed.assemblies.find((assembly) => assembly.kind === 'national')?.id;
    if (!state.nationalId) {
      // A fresh instance: the national assembly comes first, through the same form.
      await page.goto('/admin/assemblies/new');
      await page.getByLabel('Type').selectOption('national');
      await page.getByLabel('Nom', { exact: true }).fill('Mouvement pour l’Économie Solidaire');
      await page.getByLabel('Code', { exact: true }).fill(`N${runId}`);
      await page.getByLabel('Rattachement').selectOption('');
      await page.getByRole('button', { name: 'Créer l’assemblée' }).click();
      await page.waitForURL(/\/edit\?created=1$/);
      state.nationalId = idFromUrl(page.url());
    }

    await page.goto('/admin');
    assert.equal(await heading(page), 'Administration');
    await page.getByRole('link', { name: 'Créer une assemblée' }).click();
    await page.waitForURL(`${baseUrl}/admin/assemblies/new`);
    assert.equal(await page.getByLabel('Type').inputValue(), 'antenna');
    await page.getByLabel('Nom', { exact: true }).fill(antenna.name);
    await page.getByLabel('Code', { exact: true }).fill('o');
    await page.getByLabel('Rattachement').selectOption(state.nationalId);
    await page.getByLabel('Quorum (%)').fill('30');
    await page.getByRole('button', { name: 'Créer l’assemblée' }).click();
    await page
      .getByRole('alert')
      .getByText(/Le code doit contenir/)
      .waitFor();
    assert.equal(
      await page.getByLabel('Code', { exact: true }).getAttribute('aria-invalid'),
      'true',
    );

    await page.getByLabel('Code', { exact: true }).fill(antenna.code.toLowerCase());
    await page.getByRole('button', { name: 'Créer l’assemblée' }).click();
    await page.waitForURL(/\/edit\?created=1$/);
    state.antennaId = idFromUrl(page.url());
    await page.getByText('L’assemblée est créée').waitFor();
    assert.equal(await page.getByLabel('Code', { exact: true }).inputValue(), antenna.code);
    assert.equal(await page.getByLabel('Quorum (%)').inputValue(), '30');
  });

  test('colleges: rows added, the total shown live, 100 % required once weighting is on', async () => {
    assert.ok(state.antennaId, 'the antenna exists');
    await page.goto(`/assemblies/${state.antennaId}/edit`);
    await page.locator('#collegeName-0').fill('Structures');
    await page.locator('#collegeShare-0').fill('60');
    await page.getByRole('button', { name: 'Ajouter un collège' }).click();
    await page.locator('#collegeName-1:focus').waitFor();
    await page.locator('#collegeName-1').fill('Personnes');
    await page.locator('#collegeShare-1').fill('40');
    await page
      .locator('#colleges-total')
      .getByText(/Total des parts : 100\s%/)
      .waitFor();
    await page.getByRole('button', { name: 'Enregistrer les collèges' }).click();
    await page.getByText('Les collèges sont enregistrés.').waitFor();

    await page.getByLabel('Pondération des votes par collège').check();
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Les modifications sont enregistrées.').waitFor();

    // Saved colleges come back sorted by name.
    const personnes = (await page.locator('#collegeName-0').inputValue()) === 'Personnes' ? 0 : 1;
    const personnesShare = page.locator(`#collegeShare-${personnes}`);
    await personnesShare.fill('30');
    await page
      .locator('#colleges-total')
      .getByText(/le total doit faire 100 %/)
      .waitFor();
    await page.getByRole('button', { name: 'Enregistrer les collèges' }).click();
    await page
      .getByRole('alert')
      .getByText(/doivent faire 100 % au total/)
      .waitFor();
    await personnesShare.fill('40');
    await page.getByRole('button', { name: 'Enregistrer les collèges' }).click();
    await page.getByText('Les collèges sont enregistrés.').waitFor();

    await page.goto(`/assemblies/${state.antennaId}`);
    const colleges = page.getByRole('table', { name: `Collèges de ${antenna.name}` });
    await colleges.getByRole('row', { name: /Structures 60\s%/ }).waitFor();
    await page.getByText(/^30\s% des membres ayant le droit de vote$/).waitFor();
  });

  test('CSV import: the preview flags the bad line, the fixed file imports', async () => {
    await page.goto(`/assemblies/${state.antennaId}/import`);
    await page.getByLabel('Fichier CSV').setInputFiles({
      name: 'membres.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(importCsv('paul.martin-sans-arobase.example.org'), 'utf8'),
    });
    await page.getByText('Fichier « membres.csv » chargé').waitFor();
    assert.match(await page.getByLabel('Contenu CSV').inputValue(), /Awa Diallo/);
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByRole('heading', { name: 'Prévisualisation' }).waitFor();

    const badRow = page.locator('tr.row--error');
    assert.equal(await badRow.count(), 1, 'one line in error');
    assert.match(await badRow.innerText(), /Ligne 3[\s\S]*erreur[\s\S]*Adresse e-mail/);
    await page.getByText('1 ligne comporte une erreur').waitFor();
    const importButton = page.getByRole('button', { name: /^Importer \d+ ligne/ });
    assert.equal(await importButton.isDisabled(), true, 'no import while a line is wrong');
    await page.screenshot({ path: join(artifactsDir, 'import-preview-360.png'), fullPage: true });

    await page.getByLabel('Contenu CSV').fill(importCsv(csvEmail('paul.martin')));
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByText('0 erreur', { exact: true }).waitFor();
    assert.equal(await page.locator('tr.row--error').count(), 0);
    assert.equal(await importButton.isEnabled(), true);
    await page.getByLabel('Contenu CSV').press('End');
    await page.getByLabel('Contenu CSV').pressSequentially(' ');
    await page.getByText('Le texte a changé depuis la prévisualisation').waitFor();
    assert.equal(await importButton.isDisabled(), true, 'an edited text needs a new preview');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await importButton.click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    await page.getByText('3 ajouts').waitFor();
  });

  test('the members directory lists the imported members, stacked on a phone', async () => {
    await page.getByRole('link', { name: 'Voir l’annuaire des membres' }).click();
    await page.waitForURL(`${baseUrl}/assemblies/${state.antennaId}/members`);
    assert.equal(await heading(page), `Membres de ${antenna.name}`);
    const table = page.getByRole('table', { name: `Membres de ${antenna.name}` });
    for (const name of ['Awa Diallo', 'Paul Martin', 'Zoé Lefèvre']) {
      await table.getByRole('rowheader', { name }).waitFor();
    }
    const paul = table.getByRole('row', { name: /Paul Martin/ });
    assert.match(await paul.innerText(), /Personnes[\s\S]*secrétaire[\s\S]*non/);
    assert.match(await paul.innerText(), /compte non activé/);
    const rowDisplay = await paul.evaluate((row) => getComputedStyle(row).display);
    assert.equal(rowDisplay, 'block', 'rows are cards at 360 px');
    await page.screenshot({ path: join(artifactsDir, 'members-360.png'), fullPage: true });
  });

  test('secretaries’ tools: add a member (activation link), edit one, remove one', async () => {
    await page.goto(`/assemblies/${state.antennaId}/members`);
    await page.getByLabel('Adresse e-mail').fill(csvEmail('lea.martin'));
    await page.getByLabel('Nom', { exact: true }).fill('Léa Martin');
    await page.getByLabel('Collège').selectOption({ label: 'Structures' });
    await page.getByRole('button', { name: 'Ajouter le membre' }).click();
    await page.getByText('Léa Martin est maintenant membre de l’assemblée.').waitFor();
    state.invitationLink = await page
      .getByRole('textbox', { name: 'Lien d’activation' })
      .inputValue();
    assert.match(state.invitationLink, /\/invitations\//);
    await page
      .getByRole('table', { name: `Membres de ${antenna.name}` })
      .getByRole('rowheader', { name: 'Léa Martin' })
      .waitFor();

    await page.getByRole('link', { name: 'Modifier Paul Martin' }).click();
    await page.getByRole('heading', { name: 'Modifier : Paul Martin' }).waitFor();
    await page.getByLabel('A le droit de vote').check();
    await page.getByLabel('Organisation').fill('Réseau Cocagne');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Les informations de Paul Martin sont enregistrées.').waitFor();
    const paul = page.getByRole('row', { name: /Paul Martin/ });
    assert.match(await paul.innerText(), /Réseau Cocagne[\s\S]*Personnes[\s\S]*oui/);

    await page.getByRole('link', { name: 'Retirer Zoé Lefèvre' }).click();
    await page.getByText(/Voulez-vous vraiment retirer Zoé Lefèvre/).waitFor();
    await page.getByRole('button', { name: 'Oui, retirer de l’assemblée' }).click();
    await page.getByText('Zoé Lefèvre ne fait plus partie de l’assemblée.').waitFor();
    assert.equal(await page.getByRole('rowheader', { name: 'Zoé Lefèvre' }).count(), 0);
  });

  test('the movement page lists the antenna with its code and member count', async () => {
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', {
        name: 'Le mouvement',
      })
      .click();
    await page.waitForURL(`${baseUrl}/movement`);
    const antennas = page.getByRole('region', { name: 'Antennes régionales' });
    const card = antennas.getByRole('listitem').filter({ hasText: `code ${antenna.code}` });
    assert.match(await card.innerText(), new RegExp(`${antenna.name}[\\s\\S]*3 membres`));
    await page.getByRole('region', { name: 'Assemblée nationale' }).waitFor();
    await card.getByRole('link', { name: antenna.name }).click();
    await page.waitForURL(`${baseUrl}/assemblies/${state.antennaId}`);
    await page.getByRole('link', { name: 'Annuaire et gestion des membres' }).waitFor();
    await page.getByRole('link', { name: 'Modifier l’assemblée et ses collèges' }).waitFor();
  });
}

function defineInvitedMemberScenario({ page, state }: { page: Page; state: OrganisationState }) {
  test('an added member activates their account, reads the directory, not another one', async () => {
    assert.ok(state.invitationLink, 'the secretary got an activation link');
    await page.goto(new URL(state.invitationLink).pathname);
    await page.getByLabel('Mot de passe', { exact: true }).fill('lea-Martin-pass16');
    await page.getByLabel('Nom', { exact: true }).fill('Léa Martin');
    await page.getByRole('button', { name: 'Créer mon compte et rejoindre l’assemblée' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bonjour Léa Martin' }).waitFor();

    await page.getByRole('link', { name: antenna.name }).click();
    await page.getByRole('link', { name: 'Annuaire des membres', exact: true }).click();
    const table = page.getByRole('table', { name: `Membres de ${antenna.name}` });
    await table.getByRole('rowheader', { name: 'Awa Diallo' }).waitFor();
    assert.equal(await page.getByRole('link', { name: /^Modifier / }).count(), 0);
    assert.equal(await page.getByText(csvEmail('awa.diallo')).count(), 0, 'no addresses');
    assert.equal(await page.getByRole('heading', { name: 'Ajouter un membre' }).count(), 0);

    const refused = await page.goto(`/assemblies/${state.nationalId}/members`);
    assert.equal(refused?.status(), 403);
    assert.equal(await heading(page), 'Accès refusé');
    const editRefused = await page.goto(`/assemblies/${state.antennaId}/edit`);
    assert.equal(editRefused?.status(), 403);
  });
}

function defineNoScriptImportScenario({
  page,
  baseUrl,
  state,
}: {
  page: Page;
  baseUrl: string;
  state: OrganisationState;
}) {
  test('without JavaScript: a CSV file is previewed and imported by plain forms', async () => {
    await signInAsAdmin(page, baseUrl);
    await page.goto(`/assemblies/${state.antennaId}/import`);
    await page.getByLabel('Fichier CSV').setInputFiles({
      name: 'nouveaux.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `email,name,role,college\n${csvEmail('sans.script')},Samir Benali,member,Personnes\n`,
        'utf8',
      ),
    });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByRole('heading', { name: 'Prévisualisation' }).waitFor();
    assert.match(await page.getByLabel('Contenu CSV').inputValue(), /Samir Benali/);
    await page
      .getByRole('row', { name: /Samir Benali/ })
      .getByText('ajout')
      .waitFor();
    await page.getByRole('button', { name: 'Importer 1 ligne' }).click();
    await page.getByRole('heading', { name: 'Import terminé' }).waitFor();
    await page.goto(`/assemblies/${state.antennaId}/members`);
    await page.getByRole('rowheader', { name: 'Samir Benali' }).waitFor();
  });
}

type NewContext = (options: { javaScriptEnabled: boolean }) => Promise<BrowserContext>;

interface Person {
  name: string;
  role: 'member' | 'secretary';
  college: 'Structures' | 'Personnes';
  page?: Page;
}

interface MotionState {
  assemblyId?: string;
  assemblyName?: string;
  motionId?: string;
  reference?: string;
  people?: Record<'secretary' | 'author' | 'objector' | 'consenter', Person>;
}

/**
 * The admin's API session, for setting a scenario up: `antenna` creates one under the national
 * assembly. Close `context` once the people are in.
 */
async function adminSetup(newContext: NewContext) {
  const context = await newContext({ javaScriptEnabled: true });
  await callApi(context, 'POST', '/api/auth/login', admin);
  const { assemblies } = await callApi<{ assemblies: { id: string; kind: string }[] }>(
    context,
    'GET',
    '/api/assemblies',
  );
  const nationalId = assemblies.find((assembly) => assembly.kind === 'national')?.id;
  assert.ok(nationalId, 'a national assembly exists');
  const antenna = async (name: string, code: string, settings?: object) =>
    (
      await callApi<{ assembly: { id: string } }>(context, 'POST', '/api/assemblies', {
        kind: 'antenna',
        name,
        code,
        parentId: nationalId,
        ...(settings ? { settings } : {}),
      })
    ).assembly.id;
  return { context, antenna };
}

/** People the admin adds to an assembly; each accepts the invitation, signed in in a context of their own. */
async function invitePeople<Key extends string>(
  adminContext: BrowserContext,
  newContext: NewContext,
  assemblyId: string,
  scenario: string,
  cast: readonly { key: Key; name: string; role: Person['role'] }[],
): Promise<Record<Key, BrowserContext>> {
  const contexts = {} as Record<Key, BrowserContext>;
  for (const person of cast) {
    const added = await callApi<{ invitationLink: string }>(
      adminContext,
      'POST',
      `/api/assemblies/${assemblyId}/members`,
      { email: csvEmail(`${scenario}.${person.key}`), name: person.name, role: person.role },
    );
    const context = await newContext({ javaScriptEnabled: true });
    const token = new URL(added.invitationLink).pathname.split('/').pop();
    await callApi(context, 'POST', `/api/invitations/${token}/accept`, {
      name: person.name,
      password: `${person.key}-${scenario}-pass16`,
    });
    contexts[person.key] = context;
  }
  return contexts;
}

/** A motion a secretary proposes and admits through the API, ready for a meeting's poll. */
async function admittedMotion(
  secretary: BrowserContext,
  assemblyId: string,
  motion: { title: string; text: string },
): Promise<string> {
  const { motion: created } = await callApi<{ motion: { id: string } }>(
    secretary,
    'POST',
    `/api/assemblies/${assemblyId}/motions`,
    { ...motion, submit: true },
  );
  await callApi(secretary, 'POST', `/api/motions/${created.id}/admit`);
  return created.id;
}

/** Nothing sticks out sideways on a phone: wide tables scroll inside their own box. */
async function assertFitsPhone(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
}

function pollCard(page: Page, title: string) {
  return page.getByRole('article', { name: new RegExp(`^${title}`) });
}

/**
 * The consent process end to end, as the issue tells it: a member proposes a motion, the
 * secretary admits it and opens a consent round, one member objects on a phone, another
 * consents (without JavaScript), the round ends objected, the secretary answers the objection
 * with a new version, the second round adopts the motion. The setting-up goes through the API.
 */
function defineMotionScenarios({
  newContext,
  baseUrl,
  state,
}: {
  newContext: NewContext;
  baseUrl: string;
  state: MotionState;
}) {
  const people = () => {
    assert.ok(state.people && state.motionId !== undefined, 'the motion scenario is set up');
    return state.people;
  };
  const pageOf = (person: Person) => {
    assert.ok(person.page, `${person.name} has a page`);
    return person.page;
  };
  const motionPath = () => `/motions/${state.motionId}`;

  test('motions: an antenna with a secretary and three members, set up through the API', async () => {
    const adminContext = await newContext({ javaScriptEnabled: true });
    await callApi(adminContext, 'POST', '/api/auth/login', admin);
    const { assemblies } = await callApi<{ assemblies: { id: string; kind: string }[] }>(
      adminContext,
      'GET',
      '/api/assemblies',
    );
    let nationalId = assemblies.find((assembly) => assembly.kind === 'national')?.id;
    if (!nationalId) {
      const created = await callApi<{ assembly: { id: string } }>(
        adminContext,
        'POST',
        '/api/assemblies',
        { kind: 'national', name: 'Mouvement pour l’Économie Solidaire', code: `N${runId}` },
      );
      nationalId = created.assembly.id;
    }
    state.assemblyName = 'MES Bretagne';
    const { assembly } = await callApi<{ assembly: { id: string } }>(
      adminContext,
      'POST',
      '/api/assemblies',
      {
        kind: 'antenna',
        name: state.assemblyName,
        code: `M${runId}`,
        parentId: nationalId,
        // Half of the 4 voters make the quorum; 3 supporters would admit without a secretary.
        settings: { quorum: 0.5, supportersToAdmit: 3, maxConsentRounds: 3 },
      },
    );
    state.assemblyId = assembly.id;
    const { colleges } = await callApi<{ colleges: { id: string; name: string }[] }>(
      adminContext,
      'PUT',
      `/api/assemblies/${assembly.id}/colleges`,
      {
        colleges: [
          { name: 'Structures', share: 0.5 },
          { name: 'Personnes', share: 0.5 },
        ],
      },
    );

    const cast = {
      secretary: { name: 'Claire Roux', role: 'secretary', college: 'Personnes' },
      author: { name: 'Inès Moreau', role: 'member', college: 'Structures' },
      objector: { name: 'Karim Haddad', role: 'member', college: 'Structures' },
      consenter: { name: 'Nadia Girard', role: 'member', college: 'Personnes' },
    } satisfies Record<string, Person>;
    for (const [key, person] of Object.entries(cast) as [keyof typeof cast, Person][]) {
      const added = await callApi<{ invitationLink: string }>(
        adminContext,
        'POST',
        `/api/assemblies/${assembly.id}/members`,
        {
          email: csvEmail(`motion.${key}`),
          name: person.name,
          role: person.role,
          collegeId: colleges.find((college) => college.name === person.college)?.id,
        },
      );
      // The consenter answers without JavaScript: every form must work as plain HTML.
      const context = await newContext({ javaScriptEnabled: key !== 'consenter' });
      const token = new URL(added.invitationLink).pathname.split('/').pop();
      await callApi(context, 'POST', `/api/invitations/${token}/accept`, {
        name: person.name,
        password: `${key}-Motion-pass16`,
      });
      person.page = await context.newPage();
    }
    state.people = cast;
    state.motionId = '';
    await adminContext.close();
  });

  test('a member proposes a motion from the assembly page and submits it', async () => {
    const page = pageOf(people().author);
    await page.goto(`/assemblies/${state.assemblyId}`);
    await page.getByRole('link', { name: 'Motions de l’assemblée' }).click();
    await page.waitForURL(`${baseUrl}/assemblies/${state.assemblyId}/motions`);
    assert.equal(await heading(page), `Motions de ${state.assemblyName}`);
    await page.getByText('Aucune motion pour l’instant.').waitFor();
    await page.getByRole('link', { name: 'Proposer une motion' }).click();
    await page.waitForURL(/\/motions\/new$/);

    await page.getByRole('button', { name: 'Déposer la motion' }).click();
    await page.getByRole('alert').getByText('Saisissez un titre de 3 à 200 caractères.').waitFor();
    assert.equal(await page.getByLabel('Titre').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Titre').fill('Un fonds de solidarité pour les antennes');
    await page
      .getByLabel('Texte', { exact: true })
      .fill(
        'L’assemblée crée un **fonds de solidarité** entre antennes.\n\n' +
          '- Chaque antenne y verse 2 % de ses cotisations.\n- Le fonds aide les antennes en difficulté.',
      );
    await page.getByRole('button', { name: 'Déposer la motion' }).click();
    await page.waitForURL(/\/motions\/[^/]+\?notice=submitted$/);
    state.motionId = /\/motions\/([^/?]+)/.exec(page.url())?.[1];
    await page.getByText('La motion est déposée.').waitFor();
    assert.equal(await heading(page), 'Un fonds de solidarité pour les antennes');
    state.reference = (await page.locator('.motion-reference').innerText()).trim();
    assert.match(state.reference, new RegExp(`^M${runId}-\\d{4}-001$`));
    await page.locator('.motion-header').getByText('déposée', { exact: true }).waitFor();
    await page.locator('.motion-text strong', { hasText: 'fonds de solidarité' }).waitFor();
    await page.getByText(/La motion attend son admission : soutiens 0 sur 3/).waitFor();
  });

  test('the secretary admits the motion and opens a first consent round', async () => {
    const page = pageOf(people().secretary);
    await page.goto(motionPath());
    await page.getByRole('button', { name: 'Admettre la motion' }).click();
    await page.getByText('La motion est admise : elle peut être mise en décision.').waitFor();
    await page.getByText('Prochaine étape : tour de consentement n° 1 (au plus 3).').waitFor();

    await page.getByRole('link', { name: 'Mettre en décision' }).first().click();
    await page.waitForURL(`${baseUrl}${motionPath()}/polls/new`);
    assert.equal(await page.getByLabel('Tour de consentement').isChecked(), true);
    assert.equal(await page.getByLabel('Ouvrir le scrutin tout de suite').isChecked(), true);
    await page.getByRole('button', { name: 'Créer le scrutin' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}?notice=pollOpened`);
    await page.getByText('Le scrutin est ouvert : les membres peuvent répondre.').waitFor();
    const round = pollCard(page, 'Tour de consentement n° 1');
    await round.getByText('ouvert', { exact: true }).waitFor();
    await round.getByText(/Participation : 0 sur 4 votants inscrits/).waitFor();
  });

  test('on a phone, a member objects: the reason is required, then the answer is recorded', async () => {
    const page = pageOf(people().objector);
    await page.goto(motionPath());
    await page.getByText('Un scrutin attend votre réponse.').waitFor();
    const round = pollCard(page, 'Tour de consentement n° 1');
    await round.getByRole('group', { name: 'Votre réponse' }).waitFor();
    await assertFitsPhone(page);
    await round.scrollIntoViewIfNeeded();
    await round.screenshot({ path: join(artifactsDir, 'consent-form-360.png') });

    await round.getByLabel('J’objecte').check();
    await round.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    const summary = page.getByRole('alert');
    await summary.getByText(/Une objection doit être motivée/).waitFor();
    await page.locator('.error-summary:focus').waitFor();
    const reason = round.getByLabel('Motif ou réserve');
    assert.equal(await reason.getAttribute('aria-invalid'), 'true');
    assert.equal(await round.getByLabel('J’objecte').isChecked(), true, 'the choice is kept');

    await reason.fill('Le texte ne dit pas qui décide des aides ni comment.');
    await round.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await round.getByText('Votre réponse est enregistrée : « Objection ».').waitFor();
    await round
      .getByText(/Participation : 1 sur 4/)
      .first()
      .waitFor();
  });

  test('without JavaScript, another member consents with the plain form', async () => {
    const page = pageOf(people().consenter);
    await page.goto(motionPath());
    const round = pollCard(page, 'Tour de consentement n° 1');
    await round.getByLabel('Je consens', { exact: true }).check();
    await round.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.getByText('Votre réponse est enregistrée : « Consentement ».').waitFor();
    await page
      .getByText(/Participation : 2 sur 4/)
      .first()
      .waitFor();
  });

  test('the secretary closes the round: objected, and the objection is tracked', async () => {
    const page = pageOf(people().secretary);
    await page.goto(motionPath());
    const round = pollCard(page, 'Tour de consentement n° 1');
    await round.getByRole('button', { name: /^Clore le scrutin/ }).click();
    await round.getByText('Le scrutin est clos ; son résultat est ci-dessous.').waitFor();
    await round.getByText(/Résultat : objection : pas de consentement/).waitFor();
    const totals = round.getByRole('table', { name: /^Résultat · Tour de consentement n° 1/ });
    await totals.getByRole('row', { name: 'Objection 1', exact: true }).waitFor();
    await totals.getByRole('row', { name: 'Consentement 1', exact: true }).waitFor();
    const byCollege = round.getByRole('table', { name: /^Par collège/ });
    await byCollege.getByRole('rowheader', { name: 'Structures' }).waitFor();
    await byCollege.getByRole('rowheader', { name: 'Personnes' }).waitFor();
    await page.getByText(/1 objection est ouverte : un nouveau tour/).waitFor();

    await page.getByRole('link', { name: 'Suivi des objections' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}/objections`);
    assert.match(await heading(page), /^Suivi des objections/);
    await page.getByText('Tours de consentement : 1 sur 3.', { exact: false }).waitFor();
    await page
      .getByText('Le prochain tour de consentement attend : 1 objection est encore ouverte.')
      .waitFor();
    const objection = page.getByRole('listitem').filter({ hasText: 'Objection de Karim Haddad' });
    await objection.getByText('Le texte ne dit pas qui décide des aides ni comment.').waitFor();
    await objection.getByText('ouverte', { exact: true }).waitFor();
    // Nothing answers it yet: the page says to edit the text first.
    await objection.getByText(/modifiez d’abord le texte/).waitFor();

    // A new round is refused while the objection is open, in the reader's language.
    await page.goto(`${motionPath()}/polls/new`);
    await page.getByRole('button', { name: 'Créer le scrutin' }).click();
    await page
      .getByRole('alert')
      .getByText(/Des objections sont encore ouvertes/)
      .waitFor();
  });

  test('the secretary edits the text (version 2) and marks the objection integrated', async () => {
    const page = pageOf(people().secretary);
    await page.goto(motionPath());
    await page.getByRole('link', { name: 'Modifier le texte' }).first().click();
    await page.waitForURL(`${baseUrl}${motionPath()}/edit`);
    const text = page.getByLabel('Texte', { exact: true });
    await text.fill(
      (await text.inputValue()).replace(
        'Le fonds aide les antennes en difficulté.',
        'Le bureau national attribue les aides, sur avis des antennes, et en rend compte.',
      ),
    );
    await page.getByLabel('Note de version').fill('Répond à l’objection de Karim Haddad.');
    await page.getByRole('button', { name: 'Enregistrer la nouvelle version' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}?notice=saved`);
    await page.getByText('La nouvelle version du texte est enregistrée.').waitFor();

    await page.goto(`${motionPath()}/objections`);
    const objection = page.getByRole('listitem').filter({ hasText: 'Objection de Karim Haddad' });
    const version = objection.getByLabel('Version qui répond à l’objection');
    assert.equal(await version.inputValue(), '2');
    await objection.getByRole('button', { name: 'Marquer comme intégrée' }).click();
    await page.getByText('L’objection est marquée comme intégrée.').waitFor();
    await page.getByText('Intégrée dans la version 2 par Claire Roux.').waitFor();
    await page
      .getByText(
        'Aucune objection ouverte : le tour de consentement n° 2 (au plus 3) peut s’ouvrir.',
      )
      .waitFor();
  });

  test('second round: a ballot form sent twice counts once; members consent; adopted', async () => {
    const { secretary, author, objector, consenter } = people();
    const secretaryPage = pageOf(secretary);
    await secretaryPage.getByRole('link', { name: 'Préparer le tour n° 2' }).click();
    await secretaryPage.waitForURL(`${baseUrl}${motionPath()}/polls/new`);
    // Read as Paris time, whatever the server's zone.
    await secretaryPage.getByLabel('Clôture automatique (facultatif)').fill('2099-12-06T18:30');
    await secretaryPage.getByLabel('Ouvrir le scrutin tout de suite').uncheck();
    await secretaryPage.getByRole('button', { name: 'Créer le scrutin' }).click();
    await secretaryPage.getByText('Le scrutin est préparé. Ouvrez-le quand').waitFor();
    const secretaryRound = pollCard(secretaryPage, 'Tour de consentement n° 2');
    await secretaryRound.getByText('préparé', { exact: true }).waitFor();
    await secretaryRound.getByRole('button', { name: /^Ouvrir le scrutin/ }).click();
    await secretaryRound
      .getByText('Le scrutin est ouvert : les membres peuvent répondre.')
      .waitFor();
    await secretaryRound.getByText(/Clôture prévue le 6 décembre 2099 à 18:30/).waitFor();

    // The author taps twice before the first answer comes back: the same form goes twice.
    const authorPage = pageOf(author);
    await authorPage.goto(motionPath());
    const round = pollCard(authorPage, 'Tour de consentement n° 2');
    await round.getByLabel('Je consens', { exact: true }).check();
    let posts = 0;
    authorPage.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/ballot')) posts += 1;
    });
    await round.locator('form.ballot-form').evaluate((form: HTMLFormElement) => {
      form.requestSubmit();
      form.requestSubmit();
    });
    await round.getByText(/Votre réponse (est|était déjà) enregistrée/).waitFor();
    await round
      .getByText(/Participation : 1 sur 4/)
      .first()
      .waitFor();
    assert.equal(posts, 2, 'both submissions reached the server');
    const pollId = (await round.getAttribute('id'))?.replace(/^poll-/, '');
    const { poll } = await callApi<{ poll: { participation: number } }>(
      authorPage.context(),
      'GET',
      `/api/polls/${pollId}`,
    );
    assert.equal(poll.participation, 1, 'the double submission counted once');

    for (const member of [objector, consenter]) {
      const page = pageOf(member);
      await page.goto(motionPath());
      const card = pollCard(page, 'Tour de consentement n° 2');
      await card.getByLabel('Je consens', { exact: true }).check();
      await card.getByRole('button', { name: 'Envoyer ma réponse' }).click();
      await page.getByText('Votre réponse est enregistrée : « Consentement ».').waitFor();
    }

    await secretaryPage.goto(motionPath());
    const closing = pollCard(secretaryPage, 'Tour de consentement n° 2');
    await closing.getByText(/Participation : 3 sur 4/).waitFor();
    await closing.getByRole('button', { name: /^Clore le scrutin/ }).click();
    await closing.getByText('Résultat : adoption.').waitFor();
    await secretaryPage.locator('.motion-header').getByText('adoptée', { exact: true }).waitFor();
    await secretaryPage.getByText('Décision prise : motion adoptée.').waitFor();
  });

  test('the adopted motion: listed, with its version history and the word diff', async () => {
    const page = pageOf(people().author);
    await page.goto(`/assemblies/${state.assemblyId}/motions`);
    await page.getByLabel('Statut').selectOption('adopted');
    await page.getByLabel('Rechercher').fill('solidarité');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/status=adopted/);
    const row = page.getByRole('row', { name: /Un fonds de solidarité/ });
    assert.match(await row.innerText(), new RegExp(`${state.reference}[\\s\\S]*adoptée`));
    await row.getByRole('link', { name: 'Un fonds de solidarité pour les antennes' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}`);

    const history = page.getByRole('region', { name: 'Historique des versions' });
    await history.getByText('Note : Répond à l’objection de Karim Haddad.').waitFor();
    await history.getByText('en vigueur').waitFor();
    await assertFitsPhone(page);
    await page.screenshot({ path: join(artifactsDir, 'motion-360.png'), fullPage: true });

    assert.equal(await history.getByLabel('Version de départ').inputValue(), '1');
    assert.equal(await history.getByLabel('Version d’arrivée').inputValue(), '2');
    await history.getByRole('button', { name: 'Comparer' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}/diff?from=1&to=2`);
    const diff = page.getByRole('group', {
      name: 'Différences entre la version 1 et la version 2',
    });
    // textContent: the announcements are visually hidden, there for screen readers.
    const removed = (await diff.locator('del').allTextContents()).join(' ');
    const added = (await diff.locator('ins').allTextContents()).join(' ');
    assert.match(removed, /^supprimé : /, 'removals are announced');
    assert.match(added, /^ajouté : /, 'additions are announced');
    assert.match(removed, /difficulté/);
    assert.match(added, /bureau/);
    await page.screenshot({ path: join(artifactsDir, 'motion-diff-360.png'), fullPage: true });
  });

  // The server turns events into notifications every 10 s, once they are 3 s old: reload until
  // the last ones (the second round's result) are there.
  const waitForNotifications = async (page: Page) => {
    const results = page
      .getByRole('listitem')
      .filter({ hasText: 'Résultat disponible' })
      .filter({ hasText: 'Un fonds de solidarité pour les antennes' });
    const deadline = Date.now() + 30_000;
    await page.goto('/notifications');
    while ((await results.count()) < 2) {
      assert.ok(Date.now() < deadline, 'both results are notified within 30 s');
      await page.waitForTimeout(1_000);
      await page.reload();
    }
  };
  const notificationsLink = (page: Page) =>
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', {
      name: /notifications/i,
    });

  test('notifications: a member sees them with the count, marks all read, stops the digest', async () => {
    const page = pageOf(people().objector);
    await waitForNotifications(page);
    assert.equal(await heading(page), 'Notifications');
    const list = page.getByRole('region', { name: 'Dernières notifications' });
    const items = list.getByRole('listitem');
    const motionTitle = 'Un fonds de solidarité pour les antennes';
    for (const type of ['Nouvelle motion', 'Vote ouvert', 'Résultat disponible']) {
      await items.filter({ hasText: type }).filter({ hasText: motionTitle }).first().waitFor();
    }
    const unread = await list.getByText('Non lue', { exact: true }).count();
    assert.ok(unread >= 5, `submitted, 2 opened, 2 closed are unread (${unread})`);
    assert.equal(await items.count(), unread, 'all unread at first');
    await list.getByText(`${unread} notifications non lues`, { exact: true }).waitFor();
    // The header says it in words; the number alone is what the eye sees.
    const link = notificationsLink(page);
    assert.equal(
      (await link.getAttribute('aria-current')) ?? '',
      'true',
      'the link says where we are',
    );
    await page
      .getByRole('link', { name: `${unread} notifications non lues`, exact: true })
      .waitFor();
    assert.equal((await link.locator('.site-nav__count').innerText()).trim(), String(unread));
    const first = items.first();
    assert.equal(
      await first.getByRole('link', { name: motionTitle }).getAttribute('href'),
      motionPath(),
    );
    await assertFitsPhone(page);
    await page.screenshot({ path: join(artifactsDir, 'notifications-360.png'), fullPage: true });

    await list.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByText('Toutes vos notifications sont marquées comme lues.').waitFor();
    await list.getByText('Vous avez tout lu.').waitFor();
    assert.equal(await list.getByText('Non lue', { exact: true }).count(), 0);
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    assert.equal((await link.innerText()).trim(), 'Notifications', 'the count is gone');

    const digest = page.getByLabel('Recevoir un récapitulatif quotidien par e-mail');
    assert.equal(await digest.isChecked(), true, 'the digest is on by default');
    await digest.uncheck();
    await page.getByRole('button', { name: 'Enregistrer la préférence' }).click();
    await page
      .getByText('Préférence enregistrée : vous ne recevrez plus de récapitulatif par e-mail.')
      .waitFor();
    await page.reload();
    assert.equal(await digest.isChecked(), false, 'the choice is kept');
    const { user } = await callApi<{ user: { digestOptOut: boolean } }>(
      page.context(),
      'GET',
      '/api/auth/me',
    );
    assert.equal(user.digestOptOut, true);
    assert.equal((await link.innerText()).trim(), 'Notifications', 'still read after reload');
  });

  test('without JavaScript, a member marks one notification read and opens its motion', async () => {
    const page = pageOf(people().consenter);
    await waitForNotifications(page);
    const list = page.getByRole('region', { name: 'Dernières notifications' });
    const unread = await list.getByText('Non lue', { exact: true }).count();
    assert.ok(unread >= 5, `the consenter has unread notifications (${unread})`);
    await page
      .getByRole('link', { name: `${unread} notifications non lues`, exact: true })
      .waitFor();

    const submitted = list.getByRole('listitem').filter({ hasText: 'Nouvelle motion' });
    await submitted
      .getByRole('button', { name: 'Marquer comme lue : Un fonds de solidarité pour les antennes' })
      .click();
    await page.getByText('La notification est marquée comme lue.').waitFor();
    assert.equal(await submitted.getByText('Non lue', { exact: true }).count(), 0);
    await page
      .getByRole('link', { name: `${unread - 1} notifications non lues`, exact: true })
      .waitFor();
    // The page keeps the digest setting of this member: on.
    assert.equal(
      await page.getByLabel('Recevoir un récapitulatif quotidien par e-mail').isChecked(),
      true,
    );

    await submitted.getByRole('link', { name: 'Un fonds de solidarité pour les antennes' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}`);
    assert.equal(await heading(page), 'Un fonds de solidarité pour les antennes');
  });
}

process.exitCode = await main();

interface MeetingState {
  meetingId?: string;
  assemblyId?: string;
  pollId?: string;
  codes?: Record<string, string>;
  secretary?: Page;
  projector?: Page;
  participants?: { page: Page; site: string }[];
  navigations?: string[];
}

/**
 * A decentralised meeting, as the live meetings issue tells it: two antennas' rooms and online;
 * two participants check in at two rooms with their codes, the secretary opens a poll from the
 * console, both vote from their phones, and every screen shows the result without reloading.
 * Assembly, members, motion and meeting are set up through the API.
 */
function defineMeetingScenarios({
  newContext,
  baseUrl,
  state,
}: {
  newContext: NewContext;
  baseUrl: string;
  state: MeetingState;
}) {
  const ready = () => {
    assert.ok(state.meetingId && state.secretary && state.participants, 'the meeting is set up');
    return {
      meetingId: state.meetingId,
      secretary: state.secretary,
      participants: state.participants,
    };
  };

  test('meetings: an assembly, two antennas’ rooms, a motion and a live meeting, through the API', async () => {
    const { context: adminContext, antenna } = await adminSetup(newContext);
    const hostId = await antenna('MES Grand Est', `G${runId}`, { quorum: 0.5 });
    const lilleId = await antenna('Antenne Lille', `L${runId}`);
    const metzId = await antenna('Antenne Metz', `Z${runId}`);
    state.assemblyId = hostId;

    const contexts = await invitePeople(adminContext, newContext, hostId, 'meeting', [
      { key: 'secretary', name: 'Odile Marchand', role: 'secretary' },
      { key: 'lille', name: 'Yann Lefebvre', role: 'member' },
      { key: 'metz', name: 'Sofia Klein', role: 'member' },
    ]);
    await adminContext.close();

    const secretary = contexts.secretary;
    const motionId = await admittedMotion(secretary, hostId, {
      title: 'Une caisse commune pour les rencontres',
      text: 'Les antennes mettent en commun les frais de leurs rencontres.',
    });
    const startsAt = new Date(Date.now() + 60_000).toISOString();
    const endsAt = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const created = await callApi<{
      meeting: { id: string; sites: { name: string; checkInCode: string | null }[] };
    }>(secretary, 'POST', `/api/assemblies/${hostId}/meetings`, {
      title: 'AG décentralisée de décembre',
      mode: 'hybrid',
      startsAt,
      endsAt,
      antennaIds: [lilleId, metzId],
    });
    const meetingId = created.meeting.id;
    state.meetingId = meetingId;
    state.codes = Object.fromEntries(
      created.meeting.sites.map((site) => [site.name, site.checkInCode ?? '']),
    );
    assert.deepEqual(
      created.meeting.sites.map((site) => site.name),
      ['Antenne Lille', 'Antenne Metz', 'En ligne'],
    );
    await callApi(secretary, 'POST', `/api/meetings/${meetingId}/start`);
    const withItem = await callApi<{ meeting: { agenda: { id: string }[] } }>(
      secretary,
      'POST',
      `/api/meetings/${meetingId}/agenda`,
      {
        kind: 'decision',
        title: 'Caisse commune des rencontres',
        durationMinutes: 20,
        motionId,
      },
    );
    await callApi(secretary, 'POST', `/api/meetings/${meetingId}/current-item`, {
      itemId: withItem.meeting.agenda[0]?.id,
    });
    const poll = await callApi<{ poll: { id: string } }>(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
      meetingId,
    });
    state.pollId = poll.poll.id;

    state.secretary = await secretary.newPage();
    await state.secretary.setViewportSize({ width: 1280, height: 900 });
    state.projector = await secretary.newPage();
    await state.projector.setViewportSize({ width: 1280, height: 800 });
    state.participants = [
      { page: await contexts.lille.newPage(), site: 'Antenne Lille' },
      { page: await contexts.metz.newPage(), site: 'Antenne Metz' },
    ];
  });

  test('two participants check in at two rooms with their codes, on phones', async () => {
    const { meetingId, participants } = ready();
    for (const { page, site } of participants) {
      await page.goto(`/meetings/${meetingId}`);
      assert.equal(await heading(page), 'AG décentralisée de décembre');
      await page.getByText('Caisse commune des rencontres').first().waitFor();
      await page.getByRole('status').getByText('En direct').waitFor();
      await page.getByLabel('Code de la salle').fill('ZZZZZZ');
      await page.getByRole('button', { name: 'Émarger' }).click();
      await page.getByRole('alert').getByText(/code/i).first().waitFor();
      await page.getByLabel('Code de la salle').fill(state.codes?.[site] ?? '');
      await page.getByRole('button', { name: 'Émarger' }).click();
      await page.getByText(`Vous êtes présent·e : ${site}.`).waitFor();
      await assertFitsPhone(page);
    }
  });

  test('the secretary opens the poll from the console; phones vote; every screen updates live', async () => {
    const { meetingId, secretary, participants } = ready();
    const projector = state.projector;
    assert.ok(projector);
    await secretary.goto(`/meetings/${meetingId}/console`);
    await secretary.getByText('2 présents + 0 représenté sur 3').waitFor();
    await secretary.getByRole('status').getByText('En direct').waitFor();
    await projector.goto(`/meetings/${meetingId}/projector`);
    await projector.getByRole('status').getByText('En direct').waitFor();
    await projector.getByText(state.codes?.['Antenne Lille'] ?? '?').waitFor();
    for (const { page } of participants) {
      await page.getByText('Aucun scrutin ouvert pour l’instant.').waitFor();
    }

    // From here on, no page may navigate: everything arrives over the socket.
    const navigations: string[] = [];
    for (const page of [secretary, projector, ...participants.map(({ page }) => page)]) {
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
    }

    await secretary.getByRole('button', { name: 'Ouvrir le scrutin' }).click();
    await secretary.getByText('Participation : 0 sur 3 votants inscrits').waitFor();
    await projector.getByText('Participation : 0 sur 3 votants inscrits').waitFor();

    const [lille, metz] = participants;
    assert.ok(lille && metz);
    for (const [{ page }, choice] of [
      [lille, 'Pour'],
      [metz, 'Pour'],
    ] as const) {
      await page.getByRole('radio', { name: choice }).check();
      await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
      await page.getByText('Votre réponse est enregistrée.').waitFor();
    }
    await lille.page.getByText('Participation : 2 sur 3 votants inscrits').waitFor();
    await secretary.getByText('Participation : 2 sur 3 votants inscrits').waitFor();
    await projector.getByText('Participation : 2 sur 3 votants inscrits').waitFor();
    await lille.page.screenshot({
      path: join(artifactsDir, 'meeting-participant-360.png'),
      fullPage: true,
    });
    await projector.screenshot({ path: join(artifactsDir, 'meeting-projector-1280.png') });

    await secretary.getByRole('button', { name: 'Clore le scrutin' }).click();
    for (const page of [secretary, projector, lille.page, metz.page]) {
      await page.getByText('adoption.').first().waitFor();
      await page
        .getByRole('table', { name: /^Par lieu/ })
        .first()
        .waitFor();
    }
    assert.deepEqual(navigations, []);

    await projector.setViewportSize(phone);
    await projector.screenshot({ path: join(artifactsDir, 'meeting-projector-360.png') });
    await assertFitsPhone(lille.page);
    await lille.page.setViewportSize({ width: 1280, height: 900 });
    await lille.page.screenshot({
      path: join(artifactsDir, 'meeting-participant-1280.png'),
      fullPage: true,
    });
    await lille.page.setViewportSize(phone);
  });

  test('the motion page shows the meeting poll’s result by site too', async () => {
    const { secretary } = ready();
    await secretary.goto(`/assemblies/${state.assemblyId}/motions`);
    await secretary.locator('main a[href^="/motions/"]').first().click();
    await secretary
      .getByRole('table', { name: /^Par lieu/ })
      .first()
      .waitFor();
  });

  test('a present member is told they vote themselves (no proxy form)', async () => {
    const { meetingId, participants } = ready();
    assert.ok(baseUrl);
    const page = participants[0]?.page;
    assert.ok(page);
    await page.goto(`/meetings/${meetingId}`);
    // Present members vote themselves: the proxy form is for those away.
    await page.getByText('Vous êtes présent·e : vous votez vous-même.').waitFor();
  });
}

interface MinutesState {
  assemblyId?: string;
  meetingId?: string;
  minutesId?: string;
  secretary?: Page;
  member?: Page;
}

/**
 * Minutes, as the issue tells them: a meeting has ended with one closed vote; its secretary
 * drafts the minutes from the meeting page, adds a sentence, approves and publishes them; a
 * member then reads them from the assembly page, downloads the PDF and the Markdown, and is
 * notified. The meeting itself is set up and held through the API.
 */
function defineMinutesScenario({
  newContext,
  state,
}: {
  newContext: NewContext;
  state: MinutesState;
}) {
  // Inside the function: `main()` runs these tests before module-level constants below it exist.
  const minutesMeetingTitle = 'AG de clôture de l’exercice';
  const minutesSentence = 'La séance est levée à 20 h, dans la bonne humeur.';
  const ready = () => {
    assert.ok(state.meetingId && state.secretary && state.member, 'the meeting has been held');
    return { meetingId: state.meetingId, secretary: state.secretary, member: state.member };
  };

  test('minutes: an assembly holds a meeting with one vote and ends it, through the API', async () => {
    const { context: adminContext, antenna } = await adminSetup(newContext);
    state.assemblyId = await antenna('MES Pays de la Loire', `P${runId}`);
    const { secretary, member } = await invitePeople(
      adminContext,
      newContext,
      state.assemblyId,
      'minutes',
      [
        { key: 'secretary', name: 'Hélène Garnier', role: 'secretary' },
        { key: 'member', name: 'Malik Benali', role: 'member' },
      ],
    );
    await adminContext.close();
    const motionId = await admittedMotion(secretary, state.assemblyId, {
      title: 'Un budget pour la fête des adhérents',
      text: 'L’antenne consacre 800 € à la fête annuelle des adhérents.',
    });
    const created = await callApi<{
      meeting: { id: string; sites: { checkInCode: string | null }[] };
    }>(secretary, 'POST', `/api/assemblies/${state.assemblyId}/meetings`, {
      title: minutesMeetingTitle,
      mode: 'online',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
    });
    const meetingId = created.meeting.id;
    const code = created.meeting.sites[0]?.checkInCode;
    assert.ok(code, 'the online meeting has a check-in code');
    await callApi(secretary, 'POST', `/api/meetings/${meetingId}/start`);
    const { poll } = await callApi<{ poll: { id: string } }>(secretary, 'POST', '/api/polls', {
      motionId,
      kind: 'vote',
      rule: 'simple',
      meetingId,
    });
    // The quorum counts those present: both check in before the poll opens.
    for (const context of [secretary, member]) {
      await callApi(context, 'POST', `/api/meetings/${meetingId}/attendance`, { code });
    }
    await callApi(secretary, 'POST', `/api/polls/${poll.id}/open`);
    for (const context of [secretary, member]) {
      await callApi(context, 'POST', `/api/polls/${poll.id}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
    }
    await callApi(secretary, 'POST', `/api/polls/${poll.id}/close`);
    await callApi(secretary, 'POST', `/api/meetings/${meetingId}/end`);

    state.meetingId = meetingId;
    state.secretary = await secretary.newPage();
    state.member = await member.newPage();
  });

  test('the secretary drafts the minutes from the meeting page, edits, approves and publishes them', async () => {
    const { meetingId, secretary: page } = ready();
    await page.goto(`/meetings/${meetingId}`);
    const section = page.getByRole('region', { name: 'Procès-verbal' });
    await section.getByText('Le procès-verbal n’est pas encore publié.').waitFor();
    await section.getByRole('button', { name: 'Rédiger le procès-verbal' }).click();
    await page.waitForURL(/\/minutes\/[^/?]+\?notice=drafted$/);
    state.minutesId = /\/minutes\/([^/?]+)/.exec(page.url())?.[1];
    assert.equal(await heading(page), `Procès-verbal — ${minutesMeetingTitle}`);
    await page.getByText(/Le projet de procès-verbal est rédigé/).waitFor();
    const preview = page.getByRole('region', { name: 'Aperçu du texte enregistré' });
    const drafted = await preview.innerText();
    assert.match(drafted, new RegExp(minutesMeetingTitle));
    assert.match(drafted, /Un budget pour la fête des adhérents/);
    assert.match(drafted, /adoptée — Pour 2, Contre 0, Abstention 0/);
    await page.getByText('Projet', { exact: true }).first().waitFor();
    const publish = page.getByRole('button', { name: 'Publier' });
    assert.equal(await publish.isDisabled(), true, 'not before approval');
    await page.getByText(/Publication impossible pour l’instant/).waitFor();
    await assertFitsPhone(page);

    const editor = page.getByLabel('Texte du procès-verbal (Markdown)');
    const text = await editor.inputValue();
    assert.match(text, /^# Procès-verbal — /);
    await editor.fill(`${text.trimEnd()}\n\n${minutesSentence}\n`);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le texte est enregistré ; l’aperçu est à jour.').waitFor();
    await preview.getByText(minutesSentence).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'minutes-draft-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('Le procès-verbal est approuvé : il peut être publié.').waitFor();
    await page
      .getByText(/^Approuvé par Hélène Garnier le /)
      .first()
      .waitFor();
    await publish.click();
    await page.getByText(/^Le procès-verbal est publié\./).waitFor();
    await page
      .getByText(/^Publié par Hélène Garnier le /)
      .first()
      .waitFor();
    await page.getByText('Empreinte SHA-256').waitFor();
    // Published: no editor any more, an erratum instead.
    assert.equal(await page.getByLabel('Texte du procès-verbal (Markdown)').count(), 0);
    await page.getByRole('heading', { name: 'Rédiger un erratum' }).waitFor();
  });

  test('a member reads the published minutes, downloads the PDF and the Markdown, and is notified', async () => {
    const { member: page } = ready();
    assert.ok(state.minutesId, 'the minutes are published');
    await page.goto(`/assemblies/${state.assemblyId}`);
    await page
      .getByRole('region', { name: 'Procès-verbaux publiés' })
      .getByRole('link', { name: minutesMeetingTitle })
      .click();
    await page.waitForURL(new RegExp(`/minutes/${state.minutesId}$`));
    await page
      .getByRole('region', { name: 'Texte', exact: true })
      .getByText(minutesSentence)
      .waitFor();
    await page
      .getByText(/^Publié par Hélène Garnier le /)
      .first()
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approuver' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Rédiger un erratum' }).count(), 0);
    const hash = (await page.locator('dd.monospace').innerText()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/);
    await assertFitsPhone(page);
    await page.screenshot({
      path: join(artifactsDir, 'minutes-published-360.png'),
      fullPage: true,
    });

    const download = async (name: string) => {
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name }).click(),
      ]);
      const path = await file.path();
      assert.ok(path, `${name} was downloaded`);
      return readFile(path);
    };
    const pdf = await download('Document PDF (.pdf)');
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const markdown = await download('Texte Markdown (.md)');
    assert.match(markdown.toString('utf8'), new RegExp(minutesSentence));
    assert.equal(createHash('sha256').update(markdown).digest('hex'), hash, 'the hash shown');

    const notified = page
      .getByRole('listitem')
      .filter({ hasText: 'Procès-verbal publié' })
      .getByRole('link', { name: minutesMeetingTitle });
    const deadline = Date.now() + 30_000;
    await page.goto('/notifications');
    while ((await notified.count()) === 0) {
      assert.ok(Date.now() < deadline, 'the publication is notified within 30 s');
      await page.waitForTimeout(1_000);
      await page.reload();
    }
    assert.equal(await notified.getAttribute('href'), `/minutes/${state.minutesId}`);
  });
}

interface CongressState {
  congressId?: string;
  antennaId?: string;
  /** The antenna's adopted motion, to forward. */
  antennaMotionId?: string;
  /** Two delegates' motions, to merge into a composite. */
  delegateMotionIds?: string[];
  admin?: BrowserContext;
  /** The antenna's secretary (not a congress member), the congress secretariat, a delegate. */
  antennaSecretary?: Page;
  secretariat?: Page;
  delegate?: Page;
  contexts?: Record<'secretariat' | 'alice' | 'bruno', BrowserContext>;
}

/**
 * A small congress, as the issue tells it: the call for motions is open; an antenna's secretary
 * forwards a motion the antenna adopted from its page, and the timeline counts it; the
 * secretariat moves the dates on the timeline (an overlap is refused) to open the antennas'
 * deliberation, where the antenna records its mandate; the antenna amends in its own name; the
 * secretariat merges two delegates' motions into a composite, one author accepts it; the
 * congress votes the composite in a sitting (API); the publication lists the adopted text and
 * offers the PDF. Phases are moved through the API where the UI is not the point.
 */
function defineCongressScenario({
  newContext,
  state,
}: {
  newContext: NewContext;
  state: CongressState;
}) {
  // Inside the function: `main()` runs these tests before module-level constants below it exist.
  const congressName = `Congrès 2027 (${runId})`;
  const antennaMotionTitle = 'Un fonds de solidarité entre antennes';
  const compositeTitle = 'Des outils numériques communs';
  const hour = 3_600_000;
  const ready = () => {
    const { congressId, antennaSecretary, secretariat, delegate, admin: adminContext } = state;
    assert.ok(congressId && antennaSecretary && secretariat && delegate && adminContext, 'set up');
    return { congressId, antennaSecretary, secretariat, delegate, adminContext };
  };
  /** A `datetime-local` value in Paris time, as the forms read it. */
  const parisInput = (date: Date) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(date)
      .replace(' ', 'T');
  /** Closes `from` and opens `to` a second ago: PATCH refuses overlaps, so in this order. */
  const advance = async (from: string, to: string) => {
    const { congressId, adminContext } = ready();
    const at = new Date(Date.now() - 1_000).toISOString();
    const reason = 'Le congrès avance plus vite que prévu';
    const phases = `/api/congresses/${congressId}/phases`;
    await callApi(adminContext, 'PATCH', `${phases}/${from}`, { closesAt: at, reason });
    await callApi(adminContext, 'PATCH', `${phases}/${to}`, { opensAt: at, reason });
  };

  test('congress: an antenna adopts a motion, the admin opens a congress’s call for motions (API)', async () => {
    const { context: adminContext, antenna } = await adminSetup(newContext);
    const antennaId = await antenna('MES Bretagne', `B${runId}`, { quorum: 0 });
    const { assemblies } = await callApi<{ assemblies: { id: string; kind: string }[] }>(
      adminContext,
      'GET',
      '/api/assemblies',
    );
    const nationalId = assemblies.find((assembly) => assembly.kind === 'national')?.id;
    // The call for motions opened an hour ago and runs for a day; each later phase lasts a day.
    const day = 24 * hour;
    const phases = congressPhases.map((phase, index) => ({
      phase,
      opensAt: new Date(index === 0 ? Date.now() - hour : Date.now() + index * day).toISOString(),
      closesAt: new Date(Date.now() + (index + 1) * day).toISOString(),
    }));
    const { congress } = await callApi<{ congress: { id: string; current: string } }>(
      adminContext,
      'POST',
      '/api/congresses',
      { name: congressName, code: `K${runId}`, parentId: nationalId, phases },
    );
    assert.equal(congress.current, 'call_for_motions');

    const antennaPeople = await invitePeople(adminContext, newContext, antennaId, 'congress', [
      { key: 'secretary', name: 'Léna Morvan', role: 'secretary' },
      { key: 'member', name: 'Yves Le Gall', role: 'member' },
    ]);
    const delegates = await invitePeople(adminContext, newContext, congress.id, 'congress', [
      { key: 'secretariat', name: 'Nadia Benali', role: 'secretary' },
      { key: 'alice', name: 'Alice Fournier', role: 'member' },
      { key: 'bruno', name: 'Bruno Lemoine', role: 'member' },
    ]);

    // The antenna adopts its motion in an asynchronous vote.
    const motionId = await admittedMotion(antennaPeople.secretary, antennaId, {
      title: antennaMotionTitle,
      text: 'Les antennes mettent en commun un fonds pour se soutenir entre elles.',
    });
    const { poll } = await callApi<{ poll: { id: string } }>(
      antennaPeople.secretary,
      'POST',
      '/api/polls',
      { motionId, kind: 'vote', rule: 'simple' },
    );
    await callApi(antennaPeople.secretary, 'POST', `/api/polls/${poll.id}/open`);
    for (const context of [antennaPeople.secretary, antennaPeople.member]) {
      await callApi(context, 'POST', `/api/polls/${poll.id}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
    }
    await callApi(antennaPeople.secretary, 'POST', `/api/polls/${poll.id}/close`);

    // Two delegates submit similar motions, to be merged later.
    const delegateMotionIds: string[] = [];
    for (const [who, title] of [
      [delegates.alice, 'Mutualiser les outils numériques'],
      [delegates.bruno, 'Partager les logiciels libres'],
    ] as const) {
      const { motion } = await callApi<{ motion: { id: string } }>(
        who,
        'POST',
        `/api/assemblies/${congress.id}/motions`,
        { title, text: `${title}, au service de toutes les antennes.`, submit: true },
      );
      delegateMotionIds.push(motion.id);
    }

    Object.assign(state, {
      congressId: congress.id,
      antennaId,
      antennaMotionId: motionId,
      delegateMotionIds,
      admin: adminContext,
      contexts: delegates,
      antennaSecretary: await antennaPeople.secretary.newPage(),
      secretariat: await delegates.secretariat.newPage(),
      delegate: await delegates.alice.newPage(),
    });
  });

  test('the antenna’s secretary forwards the adopted motion from its page; the timeline counts it', async () => {
    const { congressId, antennaSecretary: page } = ready();
    await page.goto(`/motions/${state.antennaMotionId}`);
    await page.getByLabel('Congrès', { exact: true }).selectOption(congressId);
    await page.getByRole('button', { name: 'Transmettre au congrès' }).click();
    await page.waitForURL(new RegExp(`/congresses/${congressId}/motions\\?notice=forwarded$`));
    await page
      .getByRole('status')
      .getByText(/La motion est transmise au congrès/)
      .waitFor();
    const card = page.getByRole('article', { name: antennaMotionTitle });
    await card
      .getByText('Transmise par MES Bretagne (adoptée : Pour 2, Contre 0, Abstention 0)')
      .waitFor();
    await assertFitsPhone(page);

    await page.getByRole('link', { name: 'Calendrier', exact: true }).click();
    await page.waitForURL(new RegExp(`/congresses/${congressId}$`));
    assert.equal(await heading(page), `${congressName} — calendrier`);
    await page.getByText('1 motion transmise par une antenne').waitFor();
    await page.getByText(/^Étape en cours : Appel à motions, jusqu’au /).waitFor();
    await assertFitsPhone(page);
    await page.screenshot({
      path: join(artifactsDir, 'congress-timeline-360.png'),
      fullPage: true,
    });
  });

  test('the secretariat moves the dates on the timeline: an overlap is refused, then deliberation opens', async () => {
    const { congressId, secretariat: page } = ready();
    await page.goto(`/congresses/${congressId}`);
    const now = parisInput(new Date(Date.now() - 60_000));
    const move = async (
      phase: string,
      name: string,
      field: 'opensAt' | 'closesAt',
      value: string,
    ) => {
      const item = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: new RegExp(name) }) });
      // A refused form stays open; a closed one opens from its summary.
      if ((await item.locator('details').getAttribute('open')) === null) {
        await item.getByText(`Déplacer les dates : ${name}`).click();
      }
      await page.locator(`#${field}-${phase}`).fill(value);
      await page.locator(`#reason-${phase}`).fill('Les antennes sont prêtes à délibérer');
      await item.getByRole('button', { name: 'Enregistrer les dates' }).click();
    };
    // Into the next phase's window: refused, naming the date to move first.
    await move(
      'call_for_motions',
      'Appel à motions',
      'closesAt',
      parisInput(new Date(Date.now() + 5 * 24 * hour)),
    );
    await page
      .getByRole('alert')
      .getByText(/L’étape suivante s’ouvre plus tôt/)
      .waitFor();
    assert.match(await page.title(), /^Erreur/);
    await assertFitsPhone(page);
    await page.screenshot({
      path: join(artifactsDir, 'congress-phase-form-360.png'),
      fullPage: true,
    });

    await move('call_for_motions', 'Appel à motions', 'closesAt', now);
    await page.getByText('Les nouvelles dates de l’étape sont enregistrées.').waitFor();
    await page.getByText('Prolongée 1 fois').waitFor();
    await move('antenna_deliberation', 'Délibération des antennes', 'opensAt', now);
    await page.getByText(/^Étape en cours : Délibération des antennes, jusqu’au /).waitFor();
  });

  test('the antenna’s secretary records a mandate « pour » on the motions page; the table shows it', async () => {
    const { congressId, antennaSecretary: page } = ready();
    await page.goto(`/congresses/${congressId}/motions`);
    const card = page.getByRole('article', { name: antennaMotionTitle });
    await card.getByText('Aucune antenne n’a encore donné de mandat.').waitFor();
    await card.getByText('Enregistrer le mandat de votre antenne').click();
    await card.getByRole('radio', { name: 'Pour' }).check();
    await card.getByLabel('Note (facultative)').fill('Adoptée à l’unanimité en AG d’antenne.');
    await card.getByRole('button', { name: 'Enregistrer le mandat' }).click();
    await card.getByText('Le mandat de l’antenne est enregistré.').waitFor();
    const row = card
      .getByRole('table', { name: `Mandats des antennes · ${antennaMotionTitle}` })
      .getByRole('row', { name: /MES Bretagne/ });
    await row.getByText('Pour', { exact: true }).waitFor();
    await row.getByText('Adoptée à l’unanimité en AG d’antenne.').waitFor();
    await assertFitsPhone(page);
    await page.screenshot({
      path: join(artifactsDir, 'congress-mandates-360.png'),
      fullPage: true,
    });
  });

  test('during amendments, the antenna’s secretary amends the congress motion in the antenna’s name', async () => {
    const { congressId, antennaSecretary: page, adminContext } = ready();
    await advance('antenna_deliberation', 'amendments');
    const { motions } = await callApi<{
      motions: { id: string; forwardedFrom: { motionId: string } | null }[];
    }>(adminContext, 'GET', `/api/congresses/${congressId}/motions`);
    const copy = motions.find((motion) => motion.forwardedFrom?.motionId === state.antennaMotionId);
    assert.ok(copy, 'the forwarded copy is a congress motion');
    await page.goto(`/motions/${copy.id}`);
    await page.getByText('Proposer un amendement', { exact: true }).click();
    const as = page.getByLabel('Proposé', { exact: true });
    assert.equal(await as.inputValue(), state.antennaId, 'in the antenna’s name');
    await page
      .getByLabel('Texte amendé')
      .fill('Les antennes mettent en commun un fonds, évalué au bout d’un an.');
    await page.getByRole('button', { name: 'Proposer l’amendement' }).click();
    await page.getByText('L’amendement A1 est proposé.').waitFor();
    await page.getByText(/^Proposé par Léna Morvan au nom de MES Bretagne/).waitFor();
  });

  test('the secretariat merges two motions into a composite; an author accepts it', async () => {
    const { congressId, secretariat: page, delegate } = ready();
    await advance('amendments', 'compositing');
    await page.goto(`/congresses/${congressId}/motions`);
    await page.getByRole('checkbox', { name: /Mutualiser les outils numériques/ }).check();
    await page.getByRole('checkbox', { name: /Partager les logiciels libres/ }).check();
    await page.getByLabel('Titre de la synthèse').fill(compositeTitle);
    await page
      .getByLabel('Texte de la synthèse', { exact: true })
      .fill('Le MES mutualise des outils libres pour toutes ses antennes.');
    await page.getByRole('button', { name: 'Faire la synthèse' }).click();
    await page.getByText(`La motion de synthèse « ${compositeTitle} » est créée.`).waitFor();
    const composite = page.getByRole('article', { name: compositeTitle });
    await composite.getByRole('link', { name: 'Partager les logiciels libres' }).waitFor();
    await page
      .getByRole('article', { name: 'Mutualiser les outils numériques' })
      .getByText('fusionnée', { exact: true })
      .waitFor();

    await delegate.goto(`/congresses/${congressId}/motions`);
    const mine = delegate.getByRole('article', { name: compositeTitle });
    await mine.getByRole('radio', { name: 'J’accepte la synthèse' }).check();
    await mine.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await mine.getByText('Vous avez accepté la synthèse.').waitFor();
    await mine.getByText('synthèse acceptée').waitFor();
    await assertFitsPhone(delegate);
  });

  test('the congress votes the composite in a sitting (API); the publication lists it and offers the PDF', async () => {
    const { congressId, delegate: page } = ready();
    const { secretariat, alice, bruno } = state.contexts!;
    await advance('compositing', 'sittings');
    const { motions } = await callApi<{ motions: { id: string; title: string }[] }>(
      secretariat,
      'GET',
      `/api/congresses/${congressId}/motions`,
    );
    const compositeId = motions.find((motion) => motion.title === compositeTitle)?.id;
    const created = await callApi<{
      meeting: { id: string; sites: { name: string; checkInCode: string | null }[] };
    }>(secretariat, 'POST', `/api/assemblies/${congressId}/meetings`, {
      title: 'Congrès — séance plénière',
      mode: 'hybrid',
      startsAt: new Date(Date.now() + 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * hour).toISOString(),
      antennaIds: [state.antennaId],
    });
    const meetingId = created.meeting.id;
    const code = created.meeting.sites.find((site) => site.name === 'En ligne')?.checkInCode;
    await callApi(secretariat, 'POST', `/api/meetings/${meetingId}/start`);
    const { poll } = await callApi<{ poll: { id: string } }>(secretariat, 'POST', '/api/polls', {
      motionId: compositeId,
      kind: 'vote',
      rule: 'simple',
      meetingId,
    });
    for (const context of [secretariat, alice, bruno]) {
      await callApi(context, 'POST', `/api/meetings/${meetingId}/attendance`, { code });
    }
    await callApi(secretariat, 'POST', `/api/polls/${poll.id}/open`);
    for (const context of [secretariat, alice, bruno]) {
      await callApi(context, 'POST', `/api/polls/${poll.id}/ballots`, {
        choice: 'yes',
        clientBallotId: randomUUID(),
      });
    }
    await callApi(secretariat, 'POST', `/api/polls/${poll.id}/close`);
    await advance('sittings', 'publication');

    await page.goto(`/congresses/${congressId}`);
    await page.getByText('1 motion adoptée').waitFor();
    await page.getByRole('link', { name: 'Lire les textes adoptés' }).click();
    await page.waitForURL(new RegExp(`/congresses/${congressId}/publication$`));
    const adopted = page.getByRole('article', { name: compositeTitle });
    await adopted.getByText('Motions réunies dans cette synthèse').waitFor();
    await adopted.getByText('adoptée : Pour 3, Contre 0, Abstention 0').waitFor();
    assert.equal(await page.getByRole('article', { name: antennaMotionTitle }).count(), 0);
    await assertFitsPhone(page);
    await page.screenshot({
      path: join(artifactsDir, 'congress-publication-360.png'),
      fullPage: true,
    });
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Document PDF en français (.pdf)' }).click(),
    ]);
    const path = await file.path();
    assert.ok(path, 'the PDF was downloaded');
    assert.equal((await readFile(path)).subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('the antenna’s secretary is told of the congress’s phases, linked to the timeline', async () => {
    const { congressId, antennaSecretary: page } = ready();
    // Which phases were told depends on when the worker ran: any names the congress and phase.
    const notified = page.locator(`main a[href="/congresses/${congressId}"]`).first();
    const deadline = Date.now() + 30_000;
    await page.goto('/notifications');
    while ((await notified.count()) === 0) {
      assert.ok(Date.now() < deadline, 'the opening is notified within 30 s');
      await page.waitForTimeout(1_000);
      await page.reload();
    }
    assert.match(
      await notified.innerText(),
      /^Congrès 2027 \(\d+\) — (Appel à motions|Délibération des antennes|Amendements|Motions de synthèse|Séances du congrès|Publication des textes adoptés)$/,
    );
    await state.admin?.close();
  });
}
