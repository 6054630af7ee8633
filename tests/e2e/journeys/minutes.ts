/**
 * Minutes, as the issue tells them: a meeting has ended with one closed vote; its secretary
 * drafts the minutes from the meeting page, adds a sentence, approves and publishes them; a
 * member then reads them from the assembly page, downloads the PDF and the Markdown, and is
 * notified. The meeting itself is set up and held through the API.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
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
import { assertNone, seriousViolations, waitForFocus } from '../a11y.ts';
import { admittedMotion, checkIn, simpleVote, startedMeeting, unanimousYes } from '../setup.ts';

const minutesMeetingTitle = 'AG de clôture de l’exercice';
const minutesSentence = 'La séance est levée à 20 h, dans la bonne humeur.';
const plainSentence = 'Relu sans script, dans le champ de texte.';

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

    // Without a script, the Markdown textarea: the same form, the same Markdown posted.
    const noScript = await kit.newContext({ javaScriptEnabled: false });
    await noScript.addCookies(await page.context().cookies());
    const plain = await noScript.newPage();
    await plain.goto(page.url());
    const textarea = plain.getByLabel('Texte du procès-verbal (Markdown)');
    const text = await textarea.inputValue();
    assert.match(text, /^# Procès-verbal — /);
    assert.equal(await plain.getByRole('toolbar').count(), 0, 'no rich editor without a script');
    await textarea.fill(`${text.trimEnd()}\n\n${plainSentence}\n`);
    await plain.getByRole('button', { name: 'Enregistrer' }).click();
    await plain.getByText('Le texte est enregistré ; l’aperçu est à jour.').waitFor();
    await plain
      .getByRole('region', { name: 'Aperçu du texte enregistré' })
      .getByText(plainSentence)
      .waitFor();
    await noScript.close();

    // With the script, the rich-text editor: no Markdown to know.
    await page.reload();
    const editor = page.getByRole('textbox', { name: 'Texte du procès-verbal', exact: true });
    await editor.getByText(plainSentence).waitFor();
    assert.equal(await page.getByLabel('Texte du procès-verbal (Markdown)').count(), 0);
    const toolbar = page.getByRole('toolbar', { name: 'Mise en forme du texte' });
    // The caret goes where a click at the end of a block's last line puts it.
    const caretAtEnd = async (block: Locator) => {
      await block.scrollIntoViewIfNeeded();
      const box = await block.boundingBox();
      assert.ok(box, 'the block is shown');
      await page.mouse.click(box.x + box.width - 2, box.y + box.height - 4);
    };
    // A sentence of its own after the « Présences » heading.
    await caretAtEnd(editor.getByRole('heading', { name: 'Présences', exact: true }));
    await page.keyboard.press('Enter');
    await page.keyboard.type(minutesSentence);
    // A cell of the attendance table (the first one), typed in place.
    const cell = editor.getByRole('cell', { name: 'En ligne', exact: true }).first();
    await caretAtEnd(cell.locator('p'));
    await page.keyboard.type(' (visio)');
    // A new table, with a column added, from the toolbar reached by the keyboard.
    await caretAtEnd(editor.getByText(minutesSentence));
    await page.keyboard.press('Enter');
    // One Tab stop for the toolbar, arrow keys inside it.
    const focusedLabel = () => page.evaluate(() => document.activeElement?.textContent?.trim());
    await page.keyboard.press('Alt+F10');
    assert.equal(await focusedLabel(), 'Titre');
    await page.keyboard.press('Escape');
    await waitForFocus(editor);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focusedLabel(), 'Titre');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focusedLabel(), 'Rétablir', 'from the first button to the last');
    await page.keyboard.press('Home');
    for (let press = 0; press < 7; press += 1) await page.keyboard.press('ArrowRight');
    assert.equal(await focusedLabel(), 'Insérer un tableau');
    // A button gives the focus back to the text on the next frame: typing waits for it.
    await page.keyboard.press('Enter');
    await waitForFocus(editor);
    await page.keyboard.type('Buffet');
    await toolbar.getByRole('button', { name: 'Ajouter une colonne' }).click();
    await waitForFocus(editor);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Budget');
    const newTable = editor.getByRole('table').filter({ hasText: 'Buffet' });
    await newTable.getByRole('columnheader', { name: 'Budget' }).waitFor();
    assert.equal(await newTable.getByRole('columnheader').count(), 4, 'a column added');
    // Out of the table, its row and column buttons go: a short toolbar, one line on a phone.
    await caretAtEnd(editor.getByText(minutesSentence));
    assert.equal(await toolbar.getByRole('button', { name: 'Ajouter une colonne' }).count(), 0);
    const toolbarBox = await toolbar.boundingBox();
    assert.ok(toolbarBox && toolbarBox.height < 80, `toolbar ${toolbarBox?.height} px high`);
    // A link from the toolbar's own field (no browser prompt), on the selected sentence.
    await editor.getByText(minutesSentence).click({ clickCount: 3 });
    await toolbar.getByRole('button', { name: 'Lien' }).click();
    const address = page.getByLabel('Adresse du lien');
    await waitForFocus(address);
    await page.keyboard.type('cercle.example/ag-hiver');
    await page.keyboard.press('Enter');
    const link = editor.getByRole('link', { name: minutesSentence });
    assert.equal(await link.getAttribute('href'), 'https://cercle.example/ag-hiver');
    assert.equal(await address.count(), 0, 'the field closes once the link is set');
    await waitForFocus(editor);
    // Opened again on the link, it shows its address; Escape leaves it as it was.
    await toolbar.getByRole('button', { name: 'Lien' }).click();
    await waitForFocus(address);
    assert.equal(await address.inputValue(), 'https://cercle.example/ag-hiver');
    await page.keyboard.press('Escape');
    await waitForFocus(editor);
    assert.equal(await address.count(), 0);
    assert.equal(await link.count(), 1, 'Escape changes nothing');
    // An empty address takes the link off; undo puts it back.
    await toolbar.getByRole('button', { name: 'Lien' }).click();
    await waitForFocus(address);
    await address.fill('');
    await address.press('Enter');
    await link.waitFor({ state: 'detached' });
    await toolbar.getByRole('button', { name: 'Annuler', exact: true }).click();
    await link.waitFor();

    // The preview is the published page's renderer, before anything is saved.
    await page.getByRole('button', { name: 'Voir l’aperçu' }).click();
    const unsaved = page.getByRole('region', { name: 'Aperçu : le texte tel qu’il sera publié' });
    await unsaved.getByRole('link', { name: minutesSentence }).waitFor();
    await unsaved.getByRole('cell', { name: 'En ligne (visio)' }).waitFor();
    await unsaved.getByRole('columnheader', { name: 'Budget' }).waitFor();
    await assertFitsPhone(page);
    assertNone(await seriousViolations(page, 'the rich minutes editor (360 px)'));
    await page.screenshot({ path: artifact('minutes-rich-editor-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le texte est enregistré ; l’aperçu est à jour.').waitFor();
    await preview.getByText(minutesSentence).waitFor();
    await preview.getByRole('cell', { name: 'En ligne (visio)' }).waitFor();
    await preview.getByRole('columnheader', { name: 'Buffet' }).waitFor();
    await page.screenshot({ path: artifact('minutes-draft-360.png'), fullPage: true });

    // When the assembly asks for a second person, the writer is told, not offered the button.
    const admin = await adminSession(kit);
    const secondApproval = (on: boolean) =>
      callApi(admin, 'PATCH', `/api/assemblies/${state.assemblyId}`, {
        settings: { minutesSecondApproval: on },
      });
    await secondApproval(true);
    await page.reload();
    await page.getByText('Vous avez écrit ce texte').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Approuver' }).count(), 0);
    await secondApproval(false);
    await admin.close();
    await page.reload();

    await page.getByRole('button', { name: 'Approuver' }).click();
    await page.getByText('Le procès-verbal est approuvé : il peut être publié.').waitFor();
    await page
      .getByText(/^Approuvé par Hélène Garnier le /)
      .first()
      .waitFor();
    // Saved again untouched from the rich editor: the same text, so it stays approved.
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Le texte est enregistré ; l’aperçu est à jour.').waitFor();
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
    // The published page: the sentence and the cell typed in the rich editor.
    const published = page.getByRole('region', { name: 'Texte', exact: true });
    await published.getByText(minutesSentence).waitFor();
    await published.getByRole('cell', { name: 'En ligne (visio)' }).waitFor();
    // Published: no editor any more, an erratum instead.
    assert.equal(await page.getByRole('textbox', { name: 'Texte du procès-verbal' }).count(), 0);
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
    // Stored as Markdown: the edited row keeps the table's right-aligned counts.
    assert.match(markdown.toString('utf8'), /^\| En ligne \(visio\) +\| \d+ +\| \d+ +\|$/m);
    assert.match(markdown.toString('utf8'), /^\| -+ \| -+: \| -+: \|$/m);
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
