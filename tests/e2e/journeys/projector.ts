/**
 * The projector of a decentralised meeting, built for a real hall (issue 17): on a 1080p and a
 * 720p screen, light and dark, it never scrolls and nothing in it is cut off, its text is large
 * enough for the back of the room, it shows how to join (address, QR code, room codes), and axe
 * finds nothing serious. A closed poll with a room's show of hands, then an open one, are shown.
 * Also: the header's buttons stay readable under the pointer (they once turned green on green).
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../a11y.ts';
import {
  artifact,
  callApi,
  createAntenna,
  desktop,
  invitedMember,
  newAntenna,
  type ScenarioKit,
} from '../kit.ts';
import {
  admittedMotion,
  castBallots,
  checkIn,
  currentDecisionItem,
  simpleVote,
  startedMeeting,
} from '../setup.ts';

const screens = [
  { name: '1080p', width: 1920, height: 1080, minimumText: 32 },
  // The same layout scaled down: 32 px × 720 / 1080.
  { name: '720p', width: 1280, height: 720, minimumText: 21 },
] as const;
const themes = ['light', 'dark'] as const;
const agendaTitle =
  'Caisse commune des rencontres : répartition des frais de déplacement entre les antennes, ' +
  'plafond annuel et modalités de remboursement des bénévoles';

interface Scene {
  secretary: BrowserContext;
  meetingId: string;
  motions: [string, string];
  sites: { id: string; name: string; checkInCode: string | null }[];
  online: BrowserContext[];
}

/** WCAG's contrast ratio of two computed colours (`rgb(…)`). */
function contrast(one: string, other: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).map((value) => {
      const c = Number(value) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
  };
  const [light, dark] = [luminance(one), luminance(other)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/** The regions of the screen whose content sticks out of their box (hidden by the grid). */
function overflowingRegions(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.projector > *')].flatMap((region) =>
      region.scrollHeight > region.clientHeight + 1 || region.scrollWidth > region.clientWidth + 1
        ? [
            `${region.className}: ${region.scrollWidth}×${region.scrollHeight} in ${region.clientWidth}×${region.clientHeight}`,
          ]
        : [],
    ),
  );
}

/** The smallest font size of any text a person sees on the screen (screen-reader-only text aside). */
function smallestText(page: Page): Promise<{ size: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { size: Infinity, text: '' };
    const walker = document.createTreeWalker(
      document.querySelector('.projector')!,
      NodeFilter.SHOW_TEXT,
    );
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.textContent?.trim() || !element || element.closest('.visually-hidden')) continue;
      if (!element.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(element).fontSize);
      if (size < smallest.size) smallest = { size, text: node.textContent.trim().slice(0, 40) };
    }
    return smallest;
  });
}

/**
 * Opens the projector at each size and theme and checks what a hall needs; `shows` waits for the
 * state being shown. Screenshots go to tests/e2e/artifacts/projector-<state>-<size>-<theme>.png.
 */
async function checkProjector(
  scene: Scene,
  state: string,
  shows: (page: Page) => Promise<void>,
): Promise<void> {
  const page = await scene.secretary.newPage();
  const problems: string[] = [];
  try {
    for (const screen of screens) {
      await page.setViewportSize({ width: screen.width, height: screen.height });
      for (const theme of themes) {
        const label = `${state} ${screen.name} ${theme}`;
        await page.goto(`/meetings/${scene.meetingId}/projector?theme=${theme}`);
        await page.getByRole('status').getByText('En direct').waitFor();
        await shows(page);

        const scroll = await page.evaluate(() => ({
          height: document.documentElement.scrollHeight,
          width: document.documentElement.scrollWidth,
          innerHeight,
          innerWidth,
        }));
        if (scroll.height > scroll.innerHeight || scroll.width > scroll.innerWidth) {
          problems.push(`${label}: the page scrolls (${scroll.width}×${scroll.height})`);
        }
        for (const region of await overflowingRegions(page)) {
          problems.push(`${label}: cut off: ${region}`);
        }
        const rootSize = await page
          .getByTestId('projector')
          .evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
        if (rootSize < screen.minimumText) {
          problems.push(`${label}: body text is ${rootSize} px`);
        }
        const smallest = await smallestText(page);
        if (smallest.size < screen.minimumText) {
          problems.push(`${label}: « ${smallest.text} » is ${smallest.size} px`);
        }
        const background = await page
          .getByTestId('projector')
          .evaluate((element) => getComputedStyle(element).backgroundColor);
        const dark = background === 'rgb(13, 17, 23)';
        if (dark !== (theme === 'dark')) problems.push(`${label}: background ${background}`);

        // How to join: the address, its QR code (named), the rooms' codes.
        const address = `${new URL(page.url()).host}/meetings/${scene.meetingId}`;
        assert.equal((await page.getByTestId('join-address').innerText()).trim(), address);
        await page
          .getByRole('img', { name: `QR code de l’adresse de la séance : http://${address}` })
          .waitFor();
        for (const site of scene.sites) {
          const code = page.getByRole('definition').filter({ hasText: site.checkInCode ?? '?' });
          if (!(await code.isVisible())) problems.push(`${label}: no code for ${site.name}`);
        }
        // The current item, however long its title, stays on one line.
        const item = page.getByTestId('current-item');
        assert.equal((await item.innerText()).trim(), agendaTitle);
        await page.getByTestId('speakers-now').waitFor();

        problems.push(...(await seriousViolations(page, label)));
        await page.screenshot({
          path: artifact(`projector-${state}-${screen.name}-${theme}.png`),
        });
      }
    }
  } finally {
    await page.close();
  }
  assert.deepEqual(problems, [], problems.join('\n'));
}

