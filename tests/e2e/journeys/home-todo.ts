/**
 * « Ce qui m'attend »: the home page lists what waits for a member, the soonest deadline first,
 * each line one tap away. A member with an open poll and a motion short of supporters sees both,
 * in that order, the poll's deadline in words; they follow the poll's line, vote on the motion
 * page, and back home the poll is gone while the motion to support stays.
 */
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { assertNone, auditPages } from '../a11y.ts';
import {
  artifact,
  assertFitsPhone,
  callApi,
  heading,
  hour,
  invitedMember,
  newAntenna,
  type ScenarioKit,
} from '../kit.ts';
import { admittedMotion } from '../setup.ts';

/** The line's text as read on screen, its spaces and line breaks made single spaces. */
async function lineText(line: Locator): Promise<string> {
  return (await line.innerText()).replace(/\s+/g, ' ').trim();
}

export function defineHomeTodoJourney(kit: ScenarioKit): void {
  const { test, baseUrl } = kit;

  test('home todo: a member sees a poll closing tomorrow before a motion to support, votes from its line, and the poll leaves the list', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Attentes',
      codeLetter: 'H',
    });
    const secretary = await invitedMember(kit, admin, assemblyId, {
      name: 'Odile Garnier',
      who: `todo.odile.${unique}`,
      role: 'secretary',
    });
    const author = await invitedMember(kit, admin, assemblyId, {
      name: 'Paul Roussel',
      who: `todo.paul.${unique}`,
    });
    const member = await invitedMember(kit, admin, assemblyId, {
      name: 'Maïa Lefort',
      who: `todo.maia.${unique}`,
    });
    await admin.close();

    // A vote outside any meeting, closing in a little more than a day.
    const voteTitle = `Un repair café chaque mois ${unique}`;
    const voteMotionId = await admittedMotion(
      secretary,
      assemblyId,
      { title: voteTitle, text: 'L’antenne tient un repair café le premier samedi du mois.' },
      author,
    );
    const closesAt = Date.now() + 25 * hour;
    const { poll } = await callApi<{ poll: { id: string } }>(secretary, 'POST', '/api/polls', {
      motionId: voteMotionId,
      kind: 'vote',
      rule: 'simple',
      closesAt: new Date(closesAt).toISOString(),
    });
    await callApi(secretary, 'POST', `/api/polls/${poll.id}/open`);
    // Submitted, with none of the three supporters the assembly asks by default.
    const supportTitle = `Une grainothèque partagée ${unique}`;
    await callApi(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
      title: supportTitle,
      text: 'L’antenne ouvre une grainothèque où chacun dépose et prend des semences.',
      submit: true,
    });

    const page = await member.newPage();
    await page.goto('/');
    assert.equal(await heading(page), 'Bonjour Maïa Lefort');
    const todo = page.getByRole('list', { name: 'Ce qui m’attend' });
    const lines = todo.getByRole('listitem');
    await lines.first().waitFor();
    assert.equal(await lines.count(), 2, 'the poll and the motion to support');

    // The link's name is what to do and on what; the assembly and deadline describe it.
    const pollLink = lines.nth(0).getByRole('link', { name: `Voter ${voteTitle}` });
    await pollLink.waitFor();
    const pollLine = await lineText(lines.nth(0));
    assert.match(pollLine, /MES Attentes/, 'the assembly is named');
    assert.match(
      pollLine,
      /clôture dans 1 jour — le \d{1,2} \S+ \d{4} à \d{2}:\d{2} \(/,
      `the deadline in words, then its date (${pollLine})`,
    );
    const datetime = await lines.nth(0).locator('time').getAttribute('datetime');
    assert.ok(datetime && Math.abs(Date.parse(datetime) - closesAt) < 1_000, 'machine-readable');
    await lines
      .nth(1)
      .getByRole('link', {
        name: `Soutenir cette motion (encore 3 soutiens nécessaires) ${supportTitle}`,
      })
      .waitFor();

    await assertFitsPhone(page);
    await page.screenshot({ path: artifact('home-todo-360.png'), fullPage: true });
    assertNone(await auditPages(member, 'home todo', ['/']));

    await pollLink.click();
    await page.waitForURL(`${baseUrl}/motions/${voteMotionId}`);
    assert.equal(await heading(page), voteTitle);
    await page.getByRole('radio', { name: 'Pour' }).check();
    await page.getByRole('button', { name: 'Envoyer ma réponse' }).click();
    await page.getByText(/^Votre réponse est enregistrée/).waitFor();

    await page.getByRole('link', { name: 'Accueil de Cercle' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await todo
      .getByRole('link', { name: new RegExp(`^Soutenir cette motion .*${supportTitle}`) })
      .waitFor();
    assert.equal(await lines.count(), 1, 'only the motion to support is left');
    assert.equal(await todo.getByRole('link', { name: voteTitle }).count(), 0, 'the poll is gone');

    for (const context of [secretary, author, member]) await context.close();
  });
}
