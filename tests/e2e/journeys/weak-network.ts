/**
 * Weak network, as the issue tells it: members vote from their phones on bad Wi-Fi. A voter's
 * connection is throttled, then cut right when the ballot leaves, then comes back; the answer to
 * a retry is lost on the way back too. The page shows progress, says the ballot did not go
 * through, shows the socket lost and recovering by itself, and the ballot counts exactly once.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { callApi, type ScenarioKit } from '../kit.ts';
import { liveOnlineVote, type LiveVote } from '../setup.ts';

const voterName = 'Nolwenn Tanguy';

/** An antenna of its own with a secretary and a voter checked in to a live meeting's open poll. */
function liveOpenPoll(kit: ScenarioKit): Promise<LiveVote> {
  return liveOnlineVote(kit, {
    antenna: { name: 'Antenne Brest', codeLetter: 'W' },
    who: 'net',
    secretaryName: 'Maël Le Gall',
    voterNames: [voterName],
    motion: { title: 'Un local pour l’antenne', text: 'L’antenne loue un local.' },
    meetingTitle: 'AG de l’antenne de Brest',
  });
}

/** What the server holds, as the secretary reads it. */
async function counted(setup: LiveVote) {
  const { poll } = await callApi<{
    poll: { participation: number; ballots: { voter: { name: string }; choice: string }[] | null };
  }>(setup.secretary, 'GET', `/api/polls/${setup.pollId}`);
  return poll;
}

/** The send button in its busy state: named « Envoi en cours… » and marked aria-busy. */
async function assertSending(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Envoi en cours…' });
  await button.waitFor();
  assert.equal(await button.getAttribute('aria-busy'), 'true');
}

