/**
 * A small congress, as the issue tells it, first part: the call for motions is open; an
 * antenna's secretary forwards a motion the antenna adopted from its page, and the timeline
 * counts it; the secretariat moves the dates on the timeline (an overlap is refused) to open the
 * antennas' deliberation, where the antenna records its mandate. The texts journey goes on from
 * the state this one returns. Phases are moved through the API where the UI is not the point.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import {
  adminSession,
  artifact,
  assertFitsPhone,
  callApi,
  createAntenna,
  heading,
  hour,
  invitedMember,
  nationalAssembly,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import { admittedMotion, congressCallingForMotions, simpleVote, unanimousYes } from '../setup.ts';

const congressName = `Congrès 2027 (${runId})`;
export const antennaMotionTitle = 'Un fonds de solidarité entre antennes';

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

export interface CongressState {
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

/** The congress and its people, once the set-up test ran; fails clearly otherwise. */
export function congressReady(state: CongressState) {
  const { congressId, antennaSecretary, secretariat, delegate, admin, contexts } = state;
  assert.ok(
    congressId && antennaSecretary && secretariat && delegate && admin && contexts,
    'set up',
  );
  return { congressId, antennaSecretary, secretariat, delegate, adminContext: admin, contexts };
}

export function defineCongressJourney(kit: ScenarioKit): CongressState {
  const { test } = kit;
  const state: CongressState = {};
  const ready = () => congressReady(state);

  test('congress: an antenna adopts a motion, the admin opens a congress’s call for motions (API)', async () => {
    const admin = await adminSession(kit);
    const antennaId = await createAntenna(admin, {
      name: 'MES Bretagne',
      code: `B${runId}`,
      settings: { quorum: 0 },
    });
    const congress = await congressCallingForMotions(admin, {
      name: congressName,
      code: `K${runId}`,
      parentId: await nationalAssembly(admin),
    });
    assert.equal(congress.current, 'call_for_motions');

    const invite = (assemblyId: string, name: string, key: string, role: 'secretary' | 'member') =>
      invitedMember(kit, admin, assemblyId, { name, role, who: `congress.${key}.${runId}` });
    const antennaSecretary = await invite(antennaId, 'Léna Morvan', 'secretary', 'secretary');
    const antennaMember = await invite(antennaId, 'Yves Le Gall', 'member', 'member');
    const delegates: Record<'secretariat' | 'alice' | 'bruno', BrowserContext> = {
      secretariat: await invite(congress.id, 'Nadia Benali', 'secretariat', 'secretary'),
      alice: await invite(congress.id, 'Alice Fournier', 'alice', 'member'),
      bruno: await invite(congress.id, 'Bruno Lemoine', 'bruno', 'member'),
    };

    // The antenna adopts its motion in an asynchronous vote.
    const motionId = await admittedMotion(antennaSecretary, antennaId, {
      title: antennaMotionTitle,
      text: 'Les antennes mettent en commun un fonds pour se soutenir entre elles.',
    });
    const pollId = await simpleVote(antennaSecretary, motionId);
    await unanimousYes(antennaSecretary, pollId, [antennaSecretary, antennaMember]);

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
      admin,
      contexts: delegates,
      antennaSecretary: await antennaSecretary.newPage(),
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
      path: artifact('congress-timeline-360.png'),
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
      // Settled first: hydration puts a `<details>` opened before it back to closed (and a field
      // filled before it back to its value): the fill then waited for a hidden input (seen in CI).
      await page.waitForLoadState('networkidle');
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
      path: artifact('congress-phase-form-360.png'),
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
      path: artifact('congress-mandates-360.png'),
      fullPage: true,
    });
  });

  return state;
}
