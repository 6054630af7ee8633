/**
 * The accessibility checks the accessibility and keyboard journeys share: axe-core's serious and
 * critical violations, a visible focus at every Tab stop, and form errors announced and tied to
 * their fields.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { desktop, phone } from './kit.ts';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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

/** Every message key of the catalogues (the French one has them all, a unit test checks it). */
const messageKeys = readFile(
  fileURLToPath(new URL('../../web/src/lib/i18n/fr.ts', import.meta.url)),
  'utf8',
).then((source) => [...source.matchAll(/^ {2}'([^']+)':/gm)].map((match) => match[1]!));

/**
 * Messages shown as their key (« meeting.pollsTitle »): missing from the catalogue the page
 * loaded, as could happen to a page that loads only its own messages (the participant live
 * view) if its code built a key its catalogue's scan did not see. Text and accessible names.
 */
async function untranslated(page: Page, label: string): Promise<string[]> {
  const keys = await messageKeys;
  const shown = await page.evaluate(() =>
    [
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap(
        (element) =>
          ['aria-label', 'title', 'placeholder', 'alt'].map(
            (name) => element.getAttribute(name) ?? '',
          ),
      ),
    ].join('\n'),
  );
  return keys
    .filter((key) => new RegExp(`(^|[^\\w.])${key.replace(/\./g, '\\.')}($|[^\\w.])`).test(shown))
    .map((key) => `${label}: the message ${key} is shown as its key`);
}

/**
 * Serious and critical violations, one line each: rule, impact, where; and any message shown
 * as its key rather than its words.
 */
export async function seriousViolations(page: Page, label: string): Promise<string[]> {
  return [...describe(label, await axeViolations(page)), ...(await untranslated(page, label))];
}

/**
 * What is wrong with the focused element's focus: no outline nor box-shadow to show it, or its
 * text unreadable in the focus colours (a focused link turns yellow). Empty when all is well.
 * The contrast check (axe, slower) runs once per kind of element: `checked` keeps the kinds seen.
 */
export async function focusProblems(page: Page, checked = new Set<string>()): Promise<string[]> {
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
export async function tabTo(
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

/**
 * Visits each path, checks its answer, runs axe and walks its first Tab stops. Returns the
 * problems; the caller asserts there are none, so every page is reported in one go.
 */
export async function auditPages(
  context: BrowserContext,
  who: string,
  paths: readonly string[],
): Promise<string[]> {
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
}

export function assertNone(problems: string[]) {
  assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
}

export async function waitForFocus(target: Locator): Promise<void> {
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
export async function assertAnnouncedError(page: Page, field: Locator): Promise<void> {
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