export function defineProjectorJourney(kit: ScenarioKit): void {
  let scene: Scene | undefined;
  const ready = () => {
    assert.ok(scene, 'the projector scene is set up');
    return scene;
  };

  kit.test(
    'projector: a decentralised meeting with two rooms and online, through the API',
    async () => {
      const { admin, assemblyId, unique } = await newAntenna(kit, {
        name: 'MES Hauts-de-France',
        codeLetter: 'P',
      });
      const lilleId = await createAntenna(admin, { name: 'Antenne Lille', code: `PL${unique}` });
      const arrasId = await createAntenna(admin, { name: 'Antenne Arras', code: `PA${unique}` });
      const invite = (name: string, key: string, role: 'secretary' | 'member' = 'member') =>
        invitedMember(kit, admin, assemblyId, { name, role, who: `projector.${key}.${unique}` });
      const secretary = await invite('Inès Carpentier', 'secretary', 'secretary');
      const inLille = [
        await invite('Jules Vasseur', 'lille1'),
        await invite('Léa Dufour', 'lille2'),
      ];
      const online = [
        await invite('Malik Benali', 'online1'),
        await invite('Rose Lemaire', 'online2'),
      ];
      await admin.close();

      const motions: string[] = [];
      for (const title of [
        'Une caisse commune pour les rencontres',
        'Un covoiturage entre antennes',
      ]) {
        motions.push(
          await admittedMotion(secretary, assemblyId, {
            title,
            text: `${title}, proposée à l’AG.`,
          }),
        );
      }
      const meeting = await startedMeeting(secretary, assemblyId, {
        title: 'AG décentralisée de printemps',
        mode: 'hybrid',
        antennaIds: [lilleId, arrasId],
      });
      await currentDecisionItem(secretary, meeting.id, {
        title: agendaTitle,
        motionId: motions[0]!,
      });
      await checkIn(inLille, meeting.id, meeting.code('Antenne Lille'));
      await checkIn(online, meeting.id, meeting.code('En ligne'));
      for (const context of inLille) await context.close();
      scene = {
        secretary,
        meetingId: meeting.id,
        motions: motions as [string, string],
        sites: meeting.sites,
        online,
      };
    },
  );

  kit.test(
    'projector: a closed poll with a room’s hands fits 1080p and 720p, light and dark, with its bars, verdict, sites, QR code and room codes',
    async () => {
      const { secretary, meetingId, motions, sites, online } = ready();
      const lille = sites.find((site) => site.name === 'Antenne Lille');
      assert.ok(lille);
      const pollId = await simpleVote(secretary, motions[0], { meetingId });
      await callApi(secretary, 'POST', `/api/polls/${pollId}/open`);
      await castBallots(online.slice(0, 1), pollId, 'yes');
      await castBallots(online.slice(1), pollId, 'no');
      await callApi(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: lille.id,
        counts: [{ choice: 'yes', count: 2 }],
      });
      await callApi(secretary, 'POST', `/api/polls/${pollId}/close`);

      await checkProjector(ready(), 'closed', async (page) => {
        await page.getByText('Résultat : adoption.').waitFor();
        // 3 for (1 in the app, 2 hands in Lille) and 1 against: the bars' figures, as read.
        const totals = page.getByRole('table', { name: /^Résultat · Vote/ });
        assert.deepEqual(
          (await totals.getByRole('cell').allInnerTexts()).map((text) =>
            text.replace(/\s+/g, ' ').trim(),
          ),
          ['3', '75 %', '1', '25 %', '0', '0 %'],
        );
        const bySite = page.getByRole('table', { name: /^Par lieu/ });
        assert.deepEqual(
          (
            await bySite
              .getByRole('row', { name: 'Antenne Lille' })
              .getByRole('cell')
              .allInnerTexts()
          ).map((text) => text.replace(/\s+/g, ' ').trim()),
          ['2', '0', '0'],
        );
        await page.getByText('Seuil : plus de 50').waitFor();
      });
    },
  );

  kit.test(
    'projector: an open poll says who is there and how the answers came (app or hands), at both sizes and in both themes',
    async () => {
      const { secretary, meetingId, motions, sites, online } = ready();
      const lille = sites.find((site) => site.name === 'Antenne Lille');
      assert.ok(lille);
      const pollId = await simpleVote(secretary, motions[1], { meetingId });
      await callApi(secretary, 'POST', `/api/polls/${pollId}/open`);
      await castBallots(online.slice(0, 1), pollId, 'yes');
      await callApi(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: lille.id,
        counts: [
          { choice: 'yes', count: 1 },
          { choice: 'abstain', count: 1 },
        ],
      });

      await checkProjector(ready(), 'open', async (page) => {
        // The secretary has a vote too: five entitled, four present, three answers so far.
        await page.getByText('Participation : 3 sur 5 votants inscrits').waitFor();
        await page
          .getByText('Réponses : 1 dans l’application et 2 à main levée, décomptées par les lieux.')
          .waitFor();
        const participation = page.getByRole('table', { name: /^Participation sur 5 inscrits/ });
        assert.deepEqual(
          (await participation.getByRole('cell').allInnerTexts()).map((text) =>
            text.replace(/\s+/g, ' ').trim(),
          ),
          ['4', '80 %', '3', '60 %'],
        );
      });

      // A ballot arrives over the socket: the count moves without a reload.
      const page = await secretary.newPage();
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`/meetings/${meetingId}/projector`);
      await page.getByRole('status').getByText('En direct').waitFor();
      await castBallots(online.slice(1), pollId, 'no');
      await page.getByText('Participation : 4 sur 5 votants inscrits').waitFor();
      await page
        .getByText('Réponses : 2 dans l’application et 2 à main levée, décomptées par les lieux.')
        .waitFor();
      await page.close();
    },
  );

  kit.test(
    'projector scene: the site header’s buttons stay readable under the pointer and with the focus',
    async () => {
      const { secretary, meetingId } = ready();
      const page = await secretary.newPage();
      await page.setViewportSize(desktop);
      await page.goto(`/meetings/${meetingId}`);
      const header = page.locator('.site-header');
      const problems: string[] = [];
      for (const button of await header.getByRole('button').all()) {
        const name = (await button.innerText()).replace(/\s+/g, ' ').trim();
        for (const how of ['hover', 'focus'] as const) {
          if (how === 'hover') {
            await button.hover();
          } else {
            await page.mouse.move(0, 0);
            await button.focus();
          }
          // The text's colour, and the first opaque background under it.
          const { color, background } = await button.evaluate((element) => {
            let under: Element | null = element;
            let background = 'rgba(0, 0, 0, 0)';
            while (under && /rgba\(.*, 0\)$/.test(background)) {
              background = getComputedStyle(under).backgroundColor;
              under = under.parentElement;
            }
            return { color: getComputedStyle(element).color, background };
          });
          const ratio = contrast(color, background);
          if (ratio < 4.5) problems.push(`« ${name} » on ${how}: contrast ${ratio.toFixed(2)}`);
        }
      }
      assert.ok((await header.getByRole('button').count()) >= 3, 'the header has its buttons');
      assert.deepEqual(problems, [], problems.join('\n'));
      await page.close();
    },
  );
}
