/**
 * Visual regression: the ten most used pages, at 360 and 1280 px, look as their committed
 * references in tests/e2e/visual-references/ (<page>-<width>.png), and four of them in the dark
 * theme at 360 px (<page>-360-dark.png). A page passes when at most 0.5 % of its pixels differ
 * (pixelmatch, per-pixel threshold 0.1); otherwise the test fails with the ratio and writes the
 * actual and diff images to tests/e2e/artifacts/visual-*.png.
 *
 * The scene is fixed: an antenna, its people, motions, meetings, minutes and a congress set up
 * through the API with fixed names. What changes from run to run is made steady before each
 * shot: dates, times, durations, digests and the run's codes are rewritten to fixed text, the
 * random check-in codes and QR codes are hidden, animations and the caret are off, and the
 * unread count (filled by a background job) is hidden.
 *
 * After a deliberate change of the interface, regenerate the references, look at them, commit:
 *
 *   pnpm build && E2E_UPDATE_SCREENSHOTS=1 E2E_ONLY=visual node --import tsx tests/e2e/run.ts
 *
 * The references are taken with Debian's Chromium and its fonts on a fresh embedded database
 * (as CI runs): another browser build or font set needs its own references.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import {
  adminSession,
  artifact,
  assertFitsPhone,
  callApi,
  createAntenna,
  invitedMember,
  nationalAssembly,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import {
  admittedMotion,
  checkIn,
  congressCallingForMotions,
  currentDecisionItem,
  simpleVote,
  startedMeeting,
  unanimousYes,
} from '../setup.ts';

const referencesDir = fileURLToPath(new URL('../visual-references', import.meta.url));
const updating = process.env.E2E_UPDATE_SCREENSHOTS === '1';
const widths = [360, 1280] as const;
/**
 * Pages also shot in the dark theme (`prefers-color-scheme: dark`), on a phone: those read in a
 * dim room. The theme's contrast is checked on its tokens (design-tokens.test.ts); these catch a
 * component that draws with a colour of its own.
 */
const darkShots = new Set(['home', 'motion', 'meeting-live', 'minutes']);
/** pixelmatch's per-pixel colour distance (0–1) under which two pixels count as the same. */
const pixelThreshold = 0.1;
/** The share of differing pixels a page may have and still pass. */
const maxDifferingRatio = 0.005;

interface Scene {
  signedOut: BrowserContext;
  secretary: BrowserContext;
  member: BrowserContext;
  assemblyId: string;
  motionId: string;
  liveMeetingId: string;
  minutesId: string;
  congressId: string;
  /** Literal text of this run (codes, addresses) and the fixed text shown instead. */
  literals: [string, string][];
}

/** The fixed scene every shot reads, set up through the API. */
async function setUpScene(kit: ScenarioKit): Promise<Scene> {
  const admin = await adminSession(kit);
  const nationalId = await nationalAssembly(admin);
  const assemblyCode = `VIS${runId}`;
  const assemblyId = await createAntenna(admin, { name: 'MES Visuel', code: assemblyCode });
  const invite = (name: string, key: string, role: 'secretary' | 'member') =>
    invitedMember(kit, admin, assemblyId, { name, role, who: `visual.${key}.${runId}` });
  const secretary = await invite('Claire Dumas', 'claire', 'secretary');
  const member = await invite('Jules Martin', 'jules', 'member');
  const third = await invite('Inès Roux', 'ines', 'member');
  const congressCode = `VISK${runId}`;
  const congress = await congressCallingForMotions(admin, {
    name: 'Congrès de Lyon',
    code: congressCode,
    parentId: nationalId,
  });
  await admin.close();

  // A meeting held and ended, its one vote adopted, its minutes drafted.
  const motionId = await admittedMotion(secretary, assemblyId, {
    title: 'Un jardin partagé derrière la gare',
    text: [
      'L’antenne loue la friche derrière la gare et y ouvre un **jardin partagé**.',
      '',
      '## Pourquoi',
      '',
      'Les adhérents demandent un lieu pour cultiver ensemble, apprendre et se rencontrer.',
      '',
      '## Comment',
      '',
      '- un bail de trois ans avec la commune ;',
      '- vingt parcelles, dont quatre réservées aux écoles ;',
      '- un comité du jardin qui rend compte chaque année.',
    ].join('\n'),
  });
  const held = await startedMeeting(secretary, assemblyId, {
    title: 'Séance d’hiver',
    mode: 'online',
  });
  await checkIn([secretary, member, third], held.id, held.code('En ligne'));
  const heldPoll = await simpleVote(secretary, motionId, { meetingId: held.id });
  await unanimousYes(secretary, heldPoll, [secretary, member, third]);
  await callApi(secretary, 'POST', `/api/meetings/${held.id}/end`);
  const { minutes } = await callApi<{ minutes: { id: string } }>(
    secretary,
    'POST',
    `/api/meetings/${held.id}/minutes`,
    {},
  );

  // A motion still short of supporters: on the member's to-do list.
  await callApi(secretary, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title: 'Une grainothèque à la médiathèque',
    text: 'L’antenne ouvre une grainothèque où chacun dépose et prend des semences.',
    submit: true,
  });

  // A live meeting with an open vote: one ballot cast, the member still to answer.
  const liveMotionId = await admittedMotion(secretary, assemblyId, {
    title: 'Des vélos-cargos en prêt',
    text: 'L’antenne achète deux vélos-cargos et les prête aux adhérents.',
  });
  const live = await startedMeeting(secretary, assemblyId, {
    title: 'Séance de printemps',
    mode: 'online',
  });
  await currentDecisionItem(secretary, live.id, {
    title: 'Les vélos-cargos',
    motionId: liveMotionId,
    durationMinutes: 20,
  });
  await checkIn([secretary, member, third], live.id, live.code('En ligne'));
  const livePoll = await simpleVote(secretary, liveMotionId, { meetingId: live.id });
  await callApi(secretary, 'POST', `/api/polls/${livePoll}/open`);
  await callApi(third, 'POST', `/api/polls/${livePoll}/ballots`, {
    choice: 'yes',
    clientBallotId: '00000000-0000-4000-8000-000000000001',
  });
  await third.close();

  return {
    signedOut: await kit.newContext({ javaScriptEnabled: true }),
    secretary,
    member,
    assemblyId,
    motionId,
    liveMeetingId: live.id,
    minutesId: minutes.id,
    congressId: congress.id,
    literals: [
      [assemblyCode, 'VISUEL'],
      [congressCode, 'KVISUEL'],
      [runId, '000000'],
    ],
  };
}

