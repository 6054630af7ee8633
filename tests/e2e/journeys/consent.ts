/**
 * The consent process to adoption, as the issue tells it: the secretary admits the proposed
 * motion and opens a consent round, one member objects on a phone, another consents (without
 * JavaScript), the round ends objected, the secretary answers the objection with a new version,
 * the second round adopts the motion, and its history shows the change word by word.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { artifact, assertFitsPhone, callApi, heading, type ScenarioKit } from '../kit.ts';
import { motionReader, type MotionState } from './motions.ts';

function pollCard(page: Page, title: string) {
  return page.getByRole('article', { name: new RegExp(`^${title}`) });
}

/** Continues the motions journey: `state` is what its tests set up. */
export function defineConsentJourney(kit: ScenarioKit, state: MotionState): void {
  const { test, baseUrl } = kit;
  const { people, pageOf, motionPath } = motionReader(state);

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
    await round.screenshot({ path: artifact('consent-form-360.png') });

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
    await page.getByLabel('Rechercher parmi ces motions').fill('solidarité');
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
    await page.screenshot({ path: artifact('motion-360.png'), fullPage: true });

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
    await page.screenshot({ path: artifact('motion-diff-360.png'), fullPage: true });
  });
}
