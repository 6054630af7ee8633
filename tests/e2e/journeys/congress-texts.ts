/**
 * A small congress, as the issue tells it, second part: the antenna amends in its own name; the
 * secretariat merges two delegates' motions into a composite, one author accepts it; the
 * congress votes the composite in a sitting (API); the publication lists the adopted text and
 * offers the PDF; the antenna's secretary was told of the phases.
 */
import assert from 'node:assert/strict';
import {
  artifact,
  assertFitsPhone,
  awaitNotifications,
  callApi,
  download,
  type ScenarioKit,
} from '../kit.ts';
import { checkIn, simpleVote, startedMeeting, unanimousYes } from '../setup.ts';
import { antennaMotionTitle, congressReady, type CongressState } from './congress.ts';

const compositeTitle = 'Des outils numériques communs';

/** Continues the congress journey: `state` is what its tests set up. */
export function defineCongressTextsJourney(kit: ScenarioKit, state: CongressState): void {
  const { test } = kit;
  const ready = () => congressReady(state);
  /** Closes `from` and opens `to` a second ago: PATCH refuses overlaps, so in this order. */
  const advance = async (from: string, to: string) => {
    const { congressId, adminContext } = ready();
    const at = new Date(Date.now() - 1_000).toISOString();
    const reason = 'Le congrès avance plus vite que prévu';
    const phases = `/api/congresses/${congressId}/phases`;
    await callApi(adminContext, 'PATCH', `${phases}/${from}`, { closesAt: at, reason });
    await callApi(adminContext, 'PATCH', `${phases}/${to}`, { opensAt: at, reason });
  };

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

  test('the secretariat merges two motions into a composite, their texts side by side; an author accepts it', async () => {
    const { congressId, secretariat: page, delegate } = ready();
    await advance('amendments', 'compositing');
    await page.goto(`/congresses/${congressId}/motions`);
    // The texts to merge, read side by side before writing the composite.
    const sources = page.getByRole('region', { name: 'Les textes à réunir, côte à côte' });
    await sources
      .getByText(/Mutualiser les outils numériques/)
      .first()
      .waitFor();
    await sources
      .getByText(/Partager les logiciels libres/)
      .first()
      .waitFor();
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
    // A radio ticked before the page hydrates is reset by hydration: on a loaded machine the
    // click can land first, so wait for the page's scripts as the other journeys do.
    await delegate.waitForLoadState('networkidle');
    const mine = delegate.getByRole('article', { name: compositeTitle });
    await mine.getByRole('radio', { name: 'J’accepte la synthèse' }).check();
    await mine.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await mine.getByText('Vous avez accepté la synthèse.').waitFor();
    await mine.getByText('synthèse acceptée').waitFor();
    await assertFitsPhone(delegate);
  });

  test('the congress votes the composite in a sitting (API); the publication shows its text and offers the PDF', async () => {
    const { congressId, delegate: page } = ready();
    const { secretariat, alice, bruno } = ready().contexts;
    await advance('compositing', 'sittings');
    const { motions } = await callApi<{ motions: { id: string; title: string }[] }>(
      secretariat,
      'GET',
      `/api/congresses/${congressId}/motions`,
    );
    const compositeId = motions.find((motion) => motion.title === compositeTitle)?.id;
    assert.ok(compositeId, 'the composite is a congress motion');
    const meeting = await startedMeeting(secretariat, congressId, {
      title: 'Congrès — séance plénière',
      mode: 'hybrid',
      antennaIds: [state.antennaId ?? ''],
    });
    const pollId = await simpleVote(secretariat, compositeId, { meetingId: meeting.id });
    await checkIn([secretariat, alice, bruno], meeting.id, meeting.code('En ligne'));
    await unanimousYes(secretariat, pollId, [secretariat, alice, bruno]);
    await advance('sittings', 'publication');

    await page.goto(`/congresses/${congressId}`);
    await page.getByText('1 motion adoptée').waitFor();
    await page.getByRole('link', { name: 'Lire les textes adoptés' }).click();
    await page.waitForURL(new RegExp(`/congresses/${congressId}/publication$`));
    const adopted = page.getByRole('article', { name: compositeTitle });
    await adopted.getByText('Motions réunies dans cette synthèse').waitFor();
    await adopted.getByText('adoptée : Pour 3, Contre 0, Abstention 0').waitFor();
    assert.equal(await page.getByRole('article', { name: antennaMotionTitle }).count(), 0);
    // The text itself, on the page, not only in the files.
    await page
      .getByRole('region', { name: `Texte adopté : ${compositeTitle}` })
      .getByText('Le MES mutualise des outils libres pour toutes ses antennes.')
      .waitFor();
    await assertFitsPhone(page);
    await page.screenshot({
      path: artifact('congress-publication-360.png'),
      fullPage: true,
    });
    const pdf = await download(
      page,
      page.getByRole('link', { name: 'Document PDF en français (.pdf)' }),
    );
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
  });

  test('the antenna’s secretary is told of the congress’s phases, linked to the timeline', async () => {
    const { congressId, antennaSecretary: page } = ready();
    // Which phases were told depends on when the worker ran: any names the congress and phase.
    const notified = page.locator(`main a[href="/congresses/${congressId}"]`).first();
    await awaitNotifications(
      page,
      async () => (await notified.count()) > 0,
      'the opening is notified',
    );
    assert.match(
      await notified.innerText(),
      /^Congrès 2027 \(\d+\) — (Appel à motions|Délibération des antennes|Amendements|Motions de synthèse|Séances du congrès|Publication des textes adoptés)$/,
    );
    await state.admin?.close();
  });
}
