/**
 * Minutes, as the issue tells them: a meeting has ended with one closed vote; its secretary
 * drafts the minutes from the meeting page, adds a sentence, approves and publishes them; a
 * member then reads them from the assembly page, downloads the PDF and the Markdown, and is
 * notified. The meeting itself is set up and held through the API.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import {
  adminSession,
  artifact,
  assertFitsPhone,
  awaitNotifications,
  callApi,
  createAntenna,
  download,
  heading,
  invitedMember,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import { admittedMotion, checkIn, simpleVote, startedMeeting, unanimousYes } from '../setup.ts';

const minutesMeetingTitle = 'AG de clôture de l’exercice';
const minutesSentence = 'La séance est levée à 20 h, dans la bonne humeur.';

interface MinutesState {
  assemblyId?: string;
  meetingId?: string;
  minutesId?: string;
  secretary?: Page;
  member?: Page;
}

export function defineMinutesJourney(kit: ScenarioKit): void {
  const { test } = kit;
  const state: MinutesState = {};
  const ready = () => {
    assert.ok(state.meetingId && state.secretary && state.member, 'the meeting has been held');
    return { meetingId: state.meetingId, secretary: state.secretary, member: state.member };
  };

  test('minutes: an assembly holds a meeting with one vote and ends it, through the API', async () => {
    const admin = await adminSession(kit);
    const assemblyId = await createAntenna(admin, {
      name: 'MES Pays de la Loire',
      code: `P${runId}`,
    });
    state.assemblyId = assemblyId;
    const invite = (name: string, role: 'secretary' | 'member') =>
      invitedMember(kit, admin, assemblyId, { name, role, who: `minutes.${role}.${runId}` });
    const secretary = await invite('Hélène Garnier', 'secretary');
    const member = await invite('Malik Benali', 'member');
    await admin.close();
    const motionId = await admittedMotion(secretary, assemblyId, {
      title: 'Un budget pour la fête des adhérents',
      text: 'L’antenne consacre 800 € à la fête annuelle des adhérents.',
    });
    const meeting = await startedMeeting(secretary, assemblyId, {
      title: minutesMeetingTitle,
      mode: 'online',
    });
    const pollId = await simpleVote(secretary, motionId, { meetingId: meeting.id });
    // The quorum counts those present: both check in before the poll opens.
    await checkIn([secretary, member], meeting.id, meeting.code('En ligne'));
    await unanimousYes(secretary, pollId, [secretary, member]);
    await callApi(secretary, 'POST', `/api/meetings/${meeting.id}/end`);

    state.meetingId = meeting.id;
    state.secretary = await secretary.newPage();
    state.member = await member.newPage();
  });

  test('the secretary drafts the minutes from the meeting page, edits, approves and publishes them', async () => {
    const { meetingId, secretary: page } = ready();
    await page.goto(`/meetings/${meetingId}`);
    const section = page.getByRole('region', { name: 'Procès-verbal' });
    await section.getByText('Le procès-verbal n’est pas encore publié.').waitFor();
    await section.getByRole('button', { name: 'Rédiger le procès-verbal' }).click();
    await page.waitForURL(/\/minutes\/[^/?]+\?notice=drafted$/);
    state.minutesId = /\/minutes\/([^/?]+)/.exec(page.url())?.[1];
    assert.equal(await heading(page), `Procès-verbal — ${minutesMeetingTitle}`);
    await page.getByText(/Le projet de procès-verbal est rédigé/).waitFor();
    const preview = page.getByRole('region', { name: 'Aperçu du texte enregistré' });
    const drafted = await preview.innerText();
    assert.match(drafted, new RegExp(minutesMeetingTitle));
    assert.match(drafted, /Un budget pour la fête des adhérents/);
    assert.match(drafted, /adoptée — Pour 2, Contre 0, Abstention 0/);
    await page.getByText('Projet', { exact: true }).first().waitFor();
    const publish = page.getByRole('button', { name: 'Publier' });
    assert.equal(await publish.isDisabled(), true, 'not before approval');
    await page.getByText(/Publication impossible pour l’instant/).waitFor();
    await assertFitsPhone(page);

    const editor = page.getByLabel('Texte du procès-verbal (Markdown)');
    const text = await editor.inputValue();
    assert.match(text, /^# Procès-verbal — /);
    await editor.fill(`${text.trimEnd()}\n\n${minutesSentence}\n`);
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le texte est enregistré ; l’aperçu est à jour.').waitFor();
    await preview.getByText(minutesSentence).waitFor();
    await page.screenshot({ path: artifact('minutes-draft-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('Le procès-verbal est approuvé : il peut être publié.').waitFor();
    await page
      .getByText(/^Approuvé par Hélène Garnier le /)
      .first()
      .waitFor();
    await publish.click();
    await page.getByText(/^Le procès-verbal est publié\./).waitFor();
    await page
      .getByText(/^Publié par Hélène Garnier le /)
      .first()
      .waitFor();
    await page.getByText('Empreinte SHA-256').waitFor();
    // Published: no editor any more, an erratum instead.
    assert.equal(await page.getByLabel('Texte du procès-verbal (Markdown)').count(), 0);
    await page.getByRole('heading', { name: 'Rédiger un erratum' }).waitFor();
  });

  test('a member reads the published minutes, downloads the PDF and the Markdown, and is notified', async () => {
    const { member: page } = ready();
    assert.ok(state.minutesId, 'the minutes are published');
    await page.goto(`/assemblies/${state.assemblyId}`);
    await page
      .getByRole('region', { name: 'Procès-verbaux publiés' })
      .getByRole('link', { name: minutesMeetingTitle })
      .click();
    await page.waitForURL(new RegExp(`/minutes/${state.minutesId}$`));
    await page
      .getByRole('region', { name: 'Texte', exact: true })
      .getByText(minutesSentence)
      .waitFor();
    await page
      .getByText(/^Publié par Hélène Garnier le /)
      .first()
      .waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approuver' }).count(), 0);
    assert.equal(await page.getByRole('heading', { name: 'Rédiger un erratum' }).count(), 0);
    const hash = (await page.locator('dd.monospace').innerText()).trim();
    assert.match(hash, /^[0-9a-f]{64}$/);
    await assertFitsPhone(page);
    await page.screenshot({
      path: artifact('minutes-published-360.png'),
      fullPage: true,
    });

    const pdf = await download(page, page.getByRole('link', { name: 'Document PDF (.pdf)' }));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const markdown = await download(page, page.getByRole('link', { name: 'Texte Markdown (.md)' }));
    assert.match(markdown.toString('utf8'), new RegExp(minutesSentence));
    assert.equal(createHash('sha256').update(markdown).digest('hex'), hash, 'the hash shown');

    const notified = page
      .getByRole('listitem')
      .filter({ hasText: 'Procès-verbal publié' })
      .getByRole('link', { name: minutesMeetingTitle });
    await awaitNotifications(
      page,
      async () => (await notified.count()) > 0,
      'the publication is notified',
    );
    assert.equal(await notified.getAttribute('href'), `/minutes/${state.minutesId}`);
  });
}
