/**
 * What every journey shares: the runner's kit, API calls with a browser context's session, the
 * people and assemblies a journey sets up for itself, and the checks many pages share.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';

/** What run.ts hands to the journeys. */
export interface ScenarioKit {
  /** A fresh browser context on the app: phone-sized (360 px), French, watched for foreign requests. */
  newContext: (options: { javaScriptEnabled: boolean }) => Promise<BrowserContext>;
  baseUrl: string;
  /** Registers a test; tests run in the order they are registered. */
  test: (name: string, run: () => Promise<void>) => void;
  /** The admin account created at setup. */
  admin: { email: string; password: string };
  /** Where the server writes the mails it sends (no SMTP in these tests). */
  outboxDir: string;
}

/** Codes and addresses made unique per run, so a persistent PostgreSQL database can be reused. */
export const runId = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
export const phone = { width: 360, height: 740 };
export const desktop = { width: 1280, height: 900 };
export const hour = 3_600_000;
export const artifactsDir = fileURLToPath(new URL('./artifacts', import.meta.url));
/** Where a screenshot goes: tests/e2e/artifacts/<name>. */
export const artifact = (name: string) => join(artifactsDir, name);

/** A JSON call with the context's cookies (the same session as its pages); throws on refusal. */
export async function callApi<T>(
  context: BrowserContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await context.request.fetch(path, {
    method,
    ...(data === undefined ? {} : { data }),
  });
  const body = (await response.json().catch(() => undefined)) as T;
  if (!response.ok()) {
    throw new Error(`${method} ${path} → ${response.status()} ${JSON.stringify(body)}`);
  }
  return body;
}

/** A context signed in as the admin through the API, for setting a journey up. */
export async function adminSession(kit: ScenarioKit): Promise<BrowserContext> {
  const admin = await kit.newContext({ javaScriptEnabled: true });
  await callApi(admin, 'POST', '/api/auth/login', kit.admin);
  return admin;
}

/** The national assembly; a journey run alone (E2E_ONLY) on a fresh instance makes it first. */
export async function nationalAssembly(admin: BrowserContext): Promise<string> {
  const { assemblies } = await callApi<{ assemblies: { id: string; kind: string }[] }>(
    admin,
    'GET',
    '/api/assemblies',
  );
  const existing = assemblies.find((one) => one.kind === 'national')?.id;
  if (existing) return existing;
  const { assembly } = await callApi<{ assembly: { id: string } }>(
    admin,
    'POST',
    '/api/assemblies',
    { kind: 'national', name: 'Mouvement pour l’Économie Solidaire', code: `N${runId}` },
  );
  return assembly.id;
}

/** An antenna under the national assembly, made by the admin. */
export async function createAntenna(
  admin: BrowserContext,
  antenna: { name: string; code: string; settings?: object },
): Promise<string> {
  const parentId = await nationalAssembly(admin);
  const { assembly } = await callApi<{ assembly: { id: string } }>(
    admin,
    'POST',
    '/api/assemblies',
    { kind: 'antenna', ...antenna, parentId },
  );
  return assembly.id;
}

/** A fresh antenna of its own with a code unique to the call, and the admin's session on it. */
export async function newAntenna(
  kit: ScenarioKit,
  { name, codeLetter }: { name: string; codeLetter: string },
): Promise<{ admin: BrowserContext; assemblyId: string; unique: string }> {
  const unique = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  const admin = await adminSession(kit);
  const assemblyId = await createAntenna(admin, { name, code: `${codeLetter}${unique}` });
  return { admin, assemblyId, unique };
}

/** The address and password of a member added by `invitedMember` with this `who`. */
export function credentials(who: string): { email: string; password: string } {
  return { email: `${who}@example.org`, password: `${who}-e2e-pass16` };
}

/**
 * Adds a member to an assembly as `admin` and returns a browser context signed in as them, once
 * they accepted their invitation. `who` makes their address and password unique in the run.
 */
export async function invitedMember(
  kit: ScenarioKit,
  admin: BrowserContext,
  assemblyId: string,
  person: {
    name: string;
    who: string;
    role?: 'secretary' | 'member';
    collegeId?: string;
    votingRight?: boolean;
    /** Off for a member who answers with plain HTML forms. */
    javaScriptEnabled?: boolean;
  },
): Promise<BrowserContext> {
  const { name, who, javaScriptEnabled = true, ...membership } = person;
  const { email, password } = credentials(who);
  const { invitationLink } = await callApi<{ invitationLink: string }>(
    admin,
    'POST',
    `/api/assemblies/${assemblyId}/members`,
    { email, name, ...membership },
  );
  const context = await kit.newContext({ javaScriptEnabled });
  const token = new URL(invitationLink).pathname.split('/').pop();
  await callApi(context, 'POST', `/api/invitations/${token}/accept`, { name, password });
  return context;
}

/** The page's one h1, asserting there is exactly one. */
/** The smallest PDF a reader opens: the server tells its type by these bytes, not by its name. */
export const smallestPdf = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n' +
    '2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n',
);

export async function heading(page: Page): Promise<string> {
  const headings = page.getByRole('heading', { level: 1 });
  assert.equal(await headings.count(), 1, 'one h1 per page');
  return (await headings.innerText()).trim();
}

/** Nothing sticks out sideways on a phone: wide tables scroll inside their own box. */
export async function assertFitsPhone(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
}

/**
 * Opens /notifications and reloads it until `found` holds: the server turns events into
 * notifications every 10 s, once they are 3 s old. `what` names the wait in the failure.
 */
export async function awaitNotifications(
  page: Page,
  found: () => Promise<boolean>,
  what: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  await page.goto('/notifications');
  while (!(await found())) {
    assert.ok(Date.now() < deadline, `${what} within 30 s`);
    await page.waitForTimeout(1_000);
    await page.reload();
  }
}

/** The bytes of the file a click on `link` downloads. */
export async function download(page: Page, link: Locator): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  assert.ok(path, `${await link.toString()} was downloaded`);
  return readFile(path);
}

export async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

/** Fills the login form (French or English) and sends it. */
export async function fillLogin(
  page: Page,
  { email, password }: { email: string; password: string },
): Promise<void> {
  await page.getByLabel(/^(Adresse e-mail|Email address)$/).fill(email);
  await page.getByLabel(/^(Mot de passe|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(Se connecter|Sign in)$/ }).click();
}

/** Signs the admin in through the login page and waits for the home page. */
export async function signInAsAdmin(page: Page, kit: ScenarioKit): Promise<void> {
  await page.goto('/login?redirectTo=/');
  await fillLogin(page, kit.admin);
  await page.waitForURL(`${kit.baseUrl}/`);
}

/** The name of the user the page's session belongs to. */
export async function signedInName(page: Page): Promise<string> {
  const response = await page.request.get('/api/auth/me');
  assert.equal(response.status(), 200, 'GET /api/auth/me after signing in');
  const body = (await response.json()) as { user: { name: string } };
  return body.user.name;
}
