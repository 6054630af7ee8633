/**
 * A changed answer is the answer counted (issue 12). In a live meeting, other people's ballots
 * reload the participant's page while they change their mind: what they ticked must stay ticked,
 * be what is sent, be what the confirmation names, and be what the server holds. Testers saw the
 * old answer come back on screen, sent again, and confirmed as « modifiée ».
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { callApi, type ScenarioKit } from '../kit.ts';
import { liveOnlineVote, type LiveVote } from '../setup.ts';

/**
 * An antenna of its own, a live meeting with an open vote, and everyone checked in: the voter
 * first, then `othersCount` members whose ballots stream in while the voter's page is open. The
 * current agenda item is there for the secretary's notes, which reload the meeting pages.
 */
function liveMeetingWithOthers(kit: ScenarioKit, othersCount: number): Promise<LiveVote> {
  return liveOnlineVote(kit, {
    antenna: { name: 'Antenne Quimper', codeLetter: 'C' },
    who: 'changed',
    secretaryName: 'Gwenaëlle Cornic',
    voterNames: [
      'Yann Le Bihan',
      ...Array.from({ length: othersCount }, (_, index) => `Membre ${index + 1}`),
    ],
    motion: { title: 'Une fête de fin d’année', text: 'L’antenne organise une fête.' },
    meetingTitle: 'AG de l’antenne de Quimper',
    agendaItem: 'Vote sur la fête',
  });
}

/**
 * The id the page rendered into the ballot form: every load of the page data makes a new one, so
 * a new value shows that a reload reached the form on screen (not only the socket's tally).
 */
function renderedBallotId(page: Page): Promise<string> {
  return page.locator('form[action="?/ballot"] input[name="clientBallotId"]').inputValue();
}

export function defineChangedAnswerScenarios(kit: ScenarioKit) {
  kit.test(
    'changed answer: « Pour » changed to « Contre » while live reloads stream in stays ticked, is what is sent, confirmed and counted',
    async () => {
      const setup = await liveMeetingWithOthers(kit, 4);
      const { secretary, itemId } = setup;
      const [voter, ...others] = setup.voters;
      assert.ok(voter && itemId);
      const page = await voter.newPage();
      await page.goto(`/meetings/${setup.meetingId}`);
      await page
        .getByRole('status')
        .filter({ has: page.locator('.live-status__dot') })
        .getByText('En direct')
        .waitFor();
      const participation = (voted: number) =>
        page.getByText(new RegExp(`^Participation : ${voted} sur \\d+ votants inscrits`));
      await participation(0).waitFor();

      // What each send carried: the bug sent the old answer again.
      const sent: string[] = [];
      const isBallot = (url: URL) => url.search === '?/ballot';
      page.on('request', (request) => {
        if (request.method() === 'POST' && isBallot(new URL(request.url()))) {
          sent.push(new URLSearchParams(request.postData() ?? '').get('choice') ?? '');
        }
      });
      const reloads: string[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname.endsWith('/__data.json')) reloads.push(response.url());
      });
      // A slow network: the first answer reaches the server at once, its reply comes late.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let first = true;
      await page.route(isBallot, async (route) => {
        if (!first) return route.continue();
        first = false;
        const response = await route.fetch();
        await held;
        await route.fulfill({ response });
      });

      const pour = page.getByRole('radio', { name: 'Pour' });
      const contre = page.getByRole('radio', { name: 'Contre' });
      const notice = page.getByRole('status').filter({ hasText: /^Votre réponse/ });
      /** What is ticked after each live reload, from the click on « Contre » to the send. */
      const ticked: string[] = [];

      /** Another member votes and the secretary minutes it: the page reloads its data. */
      const othersVote = async (index: number) => {
        const before = await renderedBallotId(page);
        const reloadsBefore = reloads.length;
        await callApi(others[index]!, 'POST', `/api/polls/${setup.pollId}/ballots`, {
          choice: index % 2 === 0 ? 'yes' : 'abstain',
          clientBallotId: randomUUID(),
        });
        await participation(index + 2).waitFor();
        await callApi(secretary, 'POST', `/api/agenda-items/${itemId}/notes`, {
          text: `Intervention ${index + 1}`,
        });
        // Every load of the page data renders a new id into the form: the reload reached it.
        await page.waitForFunction(
          (previous) =>
            document.querySelector<HTMLInputElement>(
              'form[action="?/ballot"] input[name="clientBallotId"]',
            )?.value !== previous,
          before,
        );
        assert.ok(reloads.length > reloadsBefore, `ballot ${index + 1} reloaded the page data`);
        await page.waitForTimeout(150);
        ticked.push((await contre.isChecked()) ? 'Contre' : (await pour.isChecked()) ? 'Pour' : '');
      };

      // 1. « Pour » sent; the server counts it (the tally says so) but the reply is slow.
      await pour.check();
      await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
      await page.getByRole('button', { name: 'Envoi en cours…' }).waitFor();
      await participation(1).waitFor();

      // 2. Meanwhile the member changes their mind: « Contre ». Others vote, the page reloads.
      await contre.check();
      await othersVote(0);
      await othersVote(1);

      // 3. The reply to « Pour » arrives; more ballots stream in before the member sends again.
      release();
      await page.getByRole('button', { name: 'Envoi en cours…' }).waitFor({ state: 'detached' });
      await notice.waitFor();
      const firstConfirmation = (await notice.innerText()).trim();
      await othersVote(2);
      await othersVote(3);

      // 4. The send: it carries « Contre », the page keeps it and says so, the server holds it.
      const answered = page.waitForResponse(
        (response) => response.request().method() === 'POST' && isBallot(new URL(response.url())),
      );
      await page.getByRole('button', { name: 'Changer ma réponse' }).click();
      await answered;
      // The form says « Envoi en cours… » until the page holds the server's answer.
      await page.getByRole('button', { name: 'Envoi en cours…' }).waitFor({ state: 'detached' });
      await notice.waitFor();
      const confirmation = (await notice.innerText()).trim();

      // One line each: the runner prints the first lines of a failure.
      assert.equal(ticked.join(', '), 'Contre, Contre, Contre, Contre', 'ticked after each reload');
      assert.equal(sent.join(', '), 'yes, no', 'the choices sent');
      assert.equal(await contre.isChecked(), true, '« Contre » is still ticked after the send');
      assert.equal(await pour.isChecked(), false);
      assert.match(firstConfirmation, /enregistrée.*« Pour »/, firstConfirmation);
      assert.match(confirmation, /modifiée.*« Contre »/, `names « Contre »: ${confirmation}`);
      assert.doesNotMatch(confirmation, /« Pour »/, confirmation);

      const { poll } = await callApi<{
        poll: { me: { choice: string | null }; participation: number };
      }>(voter, 'GET', `/api/polls/${setup.pollId}`);
      assert.equal(poll.me.choice, 'no', 'the server counted « Contre »');
      assert.equal(poll.participation, 1 + others.length, 'one ballot per person');

      await page.unroute(isBallot);
      await voter.close();
      for (const other of others) await other.close();
      await secretary.close();
    },
  );
}
