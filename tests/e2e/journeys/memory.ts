/**
 * The federation's memory, as members and secretaries meet it: a member finds a motion from the
 * header's search on a phone by a word of its text; its author attaches a PDF without JavaScript
 * and it downloads as that PDF; a secretary cancels a scheduled meeting from its console with a
 * reason, and a member reads why on the meeting's page.
 */
import assert from 'node:assert/strict';
import {
  assertFitsPhone,
  callApi,
  download,
  heading,
  hour,
  invitedMember,
  newAntenna,
  type ScenarioKit,
  smallestPdf,
} from '../kit.ts';

export function defineMemoryJourney(kit: ScenarioKit): void {
  const { test } = kit;

  test('memory: a member finds a motion from the header’s search on a phone, by a word of its text', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Mémoire',
      codeLetter: 'Q',
    });
    const author = await invitedMember(kit, admin, assemblyId, {
      name: 'Nadia Ressource',
      who: `memory.nadia.${unique}`,
    });
    const reader = await invitedMember(kit, admin, assemblyId, {
      name: 'Paul Lecteur',
      who: `memory.paul.${unique}`,
    });
    const title = `Réemploi solidaire ${unique}`;
    const { motion } = await callApi<{ motion: { id: string } }>(
      author,
      'POST',
      `/api/assemblies/${assemblyId}/motions`,
      {
        title,
        text: `Les ressourceries de l’antenne ${unique} collectent les meubles et les remettent en état.`,
        submit: true,
      },
    );

    const page = await reader.newPage();
    await page.goto('/');
    // Settled first: words typed before the page hydrates are put back to the empty field, and
    // Enter on an empty required field goes nowhere (seen on PostgreSQL, a slower first load).
    await page.waitForLoadState('networkidle');
    const field = page.getByRole('searchbox', { name: 'Rechercher dans les textes' });
    // Another form of the word, without its accent's help: the search stems and folds.
    await field.fill(`ressourcerie ${unique}`);
    await field.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    assert.equal(await heading(page), 'Rechercher');
    const result = page.getByRole('link', { name: title });
    await result.waitFor();
    const marked = await page.locator('mark').allInnerTexts();
    assert.ok(
      marked.some((word) => word.toLowerCase().startsWith('ressourcerie')),
      `the word found is marked (${marked.join(', ')})`,
    );
    await assertFitsPhone(page);
    await result.click();
    await page.waitForURL(new RegExp(`/motions/${motion.id}`));
    await admin.close();
    await author.close();
    await reader.close();
  });

  test('memory: an author attaches a PDF without JavaScript; it is listed and downloads as that PDF', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Annexes',
      codeLetter: 'X',
    });
    const author = await invitedMember(kit, admin, assemblyId, {
      name: 'Aline Annexe',
      who: `memory.aline.${unique}`,
      javaScriptEnabled: false,
    });
    const { motion } = await callApi<{ motion: { id: string } }>(
      author,
      'POST',
      `/api/assemblies/${assemblyId}/motions`,
      { title: `Budget annexé ${unique}`, text: 'Le budget est en annexe.', submit: true },
    );
    const page = await author.newPage();
    await page.goto(`/motions/${motion.id}`);
    const files = page.getByRole('region', { name: 'Pièces jointes' });
    await files.getByText('Aucune pièce jointe.').waitFor();
    // A PDF that claims nothing: its name says .pdf, its bytes say PDF.
    await files.getByLabel('Joindre un fichier').setInputFiles({
      name: 'budget-2027.pdf',
      mimeType: 'application/octet-stream',
      buffer: smallestPdf,
    });
    await files.getByRole('button', { name: 'Joindre le fichier' }).click();
    await page.getByText('Le fichier est joint.').waitFor();
    await page.goto(`/motions/${motion.id}`);
    const link = page.getByRole('region', { name: 'Pièces jointes' }).getByRole('link', {
      name: 'budget-2027.pdf',
    });
    const bytes = await download(page, link);
    assert.deepEqual(bytes, smallestPdf, 'the same bytes come back');
    await admin.close();
    await author.close();
  });

  test('memory: a secretary cancels a scheduled meeting with a reason; a member reads why', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Calendrier',
      codeLetter: 'Y',
    });
    const secretary = await invitedMember(kit, admin, assemblyId, {
      name: 'Sofia Secrétaire',
      who: `memory.sofia.${unique}`,
      role: 'secretary',
    });
    const member = await invitedMember(kit, admin, assemblyId, {
      name: 'Marc Membre',
      who: `memory.marc.${unique}`,
    });
    const { meeting } = await callApi<{ meeting: { id: string } }>(
      secretary,
      'POST',
      `/api/assemblies/${assemblyId}/meetings`,
      {
        title: `AG de printemps ${unique}`,
        mode: 'in_person',
        location: 'Salle des fêtes',
        startsAt: new Date(Date.now() + 48 * hour).toISOString(),
        endsAt: new Date(Date.now() + 51 * hour).toISOString(),
      },
    );
    const consolePage = await secretary.newPage();
    await consolePage.goto(`/meetings/${meeting.id}/console`);
    // Settled first: a disclosure opened before hydration is closed again by it.
    await consolePage.waitForLoadState('networkidle');
    await consolePage.locator('summary', { hasText: 'Annuler la séance' }).click();
    const reason = 'La salle est inondée';
    await consolePage.getByLabel('Raison de l’annulation').fill(reason);
    await consolePage.getByRole('button', { name: 'Annuler définitivement la séance' }).click();
    await consolePage.getByText('La séance est annulée : les membres en sont avertis.').waitFor();
    await consolePage.getByTestId('console-read-only').getByText(reason).waitFor();

    const page = await member.newPage();
    await page.goto(`/meetings/${meeting.id}`);
    const notice = page.getByTestId('meeting-cancelled');
    await notice.getByText(reason).waitFor();
    assert.match(await notice.innerText(), /^Séance annulée le /);
    // Nothing to check in to: the room's code form is not offered.
    assert.equal(await page.getByRole('heading', { name: 'Émargement' }).count(), 0);
    await admin.close();
    await secretary.close();
    await member.close();
  });
}