interface Shot {
  name: string;
  who: (scene: Scene) => BrowserContext;
  path: (scene: Scene) => string;
  /** What to wait for before the shot: the page's live data, when it has some. */
  ready?: (page: Page) => Promise<void>;
}

const waitForLive = async (page: Page) => {
  await page.getByRole('status').getByText('En direct').first().waitFor();
};

/** The ten most used pages. */
const shots: Shot[] = [
  { name: 'sign-in', who: (scene) => scene.signedOut, path: () => '/login' },
  { name: 'home', who: (scene) => scene.member, path: () => '/' },
  {
    name: 'assembly',
    who: (scene) => scene.secretary,
    path: (scene) => `/assemblies/${scene.assemblyId}`,
  },
  { name: 'motion', who: (scene) => scene.member, path: (scene) => `/motions/${scene.motionId}` },
  {
    name: 'meeting-console',
    who: (scene) => scene.secretary,
    path: (scene) => `/meetings/${scene.liveMeetingId}/console`,
    ready: waitForLive,
  },
  {
    name: 'meeting-live',
    who: (scene) => scene.member,
    path: (scene) => `/meetings/${scene.liveMeetingId}`,
    ready: waitForLive,
  },
  {
    name: 'minutes',
    who: (scene) => scene.secretary,
    path: (scene) => `/minutes/${scene.minutesId}`,
    // The rich-text editor replaces the textarea once its script has come: shot with it.
    ready: (page) => page.getByRole('toolbar', { name: 'Mise en forme du texte' }).waitFor(),
  },
  {
    name: 'congress',
    who: (scene) => scene.member,
    path: (scene) => `/congresses/${scene.congressId}`,
  },
  {
    name: 'search',
    who: (scene) => scene.member,
    path: () => `/search?q=${encodeURIComponent('jardin')}`,
  },
  { name: 'account', who: (scene) => scene.member, path: () => '/account' },
];

const steadyStyle = `*, *::before, *::after {
  animation: none !important;
  transition: none !important;
  caret-color: transparent !important;
}
.site-nav__count { display: none !important; }
.check-in-code, .qr-code { visibility: hidden !important; }`;

/**
 * Makes the page the same from run to run: no motion, no caret, no unread count (a background
 * job fills it), and every date, time, duration and digest in its text rewritten to fixed text.
 */
