/**
 * The meeting console as the dashboard of a real hall (issue 17): at 1280×800 the open poll's
 * close button is on the first screen; an amendment is put to a vote from the console; a folded
 * form stays open, with what was typed and the focus, while someone checks in; the secretary opens
 * and closes a poll (with its confirmation) and gives the floor with the keyboard alone; ending
 * the meeting asks first and can be cancelled during its countdown; the ended meeting is a
 * read-only record. Assembly, people, motion, amendment and meeting are set up through the API.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { assertNone, tabTo, waitForFocus } from '../a11y.ts';
import {
  artifact,
  assertFitsPhone,
  callApi,
  credentials,
  invitedMember,
  newAntenna,
  phone,
  type ScenarioKit,
} from '../kit.ts';
import { admittedMotion, castBallots, checkIn, startedMeeting } from '../setup.ts';

interface ConsoleState {
  meetingId: string;
  secretary: BrowserContext;
  voters: BrowserContext[];
  late: BrowserContext;
  amendmentId: string;
  page: Page;
  /** The secretary's sign-in, for a page without JavaScript. */
  login: { email: string; password: string };
}

const hall = { width: 1280, height: 800 };

export function defineConsoleJourney(kit: ScenarioKit): void {
  const { test } = kit;
  let state: ConsoleState | undefined;
  const ready = () => {
    assert.ok(state, 'the meeting is set up');
    return state;
  };
  const meetingStatus = async () => {
    const { secretary, meetingId } = ready();
    const { meeting } = await callApi<{ meeting: { status: string } }>(
      secretary,
      'GET',
      `/api/meetings/${meetingId}`,
    );
    return meeting.status;
  };

  test('console: a live meeting with an amended motion, people checked in and asking for the floor', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'Antenne Console',
      codeLetter: 'K',
    });
    const invite = (name: string, role: 'secretary' | 'member', key: string) =>
      invitedMember(kit, admin, assemblyId, { name, role, who: `console.${key}.${unique}` });
    const secretary = await invite('Hélène Vasseur', 'secretary', 'secretary');
    const voters = [
      await invite('Paul Girard', 'member', 'paul'),
      await invite('Inès Moreau', 'member', 'ines'),
    ];
    const late = await invite('Marc Lenoir', 'member', 'marc');
    // Comes to the hall without a phone: the secretary checks her in.
    await (await invite('Zoé Sans Téléphone', 'member', 'zoe')).close();
    await admin.close();

    const motionId = await admittedMotion(secretary, assemblyId, {
      title: 'Un fonds de solidarité entre antennes',
      text: 'Chaque antenne verse 2 % de ses cotisations au fonds.',
    });
    const { amendment } = await callApi<{ amendment: { id: string } }>(
      voters[0]!,
      'POST',
      `/api/motions/${motionId}/amendments`,
      {
        proposedText: 'Chaque antenne verse 1 % de ses cotisations au fonds.',
        rationale: 'Les petites antennes n’ont pas de marge.',
      },
    );
    const meeting = await startedMeeting(secretary, assemblyId, {
      title: 'AG de la console',
      mode: 'online',
    });
    const { meeting: withAgenda } = await callApi<{ meeting: { agenda: { id: string }[] } }>(
      secretary,
      'POST',
      `/api/meetings/${meeting.id}/agenda`,
      { kind: 'decision', title: 'Fonds de solidarité', durationMinutes: 30, motionId },
    );
    await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/agenda`, {
      kind: 'information',
      title: 'Questions diverses',
      durationMinutes: 10,
    });
    await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, {
      itemId: withAgenda.agenda[0]!.id,
    });
    await checkIn(voters, meeting.id, meeting.code('En ligne'));
    for (const voter of voters) {
      await callApi(voter, 'POST', `/api/meetings/${meeting.id}/speakers`, {});
    }
    const page = await secretary.newPage();
    await page.setViewportSize(hall);
    state = {
      meetingId: meeting.id,
      secretary,
      voters,
      late,
      amendmentId: amendment.id,
      page,
      login: credentials(`console.secretary.${unique}`),
    };
  });

  test('console: an amendment is put to a vote from the console', async () => {
    const { page, meetingId, secretary, amendmentId } = ready();
    await page.goto(`/meetings/${meetingId}/console`);
    await page.getByRole('status').getByText('En direct').waitFor();
    await page.getByText('Préparer un scrutin').click();
    const target = page.getByLabel('Motion ou amendement');
    const option = target.locator('option', { hasText: 'amendement A1 (Paul Girard)' });
    await target.selectOption((await option.getAttribute('value')) ?? '');
    await page.getByRole('button', { name: 'Préparer le scrutin' }).click();
    await page.getByText('Le scrutin est préparé.').waitFor();
    await page.getByRole('heading', { level: 3, name: /amendement A1$/ }).waitFor();
    const { polls } = await callApi<{ polls: { amendmentId: string | null; status: string }[] }>(
      secretary,
      'GET',
      `/api/meetings/${meetingId}/polls`,
    );
    assert.deepEqual(
      polls.map((poll) => [poll.amendmentId, poll.status]),
      [[amendmentId, 'created']],
      'one poll, on the amendment',
    );
  });

  test('console by keyboard: open the poll, close it with its confirmation, give the floor; the close button is on the first screen at 1280×800', async () => {
    const { page, meetingId, secretary, voters } = ready();
    const focusIssues: string[] = [];
    await page.goto(`/meetings/${meetingId}/console`);
    await page.getByRole('status').getByText('En direct').waitFor();

    await tabTo(page, page.getByRole('button', { name: 'Ouvrir le scrutin' }), focusIssues);
    await page.keyboard.press('Enter');
    await page.getByText('Le scrutin est ouvert : les membres peuvent répondre.').waitFor();
    const close = page.getByRole('button', { name: 'Clore le scrutin', exact: true });
    await close.waitFor();
    // Visible without scrolling: the page is at its top and the button within the 800 px.
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await close.evaluate((button) => {
      const rect = button.getBoundingClientRect();
      return { top: rect.top, bottom: rect.bottom, scrollY: window.scrollY };
    });
    assert.equal(box.scrollY, 0);
    assert.ok(
      box.top >= 0 && box.bottom <= hall.height,
      `close button at ${box.top}–${box.bottom}`,
    );
    await page.screenshot({ path: artifact('console-open-poll-1280x800.png') });

    const { polls } = await callApi<{ polls: { id: string }[] }>(
      secretary,
      'GET',
      `/api/meetings/${meetingId}/polls`,
    );
    const pollId = polls[0]!.id;
    await castBallots(voters, pollId, 'yes');

    // Closing asks first; the safe answer has the focus, the confirmation is one Shift+Tab away.
    await tabTo(page, close, focusIssues);
    await page.keyboard.press('Space');
    const dialog = page.getByRole('dialog', { name: 'Clore le scrutin ?' });
    await dialog.waitFor();
    await waitForFocus(dialog.getByRole('button', { name: 'Annuler' }));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await waitForFocus(close);
    const poll = async () =>
      (await callApi<{ poll: { status: string } }>(secretary, 'GET', `/api/polls/${pollId}`)).poll
        .status;
    assert.equal(await poll(), 'open', 'Escape closed the question, not the poll');
    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('button', { name: 'Oui, clore le scrutin' }), focusIssues, {
      backwards: true,
      limit: 2,
    });
    await page.keyboard.press('Enter');
    await page.getByText('Le scrutin est clos ; son résultat est ci-dessous.').waitFor();
    assert.equal(await poll(), 'closed');

    // The floor to the first who asked.
    await tabTo(
      page,
      page.getByRole('button', { name: 'Donner la parole au suivant' }),
      focusIssues,
      { limit: 80 },
    );
    await page.keyboard.press('Enter');
    await page.getByTestId('console-current-speaker').getByText('Paul Girard').waitFor();
    assertNone(focusIssues);
  });

  test('console: a round of the meeting’s election is opened and closed from the console', async () => {
    const { page, meetingId, secretary, voters } = ready();
    const { meeting } = await callApi<{ meeting: { assemblyId: string } }>(
      secretary,
      'GET',
      `/api/meetings/${meetingId}`,
    );
    const { election } = await callApi<{ election: { id: string } }>(
      secretary,
      'POST',
      `/api/assemblies/${meeting.assemblyId}/elections`,
      {
        title: 'Lieu du prochain congrès',
        subject: 'options',
        method: 'plurality',
        meetingId,
        options: ['Lyon', 'Nantes'],
      },
    );
    await callApi(secretary, 'POST', `/api/elections/${election.id}/publish`);
    await page.reload();
    const card = page.getByRole('listitem').filter({ hasText: 'Lieu du prochain congrès' });
    await card.getByRole('button', { name: 'Ouvrir le tour 1' }).click();
    await page.getByText('Le tour est ouvert : les membres peuvent voter.').waitFor();
    await card.getByText(/^Participation : 0 sur \d+ votants? inscrits?/).waitFor();
    await card.getByRole('button', { name: 'Clore le tour 1' }).click();
    await page
      .getByRole('dialog', { name: 'Clore le tour 1 ?' })
      .getByRole('button', { name: 'Oui, clore le tour' })
      .click();
    await page.getByText('Le tour est clos ; son résultat est affiché.').waitFor();
    const { election: closed } = await callApi<{ election: { rounds: { status: string }[] } }>(
      voters[0]!,
      'GET',
      `/api/elections/${election.id}`,
    );
    assert.deepEqual(
      closed.rounds.map((round) => round.status),
      ['closed'],
    );
  });

  test('console: a folded form stays open, keeps what was typed and the focus while someone checks in', async () => {
    const { page, meetingId, late } = ready();
    const notes = page.locator('details', { hasText: 'Notes pour le procès-verbal' }).first();
    await notes.locator('summary').click();
    const note = page.getByLabel('Note sur « Fonds de solidarité »');
    await note.click();
    await page.keyboard.type('Le trésorier présente le fonds');
    await page.getByTestId('quorum').getByText('2 présents').waitFor();

    await callApi(late, 'POST', `/api/meetings/${meetingId}/attendance`, {
      code: (
        await callApi<{ meeting: { sites: { checkInCode: string | null }[] } }>(
          ready().secretary,
          'GET',
          `/api/meetings/${meetingId}`,
        )
      ).meeting.sites[0]!.checkInCode,
    });
    // The page reloaded its data over the socket: the quorum counts the newcomer.
    await page.getByTestId('quorum').getByText('3 présents').waitFor();
    assert.equal(await notes.evaluate((details) => (details as HTMLDetailsElement).open), true);
    assert.equal(await note.inputValue(), 'Le trésorier présente le fonds');
    await waitForFocus(note);
    await page.keyboard.type(' et son règlement.');
    assert.equal(await note.inputValue(), 'Le trésorier présente le fonds et son règlement.');
  });

  test('console: someone without a phone is found by name and checked in; the page lists no member', async () => {
    const { page } = ready();
    // An assembly may have thousands of members: the page carries none, they are searched for.
    assert.equal((await page.content()).includes('Zoé Sans Téléphone'), false);
    const room = page.getByRole('region', { name: 'Quorum et lieux' });
    await room.getByText('Émarger quelqu’un').click();
    await room.getByLabel('Chercher un·e membre').fill('zoe sans');
    await room.getByRole('status').getByText('1 personne trouvée').waitFor();
    await room.getByRole('radio', { name: 'Zoé Sans Téléphone' }).check();
    await room.getByRole('button', { name: 'Émarger', exact: true }).click();
    await page.getByText('La personne est émargée.').waitFor();
    await page.getByTestId('quorum').getByText('4 présents').waitFor();
  });

  test('console: the dashboard on a phone, one column with the polls first', async () => {
    const { page } = ready();
    await page.setViewportSize(phone);
    await assertFitsPhone(page);
    const order = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    assert.equal(order[0], 'Scrutins', `headings in order: ${order.join(' / ')}`);
    await page.screenshot({ path: artifact('console-360x740.png'), fullPage: true });
    await page.setViewportSize(hall);
    await page.screenshot({ path: artifact('console-1280x800.png') });
  });

  test('console without JavaScript: ending the meeting asks on the server first', async () => {
    const { meetingId, login } = ready();
    const context = await kit.newContext({ javaScriptEnabled: false });
    try {
      await callApi(context, 'POST', '/api/auth/login', login);
      const page = await context.newPage();
      await page.goto(`/meetings/${meetingId}/console`);
      await page.getByRole('button', { name: 'Clore la séance', exact: true }).click();
      const question = page.getByRole('group', { name: 'Clore la séance ?' });
      await question.getByRole('button', { name: 'Oui, clore la séance' }).waitFor();
      assert.equal(await meetingStatus(), 'live', 'the first press only asks');
      await question.getByRole('link', { name: 'Non, revenir à la console' }).click();
      await page.getByRole('button', { name: 'Clore la séance', exact: true }).waitFor();
      assert.equal(await meetingStatus(), 'live');
    } finally {
      await context.close();
    }
  });

  test('console: ending the meeting asks first and can be cancelled during its countdown', async () => {
    const { page } = ready();
    const end = page.getByRole('button', { name: 'Clore la séance', exact: true });
    await end.click();
    const dialog = page.getByRole('dialog', { name: 'Clore la séance ?' });
    await dialog.getByRole('button', { name: 'Oui, clore la séance' }).click();
    await page.getByText(/La séance se termine dans [1-5] s/).waitFor();
    const cancel = page
      .getByRole('group', { name: /La séance se termine dans/ })
      .getByRole('button', {
        name: 'Annuler',
      });
    await waitForFocus(cancel);
    await cancel.click();
    await waitForFocus(end);
    // Longer than the countdown: nothing was sent.
    await page.waitForTimeout(6_000);
    assert.equal(await meetingStatus(), 'live');

    await end.click();
    await dialog.getByRole('button', { name: 'Oui, clore la séance' }).click();
    await page.getByText('La séance est close.', { exact: true }).waitFor({ timeout: 15_000 });
    assert.equal(await meetingStatus(), 'ended');
  });

  test('console: the ended meeting is a read-only record with its minutes', async () => {
    const { page } = ready();
    await page.reload();
    await page.getByTestId('console-read-only').waitFor();
    // Only the minutes can be drafted: no control of the meeting is left.
    const buttons = await page.locator('main button').allInnerTexts();
    assert.deepEqual(
      buttons.map((text) => text.trim()),
      ['Rédiger le procès-verbal'],
    );
    assert.equal(await page.locator('main details summary', { hasText: 'Émarger' }).count(), 0);
    await page.getByRole('heading', { level: 2, name: 'Résultats' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Procès-verbal' }).waitFor();
    await page.getByText('Fonds de solidarité').first().waitFor();
    await page.getByTestId('quorum').getByText('4 présents').waitFor();
    await page.screenshot({ path: artifact('console-ended-1280x800.png'), fullPage: true });
    await page.close();
  });
}
