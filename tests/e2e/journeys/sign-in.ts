/**
 * Signing in and out, in French and English: the admin's first steps on a fresh instance. The
 * page is handed on, signed out and with the account set to English, to the organisation journey.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { artifact, fillLogin, heading, htmlLang, signedInName, type ScenarioKit } from '../kit.ts';

export async function defineSignInJourney(kit: ScenarioKit): Promise<{ page: Page }> {
  const { test, baseUrl, admin } = kit;
  const page = await (await kit.newContext({ javaScriptEnabled: true })).newPage();

  test('signed out, / lands on the French login page', async () => {
    await page.goto('/');
    assert.equal(page.url(), `${baseUrl}/login?redirectTo=/`);
    assert.equal(await htmlLang(page), 'fr');
    assert.equal(await heading(page), 'Connexion');
    await page.getByLabel('Adresse e-mail').waitFor();
    await page.screenshot({ path: artifact('login-360.png'), fullPage: true });
  });

  test('a wrong password shows the translated error, focused and linked', async () => {
    await page.goto('/login');
    await fillLogin(page, { email: admin.email, password: 'not-the-password' });
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
    await fillLogin(page, admin);
    await page.waitForURL(`${baseUrl}/`);
    const name = await signedInName(page);
    assert.equal(await heading(page), `Bonjour ${name}`);
    await page.getByText('Administration nationale').waitFor();
    await page.getByRole('heading', { name: 'Vos assemblées' }).waitFor();
    await page.screenshot({ path: artifact('home-360.png'), fullPage: true });
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
  return { page };
}
