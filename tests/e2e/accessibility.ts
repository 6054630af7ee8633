/**
 * Accessibility, as the issue « Experience quality » asks: axe-core finds no serious or critical
 * violation on any page, for each kind of reader; a member signs in and votes in a live meeting
 * with the keyboard alone; focus is always visible; form errors are announced and tied to their
 * fields. The data is set up through the API, in an assembly of its own.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { congressPhases } from '@cercle/shared';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { callApi, type ScenarioKit } from './kit.ts';

const artifactsDir = fileURLToPath(new URL('./artifacts', import.meta.url));
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const hour = 3_600_000;
const phone = { width: 360, height: 740 };
const desktop = { width: 1280, height: 900 };
/** Unique per run, so a persistent PostgreSQL database can be reused. */
const runId = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');

type Role = 'member' | 'secretary';

interface Person {
  email: string;
  password: string;
  name: string;
  context: BrowserContext;
  id: string;
}

interface A11yState {
  assemblyId: string;
  assemblyName: string;
  member: Person;
  secretary: Person;
  /** An invitation nobody accepted: its page is read signed out. */
  invitationToken: string;
  /** Objected once, then edited and amended: objections, versions, diffs and a comment. */
  editedMotionId: string;
  /** An open asynchronous vote. */
  votingMotionId: string;
  liveMeetingId: string;
  livePollId: string;
  checkInCode: string;
  endedMeetingId: string;
  minutesId: string;
  congressId: string;
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * axe-core's violations on the page as it stands, within `scope` (a CSS selector) or the whole
 * document, for the given rules or all of them. The script goes in through the DevTools
 * protocol (`evaluate`), not a <script> tag: the app's CSP rightly refuses inline scripts, and
 * the refusal would be a console error the suite counts against the pages.
 */
async function axeViolations(
  page: Page,
  { scope, rules }: { scope?: string; rules?: string[] } = {},
): Promise<Violation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(await readFile(axePath, 'utf8'));
  return page.evaluate(
    async ({ scope, rules }) => {
      interface AxeResult {
        violations: {
          id: string;
          impact: string | null;
          help: string;
          nodes: { target: unknown[] }[];
        }[];
      }
      const { axe } = window as unknown as {
        axe: { run: (context: Node, options: object) => Promise<AxeResult> };
      };
      const context = scope ? document.querySelector(scope) : document;
      if (!context) return [];
      const { violations } = await axe.run(context, {
        resultTypes: ['violations'],
        ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}),
      });
      return violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
      }));
    },
    { scope, rules },
  );
}