async function steady(page: Page, literals: [string, string][]): Promise<void> {
  // A constructed style sheet: the app's Content-Security-Policy refuses inline <style>.
  await page.evaluate((css) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, steadyStyle);
  await page.evaluate((fixed) => {
    const months =
      'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|' +
      'janv\\.|févr\\.|avr\\.|juil\\.|sept\\.|oct\\.|nov\\.|déc\\.';
    const rules: [RegExp, string | ((match: string) => string)][] = [
      ...fixed.map(([from, to]): [RegExp, string] => [
        new RegExp(from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'),
        to,
      ]),
      [
        /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi,
        (m) => '0'.repeat(m.length),
      ],
      [/\b[0-9a-f]{16,}\b/gi, (m) => '0'.repeat(m.length)],
      [new RegExp(`\\b\\d{1,2}(er)?(\\s)(${months})`, 'gi'), '1$2janvier'],
      [/\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b/gi, 'lundi'],
      [/\b\d{1,2}\/\d{1,2}\/\d{4}\b/g, '01/01/2030'],
      [/\b20\d{2}\b/g, '2030'],
      [/\b\d{1,2}(\s?h\s?|:)\d{2}(:\d{2})?\b/g, '12$100'],
      [/\b\d+(\s?)(h|min|s|heures?|minutes?|secondes?|jours?)\b/g, '9$1$2'],
    ];
    // No helper function in here: tsx would wrap a named one in a `__name` the page lacks.
    const texts: Text[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
    const fields = [
      ...document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
        'textarea, input:not([type="hidden"])',
      ),
    ];
    for (const [pattern, to] of rules) {
      for (const node of texts) {
        const text = node.nodeValue ?? '';
        const changed = text.replace(pattern, to as string);
        if (changed !== text) node.nodeValue = changed;
      }
      for (const field of fields) field.value = field.value.replace(pattern, to as string);
    }
  }, literals);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** Compares the shot with its reference (or writes it, when updating); fails on a difference. */
async function compareWithReference(name: string, actual: Buffer): Promise<void> {
  const reference = join(referencesDir, `${name}.png`);
  if (updating) {
    await mkdir(referencesDir, { recursive: true });
    await writeFile(reference, actual);
    return;
  }
  assert.ok(
    existsSync(reference),
    `no reference for ${name}: run once with E2E_UPDATE_SCREENSHOTS=1 and commit it`,
  );
  const expected = PNG.sync.read(await readFile(reference));
  const seen = PNG.sync.read(actual);
  if (expected.width !== seen.width || expected.height !== seen.height) {
    await writeFile(artifact(`visual-${name}-actual.png`), actual);
    assert.fail(
      `${name} is ${seen.width}×${seen.height} px, its reference ${expected.width}×${expected.height} px (actual in tests/e2e/artifacts/visual-${name}-actual.png)`,
    );
  }
  const diff = new PNG({ width: seen.width, height: seen.height });
  const differing = pixelmatch(expected.data, seen.data, diff.data, seen.width, seen.height, {
    threshold: pixelThreshold,
  });
  const ratio = differing / (seen.width * seen.height);
  if (ratio > maxDifferingRatio) {
    await writeFile(artifact(`visual-${name}-actual.png`), actual);
    await writeFile(artifact(`visual-${name}-diff.png`), PNG.sync.write(diff));
    assert.fail(
      `${name} differs from its reference on ${(ratio * 100).toFixed(2)} % of its pixels (at most ${maxDifferingRatio * 100} %): see tests/e2e/artifacts/visual-${name}-diff.png`,
    );
  }
}

/** assertFitsPhone, naming what sticks out and keeping a shot of it when something does. */
async function fitsPhone(page: Page, name: string): Promise<void> {
  try {
    await assertFitsPhone(page);
  } catch (error) {
    await page.screenshot({ path: artifact(`visual-${name}-overflow.png`), fullPage: true });
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('main *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
        .join(', '),
    );
    throw new Error(`${(error as Error).message} (${wide})`, { cause: error });
  }
}

export function defineVisualJourney(kit: ScenarioKit): void {
  const { test } = kit;
  let scene: Scene | undefined;

  test('visual regression: a fixed scene (antenna, people, motions, meetings, minutes, congress) set up through the API', async () => {
    scene = await setUpScene(kit);
  });

  for (const shot of shots) {
    test(`visual regression: the ${shot.name} page looks as its references at 360 and 1280 px`, async () => {
      assert.ok(scene, 'the scene is set up');
      const page = await shot.who(scene).newPage();
      try {
        for (const width of widths) {
          await page.setViewportSize({ width, height: 800 });
          await page.goto(shot.path(scene));
          await shot.ready?.(page);
          if (width === 360) await fitsPhone(page, shot.name);
          await steady(page, scene.literals);
          const actual = await page.screenshot({
            fullPage: true,
            // The caret and the random codes are hidden by the steady style sheet: Playwright's
            // own `caret` and `mask` options inject inline styles, which the app's CSP refuses.
            animations: 'disabled',
          });
          await compareWithReference(`${shot.name}-${width}`, actual);
        }
        if (darkShots.has(shot.name)) {
          await page.emulateMedia({ colorScheme: 'dark' });
          await page.setViewportSize({ width: 360, height: 800 });
          await page.goto(shot.path(scene));
          await shot.ready?.(page);
          await steady(page, scene.literals);
          const actual = await page.screenshot({ fullPage: true, animations: 'disabled' });
          await compareWithReference(`${shot.name}-360-dark`, actual);
        }
      } finally {
        await page.close();
      }
    });
  }
}
