/**
 * Accessibility with the keyboard alone, as the issue « Experience quality » asks: form errors
 * are announced and tied to their fields; a member signs in, checks in and votes in a live
 * meeting without a mouse, and the focus is always visible. Runs on the accessibility journey's
 * assembly, and closes its sessions at the end.
 */
import assert from 'node:assert/strict';
import {
  assertAnnouncedError,
  assertNone,
  focusProblems,
  seriousViolations,
  tabTo,
  waitForFocus,
} from '../a11y.ts';
import { artifact, callApi, type ScenarioKit } from '../kit.ts';
import type { A11yState } from './accessibility.ts';

export function defineKeyboardJourney(kit: ScenarioKit, ready: () => A11yState): void {
  const { newContext, test } = kit;

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
      await page.screenshot({ path: artifact('a11y-login-360.png'), fullPage: true });

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
      await page.screenshot({ path: artifact('a11y-home-360.png'), fullPage: true });

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
        path: artifact('a11y-meeting-before-vote-360.png'),
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
        path: artifact('a11y-meeting-after-vote-360.png'),
        fullPage: true,
      });
      assertNone(await seriousViolations(page, 'meeting after the vote'));
      assertNone(focusIssues);
    } finally {
      await context.close();
      for (const session of s.opened) await session.close();
    }
  });
}