function describe(label: string, violations: Violation[]): string[] {
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${label}: ${violation.id} (${violation.impact}) ${violation.help} → ${violation.targets.join(' | ')}`,
    );
}

/** Serious and critical violations, one line each: rule, impact, where. */
async function seriousViolations(page: Page, label: string): Promise<string[]> {
  return describe(label, await axeViolations(page));
}

/**
 * What is wrong with the focused element's focus: no outline nor box-shadow to show it, or its
 * text unreadable in the focus colours (a focused link turns yellow). Empty when all is well.
 * The contrast check (axe, slower) runs once per kind of element: `checked` keeps the kinds seen.
 */
async function focusProblems(page: Page, checked = new Set<string>()): Promise<string[]> {
  const focused = await page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const tag = element.tagName.toLowerCase();
    const name = `${location.pathname}: <${tag}${element.id ? `#${element.id}` : ''}> « ${(element.textContent ?? '').trim().slice(0, 40)} »`;
    // A mark the contrast check can find again, taken off below.
    element.setAttribute('data-a11y-focused', '');
    return {
      name,
      kind: `${tag}.${element.className}<${element.parentElement?.className ?? ''}`,
      visible: outlined || style.boxShadow !== 'none',
      style: `outline ${style.outline}, box-shadow ${style.boxShadow}`,
    };
  });
  if (!focused) return [];
  const problems = focused.visible
    ? []
    : [`${focused.name} has no visible focus (${focused.style})`];
  if (!checked.has(focused.kind)) {
    checked.add(focused.kind);
    const contrast = await axeViolations(page, {
      scope: '[data-a11y-focused]',
      rules: ['color-contrast'],
    });
    problems.push(...describe(`${focused.name} focused`, contrast));
  }
  await page.evaluate(() =>
    document.querySelector('[data-a11y-focused]')?.removeAttribute('data-a11y-focused'),
  );
  return problems;
}

/** Whether the locator's element holds the focus, without touching it. */
async function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((element) => element === document.activeElement).catch(() => false);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking that each stop on the way
 * shows it; fails after `limit` presses.
 */
async function tabTo(
  page: Page,
  target: Locator,
  problems: string[],
  { backwards = false, limit = 60 } = {},
): Promise<void> {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    problems.push(...(await focusProblems(page)));
    if (await isFocused(target)) return;
  }
  throw new Error(`${await target.toString()} not reached in ${limit} presses of Tab`);
}

/**
 * Every Tab stop of the page, from the top until the focus leaves the page, each checked by
 * `focusProblems`; `checked` carries the kinds of element already checked for contrast.
 */
async function tabThrough(page: Page, problems: string[], checked: Set<string>): Promise<void> {
  // Start from the top, as a reader arriving on the page does.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let stop = 0; stop < 200; stop += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement === document.body)) return;
    for (const problem of await focusProblems(page, checked)) {
      if (!problems.includes(problem)) problems.push(problem);
    }
  }
  throw new Error(`${page.url()}: more than 200 Tab stops`);
}

export function defineAccessibilityScenarios(kit: ScenarioKit) {
  const { newContext, test, admin } = kit;
  let state: A11yState | undefined;
  let adminContext: BrowserContext | undefined;
  /** The set-up's sessions, closed by the last test. */
  const opened: BrowserContext[] = [];
  const ready = () => {
    assert.ok(state && adminContext, 'the accessibility scenario is set up');
    return { ...state, adminContext };
  };
  const email = (who: string) => `a11y.${who}.${runId}@example.org`;

  /**
   * Visits each path, checks its answer, runs axe and walks its first Tab stops. Returns the
   * problems; the caller asserts there are none, so every page is reported in one go.
   */
  const auditPages = async (
    context: BrowserContext,
    who: string,
    paths: readonly string[],
  ): Promise<string[]> => {
    const page = await context.newPage();
    const problems: string[] = [];
    const focusIssues: string[] = [];
    const checked = new Set<string>();
    try {
      for (const path of paths) {
        const response = await page.goto(path);
        const status = response?.status() ?? 0;
        // The error page is audited on purpose, through a path that cannot exist.
        const expected = path.includes('does-not-exist') ? 404 : 200;
        if (status !== expected) {
          problems.push(`${who} ${path}: HTTP ${status}, expected ${expected}`);
          continue;
        }
        // Client-side hydration settles before axe reads the page.
        await page.waitForLoadState('networkidle');
        await tabThrough(page, focusIssues, checked);
        // axe skips what is hidden: the forms folded in <details> are opened first.
        await page.evaluate(() => {
          for (const details of document.querySelectorAll('details')) details.open = true;
        });
        problems.push(...(await seriousViolations(page, `${who} ${path} (360 px)`)));
        // From 48rem the tables are real tables and the header spreads out: audited too.
        await page.setViewportSize(desktop);
        problems.push(...(await seriousViolations(page, `${who} ${path} (1280 px)`)));
        await page.setViewportSize(phone);
      }
    } finally {
      await page.close();
    }
    return [...problems, ...focusIssues.map((problem) => `${who} focus ${problem}`)];
  };

  test('accessibility: an assembly with a secretary and members, motions, a live meeting, minutes and a congress (API)', async () => {
    adminContext = await newContext({ javaScriptEnabled: true });
    opened.push(adminContext);
    const adminApi = adminContext;
    await callApi(adminApi, 'POST', '/api/auth/login', admin);
    const { assemblies } = await callApi<{ assemblies: { id: string; kind: string }[] }>(
      adminApi,
      'GET',
      '/api/assemblies',
    );
    let nationalId = assemblies.find((assembly) => assembly.kind === 'national')?.id;
    if (!nationalId) {
      nationalId = (
        await callApi<{ assembly: { id: string } }>(adminApi, 'POST', '/api/assemblies', {
          kind: 'national',
          name: 'Mouvement pour l’Économie Solidaire',
          code: `N${runId}`,
        })
      ).assembly.id;
    }
    const assemblyName = 'MES Normandie';
    const { assembly } = await callApi<{ assembly: { id: string } }>(
      adminApi,
      'POST',
      '/api/assemblies',
      {
        kind: 'antenna',
        name: assemblyName,
        code: `A${runId}`,
        parentId: nationalId,
        settings: { quorum: 0 },
      },
    );
    const assemblyId = assembly.id;

    const join_ = async (key: string, name: string, role: Role): Promise<Person> => {
      const { invitationLink } = await callApi<{ invitationLink: string }>(
        adminApi,
        'POST',
        `/api/assemblies/${assemblyId}/members`,
        { email: email(key), name, role },
      );
      const token = new URL(invitationLink).pathname.split('/').pop();
      const context = await newContext({ javaScriptEnabled: true });
      opened.push(context);
      const password = `${key}-A11y-pass16`;
      await callApi(context, 'POST', `/api/invitations/${token}/accept`, { name, password });
      const me = await callApi<{ user: { id: string } }>(context, 'GET', '/api/auth/me');
      return { email: email(key), password, name, context, id: me.user.id };
    };
    const secretary = await join_('secretary', 'Louise Bernard', 'secretary');
    const member = await join_('member', 'Théo Petit', 'member');
    const objector = await join_('objector', 'Rose Lambert', 'member');
    const { invitationLink } = await callApi<{ invitationLink: string }>(
      adminApi,
      'POST',
      `/api/assemblies/${assemblyId}/members`,
      { email: email('invited'), name: 'Jules Martin', role: 'member' },
    );
    const invitationToken = new URL(invitationLink).pathname.split('/').pop() ?? '';

    // A motion the member proposes, admitted, objected to in a consent round, then edited.
    const propose = async (author: Person, title: string, text: string) => {
      const { motion } = await callApi<{ motion: { id: string } }>(
        author.context,
        'POST',
        `/api/assemblies/${assemblyId}/motions`,
        { title, text, submit: true },
      );
      await callApi(secretary.context, 'POST', `/api/motions/${motion.id}/admit`);
      return motion.id;
    };
    const editedMotionId = await propose(
      member,
      'Des jardins partagés dans chaque antenne',
      'Chaque antenne ouvre un **jardin partagé**.\n\n- Les adhérents le cultivent ensemble.',
    );
    const round = await callApi<{ poll: { id: string } }>(secretary.context, 'POST', '/api/polls', {
      motionId: editedMotionId,
      kind: 'consent',
    });
    await callApi(secretary.context, 'POST', `/api/polls/${round.poll.id}/open`);
    await callApi(objector.context, 'POST', `/api/polls/${round.poll.id}/ballots`, {
      choice: 'objection',
      reason: 'Qui fournit les terrains ? Le texte ne le dit pas.',
      clientBallotId: randomUUID(),
    });
    await callApi(member.context, 'POST', `/api/polls/${round.poll.id}/ballots`, {
      choice: 'consent',
      clientBallotId: randomUUID(),
    });
    await callApi(secretary.context, 'POST', `/api/polls/${round.poll.id}/close`);
    await callApi(secretary.context, 'PATCH', `/api/motions/${editedMotionId}`, {
      text:
        'Chaque antenne ouvre un **jardin partagé**.\n\n- Les adhérents le cultivent ensemble.\n' +
        '- La mairie ou un adhérent prête le terrain.',
      note: 'Répond à l’objection de Rose Lambert.',
    });
    // Pending, an amendment would hold back any new poll: this motion's polls are done.
    await callApi(objector.context, 'POST', `/api/motions/${editedMotionId}/amendments`, {
      proposedText: 'Chaque antenne ouvre un jardin partagé et un verger.',
      rationale: 'Les arbres fruitiers demandent peu de soin.',
    });
    await callApi(objector.context, 'POST', `/api/motions/${editedMotionId}/comments`, {
      text: 'Qui arrose en août ?',
    });

    // A motion with an open asynchronous vote.
    const votingMotionId = await propose(
      objector,
      'Une lettre d’information trimestrielle',
      'L’antenne publie une lettre d’information chaque trimestre.',
    );
    const vote = await callApi<{ poll: { id: string } }>(secretary.context, 'POST', '/api/polls', {
      motionId: votingMotionId,
      kind: 'vote',
      rule: 'simple',
    });
    await callApi(secretary.context, 'POST', `/api/polls/${vote.poll.id}/open`);

    /** An online meeting the secretary starts, with its one check-in code. */
    const startedMeeting = async (title: string) => {
      const { meeting } = await callApi<{
        meeting: { id: string; sites: { checkInCode: string | null }[] };
      }>(secretary.context, 'POST', `/api/assemblies/${assemblyId}/meetings`, {
        title,
        mode: 'online',
        startsAt: new Date(Date.now() + 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3 * hour).toISOString(),
      });
      const checkInCode = meeting.sites[0]?.checkInCode ?? '';
      assert.ok(checkInCode, 'an online meeting has a check-in code');
      await callApi(secretary.context, 'POST', `/api/meetings/${meeting.id}/start`);
      return { id: meeting.id, checkInCode };
    };

    // A live online meeting whose current item is put to the vote: the member votes by keyboard.
    const meetingMotionId = await propose(
      secretary,
      'Un local commun pour les associations',
      'L’antenne loue un local partagé par ses associations.',
    );
    const { id: liveMeetingId, checkInCode } = await startedMeeting('AG de printemps');
    const withItem = await callApi<{ meeting: { agenda: { id: string }[] } }>(
      secretary.context,
      'POST',
      `/api/meetings/${liveMeetingId}/agenda`,
      {
        kind: 'decision',
        title: 'Local commun',
        durationMinutes: 15,
        motionId: meetingMotionId,
      },
    );
    await callApi(secretary.context, 'POST', `/api/meetings/${liveMeetingId}/current-item`, {
      itemId: withItem.meeting.agenda[0]?.id,
    });
    const meetingPoll = await callApi<{ poll: { id: string } }>(
      secretary.context,
      'POST',
      '/api/polls',
      { motionId: meetingMotionId, kind: 'vote', rule: 'simple', meetingId: liveMeetingId },
    );
    await callApi(secretary.context, 'POST', `/api/meetings/${liveMeetingId}/attendance`, {
      code: checkInCode,
    });
    await callApi(secretary.context, 'POST', `/api/polls/${meetingPoll.poll.id}/open`);

    // An ended meeting with drafted minutes: the secretary's editor, later published.
    const ended = await startedMeeting('AG d’hiver');
    const endedMeetingId = ended.id;
    // Someone present: the minutes then carry an attendance table, wider than a phone.
    await callApi(secretary.context, 'POST', `/api/meetings/${endedMeetingId}/attendance`, {
      code: ended.checkInCode,
    });
    await callApi(secretary.context, 'POST', `/api/meetings/${endedMeetingId}/end`);
    const { minutes } = await callApi<{ minutes: { id: string } }>(
      secretary.context,
      'POST',
      `/api/meetings/${endedMeetingId}/minutes`,
      {},
    );

    // A congress in its call for motions, the member one of its delegates.
    const day = 24 * hour;
    const { congress } = await callApi<{ congress: { id: string } }>(
      adminApi,
      'POST',
      '/api/congresses',
      {
        name: 'Congrès de l’accessibilité',
        code: `C${runId}`,
        parentId: nationalId,
        phases: congressPhases.map((phase, index) => ({
          phase,
          opensAt: new Date(
            index === 0 ? Date.now() - hour : Date.now() + index * day,
          ).toISOString(),
          closesAt: new Date(Date.now() + (index + 1) * day).toISOString(),
        })),
      },
    );
    await callApi(adminApi, 'POST', `/api/assemblies/${congress.id}/members`, {
      email: member.email,
      name: member.name,
      role: 'member',
    });
    await callApi(member.context, 'POST', `/api/assemblies/${congress.id}/motions`, {
      title: 'Des outils libres pour le mouvement',
      text: 'Le mouvement préfère les logiciels libres.',
      submit: true,
    });

    state = {
      assemblyId,
      assemblyName,
      member,
      secretary,
      invitationToken,
      editedMotionId,
      votingMotionId,
      liveMeetingId,
      livePollId: meetingPoll.poll.id,
      checkInCode,
      endedMeetingId,
      minutesId: minutes.id,
      congressId: congress.id,
    };
  });

  test('axe: the admin’s pages have no serious or critical violation, focus is visible', async () => {
    const { adminContext: context, assemblyId, congressId } = ready();
    // The admin's API session becomes a browser one; pages in French, as a fresh reader's.
    await callApi(context, 'PATCH', '/api/auth/me', { locale: 'fr' });
    assertNone(
      await auditPages(context, 'admin', [
        '/',
        '/admin',
        '/admin/assemblies/new',
        '/movement',
        `/assemblies/${assemblyId}/edit`,
        // The admin prepares congresses: the timeline's date forms, the compositing form.
        `/congresses/${congressId}`,
        `/congresses/${congressId}/motions`,
      ]),
    );
  });

  test('axe: the secretary’s pages have no serious or critical violation, focus is visible', async () => {
    const s = ready();
    const pages = [
      `/assemblies/${s.assemblyId}`,
      `/assemblies/${s.assemblyId}/invite`,
      `/assemblies/${s.assemblyId}/import`,
      `/assemblies/${s.assemblyId}/members`,
      `/assemblies/${s.assemblyId}/members/${s.member.id}`,
      `/assemblies/${s.assemblyId}/members/${s.member.id}/remove`,
      `/assemblies/${s.assemblyId}/meetings/new`,
      `/motions/${s.editedMotionId}`,
      `/motions/${s.editedMotionId}/objections`,
      `/motions/${s.editedMotionId}/edit`,
      `/motions/${s.editedMotionId}/polls/new`,
      `/motions/${s.votingMotionId}`,
      `/meetings/${s.liveMeetingId}`,
      `/meetings/${s.liveMeetingId}/console`,
      `/meetings/${s.liveMeetingId}/projector`,
      `/meetings/${s.endedMeetingId}`,
      `/minutes/${s.minutesId}`,
    ];
    const problems = await auditPages(s.secretary.context, 'secretary', pages);
    // Published, the minutes show the erratum form instead of the editor.
    await callApi(s.secretary.context, 'POST', `/api/minutes/${s.minutesId}/approve`);
    await callApi(s.secretary.context, 'POST', `/api/minutes/${s.minutesId}/publish`);
    problems.push(
      ...(await auditPages(s.secretary.context, 'secretary', [`/minutes/${s.minutesId}`])),
    );
    assertNone(problems);
  });

  test('axe: a member’s pages have no serious or critical violation, focus is visible', async () => {
    const s = ready();
    assertNone(
      await auditPages(s.member.context, 'member', [
        '/',
        '/movement',
        '/notifications',
        '/account',
        '/locale',
        '/logout',
        `/assemblies/${s.assemblyId}`,
        `/assemblies/${s.assemblyId}/members`,
        `/assemblies/${s.assemblyId}/motions`,
        `/assemblies/${s.assemblyId}/motions/new`,
        `/motions/${s.editedMotionId}`,
        `/motions/${s.editedMotionId}/diff`,
        `/motions/${s.editedMotionId}/objections`,
        `/motions/${s.votingMotionId}`,
        `/motions/${s.votingMotionId}/diff`,
        `/meetings/${s.endedMeetingId}`,
        `/minutes/${s.minutesId}`,
        `/congresses/${s.congressId}`,
        `/congresses/${s.congressId}/motions`,
        `/congresses/${s.congressId}/publication`,
        '/motions/does-not-exist',
      ]),
    );
  });

  test('axe: signed-out pages have no serious or critical violation, focus is visible', async () => {
    const s = ready();
    const context = await newContext({ javaScriptEnabled: true });
    try {
      assertNone(
        await auditPages(context, 'signed out', [
          '/login',
          '/setup',
          '/password-reset',
          '/password-reset/a-link-token-nobody-checked',
          '/locale',
          `/invitations/${s.invitationToken}`,
          `/minutes/${s.minutesId}`,
          '/does-not-exist',
        ]),
      );
    } finally {
      await context.close();
    }
  });

  test('form errors are announced: an alert summary, aria-invalid and aria-describedby (login)', async () => {
    const context = await newContext({ javaScriptEnabled: true });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await page.getByRole('button', { name: 'Se connecter' }).press('Enter');
      await assertAnnouncedError(page, page.getByLabel('Adresse e-mail'));
      assertNone(await seriousViolations(page, '/login with errors'));
    } finally {
      await context.close();
    }
  });

  test('keyboard only: a member signs in, checks in and votes in the live meeting; focus stays visible', async () => {
    const s = ready();
    const context = await newContext({ javaScriptEnabled: true });
    const focusIssues: string[] = [];
    try {
      const page = await context.newPage();
      await page.goto('/');
      await page.waitForURL(/\/login/);
      await page.screenshot({ path: join(artifactsDir, 'a11y-login-360.png'), fullPage: true });

      // The skip link comes first and shows itself.
      await tabTo(
        page,
        page.getByRole('link', { name: 'Aller au contenu principal' }),
        focusIssues,
      );
      await tabTo(page, page.getByLabel('Adresse e-mail'), focusIssues);
      await page.keyboard.type(s.member.email);
      await tabTo(page, page.getByLabel('Mot de passe'), focusIssues);
      await page.keyboard.type(s.member.password);
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/$/);
      await page.getByRole('heading', { level: 1, name: `Bonjour ${s.member.name}` }).waitFor();
      await page.screenshot({ path: join(artifactsDir, 'a11y-home-360.png'), fullPage: true });

      await tabTo(page, page.getByRole('link', { name: s.assemblyName }), focusIssues);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/assemblies/${s.assemblyId}$`));
      await tabTo(page, page.getByRole('link', { name: 'AG de printemps' }), focusIssues);
      await page.keyboard.press('Enter');
      await page.waitForURL(new RegExp(`/meetings/${s.liveMeetingId}$`));
      await page.getByRole('status').getByText('En direct').waitFor();

      // A wrong code first: the error is announced, linked, and on the field.
      const code = page.getByLabel('Code de la salle');
      await tabTo(page, code, focusIssues);
      await page.keyboard.type('ZZZZZZ');
      await page.keyboard.press('Enter');
      await assertAnnouncedError(page, code);
      assertNone(await seriousViolations(page, 'meeting check-in with errors'));
      // Back to the field from the summary, by its link.
      await tabTo(page, page.getByRole('alert').getByRole('link'), focusIssues);
      await page.keyboard.press('Enter');
      await waitForFocus(code);
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type(s.checkInCode);
      await page.keyboard.press('Enter');
      await page.getByText('Vous êtes présent·e : En ligne.').waitFor();
      await page.screenshot({
        path: join(artifactsDir, 'a11y-meeting-before-vote-360.png'),
        fullPage: true,
      });

      // Tab enters the radio group; the arrows move between the choices and select them.
      const choices = page.getByRole('group', { name: 'Votre vote' });
      await tabTo(page, choices.getByRole('radio').first(), focusIssues);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      assert.equal(await choices.getByRole('radio', { name: 'Contre' }).isChecked(), true);
      await page.keyboard.press('ArrowUp');
      assert.equal(await choices.getByRole('radio', { name: 'Pour' }).isChecked(), true);
      focusIssues.push(...(await focusProblems(page)));
      const send = page.getByRole('button', { name: 'Envoyer ma réponse' });
      await tabTo(page, send, focusIssues);
      // A look back before sending: Shift+Tab returns to the ticked choice, not the first one.
      await tabTo(page, choices.getByRole('radio', { name: 'Pour' }), focusIssues, {
        backwards: true,
        limit: 1,
      });
      await tabTo(page, send, focusIssues);
      await page.keyboard.press('Space');
      await page.getByText('Votre réponse est enregistrée.').waitFor();
      await page.getByText(/Participation : 1 sur \d+ votants? inscrits?/).waitFor();
      const { poll } = await callApi<{ poll: { me: { choice: string | null } } }>(
        context,
        'GET',
        `/api/polls/${s.livePollId}`,
      );
      assert.equal(poll.me.choice, 'yes', 'the ballot counted is « Pour »');
      await page.screenshot({
        path: join(artifactsDir, 'a11y-meeting-after-vote-360.png'),
        fullPage: true,
      });
      assertNone(await seriousViolations(page, 'meeting after the vote'));
      assertNone(focusIssues);
    } finally {
      await context.close();
      for (const session of opened) await session.close();
    }
  });
}

function assertNone(problems: string[]) {
  assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
}

async function waitForFocus(target: Locator): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await isFocused(target))) {
    assert.ok(Date.now() < deadline, `${target.toString()} never got the focus`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A failed form: the error summary is an alert, takes the focus and links to the field; the field
 * is marked invalid and described by its own error message.
 */
async function assertAnnouncedError(page: Page, field: Locator): Promise<void> {
  const summary = page.getByRole('alert');
  await summary.waitFor();
  await waitForFocus(summary);
  const id = await field.getAttribute('id');
  assert.ok(id, 'the field has an id');
  assert.equal(await summary.getByRole('link').first().getAttribute('href'), `#${id}`);
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const describedBy = (await field.getAttribute('aria-describedby')) ?? '';
  const messages = await Promise.all(
    describedBy
      .split(/\s+/)
      .filter(Boolean)
      .map((part) => page.locator(`[id="${part}"]`).innerText()),
  );
  const error = await summary.getByRole('link').first().innerText();
  assert.ok(
    messages.some((message) => message.includes(error.trim())),
    `aria-describedby (${describedBy}) reads « ${messages.join(' / ')} », not « ${error} »`,
  );
}
