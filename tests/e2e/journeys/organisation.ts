/**
 * The admin organises an antenna: creates it under the national assembly, sets its colleges,
 * imports members from a CSV file, manages them; an added member activates their account and
 * reads the directory. The journey returns the antenna, and the invitation it made, to the next.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { artifact, heading, htmlLang, runId, signInAsAdmin, type ScenarioKit } from '../kit.ts';

const antenna = { name: 'MES Occitanie', code: `E2E${runId}` };
const csvEmail = (who: string) => `${who}.${runId}@example.org`;

export interface OrganisationState {
  antennaId?: string;
  nationalId?: string;
  /** The activation link of a member added through the form. */
  invitationLink?: string;
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

/** Runs on the page the sign-in journey hands on; returns what the members' journeys need. */
export async function defineOrganisationJourney(
  kit: ScenarioKit,
  { page }: { page: Page },
): Promise<OrganisationState> {
  const { test, baseUrl } = kit;
  const state: OrganisationState = {};
  const memberPage = await (await kit.newContext({ javaScriptEnabled: true })).newPage();

  test('the admin creates the antenna MES Occitanie under the national assembly', async () => {
    await signInAsAdmin(page, kit);
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
    await page.screenshot({ path: artifact('import-preview-360.png'), fullPage: true });

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
    await page.screenshot({ path: artifact('members-360.png'), fullPage: true });

    // A directory of thousands is searched: a plain GET form, the address keeps the search.
    const search = page.getByRole('search', { name: 'Chercher dans l’annuaire' });
    await search.getByLabel('Chercher un nom').fill('zoe');
    await search.getByRole('button', { name: 'Chercher' }).click();
    await page.waitForURL(/\/members\?q=zoe$/);
    assert.deepEqual(await table.getByRole('rowheader').allInnerTexts(), ['Zoé Lefèvre']);
    await page.goto(`/assemblies/${state.antennaId}/members`);
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

  test('an added member activates their account, reads the directory, not another one', async () => {
    assert.ok(state.invitationLink, 'the secretary got an activation link');
    await memberPage.goto(new URL(state.invitationLink).pathname);
    await memberPage.getByLabel('Mot de passe', { exact: true }).fill('lea-Martin-pass16');
    await memberPage.getByLabel('Nom', { exact: true }).fill('Léa Martin');
    await memberPage
      .getByRole('button', { name: 'Créer mon compte et rejoindre l’assemblée' })
      .click();
    await memberPage.getByRole('heading', { level: 1, name: 'Bonjour Léa Martin' }).waitFor();

    await memberPage.getByRole('link', { name: antenna.name }).click();
    await memberPage.getByRole('link', { name: 'Annuaire des membres', exact: true }).click();
    const table = memberPage.getByRole('table', { name: `Membres de ${antenna.name}` });
    await table.getByRole('rowheader', { name: 'Awa Diallo' }).waitFor();
    assert.equal(await memberPage.getByRole('link', { name: /^Modifier / }).count(), 0);
    assert.equal(await memberPage.getByText(csvEmail('awa.diallo')).count(), 0, 'no addresses');
    assert.equal(await memberPage.getByRole('heading', { name: 'Ajouter un membre' }).count(), 0);

    const refused = await memberPage.goto(`/assemblies/${state.nationalId}/members`);
    assert.equal(refused?.status(), 403);
    assert.equal(await heading(memberPage), 'Accès refusé');
    const editRefused = await memberPage.goto(`/assemblies/${state.antennaId}/edit`);
    assert.equal(editRefused?.status(), 403);
  });

  return state;
}
