/**
 * A changed answer is the answer counted (issue 12). In a live meeting, other people's ballots
 * reload the participant's page while they change their mind: what they ticked must stay ticked,
 * be what is sent, be what the confirmation names, and be what the server holds. Testers saw the
 * old answer come back on screen, sent again, and confirmed as « modifiée ».
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { callApi, invitedMember, newAntenna, type ScenarioKit } from './kit.ts';

interface Setup {
  secretary: BrowserContext;
  voter: BrowserContext;
  /** Checked in too: their ballots stream in while the voter's page is open. */
  others: BrowserContext[];
  meetingId: string;
  /** The current agenda item: the secretary's notes on it reload the meeting pages. */
  itemId: string;
  pollId: string;
}

/** An antenna of its own, a live meeting with an open vote, and everyone checked in. */
async function liveMeetingWithOthers(kit: ScenarioKit, othersCount: number): Promise<Setup> {
  const { admin, assemblyId, unique } = await newAntenna(kit, {
    name: 'Antenne Quimper',
    codeLetter: 'C',
  });
  const invite = (name: string, role: 'secretary' | 'member', who: string) =>
    invitedMember(kit, admin, assemblyId, { name, role, who: `changed.${who}.${unique}` });
  const secretary = await invite('Gwenaëlle Cornic', 'secretary', 'secretary');
  const voter = await invite('Yann Le Bihan', 'member', 'voter');
  const others: BrowserContext[] = [];
  for (let index = 0; index < othersCount; index += 1) {
    others.push(await invite(`Membre ${index + 1}`, 'member', `other${index}`));
  }
  await admin.close();

  const { motion } = await callApi<{ motion: { id: string } }>(
    secretary,
    'POST',
    `/api/assemblies/${assemblyId}/motions`,
    { title: 'Une fête de fin d’année', text: 'L’antenne organise une fête.', submit: true },
  );
  await callApi(secretary, 'POST', `/api/motions/${motion.id}/admit`);
  const { meeting } = await callApi<{
    meeting: { id: string; sites: { checkInCode: string | null }[] };
  }>(secretary, 'POST', `/api/assemblies/${assemblyId}/meetings`, {
    title: 'AG de l’antenne de Quimper',
    mode: 'online',
    startsAt: new Date(Date.now() + 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
  });
  await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/start`);
  const { meeting: withAgenda } = await callApi<{ meeting: { agenda: { id: string }[] } }>(
    secretary,
    'POST',
    `/api/meetings/${meeting.id}/agenda`,
    { kind: 'decision', title: 'Vote sur la fête', motionId: motion.id },
  );
  const itemId = withAgenda.agenda[0]!.id;
  await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, { itemId });
  for (const person of [voter, ...others]) {
    await callApi(person, 'POST', `/api/meetings/${meeting.id}/attendance`, {
      code: meeting.sites[0]?.checkInCode,
    });
  }
  const { poll } = await callApi<{ poll: { id: string } }>(secretary, 'POST', '/api/polls', {
    motionId: motion.id,
    kind: 'vote',
    rule: 'simple',
    meetingId: meeting.id,
  });
  await callApi(secretary, 'POST', `/api/polls/${poll.id}/open`);
  return { secretary, voter, others, meetingId: meeting.id, itemId, pollId: poll.id };
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
      const { voter, secretary, others } = setup;
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
        await callApi(secretary, 'POST', `/api/agenda-items/${setup.itemId}/notes`, {
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
