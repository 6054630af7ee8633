/**
 * Co-authors of a motion: its author invites a member from the motion page, the member (without
 * JavaScript) finds the invitation in the notifications, opens the motion and accepts; the page
 * then names both, and the co-author may edit and submit the draft.
 */
import assert from 'node:assert/strict';
import {
  awaitNotifications,
  callApi,
  heading,
  invitedMember,
  newAntenna,
  type ScenarioKit,
} from '../kit.ts';

export function defineCoauthorsJourney(kit: ScenarioKit): void {
  const { test, baseUrl } = kit;

  test('co-authors: an author invites a member, who accepts without JavaScript from the notification', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Cosignatures',
      codeLetter: 'K',
    });
    const authorContext = await invitedMember(kit, admin, assemblyId, {
      name: 'Inès Autrice',
      who: `coauthors.ines.${unique}`,
    });
    const coauthorContext = await invitedMember(kit, admin, assemblyId, {
      name: 'Jules Cosignataire',
      who: `coauthors.jules.${unique}`,
      javaScriptEnabled: false,
    });
    const title = `Un fonds commun ${unique}`;
    const { motion } = await callApi<{ motion: { id: string } }>(
      authorContext,
      'POST',
      `/api/assemblies/${assemblyId}/motions`,
      { title, text: 'Les antennes mettent en commun une part de leurs ressources.' },
    );
    const motionPath = `/motions/${motion.id}`;

    const author = await authorContext.newPage();
    await author.goto(motionPath);
    // Settled first: a disclosure opened before hydration is closed again by it.
    await author.waitForLoadState('networkidle');
    const coauthors = author.getByRole('region', { name: 'Cosignataires' });
    await coauthors.locator('summary', { hasText: 'Inviter une personne à cosigner' }).click();
    // Found by name: a congress motion's authors may ask any antenna's members, too many to list.
    await coauthors.getByLabel('Rechercher par nom').fill('jules');
    await coauthors.getByRole('status').getByText('1 personne trouvée').waitFor();
    await coauthors.getByRole('radio', { name: 'Jules Cosignataire' }).check();
    await coauthors.getByRole('button', { name: 'Inviter', exact: true }).click();
    await coauthors.getByText('Jules Cosignataire est invité·e à cosigner.').waitFor();
    await coauthors.getByText('invitation en attente').waitFor();

    const jules = await coauthorContext.newPage();
    const invitation = jules
      .getByRole('listitem')
      .filter({ hasText: 'Invitation à cosigner une motion' })
      .filter({ hasText: title });
    await awaitNotifications(
      jules,
      async () => (await invitation.count()) > 0,
      'the invitation is notified',
    );
    await invitation.getByRole('link', { name: title }).click();
    await jules.waitForURL(`${baseUrl}${motionPath}`);
    assert.equal(await heading(jules), title);
    // Invited, not yet co-author: no author's rights.
    assert.equal(await jules.getByRole('link', { name: 'Modifier le texte' }).count(), 0);
    await jules.getByRole('button', { name: 'Accepter de cosigner' }).click();
    await jules.getByText('Vous cosignez cette motion.').waitFor();
    await jules.getByText('Proposée par Inès Autrice, cosignée par Jules Cosignataire').waitFor();
    await jules.getByRole('link', { name: 'Modifier le texte' }).waitFor();
    await jules.getByRole('button', { name: 'Déposer la motion' }).click();
    await jules.getByText('La motion est déposée sous la référence').waitFor();

    await author.reload();
    await author.getByText('Proposée par Inès Autrice, cosignée par Jules Cosignataire').waitFor();
    const list = await authorContext.newPage();
    await list.goto(`/assemblies/${assemblyId}/motions`);
    await list.getByText('Inès Autrice, avec Jules Cosignataire').waitFor();
  });
}
