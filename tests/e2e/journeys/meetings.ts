/**
 * A decentralised meeting, as the live meetings issue tells it: two antennas' rooms and online;
 * two participants check in at two rooms with their codes, the secretary opens a poll from the
 * console, both vote from their phones, and every screen shows the result without reloading.
 * Assembly, members, motion and meeting are set up through the API.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  adminSession,
  artifact,
  assertFitsPhone,
  createAntenna,
  desktop,
  heading,
  invitedMember,
  phone,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import { admittedMotion, currentDecisionItem, simpleVote, startedMeeting } from '../setup.ts';

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
 * The API's refusal of a wrong room code, in words: the participant view loads the API's
 * refusals on demand, before it shows one, so its key never shows.
 */
async function badCodeRefused(page: Page) {
  await page
    .getByRole('alert')
    .getByText('Ce code ne correspond à aucun lieu de la séance.', { exact: false })
    .first()
    .waitFor();
  assert.equal(await page.getByText('errors.meetings.bad_code').count(), 0);
}

export function defineMeetingJourney(kit: ScenarioKit): void {
  const { test, baseUrl } = kit;
  const state: MeetingState = {};
  const ready = () => {
    assert.ok(state.meetingId && state.secretary && state.participants, 'the meeting is set up');
    return {
      meetingId: state.meetingId,
      secretary: state.secretary,
      participants: state.participants,
    };
  };

  test('meetings: an assembly, two antennas’ rooms, a motion and a live meeting, through the API', async () => {
    const admin = await adminSession(kit);
    const hostId = await createAntenna(admin, {
      name: 'MES Grand Est',
      code: `G${runId}`,
      settings: { quorum: 0.5 },
    });
    const lilleId = await createAntenna(admin, { name: 'Antenne Lille', code: `L${runId}` });
    const metzId = await createAntenna(admin, { name: 'Antenne Metz', code: `Z${runId}` });
    state.assemblyId = hostId;
    const invite = (name: string, role: 'secretary' | 'member', key: string) =>
      invitedMember(kit, admin, hostId, { name, role, who: `meeting.${key}.${runId}` });
    const secretary = await invite('Odile Marchand', 'secretary', 'secretary');
    const lille = await invite('Yann Lefebvre', 'member', 'lille');
    const metz = await invite('Sofia Klein', 'member', 'metz');
    await admin.close();

    const motionId = await admittedMotion(secretary, hostId, {
      title: 'Une caisse commune pour les rencontres',
      text: 'Les antennes mettent en commun les frais de leurs rencontres.',
    });
    const meeting = await startedMeeting(secretary, hostId, {
      title: 'AG décentralisée de décembre',
      mode: 'hybrid',
      antennaIds: [lilleId, metzId],
    });
    state.meetingId = meeting.id;
    state.codes = Object.fromEntries(
      meeting.sites.map((site) => [site.name, site.checkInCode ?? '']),
    );
    assert.deepEqual(
      meeting.sites.map((site) => site.name),
      ['Antenne Lille', 'Antenne Metz', 'En ligne'],
    );
    await currentDecisionItem(secretary, meeting.id, {
      title: 'Caisse commune des rencontres',
      durationMinutes: 20,
      motionId,
    });
    state.pollId = await simpleVote(secretary, motionId, { meetingId: meeting.id });

    state.secretary = await secretary.newPage();
    await state.secretary.setViewportSize(desktop);
    state.projector = await secretary.newPage();
    await state.projector.setViewportSize({ width: 1280, height: 800 });
    state.participants = [
      { page: await lille.newPage(), site: 'Antenne Lille' },
      { page: await metz.newPage(), site: 'Antenne Metz' },
    ];
  });

  test('two participants check in at two rooms with their codes, on phones', async () => {
    const { meetingId, participants } = ready();
    for (const [index, { page, site }] of participants.entries()) {
      await page.goto(`/meetings/${meetingId}`);
      assert.equal(await heading(page), 'AG décentralisée de décembre');
      await page.getByText('Caisse commune des rencontres').first().waitFor();
      await page.getByRole('status').getByText('En direct').waitFor();
      if (index === 0) {
        // Sent as a plain form (as when the scripts had not arrived yet): the page the server
        // answers with hydrates with the refusal's words, which it loads with its messages.
        await page.getByLabel('Code de la salle').fill('ZZZZZZ');
        await page
          .locator('form[action="?/checkIn"]')
          .evaluate((form: HTMLFormElement) => form.submit());
        await page.waitForURL(/\?\/checkIn$/);
        await page.getByRole('status').getByText('En direct').waitFor();
        await badCodeRefused(page);
      }
      await page.getByLabel('Code de la salle').fill('ZZZZZZ');
      await page.getByRole('button', { name: 'Émarger' }).click();
      await badCodeRefused(page);
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
      path: artifact('meeting-participant-360.png'),
      fullPage: true,
    });
    await projector.screenshot({ path: artifact('meeting-projector-1280.png') });

    await secretary.getByRole('button', { name: 'Clore le scrutin', exact: true }).click();
    // Closing counts and publishes the result: the console asks first.
    await secretary
      .getByRole('dialog', { name: 'Clore le scrutin ?' })
      .getByRole('button', { name: 'Oui, clore le scrutin' })
      .click();
    for (const page of [secretary, projector, lille.page, metz.page]) {
      await page.getByText('adoption.').first().waitFor();
      await page
        .getByRole('table', { name: /^Par lieu/ })
        .first()
        .waitFor();
    }
    assert.deepEqual(navigations, []);

    await projector.setViewportSize(phone);
    await projector.screenshot({ path: artifact('meeting-projector-360.png') });
    await assertFitsPhone(lille.page);
    await lille.page.setViewportSize(desktop);
    await lille.page.screenshot({
      path: artifact('meeting-participant-1280.png'),
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

  test('a member away gives their proxy by finding a name, with JavaScript and without', async () => {
    const { meetingId, secretary } = ready();
    // The secretary runs the console without checking in: away, she may give her vote.
    await secretary.goto(`/meetings/${meetingId}`);
    await secretary.getByRole('status').getByText('En direct').waitFor();
    const proxies = secretary.getByRole('region', { name: 'Pouvoirs' });
    const search = proxies.getByLabel('Chercher la personne qui portera votre voix');
    await search.fill('zzz');
    await proxies.getByRole('status').getByText('Personne ne correspond à « zzz ».').waitFor();
    await search.fill('lefeb');
    await proxies.getByRole('status').getByText('1 personne trouvée').waitFor();
    await proxies.getByRole('radio', { name: 'Yann Lefebvre' }).check();
    await proxies.getByRole('button', { name: 'Donner mon pouvoir' }).click();
    await proxies.getByText('Votre pouvoir est confié à Yann Lefebvre.').waitFor();
    await proxies.getByRole('button', { name: 'Reprendre mon pouvoir' }).click();
    await proxies.getByLabel('Chercher la personne qui portera votre voix').waitFor();

    // Without JavaScript the search is a form of its own: the page comes back with the matches.
    const plain = await kit.newContext({ javaScriptEnabled: false });
    await plain.addCookies(await secretary.context().cookies());
    const page = await plain.newPage();
    await page.goto(`/meetings/${meetingId}`);
    const section = page.getByRole('region', { name: 'Pouvoirs' });
    await section.getByLabel('Chercher la personne qui portera votre voix').fill('sofia');
    await section.getByRole('button', { name: 'Chercher', exact: true }).click();
    await page.waitForURL(/\?holder=sofia/);
    await section.getByRole('status').getByText('1 personne trouvée').waitFor();
    await section.getByRole('radio', { name: 'Sofia Klein' }).check();
    await section.getByRole('button', { name: 'Donner mon pouvoir' }).click();
    await section.getByText('Votre pouvoir est confié à Sofia Klein.').waitFor();
    await section.getByRole('button', { name: 'Reprendre mon pouvoir' }).click();
    await page.getByText('Votre pouvoir est repris.').waitFor();
    await assertFitsPhone(page);
    await plain.close();
  });
}
