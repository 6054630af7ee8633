/**
 * Without JavaScript, the admin's plain forms still work: signing in, switching language and
 * signing out, then importing members from a CSV file into the organisation journey's antenna.
 */
import assert from 'node:assert/strict';
import {
  fillLogin,
  heading,
  htmlLang,
  runId,
  signedInName,
  signInAsAdmin,
  type ScenarioKit,
} from '../kit.ts';
import type { OrganisationState } from './organisation.ts';

export async function defineNoScriptJourney(
  kit: ScenarioKit,
  /** Filled by the organisation journey's tests, which run first. */
  state: OrganisationState,
): Promise<void> {
  const { test, baseUrl } = kit;
  const page = await (await kit.newContext({ javaScriptEnabled: false })).newPage();

  test('without JavaScript: sign in, switch language and sign out with plain forms', async () => {
    await page.goto('/login');
    await fillLogin(page, kit.admin);
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

  test('without JavaScript: a CSV file is previewed and imported by plain forms', async () => {
    await signInAsAdmin(page, kit);
    await page.goto(`/assemblies/${state.antennaId}/import`);
    await page.getByLabel('Fichier CSV').setInputFiles({
      name: 'nouveaux.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `email,name,role,college\nsans.script.${runId}@example.org,Samir Benali,member,Personnes\n`,
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
