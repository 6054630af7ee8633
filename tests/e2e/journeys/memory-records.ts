/**
 * The federation's memory kept and handed over: a member reads the register of decisions, filters
 * it and takes it away as CSV and ODS; a secretary reads an assembly's audit trail in words,
 * narrows it and downloads it, then keeps it to the secretaries, and a member is refused; a
 * member downloads what Cercle holds about them and erases their account, after which another
 * member reads a pseudonym on their motion; a secretary deletes a poll prepared by mistake, and
 * an opened poll cannot be.
 */
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import {
  assertFitsPhone,
  callApi,
  credentials,
  download,
  fillLogin,
  heading,
  invitedMember,
  newAntenna,
  type ScenarioKit,
} from '../kit.ts';
import { admittedMotion, simpleVote, unanimousYes } from '../setup.ts';

/** A zip's entries in the order they are stored, each with its bytes (inflated if deflated). */
function zipEntries(zip: Buffer): { name: string; method: number; content: Buffer }[] {
  // The end of central directory record: its signature, searched from the end (a comment may follow).
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  assert.ok(end >= 0, 'the file is a zip (it has an end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; method: number; content: Buffer; offset: number }[] = [];
  for (let index = 0; index < count; index += 1) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `central directory entry ${index}`);
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    assert.equal(zip.readUInt32LE(offset), 0x04034b50, `local header of ${name}`);
    const start = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const stored = zip.subarray(start, start + size);
    entries.push({ name, method, offset, content: method === 8 ? inflateRawSync(stored) : stored });
    at += 46 + skip;
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

/** The register's row for the decision whose subject holds `title`. */
function registerRow(page: Page, title: string) {
  return page.getByRole('row').filter({ hasText: title });
}

/** The audit trail's lines, as a reader sees them. */
async function trailLines(page: Page): Promise<string[]> {
  const lines = await page
    .getByRole('region', { name: 'Événements' })
    .getByRole('listitem')
    .allInnerTexts();
  return lines.map((line) => line.replace(/\s+/g, ' ').trim());
}

/**
 * Waits for the page's scripts to settle: a field filled or a choice made before the page
 * hydrates is put back by hydration (on a loaded machine the typing can come first).
 */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
}

async function closeAll(...contexts: BrowserContext[]): Promise<void> {
  for (const context of contexts) await context.close();
}

