/**
 * The list of speakers across sites, as the live room issue tells it: a decentralised meeting
 * with two antennas' rooms and an online site; people ask for the floor from their phones at
 * two rooms and online; the national secretary sees one queue, in rotation between the sites,
 * gives the floor from the console; the speaker's phone brings it to the top, the projector
 * shows the speaker and the timer (with its warning), and a point of order jumps the queue.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import {
  adminSession,
  artifact,
  assertFitsPhone,
  callApi,
  createAntenna,
  desktop,
  heading,
  invitedMember,
  runId,
  type ScenarioKit,
  smallestPdf,
} from '../kit.ts';
import { auditPages, assertNone } from '../a11y.ts';
import { checkIn, startedMeeting } from '../setup.ts';

interface Speaker {
  name: string;
  site: string;
  context: BrowserContext;
  page?: Page;
}

export function defineSpeakersJourney(kit: ScenarioKit): void {
  const { test } = kit;
  const state: {
    meetingId?: string;
    secretary?: Page;
    projector?: Page;
    speakers?: Speaker[];
    roomSecretary?: BrowserContext;
  } = {};
  const ready = () => {
    const { meetingId, secretary, projector, speakers } = state;
    assert.ok(meetingId && secretary && projector && speakers, 'the room is set up');
    return { meetingId, secretary, projector, speakers };
  };
  const phoneOf = (name: string) => {
    const page = ready().speakers.find((speaker) => speaker.name === name)?.page;
    assert.ok(page, `${name} has a phone open`);
    return page;
  };

  test('speakers: a meeting with two rooms and online, four people checked in, rotation between sites', async () => {
    const admin = await adminSession(kit);
    const hostId = await createAntenna(admin, { name: 'MES Bretagne', code: `SB${runId}` });
    const brestId = await createAntenna(admin, { name: 'Antenne Brest', code: `SR${runId}` });
    const rennesId = await createAntenna(admin, { name: 'Antenne Rennes', code: `SN${runId}` });
    const invite = (name: string, role: 'secretary' | 'member', key: string) =>
      invitedMember(kit, admin, hostId, { name, role, who: `speakers.${key}.${runId}` });
    const secretary = await invite('Gwen Le Bihan', 'secretary', 'secretary');
    const speakers: Speaker[] = [
      {
        name: 'Anne Brest',
        site: 'Antenne Brest',
        context: await invite('Anne Brest', 'member', 'a'),
      },
      {
        name: 'Bruno Brest',
        site: 'Antenne Brest',
        context: await invite('Bruno Brest', 'member', 'b'),
      },
      {
        name: 'Rémi Rennes',
        site: 'Antenne Rennes',
        context: await invite('Rémi Rennes', 'member', 'r'),
      },
      {
        name: 'Olga En Ligne',
        site: 'En ligne',
        context: await invite('Olga En Ligne', 'member', 'o'),
      },
    ];
    const roomSecretary = await invite('Katell Quimper', 'member', 'k');
    await invite('Loïc Sans Téléphone', 'member', 'l');
    await admin.close();
    const meeting = await startedMeeting(secretary, hostId, {
      title: 'AG décentralisée de Bretagne',
      mode: 'hybrid',
      antennaIds: [brestId, rennesId],
    });
    await callApi(secretary, 'PATCH', `/api/meetings/${meeting.id}`, {
      speakingOrder: 'site_rotation',
      speakingSeconds: 15,
    });
    const { meeting: withItem } = await callApi<{ meeting: { agenda: { id: string }[] } }>(
      secretary,
      'POST',
      `/api/meetings/${meeting.id}/agenda`,
      { kind: 'debate', title: 'Rapport d’activité', durationMinutes: 30 },
    );
    await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, {
      itemId: withItem.agenda[0]!.id,
    });
    for (const speaker of speakers)
      await checkIn([speaker.context], meeting.id, meeting.code(speaker.site));
    // A fourth room, run by a member who is its secretary (not the meeting's).
    const me = await callApi<{ user: { id: string } }>(roomSecretary, 'GET', '/api/auth/me');
    await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/sites`, {
      name: 'Salle de Quimper',
      secretaryId: me.user.id,
    });
    state.roomSecretary = roomSecretary;
    state.meetingId = meeting.id;
    state.speakers = speakers;
    state.secretary = await secretary.newPage();
    await state.secretary.setViewportSize(desktop);
    state.projector = await secretary.newPage();
    await state.projector.setViewportSize({ width: 1920, height: 1080 });
  });

  test('speakers: people ask for the floor in one tap from two rooms and online', async () => {
    const { meetingId, speakers, secretary, projector } = ready();
    await secretary.goto(`/meetings/${meetingId}/console`);
    await secretary.getByRole('status').getByText('En direct').waitFor();
    await projector.goto(`/meetings/${meetingId}/projector`);
    await projector.getByRole('status').getByText('En direct').waitFor();
    // Brest asks twice before anyone else; rotation still alternates the sites.
    for (const speaker of speakers) {
      speaker.page = await speaker.context.newPage();
      await speaker.page.goto(`/meetings/${meetingId}`);
      await speaker.page.getByRole('status').getByText('En direct').waitFor();
      await speaker.page.getByRole('button', { name: 'Demander la parole' }).click();
      await speaker.page.getByText(/Vous êtes inscrit·e : position \d/).waitFor();
      await assertFitsPhone(speaker.page);
    }
    const queue = secretary.getByTestId('console-queue').getByRole('listitem');
    await queue.nth(3).waitFor();
    const rows = (await queue.allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
    assert.deepEqual(
      rows.map((row) => [
        /^(\S+ \S+(?: \S+)?)/.exec(row)?.[1]?.replace(/ Antenne.*| En ligne.*/, ''),
      ]),
      [['Anne Brest'], ['Rémi Rennes'], ['Olga En Ligne'], ['Bruno Brest']],
      'one queue in rotation between the sites',
    );
    assert.match(rows[1]!, /Antenne Rennes/);
    assert.match(rows[2]!, /En ligne/);
    // The last of Brest's two sees their place in the merged list, live.
    await phoneOf('Bruno Brest')
      .getByText('Vous êtes inscrit·e : position 4 dans la liste.')
      .waitFor();
  });

  test('speakers: the floor given from the console comes to the top of the speaker’s phone; the projector shows speaker and timer', async () => {
    const { secretary, projector } = ready();
    await secretary.getByRole('button', { name: 'Donner la parole au suivant' }).click();
    await secretary.getByTestId('console-current-speaker').getByText('Anne Brest').waitFor();
    const anne = phoneOf('Anne Brest');
    await anne.getByRole('heading', { name: 'Vous avez la parole.' }).waitFor();
    // It took the focus (so a screen reader reads it and the screen scrolls to it).
    await anne.waitForFunction(() => document.activeElement?.id === 'my-floor-title');
    await anne.screenshot({ path: artifact('speakers-phone-floor-360.png') });
    await projector.getByTestId('current-speaker').getByText('Anne Brest').waitFor();
    await projector.getByTestId('speaker-timer').waitFor();
    await projector.getByTestId('next-speakers').getByText('Rémi Rennes').waitFor();
    // Fifteen seconds each: the timer warns near the end, on the projector as on the console.
    await projector.locator('[data-testid="speaker-timer"][data-state="warning"]').waitFor({
      timeout: 20_000,
    });
    await projector.getByText('Le temps de parole s’achève.').waitFor();
    await projector.screenshot({ path: artifact('speakers-projector-1920.png') });
    // The debate fills the screen without scrolling, at both sizes.
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      await projector.setViewportSize(size);
      const overflow = await projector.evaluate(() => ({
        down: document.documentElement.scrollHeight - window.innerHeight,
        across: document.documentElement.scrollWidth - window.innerWidth,
      }));
      assert.deepEqual(
        overflow,
        { down: 0, across: 0 },
        `no scroll at ${size.width}×${size.height}`,
      );
      await projector.getByTestId('next-speakers').getByText('Bruno Brest').waitFor();
    }
  });

  test('speakers: a point of order from a room jumps the queue; the next speaker comes from another site', async () => {
    const { secretary } = ready();
    const remi = phoneOf('Rémi Rennes');
    // Rémi is already on the list; a point of order is another request, put first.
    await remi.getByRole('button', { name: 'Motion d’ordre' }).click();
    await remi.getByText('Votre motion d’ordre est en attente').waitFor();
    const first = secretary.getByTestId('console-queue').getByRole('listitem').first();
    await first.getByText('Motion d’ordre').waitFor();
    await first.locator('strong', { hasText: 'Rémi Rennes' }).waitFor();
    await secretary.getByRole('button', { name: 'Donner la parole au suivant' }).click();
    await secretary.getByTestId('console-current-speaker').getByText('Rémi Rennes').waitFor();
    await secretary.getByRole('button', { name: 'Fin de l’intervention' }).click();
    await secretary.getByText('L’intervention est terminée.').waitFor();
    await secretary.screenshot({ path: artifact('speakers-console-1280.png'), fullPage: true });
  });

  test('speakers: a room’s secretary puts someone without a phone on the list, at their room only', async () => {
    const { meetingId, secretary } = ready();
    assert.ok(state.roomSecretary);
    const room = await state.roomSecretary.newPage();
    await room.goto(`/meetings/${meetingId}`);
    // Their room's part of the list is a page of its own, which the other phones do not load.
    await room
      .getByRole('link', { name: 'Gérer la liste des orateurs de votre salle (Salle de Quimper)' })
      .click();
    await room.waitForURL(`**/meetings/${meetingId}/room`);
    assert.equal(await heading(room), 'Liste des orateurs · votre salle, Salle de Quimper');
    // Live (so hydrated): a choice made before would be put back by hydration.
    await room.getByRole('status').getByText('En direct').waitFor();
    const panel = room.getByRole('main');
    // They see the whole list but do not give the floor: that is the meeting's secretary's.
    await panel.getByTestId('console-queue').waitFor();
    assert.equal(await panel.getByRole('button', { name: /^Donner la parole/ }).count(), 0);
    await panel.getByText('Inscrire quelqu’un (sans téléphone, par exemple)').click();
    // A search, not a list of the whole assembly: results come as the name is typed.
    await panel.getByLabel('Chercher un·e membre').fill('loic sans');
    await panel.getByRole('status').getByText('1 personne trouvée').waitFor();
    await panel.getByRole('radio', { name: 'Loïc Sans Téléphone' }).check();
    await panel.getByRole('button', { name: 'Inscrire', exact: true }).click();
    await room.getByText('La personne est inscrite sur la liste.').waitFor();
    const added = secretary
      .getByTestId('console-queue')
      .getByRole('listitem')
      .filter({ hasText: 'Loïc Sans Téléphone' });
    await added.getByText('Salle de Quimper').waitFor();
    await assertFitsPhone(room);
    // Nobody else has that page: a participant is refused, the meeting's secretary sent to the
    // console, where the whole list is.
    const refused = await phoneOf('Anne Brest').goto(`/meetings/${meetingId}/room`);
    assert.equal(refused?.status(), 403);
    assert.equal(await heading(phoneOf('Anne Brest')), 'Accès refusé');
    await secretary.goto(`/meetings/${meetingId}/room`);
    await secretary.waitForURL(`**/meetings/${meetingId}/console`);
    await secretary.getByTestId('console-queue').waitFor();
    assertNone(
      await auditPages(state.roomSecretary, 'room secretary', [`/meetings/${meetingId}/room`]),
    );
  });

  test('attachments: the participant view lists the files; adding one is on the meeting’s attachments page', async () => {
    const { meetingId, secretary } = ready();
    // Every phone reads the list; the forms are one link away, for those who may use them.
    const phone = phoneOf('Anne Brest');
    await phone.goto(`/meetings/${meetingId}`);
    await phone.getByRole('heading', { name: 'Pièces jointes' }).waitFor();
    await phone.getByText('Aucune pièce jointe.').waitFor();
    const manage = 'Ajouter ou retirer des pièces jointes';
    assert.equal(await phone.getByRole('link', { name: manage }).count(), 0);
    await secretary.goto(`/meetings/${meetingId}`);
    await secretary.getByRole('link', { name: manage }).click();
    await secretary.waitForURL(`**/meetings/${meetingId}/attachments`);
    assert.match(await heading(secretary), /^Pièces jointes — /);
    await secretary.getByLabel('Joindre un fichier').setInputFiles({
      name: 'ordre-du-jour.pdf',
      mimeType: 'application/pdf',
      buffer: smallestPdf,
    });
    await secretary.getByRole('button', { name: 'Joindre le fichier' }).click();
    await secretary.getByText('Le fichier est joint.').waitFor();
    await phone.reload();
    await phone.getByRole('link', { name: 'ordre-du-jour.pdf' }).waitFor();
    assertNone(
      await auditPages(secretary.context(), 'secretary', [`/meetings/${meetingId}/attachments`]),
    );
  });
}