export function defineWeakNetworkScenarios(kit: ScenarioKit) {
  kit.test(
    'weak network: a ballot sent on a throttled, cut connection shows progress and failure, the socket recovers, and it counts once',
    async () => {
      const setup = await liveOpenPoll(kit);
      const [voter] = setup.voters;
      assert.ok(voter);
      const page = await voter.newPage();
      await page.goto(`/meetings/${setup.meetingId}`);
      const liveStatus = page
        .getByRole('status')
        .filter({ has: page.locator('.live-status__dot') });
      await liveStatus.getByText('En direct').waitFor();
      await page.getByText('Participation : 0 sur 2 votants inscrits').waitFor();

      // Everything below must happen in place: a reload would hide a lost ballot.
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      const isBallot = (url: URL) => url.search === '?/ballot';
      const sentIds: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && isBallot(new URL(request.url()))) {
          sentIds.push(new URLSearchParams(request.postData() ?? '').get('clientBallotId') ?? '');
        }
      });

      const cdp = await voter.newCDPSession(page);
      const throttled = { latency: 800, downloadThroughput: 20_000, uploadThroughput: 20_000 };
      await cdp.send('Network.emulateNetworkConditions', { offline: false, ...throttled });
      const setOffline = async (offline: boolean) => {
        await cdp.send('Network.emulateNetworkConditions', { offline, ...throttled });
        await voter.setOffline(offline);
      };

      // 1. The first send is held on its way, then the network is cut under it.
      let route: 'cut' | 'lose-answer' | 'pass' = 'cut';
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(isBallot, async (intercepted) => {
        if (route === 'cut') {
          await held;
          await setOffline(true);
          await intercepted.abort('internetdisconnected');
        } else if (route === 'lose-answer') {
          // The server counts it; the phone never hears back.
          await intercepted.fetch();
          await intercepted.abort('connectionreset');
        } else {
          await intercepted.continue();
        }
      });

      await page.getByRole('radio', { name: 'Pour' }).check();
      await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
      await assertSending(page);
      release();
      const notSent = page.getByRole('alert').getByText(/^Votre réponse n’est pas enregistrée/);
      await notSent.waitFor();
      await page.getByRole('button', { name: 'Renvoyer ma réponse' }).waitFor();
      await liveStatus.getByText('Connexion perdue : reconnexion…').waitFor();
      assert.equal((await counted(setup)).participation, 0, 'nothing reached the server');

      // 2. A retry while still offline fails the same way, and keeps the page.
      route = 'pass';
      await page.getByRole('button', { name: 'Renvoyer ma réponse' }).click();
      await notSent.waitFor();
      await page.getByRole('button', { name: 'Renvoyer ma réponse' }).waitFor();
      assert.equal((await counted(setup)).participation, 0, 'still nothing on the server');

      // Any other form says so too, at the bottom of the screen, instead of an error page.
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      const formLost = page.getByRole('alert').filter({ hasText: 'L’envoi n’a pas abouti' });
      await formLost.waitFor();
      await formLost.getByRole('button', { name: 'Fermer ce message' }).click();
      await formLost.waitFor({ state: 'detached' });

      // 3. The network comes back (still slow): the socket recovers by itself.
      await setOffline(false);
      await liveStatus.getByText('En direct').waitFor({ state: 'visible' });

      // 4. A retry reaches the server but its answer is lost: the phone says it failed, yet the
      // live tally, over the recovered socket, shows the vote counted.
      route = 'lose-answer';
      await page.getByRole('button', { name: 'Renvoyer ma réponse' }).click();
      await page.getByText('Participation : 1 sur 2 votants inscrits').waitFor();
      await notSent.waitFor();

      // 5. Retrying once more on the slow network: progress shows, and the server recognises
      // the same ballot (« enregistrée », not « modifiée » as a second ballot would be).
      route = 'pass';
      await page.getByRole('button', { name: 'Renvoyer ma réponse' }).click();
      await assertSending(page);
      await page.getByText('Votre réponse est enregistrée.').waitFor();
      assert.equal(await notSent.count(), 0, 'the failure message is gone');

      assert.equal(sentIds.length, 4, 'four sends left the page');
      assert.equal(new Set(sentIds).size, 1, `one clientBallotId for every send: ${sentIds}`);
      const poll = await counted(setup);
      assert.equal(poll.participation, 1);
      assert.deepEqual(
        poll.ballots?.map(({ voter: { name }, choice }) => ({ name, choice })),
        [{ name: voterName, choice: 'yes' }],
      );
      assert.deepEqual(navigations, []);

      await page.unroute(isBallot);
      await voter.close();
      await setup.secretary.close();
    },
  );

  kit.test(
    'weak network: a choice made and words typed before the page’s scripts arrive are still there once they have, and the ballot counts that choice',
    async () => {
      const earlyVoter = 'Goulven Morvan';
      const setup = await liveOnlineVote(kit, {
        antenna: { name: 'Antenne Quimper', codeLetter: 'H' },
        who: 'early',
        secretaryName: 'Anne Le Bihan',
        voterNames: [earlyVoter],
        motion: { title: 'Une fête de quartier', text: 'L’antenne tient un stand.' },
        meetingTitle: 'AG de l’antenne de Quimper',
      });
      const [voter] = setup.voters;
      assert.ok(voter);
      const page = await voter.newPage();
      // The page's scripts are held back, as on a slow network: the server's form shows first.
      let releaseScripts = () => {};
      const scriptsHeld = new Promise<void>((resolve) => (releaseScripts = resolve));
      // Scripts only: a held stylesheet would keep the page from showing at all.
      const isScript = (url: URL) =>
        url.pathname.startsWith('/_app/') && url.pathname.endsWith('.js');
      await page.route(isScript, async (route) => {
        await scriptsHeld;
        await route.continue();
      });
      // The frame's own goto: the page's (see run.ts) waits for a hydration that cannot come yet.
      await page
        .mainFrame()
        .goto(`${kit.baseUrl}/meetings/${setup.meetingId}`, { waitUntil: 'commit' });
      const choice = page.getByRole('radio', { name: 'Contre' });
      await choice.check();
      const search = page.getByRole('searchbox', { name: 'Rechercher dans les textes' });
      await search.fill('budget');
      assert.equal(await page.locator('html[data-hydrated]').count(), 0, 'not hydrated yet');

      releaseScripts();
      await page.locator('html[data-hydrated]').waitFor({ state: 'attached' });
      assert.equal(await choice.isChecked(), true, 'the choice made before is still made');
      assert.equal(await search.inputValue(), 'budget', 'the words typed before are still there');

      await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
      await page.getByText('Votre réponse est enregistrée.').waitFor();
      const poll = await counted(setup);
      assert.deepEqual(
        poll.ballots?.map(({ voter: { name }, choice }) => ({ name, choice })),
        [{ name: earlyVoter, choice: 'no' }],
      );
      await page.unroute(isScript);
      await voter.close();
      await setup.secretary.close();
    },
  );
}