export function defineMemoryRecordsJourney(kit: ScenarioKit): void {
  const { test, baseUrl } = kit;

  test('memory: a member reads a decided motion in the register, filters it, and takes it away as CSV and ODS', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Registre',
      codeLetter: 'R',
    });
    const secretary = await invitedMember(kit, admin, assemblyId, {
      name: 'Rémi Registre',
      who: `records.remi.${unique}`,
      role: 'secretary',
    });
    const member = await invitedMember(kit, admin, assemblyId, {
      name: 'Léa Lectrice',
      who: `records.lea.${unique}`,
    });
    const adopted = `Jardins partagés ${unique}`;
    const motionId = await admittedMotion(
      secretary,
      assemblyId,
      { title: adopted, text: 'L’antenne ouvre deux jardins partagés.' },
      member,
    );
    await unanimousYes(secretary, await simpleVote(secretary, motionId), [secretary, member]);
    const withdrawn = `Cantine bio ${unique}`;
    const { motion } = await callApi<{ motion: { id: string } }>(
      member,
      'POST',
      `/api/assemblies/${assemblyId}/motions`,
      { title: withdrawn, text: 'La cantine passe au bio.', submit: true },
    );
    await callApi(member, 'POST', `/api/motions/${motion.id}/withdraw`);

    const page = await member.newPage();
    await page.goto('/');
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Décisions' })
      .click();
    await page.waitForURL(`${baseUrl}/decisions`);
    assert.equal(await heading(page), 'Registre des décisions');
    const row = registerRow(page, adopted);
    await row.waitFor();
    const text = (await row.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Adoption/, 'the outcome');
    assert.match(text, /Vote \(majorité simple\)/, 'how it was decided');
    assert.match(text, /Majorité simple : 2 pour sur 2 exprimés/, 'the result in words');
    assert.match(text, /Hors séance/, 'decided outside a meeting');
    assert.match(await registerRow(page, withdrawn).innerText(), /Retrait/);
    await assertFitsPhone(page);

    // Only the adoptions: the withdrawn motion leaves the list, and the exports follow the filter.
    await settled(page);
    await page.getByLabel('Issue').selectOption({ label: 'Adoption' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/[?&]outcome=adopted/);
    await page.getByRole('link', { name: 'Effacer les filtres' }).waitFor();
    await registerRow(page, adopted).waitFor();
    assert.equal(await registerRow(page, withdrawn).count(), 0, 'the withdrawn motion is hidden');

    const csv = await download(page, page.getByRole('link', { name: 'Exporter en CSV' }));
    assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a BOM, for spreadsheets');
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    assert.ok(lines[0]?.startsWith('"Date";"Assemblée";'), `French headers: ${lines[0]}`);
    const adoptedLine = lines.find((line) => line.includes(adopted));
    assert.ok(adoptedLine, 'the adopted motion is in the CSV');
    assert.match(adoptedLine, /;"Adoption";/);
    assert.ok(!csv.toString('utf8').includes(withdrawn), 'the CSV follows the filter');

    const ods = await download(
      page,
      page.getByRole('link', { name: 'Exporter en ODS (LibreOffice)' }),
    );
    const entries = zipEntries(ods);
    const [first] = entries;
    assert.equal(first?.name, 'mimetype', 'the mimetype comes first');
    assert.equal(first.method, 0, 'stored uncompressed, as OpenDocument requires');
    assert.equal(first.content.toString('ascii'), 'application/vnd.oasis.opendocument.spreadsheet');
    const content = entries.find((entry) => entry.name === 'content.xml');
    assert.ok(content?.content.toString('utf8').includes(adopted), 'the sheet holds the motion');
    await closeAll(admin, secretary, member);
  });

  test('memory: a secretary reads the audit trail in words, narrows it and downloads it; kept to secretaries, a member is refused', async () => {
    const assemblyName = 'MES Journal';
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: assemblyName,
      codeLetter: 'J',
    });
    const secretary = await invitedMember(kit, admin, assemblyId, {
      name: 'Jeanne Greffière',
      who: `records.jeanne.${unique}`,
      role: 'secretary',
    });
    const authorName = 'Hugo Auteur';
    const author = await invitedMember(kit, admin, assemblyId, {
      name: authorName,
      who: `records.hugo.${unique}`,
    });
    const title = `Vélos en libre-service ${unique}`;
    await callApi(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
      title,
      text: 'L’antenne prête des vélos.',
      submit: true,
    });
    // « n° 9 · 5 décembre 2026 à 18:05 (heure d’Europe centrale, UTC+1) Hugo Auteur a déposé… »
    const submitted = new RegExp(
      `^n° \\d+ · \\d+ \\S+ \\d{4} à \\d\\d:\\d\\d \\([^)]+\\) ${authorName} a déposé la motion « \\S+ — ${title} »$`,
    );

    // The author, a plain member, reads the trail while it is open to every member.
    const memberPage = await author.newPage();
    await memberPage.goto(`/assemblies/${assemblyId}/audit`);
    assert.equal(await heading(memberPage), `Journal d’audit — ${assemblyName}`);
    const seen = await trailLines(memberPage);
    assert.ok(
      seen.some((line) => submitted.test(line)),
      `a member reads the deposit:\n${seen.join('\n')}`,
    );

    const page = await secretary.newPage();
    await page.goto(`/assemblies/${assemblyId}`);
    await page.getByRole('link', { name: 'Lire le journal d’audit' }).click();
    await page.waitForURL(`${baseUrl}/assemblies/${assemblyId}/audit`);
    assert.equal(await heading(page), `Journal d’audit — ${assemblyName}`);
    const verification = page.getByRole('region', { name: 'Vérification' });
    await verification.getByText(/^Journal intact : \d+ événements/).waitFor();
    const all = await trailLines(page);
    assert.ok(
      all.some((line) => submitted.test(line)),
      `the motion’s deposit, told in words:\n${all.join('\n')}`,
    );
    const byAdmin = `a ajouté ${authorName} aux membres`;
    assert.ok(
      all.some((line) => line.includes(byAdmin)),
      'the admin added the author',
    );
    await assertFitsPhone(page);

    // The author's motions alone: what others did leaves the list.
    await settled(page);
    await page.getByLabel('Auteur·ice').selectOption({ label: authorName });
    await page.getByLabel('Sujet').selectOption({ label: 'Motions' });
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await page.waitForURL(/[?&]actorId=/);
    await page.getByRole('link', { name: 'Effacer les filtres' }).waitFor();
    const narrowed = await trailLines(page);
    assert.ok(
      narrowed.some((line) => submitted.test(line)),
      'the deposit is still there',
    );
    assert.ok(narrowed.length < all.length, `${narrowed.length} lines of ${all.length}`);
    assert.ok(
      narrowed.every((line) => line.includes(authorName) && line.includes('motion')),
      `only the author’s motions:\n${narrowed.join('\n')}`,
    );

    const file = await download(
      page,
      page.getByRole('link', { name: 'Télécharger le journal (JSONL)' }),
    );
    const [header, ...events] = file
      .toString('utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(header?.format, 'cercle-audit-chain');
    assert.equal(header.events, events.length, 'the header counts the events that follow');
    assert.ok(
      events.some((event) => event.type === 'motion.submitted'),
      'the deposit is in the file',
    );
    for (const [index, event] of events.entries()) {
      if (index > 0) assert.equal(event.prevHash, events[index - 1]?.hash, 'the chain holds');
    }

    // Kept to the secretaries: the member is refused, and reads no event.
    await page.getByRole('combobox', { name: 'Journal d’audit lisible par' }).selectOption({
      label: 'ses secrétaires seulement',
    });
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Réglage enregistré.').waitFor();
    await memberPage.goto(`/assemblies/${assemblyId}/audit`);
    assert.equal(await heading(memberPage), 'Accès refusé');
    await memberPage.getByText('Vous n’avez pas le droit d’effectuer cette action.').waitFor();
    assert.equal(await memberPage.getByText(title).count(), 0, 'no event is shown');
    const refused = await author.request.get(`/api/assemblies/${assemblyId}/audit/export.jsonl`);
    assert.equal(refused.status(), 403, 'nor downloaded');
    await memberPage.goto(`/assemblies/${assemblyId}`);
    await heading(memberPage);
    assert.equal(
      await memberPage.getByRole('link', { name: 'Lire le journal d’audit' }).count(),
      0,
      'the assembly’s page no longer offers the trail to a member',
    );
    await closeAll(admin, secretary, author);
  });

  test('memory: a member downloads their data, erases their account, cannot sign in again, and their motion shows a pseudonym', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Données',
      codeLetter: 'D',
    });
    const name = 'Inès Partante';
    const who = `records.ines.${unique}`;
    const { email, password } = credentials(who);
    const leaving = await invitedMember(kit, admin, assemblyId, { name, who });
    const witness = await invitedMember(kit, admin, assemblyId, {
      name: 'Omar Témoin',
      who: `records.omar.${unique}`,
    });
    const title = `Fête de quartier ${unique}`;
    const { motion } = await callApi<{ motion: { id: string } }>(
      leaving,
      'POST',
      `/api/assemblies/${assemblyId}/motions`,
      { title, text: 'L’antenne organise une fête de quartier.', submit: true },
    );

    const page = await leaving.newPage();
    await page.goto('/account');
    await page.getByRole('link', { name: 'Mes données : télécharger ou effacer' }).click();
    await page.waitForURL(`${baseUrl}/account/my-data`);
    await settled(page);
    assert.equal(await heading(page), 'Mes données');
    await assertFitsPhone(page);

    const json = JSON.parse(
      (
        await download(page, page.getByRole('link', { name: 'Télécharger le fichier JSON' }))
      ).toString('utf8'),
    ) as { profile: { email: string; name: string }; motions: { authored: { title: string }[] } };
    assert.equal(json.profile.email, email);
    assert.equal(json.profile.name, name);
    assert.ok(
      json.motions.authored.some((authored) => authored.title === title),
      'the motion they wrote',
    );
    const html = (
      await download(page, page.getByRole('link', { name: 'Télécharger la page lisible (HTML)' }))
    ).toString('utf8');
    assert.match(html, /^<!doctype html>/i);
    assert.ok(html.includes(email) && html.includes(title), 'the page names them and the motion');

    // A mistyped address is caught before anything happens.
    const erase = page.getByRole('region', { name: 'Effacer mon compte' });
    await erase.getByLabel('Votre adresse e-mail, pour confirmer').fill(`x${email}`);
    await erase.getByLabel('J’ai compris que l’effacement est définitif.').check();
    await erase.getByRole('button', { name: 'Continuer vers l’effacement' }).click();
    await page
      .getByRole('alert')
      .getByText('Saisissez exactement l’adresse e-mail de votre compte.')
      .waitFor();
    await erase.getByLabel('Votre adresse e-mail, pour confirmer').fill(email);
    await erase.getByLabel('J’ai compris que l’effacement est définitif.').check();
    await erase.getByRole('button', { name: 'Continuer vers l’effacement' }).click();
    await page
      .getByText(`Dernière étape : le compte ${email} va être effacé définitivement.`, {
        exact: false,
      })
      .waitFor();
    await erase.getByLabel('Votre mot de passe').fill(password);
    await erase.getByRole('button', { name: 'Effacer définitivement mon compte' }).click();
    await page.waitForURL(`${baseUrl}/account/erased`);
    assert.equal(await heading(page), 'Votre compte est effacé');
    assert.equal((await page.request.get('/api/auth/me')).status(), 401, 'signed out');

    await page.goto('/login');
    await settled(page);
    await fillLogin(page, { email, password });
    const summary = page.getByRole('alert');
    await summary.waitFor();
    assert.match(await summary.innerText(), /Adresse e-mail ou mot de passe incorrect/);

    const other = await witness.newPage();
    await other.goto(`/motions/${motion.id}`);
    const byline = await other.getByText(/^Proposée par /).innerText();
    assert.match(byline, /^Proposée par Personne effacée [A-Z0-9]{4} · MES Données ·/);
    assert.equal(await other.getByText(name).count(), 0, 'their name is gone from the page');
    await closeAll(admin, leaving, witness);
  });

  test('memory: a secretary deletes a prepared poll and the motion is free again; an opened poll offers no delete', async () => {
    const { admin, assemblyId, unique } = await newAntenna(kit, {
      name: 'MES Scrutins',
      codeLetter: 'Z',
    });
    const secretary = await invitedMember(kit, admin, assemblyId, {
      name: 'Zoé Secrétaire',
      who: `records.zoe.${unique}`,
      role: 'secretary',
    });
    const member = await invitedMember(kit, admin, assemblyId, {
      name: 'Yanis Votant',
      who: `records.yanis.${unique}`,
    });
    const motionId = await admittedMotion(
      secretary,
      assemblyId,
      { title: `Local associatif ${unique}`, text: 'L’antenne loue un local.' },
      member,
    );
    await simpleVote(secretary, motionId);

    const page = await secretary.newPage();
    await page.goto(`/motions/${motionId}`);
    const decision = page.getByRole('region', { name: 'Décision' });
    const prepared = decision.getByRole('article', { name: /^Vote/ });
    await prepared.getByText('préparé', { exact: true }).waitFor();
    assert.equal(
      await page.getByRole('link', { name: 'Mettre en décision' }).count(),
      0,
      'a prepared poll holds the motion',
    );
    await prepared.getByRole('button', { name: /^Supprimer ce scrutin préparé/ }).click();
    await page
      .getByText(
        'Le scrutin préparé est supprimé : la motion peut être soumise à une autre décision.',
      )
      .waitFor();
    await decision.getByText('Aucun scrutin pour l’instant.').waitFor();
    assert.equal(await decision.getByRole('article').count(), 0, 'the poll is gone');

    // Free again: the secretary puts it to a vote, opened at once.
    await page.getByRole('link', { name: 'Mettre en décision' }).first().click();
    await page.waitForURL(`${baseUrl}/motions/${motionId}/polls/new`);
    await settled(page);
    await page.getByLabel('Vote', { exact: true }).check();
    await page.getByLabel('Ouvrir le scrutin tout de suite').check();
    await page.getByRole('button', { name: 'Créer le scrutin' }).click();
    await page.waitForURL(`${baseUrl}/motions/${motionId}?notice=pollOpened`);
    const opened = decision.getByRole('article', { name: /^Vote/ });
    await opened.getByText('ouvert', { exact: true }).waitFor();
    await opened.getByRole('button', { name: /^Clore le scrutin/ }).waitFor();
    assert.equal(
      await page.getByRole('button', { name: /^Supprimer ce scrutin préparé/ }).count(),
      0,
      'an opened poll is part of the record: no delete button',
    );
    const pollId = (await opened.getAttribute('id'))?.replace(/^poll-/, '');
    assert.ok(pollId, 'the card names its poll');
    const refused = await secretary.request.delete(`/api/polls/${pollId}`);
    assert.equal(refused.status(), 409);
    const body = (await refused.json()) as { error?: { code?: string } };
    assert.equal(body.error?.code, 'polls.invalid_state');
    await closeAll(admin, secretary, member);
  });
}
