/**
 * Notifications, after the consent journey: a member reads theirs with the count in the header,
 * marks them all read and stops the daily digest; another, without JavaScript, marks one read and
 * opens its motion.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  artifact,
  assertFitsPhone,
  awaitNotifications,
  callApi,
  heading,
  type ScenarioKit,
} from '../kit.ts';
import { motionReader, type MotionState } from './motions.ts';

/** Reads the motion the motions and consent journeys took to adoption. */
export function defineNotificationsJourney(kit: ScenarioKit, state: MotionState): void {
  const { test, baseUrl } = kit;
  const { people, pageOf, motionPath } = motionReader(state);

  /** Until the last ones (the second round's result) are there. */
  const waitForNotifications = async (page: Page) => {
    const results = page
      .getByRole('listitem')
      .filter({ hasText: 'Résultat disponible' })
      .filter({ hasText: 'Un fonds de solidarité pour les antennes' });
    await awaitNotifications(
      page,
      async () => (await results.count()) >= 2,
      'both results are notified',
    );
  };
  const notificationsLink = (page: Page) =>
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', {
      name: /notifications/i,
    });

  test('notifications: a member sees them with the count, marks all read, stops the digest', async () => {
    const page = pageOf(people().objector);
    await waitForNotifications(page);
    assert.equal(await heading(page), 'Notifications');
    const list = page.getByRole('region', { name: 'Dernières notifications' });
    const items = list.getByRole('listitem');
    const motionTitle = 'Un fonds de solidarité pour les antennes';
    for (const type of ['Nouvelle motion', 'Vote ouvert', 'Résultat disponible']) {
      await items.filter({ hasText: type }).filter({ hasText: motionTitle }).first().waitFor();
    }
    const unread = await list.getByText('Non lue', { exact: true }).count();
    assert.ok(unread >= 5, `submitted, 2 opened, 2 closed are unread (${unread})`);
    assert.equal(await items.count(), unread, 'all unread at first');
    await list.getByText(`${unread} notifications non lues`, { exact: true }).waitFor();
    // The header says it in words; the number alone is what the eye sees.
    const link = notificationsLink(page);
    assert.equal(
      (await link.getAttribute('aria-current')) ?? '',
      'true',
      'the link says where we are',
    );
    await page
      .getByRole('link', { name: `${unread} notifications non lues`, exact: true })
      .waitFor();
    assert.equal((await link.locator('.site-nav__count').innerText()).trim(), String(unread));
    const first = items.first();
    assert.equal(
      await first.getByRole('link', { name: motionTitle }).getAttribute('href'),
      motionPath(),
    );
    await assertFitsPhone(page);
    await page.screenshot({ path: artifact('notifications-360.png'), fullPage: true });

    await list.getByRole('button', { name: 'Tout marquer comme lu' }).click();
    await page.getByText('Toutes vos notifications sont marquées comme lues.').waitFor();
    await list.getByText('Vous avez tout lu.').waitFor();
    assert.equal(await list.getByText('Non lue', { exact: true }).count(), 0);
    await page.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
    assert.equal((await link.innerText()).trim(), 'Notifications', 'the count is gone');

    const digest = page.getByLabel('Recevoir un récapitulatif quotidien par e-mail');
    assert.equal(await digest.isChecked(), true, 'the digest is on by default');
    // When it comes, in the member's antenna's time (the server's default hour, 7:00).
    await page.getByText(/Au plus un e-mail par jour, vers 07:00 \(heure /).waitFor();
    await digest.uncheck();
    await page.getByRole('button', { name: 'Enregistrer la préférence' }).click();
    await page
      .getByText('Préférence enregistrée : vous ne recevrez plus de récapitulatif par e-mail.')
      .waitFor();
    await page.reload();
    assert.equal(await digest.isChecked(), false, 'the choice is kept');
    const { user } = await callApi<{ user: { digestOptOut: boolean } }>(
      page.context(),
      'GET',
      '/api/auth/me',
    );
    assert.equal(user.digestOptOut, true);
    assert.equal((await link.innerText()).trim(), 'Notifications', 'still read after reload');
  });

  test('without JavaScript, a member marks one notification read and opens its motion', async () => {
    const page = pageOf(people().consenter);
    await waitForNotifications(page);
    const list = page.getByRole('region', { name: 'Dernières notifications' });
    const unread = await list.getByText('Non lue', { exact: true }).count();
    assert.ok(unread >= 5, `the consenter has unread notifications (${unread})`);
    await page
      .getByRole('link', { name: `${unread} notifications non lues`, exact: true })
      .waitFor();

    const submitted = list.getByRole('listitem').filter({ hasText: 'Nouvelle motion' });
    await submitted
      .getByRole('button', { name: 'Marquer comme lue : Un fonds de solidarité pour les antennes' })
      .click();
    await page.getByText('La notification est marquée comme lue.').waitFor();
    assert.equal(await submitted.getByText('Non lue', { exact: true }).count(), 0);
    await page
      .getByRole('link', { name: `${unread - 1} notifications non lues`, exact: true })
      .waitFor();
    // The page keeps the digest setting of this member: on.
    assert.equal(
      await page.getByLabel('Recevoir un récapitulatif quotidien par e-mail').isChecked(),
      true,
    );

    await submitted.getByRole('link', { name: 'Un fonds de solidarité pour les antennes' }).click();
    await page.waitForURL(`${baseUrl}${motionPath()}`);
    assert.equal(await heading(page), 'Un fonds de solidarité pour les antennes');
  });
}
