/**
 * Passwords, as issue 13 asks: a member who forgot theirs asks for a link on a phone without
 * JavaScript, reads it in the mail (the outbox here), chooses a new one once — which signs out
 * their other device — and later changes it from their account page, where a wrong current
 * password is announced on its field.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  artifact,
  callApi,
  credentials,
  invitedMember,
  newAntenna,
  type ScenarioKit,
} from '../kit.ts';

/**
 * The reset link of the newest mail to `email` in the outbox that holds one (quoted-printable
 * undone). The invitation and the daily digest go to the same address, the digest sometimes
 * within the same second as the reset mail: the newest mail alone may not be the right one.
 */
async function resetLinkMailedTo(outboxDir: string, email: string): Promise<string> {
  // Sent in the background after the answer; on a loaded machine (the full suite's CI) it took
  // longer than 10 s once.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const files = (await readdir(outboxDir).catch(() => [])).filter((file) =>
      file.endsWith(`-${email}.eml`),
    );
    for (const file of files.sort().reverse()) {
      const text = (await readFile(join(outboxDir, file), 'utf8')).replace(/=\r?\n/g, '');
      const link = /https?:\/\/\S+?\/password-reset\/[A-Za-z0-9_-]+/.exec(text)?.[0];
      if (link) return link;
    }
    assert.ok(Date.now() < deadline, `a mail with a reset link to ${email} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Types a new password and its confirmation: the reset form and the account page share them. */
async function fillNewPassword(page: Page, password: string, confirmation = password) {
  await page.getByLabel('Nouveau mot de passe', { exact: true }).fill(password);
  await page.getByLabel('Confirmation du nouveau mot de passe').fill(confirmation);
}

async function signedIn(context: BrowserContext): Promise<boolean> {
  const response = await context.request.get('/api/auth/me');
  return response.status() === 200;
}

export function definePasswordScenarios(kit: ScenarioKit) {
  kit.test(
    'passwords: a forgotten one is reset by a mailed link (no JavaScript), once; the account page changes it and names a wrong current one',
    async () => {
      const { admin, assemblyId, unique } = await newAntenna(kit, {
        name: 'Antenne Lorient',
        codeLetter: 'P',
      });
      const who = `password.${unique}`;
      const { email } = credentials(who);
      const otherDevice = await invitedMember(kit, admin, assemblyId, {
        name: 'Gwenaëlle Le Bihan',
        who,
      });
      await admin.close();
      assert.ok(await signedIn(otherDevice));

      const phone = await kit.newContext({ javaScriptEnabled: false });
      const withScript = await kit.newContext({ javaScriptEnabled: true });
      try {
        const page = await phone.newPage();
        await page.goto('/login');
        await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
        await page.waitForURL(/\/password-reset$/);
        await page.getByLabel('Adresse e-mail').fill(email);
        await page.getByRole('button', { name: 'Recevoir le lien' }).click();
        await page
          .getByRole('status')
          .getByText(`Si un compte Cercle existe pour ${email}`)
          .waitFor();
        await page.screenshot({
          path: artifact('password-reset-sent-360.png'),
          fullPage: true,
        });

        const link = await resetLinkMailedTo(kit.outboxDir, email);
        const newPassword = `${who}-new-passphrase`;
        await page.goto(link);
        await page.getByRole('heading', { name: 'Choisir un nouveau mot de passe' }).waitFor();
        await fillNewPassword(page, newPassword, 'something else');
        await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
        await page
          .getByRole('alert')
          .getByText('Les deux mots de passe ne sont pas identiques.')
          .waitFor();
        await fillNewPassword(page, newPassword);
        await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
        await page.getByRole('status').getByText('Votre mot de passe est changé').waitFor();
        assert.equal(await signedIn(otherDevice), false, 'the other device is signed out');

        // The link served once.
        await page.goto(link);
        await fillNewPassword(page, 'a third passphrase');
        await page.getByRole('button', { name: 'Enregistrer le nouveau mot de passe' }).click();
        await page.getByRole('alert').getByText('Ce lien a déjà servi').waitFor();
        await page.getByRole('link', { name: 'Demander un nouveau lien' }).waitFor();

        // With the new password, on the account page.
        const account = await withScript.newPage();
        await callApi(withScript, 'POST', '/api/auth/login', { email, password: newPassword });
        await account.goto('/');
        await account.getByRole('link', { name: 'Mon compte' }).click();
        await account.getByRole('heading', { name: 'Changer de mot de passe' }).waitFor();
        const current = account.getByLabel('Mot de passe actuel');
        await current.fill('not my password');
        await fillNewPassword(account, 'a fourth passphrase');
        await account.getByRole('button', { name: 'Changer le mot de passe' }).click();
        await account
          .getByRole('alert')
          .getByText('Le mot de passe actuel est incorrect.')
          .waitFor();
        assert.equal(await current.getAttribute('aria-invalid'), 'true');
        await account.screenshot({
          path: artifact('account-wrong-password-360.png'),
          fullPage: true,
        });

        await current.fill(newPassword);
        await fillNewPassword(account, 'a fourth passphrase');
        await account.getByRole('button', { name: 'Changer le mot de passe' }).click();
        await account.getByRole('status').getByText('Votre mot de passe est changé.').waitFor();
        assert.ok(await signedIn(withScript), 'this session stays');
        assert.equal(await current.inputValue(), '', 'the passwords typed are cleared');
      } finally {
        await phone.close();
        await withScript.close();
        await otherDevice.close();
      }
    },
  );
}
