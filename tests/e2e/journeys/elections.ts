/**
 * A board election in a decentralised meeting: « a board of 6 with 2 seats reserved per college
 * and parity, elected by majority judgment in a decentralised meeting with two sites, one of
 * which enters paper counts ». The assembly (two colleges), its members, two antennas' rooms with
 * their secretaries, the live meeting and the check-ins are set up through the API; then, in the
 * browser, the assembly's secretary creates the election, members stand from their phones, the
 * list is published and round 1 opened, two participants at Antenne Lyon vote on their phones
 * (one with the keyboard alone), Antenne Grenoble's secretary enters the paper count, and once
 * the round is closed every page shows the same seats, the candidates passed over and why, and
 * the merit profiles.
 *
 * The ballots, worked by hand. Grades: 0 Excellent, 1 Très bien, 2 Bien, 3 Assez bien,
 * 4 Passable, 5 Insuffisant, 6 À rejeter. Five ballots: Yann's and Sofia's in the app (Lyon),
 * three on paper at Grenoble.
 *
 *   name (college, category)  Yann Sofia  paper (3)   the 5 grades, best first → profile
 *   Nadia Benali  (R, femme)     0    1    0, 0, 1     0 0 0 1 1 → [3,2,0,0,0,0,0]
 *   Bruno Caron   (R, homme)     1    2    1, 1, 2     1 1 1 2 2 → [0,3,2,0,0,0,0]
 *   Rémi Dufour   (R, homme)     2    2    1, 2, 3     1 2 2 2 3 → [0,1,3,1,0,0,0]
 *   Théo Garnier  (R, homme)     2    3    2, 2, 3     2 2 2 3 3 → [0,0,3,2,0,0,0]
 *   Léa Moreau    (R, femme)     3    3    2, 3, 4     2 3 3 3 4 → [0,0,1,3,1,0,0]
 *   Karim Haddad  (C, homme)     4    4    3, 4, 5     3 4 4 4 5 → [0,0,0,1,3,1,0]
 *   Julie Perrin  (C, femme)     4    5    4, 4, 5     4 4 4 5 5 → [0,0,0,0,3,2,0]
 *   Chloé Vidal   (C, femme)     5    5    4, 5, 6     4 5 5 5 6 → [0,0,0,0,1,3,1]
 *
 * Majority grade: the 3rd of the 5 grades sorted best first (⌊5/2⌋ + 1). Nadia Excellent, Bruno
 * Très bien, Rémi Bien, Théo Bien, Léa Assez bien, Karim Passable, Julie Passable, Chloé
 * Insuffisant (not « À rejeter »: electable). Two pairs share a majority grade and are separated
 * by the removal rule, never by lot: one « Bien » removed from each leaves Rémi 1 2 2 3 and Théo
 * 2 2 3 3, whose 3rd of 4 is Bien for Rémi, Assez bien for Théo: Rémi first. Likewise Karim
 * 3 4 4 5 (Passable) before Julie 4 4 5 5 (Insuffisant). The order is therefore
 * Nadia, Bruno, Rémi, Théo, Léa, Karim, Julie, Chloé.
 *
 * Seats (6: 2 reserved for Réseaux, 2 for Citoyens, 2 open; parity: at most ⌈6/2⌉ = 3 of one
 * declared category), down that order:
 *   Nadia  → Réseaux's reserved seat 1                  (femmes 1)
 *   Bruno  → Réseaux's reserved seat 2                  (hommes 1)
 *   Rémi   → Réseaux is full: open seat 1               (hommes 2)
 *   Théo   → open seat 2                                (hommes 3)
 *   Léa    → no Réseaux seat, no open seat left: passed over, « plus de siège », although she
 *            ranks above every Citoyens candidate, whose reserved seats she may not take
 *   Karim  → Citoyens' reserved seat is free, but he would be the 4th homme > 3: passed over for
 *            parity
 *   Julie  → Citoyens' reserved seat 1                  (femmes 2)
 *   Chloé  → Citoyens' reserved seat 2                  (femmes 3); 6 seats taken.
 * Without the reserved seats, Léa (5th) would have sat instead of Chloé (8th): they matter.
 */
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { focusProblems, seriousViolations, tabTo } from '../a11y.ts';
import {
  adminSession,
  artifact,
  assertFitsPhone,
  callApi,
  createAntenna,
  desktop,
  heading,
  invitedMember,
  runId,
  type ScenarioKit,
} from '../kit.ts';
import { checkIn, startedMeeting } from '../setup.ts';

const grades = [
  'Excellent',
  'Très bien',
  'Bien',
  'Assez bien',
  'Passable',
  'Insuffisant',
  'À rejeter',
] as const;

type CollegeKey = 'networks' | 'citizens';
const collegeNames: Record<CollegeKey, string> = { networks: 'Réseaux', citizens: 'Citoyens' };

interface Candidacy {
  key: string;
  name: string;
  college: CollegeKey;
  category: 'femme' | 'homme';
  statement: string;
  /** The grade Yann and Sofia give in the app. */
  yann: number;
  sofia: number;
  /** Grenoble's paper ballots: how many gave each grade, best first. */
  paper: readonly number[];
  /** All five ballots, as the result must show them (worked by hand above). */
  profile: readonly number[];
}

/** In the method's order (see the top of this file). */
const candidacies: readonly Candidacy[] = [
  {
    key: 'nadia',
    name: 'Nadia Benali',
    college: 'networks',
    category: 'femme',
    statement: 'Je porte **la voix des réseaux** au conseil.',
    yann: 0,
    sofia: 1,
    paper: [2, 1, 0, 0, 0, 0, 0],
    profile: [3, 2, 0, 0, 0, 0, 0],
  },
  {
    key: 'bruno',
    name: 'Bruno Caron',
    college: 'networks',
    category: 'homme',
    statement: 'Trésorier sortant, je me représente.',
    yann: 1,
    sofia: 2,
    paper: [0, 2, 1, 0, 0, 0, 0],
    profile: [0, 3, 2, 0, 0, 0, 0],
  },
  {
    key: 'remi',
    name: 'Rémi Dufour',
    college: 'networks',
    category: 'homme',
    statement: 'Pour des monnaies locales dans chaque antenne.',
    yann: 2,
    sofia: 2,
    paper: [0, 1, 1, 1, 0, 0, 0],
    profile: [0, 1, 3, 1, 0, 0, 0],
  },
  {
    key: 'theo',
    name: 'Théo Garnier',
    college: 'networks',
    category: 'homme',
    statement: 'Animer la formation des nouveaux membres.',
    yann: 2,
    sofia: 3,
    paper: [0, 0, 2, 1, 0, 0, 0],
    profile: [0, 0, 3, 2, 0, 0, 0],
  },
  {
    key: 'lea',
    name: 'Léa Moreau',
    college: 'networks',
    category: 'femme',
    statement: 'Relier les antennes rurales.',
    yann: 3,
    sofia: 3,
    paper: [0, 0, 1, 1, 1, 0, 0],
    profile: [0, 0, 1, 3, 1, 0, 0],
  },
  {
    key: 'karim',
    name: 'Karim Haddad',
    college: 'citizens',
    category: 'homme',
    statement: 'Faire entendre les adhérents sans structure.',
    yann: 4,
    sofia: 4,
    paper: [0, 0, 0, 1, 1, 1, 0],
    profile: [0, 0, 0, 1, 3, 1, 0],
  },
  {
    key: 'julie',
    name: 'Julie Perrin',
    college: 'citizens',
    category: 'femme',
    statement: 'Des comptes lisibles par tous.',
    yann: 4,
    sofia: 5,
    paper: [0, 0, 0, 0, 2, 1, 0],
    profile: [0, 0, 0, 0, 3, 2, 0],
  },
  {
    key: 'chloe',
    name: 'Chloé Vidal',
    college: 'citizens',
    category: 'femme',
    statement: 'Candidature reçue par courrier : ouvrir le conseil aux jeunes.',
    yann: 5,
    sofia: 5,
    paper: [0, 0, 0, 0, 1, 1, 1],
    profile: [0, 0, 0, 0, 1, 3, 1],
  },
];
/** Her candidacy came on paper: the secretary enters it. */
const enteredBySecretary = 'chloe';
const majorityGrades = [0, 1, 2, 2, 3, 4, 4, 5];

/** The seats, in the order they were given (see the top of this file). */
const expectedSeats = [
  'Nadia Benali · siège réservé au collège Réseaux',
  'Bruno Caron · siège réservé au collège Réseaux',
  'Rémi Dufour · siège ouvert',
  'Théo Garnier · siège ouvert',
  'Julie Perrin · siège réservé au collège Citoyens',
  'Chloé Vidal · siège réservé au collège Citoyens',
];
const expectedPassedOver = [
  'Léa Moreau : plus de siège : ceux réservés à son collège sont pris et il ne reste aucun siège ouvert',
  'Karim Haddad : parité : sa catégorie déclarée a déjà tous les élu·es que la règle permet',
];
const expectedTieBreaks = [
  'Rémi Dufour devance Théo Garnier, tous deux « Bien » : après le retrait d’un bulletin « Bien » à chacun, Rémi Dufour obtient « Bien » et Théo Garnier « Assez bien ».',
  'Karim Haddad devance Julie Perrin, tous deux « Passable » : après le retrait d’un bulletin « Passable » à chacun, Karim Haddad obtient « Passable » et Julie Perrin « Insuffisant ».',
];

const title = 'Conseil d’administration 2027';
const meetingTitle = 'Assemblée générale de printemps';
/** Pages wait this long for what they show: the machine running the suite may be loaded. */
const patience = 30_000;

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * Opens a page and lets its scripts settle: a field filled or a radio button ticked before the
 * page hydrates is put back by hydration (on a loaded machine the typing can come first).
 */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
}

interface ElectionState {
  assemblyId?: string;
  meetingId?: string;
  electionId?: string;
  secretary?: Page;
  /** Every member's session, by key: candidates' keys, and yann, sofia, hugo, ines. */
  people?: Record<string, BrowserContext>;
  /** One phone page per person who needs one, opened when first used. */
  phones: Record<string, Page>;
}

export function defineElectionJourney(kit: ScenarioKit): void {
  const { test } = kit;
  const state: ElectionState = { phones: {} };
  const ready = () => {
    assert.ok(state.assemblyId && state.secretary && state.people, 'the assembly is set up');
    return { assemblyId: state.assemblyId, secretary: state.secretary, people: state.people };
  };
  const electionId = () => {
    assert.ok(state.electionId, 'the election is created');
    return state.electionId;
  };
  /** The person's phone page (the contexts are phone-sized), on the election page. */
  const phoneOf = async (key: string): Promise<Page> => {
    const { people } = ready();
    let page = state.phones[key];
    if (!page) {
      const context = people[key];
      assert.ok(context, `${key} has a session`);
      page = await context.newPage();
      page.setDefaultTimeout(patience);
      state.phones[key] = page;
    }
    await open(page, `/elections/${electionId()}`);
    assert.equal(await heading(page), title);
    return page;
  };

  test('elections: an assembly with two colleges, two antennas’ rooms with their secretaries, members and a live meeting, through the API', async () => {
    const admin = await adminSession(kit);
    const assemblyId = await createAntenna(admin, {
      name: 'MES Rhône-Alpes',
      code: `RA${runId}`,
    });
    const lyonId = await createAntenna(admin, { name: 'Antenne Lyon', code: `LY${runId}` });
    const grenobleId = await createAntenna(admin, { name: 'Antenne Grenoble', code: `GR${runId}` });
    // Colleges are the national secretariat's to set (an admin), not the assembly's secretary's.
    const { colleges } = await callApi<{ colleges: { id: string; name: string }[] }>(
      admin,
      'PUT',
      `/api/assemblies/${assemblyId}/colleges`,
      {
        colleges: [
          { name: collegeNames.networks, share: 0.5 },
          { name: collegeNames.citizens, share: 0.5 },
        ],
      },
    );
    const collegeId = (key: CollegeKey) => {
      const found = colleges.find((college) => college.name === collegeNames[key])?.id;
      assert.ok(found, `the college ${collegeNames[key]} exists`);
      return found;
    };
    const invite = (
      key: string,
      name: string,
      extra: { role?: 'secretary' | 'member'; collegeId?: string } = {},
    ) =>
      invitedMember(kit, admin, assemblyId, {
        name,
        who: `election.${key}.${runId}`,
        role: 'member',
        ...extra,
      });
    const secretaryContext = await invite('claire', 'Claire Fontaine', { role: 'secretary' });
    const people: Record<string, BrowserContext> = {
      hugo: await invite('hugo', 'Hugo Martin'),
      ines: await invite('ines', 'Inès Roux'),
      yann: await invite('yann', 'Yann Lefebvre', { collegeId: collegeId('networks') }),
      sofia: await invite('sofia', 'Sofia Klein', { collegeId: collegeId('citizens') }),
    };
    for (const candidacy of candidacies) {
      people[candidacy.key] = await invite(candidacy.key, candidacy.name, {
        collegeId: collegeId(candidacy.college),
      });
    }
    await admin.close();

    // A decentralised meeting: online, plus the two antennas' rooms, each with its secretary
    // (a site's secretary is named when the site is added).
    const meeting = await startedMeeting(secretaryContext, assemblyId, {
      title: meetingTitle,
      mode: 'online',
    });
    const userId = async (context: BrowserContext) =>
      (await callApi<{ user: { id: string } }>(context, 'GET', '/api/auth/me')).user.id;
    let sites: { id: string; name: string; checkInCode: string | null }[] = [];
    for (const [name, antennaId, secretary] of [
      ['Antenne Lyon', lyonId, people.hugo],
      ['Antenne Grenoble', grenobleId, people.ines],
    ] as const) {
      assert.ok(secretary);
      const added = await callApi<{ meeting: { sites: typeof sites } }>(
        secretaryContext,
        'POST',
        `/api/meetings/${meeting.id}/sites`,
        { name, antennaId, secretaryId: await userId(secretary) },
      );
      sites = added.meeting.sites;
    }
    const code = (name: string) => {
      const found = sites.find((site) => site.name === name)?.checkInCode;
      assert.ok(found, `the site ${name} has a check-in code`);
      return found;
    };
    const contexts = (...keys: string[]) =>
      keys.map((key) => {
        const context = people[key];
        assert.ok(context, key);
        return context;
      });
    // Lyon: its secretary and the two who vote in the app. Grenoble: its secretary and two
    // candidates, who vote on paper.
    await checkIn(contexts('hugo', 'yann', 'sofia'), meeting.id, code('Antenne Lyon'));
    await checkIn(contexts('ines', 'karim', 'julie'), meeting.id, code('Antenne Grenoble'));

    state.assemblyId = assemblyId;
    state.meetingId = meeting.id;
    state.people = people;
    state.secretary = await secretaryContext.newPage();
    state.secretary.setDefaultTimeout(patience);
    await state.secretary.setViewportSize(desktop);
  });

  test('elections: the secretary creates the board election from the assembly’s elections page', async () => {
    const { assemblyId, secretary } = ready();
    await open(secretary, `/assemblies/${assemblyId}/elections`);
    assert.equal(await heading(secretary), 'Élections · MES Rhône-Alpes');
    await secretary.getByText('Aucune élection pour l’instant.').waitFor();

    const form = secretary.getByRole('region', { name: 'Préparer une élection' });
    await form.getByRole('radio', { name: 'Élection de personnes' }).check();
    await form.getByLabel('Titre', { exact: true }).fill(title);
    await form.getByRole('radio', { name: 'Jugement majoritaire' }).check();
    await form.getByLabel('Sièges à pourvoir').fill('6');
    const reserved = form.getByRole('group', { name: 'Sièges réservés par collège' });
    await reserved.getByLabel('Réseaux').fill('2');
    await reserved.getByLabel('Citoyens').fill('2');
    await form.getByRole('checkbox', { name: 'Parité', exact: true }).check();
    // People are elected by secret ballot unless the secretary says otherwise.
    assert.ok(await form.getByRole('checkbox', { name: 'Vote à bulletin secret' }).isChecked());
    const meetingField = form.getByLabel('Séance (facultative)');
    const option = meetingField.locator('option', { hasText: meetingTitle });
    assert.equal(await option.count(), 1, 'the live meeting is offered');
    await meetingField.selectOption((await option.getAttribute('value')) ?? '');
    await form.getByRole('button', { name: 'Créer l’élection' }).click();

    await secretary.waitForURL(/\/elections\/[^/?]+\?notice=created$/, { timeout: patience });
    state.electionId = new URL(secretary.url()).pathname.split('/').pop();
    assert.equal(await heading(secretary), title);
    await secretary.getByText('L’élection est créée.').waitFor();
    for (const fact of [
      'Jugement majoritaire',
      '6 sièges à pourvoir',
      '2 sièges réservés au collège Réseaux',
      '2 sièges réservés au collège Citoyens',
      '2 sièges ouverts à tous',
      'Oui : au plus 3 élu·es d’une même catégorie déclarée',
      'À bulletin secret',
      `${grades.join(' · ')} (de la meilleure à la moins bonne)`,
    ]) {
      await secretary.getByText(fact, { exact: true }).waitFor();
    }
    await secretary.getByRole('link', { name: meetingTitle }).waitFor();
  });

  test('elections: seven members stand from their phones; the secretary enters a paper candidacy and publishes the list', async () => {
    const { secretary } = ready();
    for (const candidacy of candidacies.filter((one) => one.key !== enteredBySecretary)) {
      const page = await phoneOf(candidacy.key);
      const mine = page.getByRole('region', { name: 'Ma candidature' });
      await mine.getByLabel('Profession de foi (facultative)').fill(candidacy.statement);
      await mine.getByLabel('Catégorie déclarée (facultative)').fill(candidacy.category);
      await mine.getByRole('button', { name: 'Je me porte candidat·e' }).click();
      await mine.getByText('Votre candidature est enregistrée.').waitFor();
      await mine.getByText('Vous êtes candidat·e à cette élection.').waitFor();
      await assertFitsPhone(page);
    }
    // The statement is Markdown, shown as such on the candidate's card.
    const nadiaPage = state.phones.nadia;
    assert.ok(nadiaPage);
    await nadiaPage.reload();
    await nadiaPage.waitForLoadState('networkidle');
    await nadiaPage
      .getByRole('heading', { level: 3, name: 'Nadia Benali' })
      .locator('xpath=..')
      .locator('strong', { hasText: 'la voix des réseaux' })
      .waitFor();
    await nadiaPage.screenshot({ path: artifact('election-candidacy-360.png'), fullPage: true });

    const chloe = candidacies.find((one) => one.key === enteredBySecretary);
    assert.ok(chloe);
    await open(secretary, `/elections/${electionId()}`);
    const manage = secretary.getByRole('region', { name: 'Conduire l’élection' });
    await manage.getByText('Saisir la candidature d’un membre').click();
    // Found by name: an assembly may have thousands of members, the page lists none.
    await manage.getByLabel('Chercher un·e membre').fill(chloe.name);
    await manage.getByRole('status').getByText('1 personne trouvée').waitFor();
    await manage.getByRole('radio', { name: chloe.name }).check();
    await manage.getByLabel('Profession de foi (facultative)').fill(chloe.statement);
    await manage.getByLabel('Catégorie déclarée (facultative)').fill(chloe.category);
    await manage.getByRole('button', { name: 'Enregistrer la candidature' }).click();
    await manage.getByText('La candidature est enregistrée.').waitFor();

    const list = secretary.getByRole('region', { name: 'Candidatures' });
    await list.getByText('8 candidatures · liste provisoire, pas encore publiée').waitFor();
    for (const candidacy of candidacies) {
      const card = list.getByRole('listitem').filter({
        has: secretary.getByRole('heading', { level: 3, name: candidacy.name, exact: true }),
      });
      const said = squash(await card.locator('p.muted').first().innerText());
      const entered =
        candidacy.key === enteredBySecretary ? ' · candidature saisie par Claire Fontaine' : '';
      assert.equal(
        said,
        `Collège : ${collegeNames[candidacy.college]} · catégorie déclarée : ${candidacy.category}${entered}`,
      );
    }

    await manage.getByRole('button', { name: 'Publier la liste' }).click();
    await manage.getByText('La liste est publiée.').waitFor();
    await secretary.getByText('liste publiée', { exact: true }).waitFor();
    await list.getByText('8 candidatures', { exact: true }).waitFor();
  });

  test('elections: the secretary opens round 1 in the meeting, to close it herself', async () => {
    const { secretary } = ready();
    const manage = secretary.getByRole('region', { name: 'Conduire l’élection' });
    // In a meeting, the closing time may stay empty: the secretary closes the round in the room.
    await manage.getByLabel('Clôture automatique (facultative)').waitFor();
    await manage.getByRole('button', { name: 'Ouvrir le tour 1' }).click();
    await manage.getByText('Le tour est ouvert : les membres peuvent voter.').waitFor();
    const vote = secretary.getByRole('region', { name: 'Tour 1 · vote en cours' });
    await vote.getByText('Participation : 0 sur 13 votants inscrits').waitFor();
  });

  test('elections: at Antenne Lyon, two participants grade every candidate on their phones, one with the keyboard alone', async () => {
    // Yann, with the keyboard: Tab into each name's group of grades, arrows to the grade (an
    // arrow checks the radio button it moves to), Space for the first grade, Enter to send.
    const yann = await phoneOf('yann');
    const vote = yann.getByRole('region', { name: 'Tour 1 · vote en cours' });
    const ballot = vote.getByRole('group', { name: 'Votre bulletin' });
    await ballot.waitFor();
    await vote
      .getByText('Vote secret : une fois envoyé, votre bulletin ne peut plus être changé.')
      .waitFor();
    // Every name is a group of radio buttons named by the name (its legend), one per grade.
    const rows = ballot.getByRole('group');
    assert.equal(await rows.count(), candidacies.length);
    const ballotOrder: string[] = [];
    for (let index = 0; index < candidacies.length; index += 1) {
      const row = rows.nth(index);
      const name = squash(await row.locator('legend').innerText());
      ballotOrder.push(name);
      const named = ballot.getByRole('group', { name, exact: true });
      assert.equal(await named.count(), 1, `the group of grades is named « ${name} »`);
      assert.deepEqual(
        await named
          .getByRole('radio')
          .evaluateAll((radios) => radios.map((radio) => radio.parentElement?.textContent?.trim())),
        [...grades],
      );
    }
    assert.deepEqual(
      [...ballotOrder].sort(),
      candidacies.map((one) => one.name).sort(),
      'every candidate is on the ballot once',
    );
    assert.deepEqual(await seriousViolations(yann, 'election ballot'), []);

    const focusIssues: string[] = [];
    const firstRow = ballot.getByRole('group', { name: ballotOrder[0], exact: true });
    await tabTo(yann, firstRow.getByRole('radio').first(), focusIssues, { limit: 80 });
    for (const [index, name] of ballotOrder.entries()) {
      const grade = candidacies.find((one) => one.name === name)?.yann;
      assert.ok(grade !== undefined);
      if (index > 0) await yann.keyboard.press('Tab');
      const focusedIn = await yann.evaluate(() =>
        document.activeElement?.closest('fieldset')?.querySelector('legend')?.textContent?.trim(),
      );
      assert.equal(focusedIn, name, 'Tab goes from one name’s grades to the next name’s');
      if (grade === 0) await yann.keyboard.press('Space');
      for (let step = 0; step < grade; step += 1) await yann.keyboard.press('ArrowRight');
      focusIssues.push(...(await focusProblems(yann)));
      const checked = ballot
        .getByRole('group', { name, exact: true })
        .getByRole('radio', { name: grades[grade], exact: true });
      assert.ok(await checked.isChecked(), `${name}: « ${grades[grade]} » is checked`);
    }
    await tabTo(yann, ballot.getByRole('checkbox', { name: 'Vote blanc' }), focusIssues);
    await tabTo(yann, vote.getByRole('button', { name: 'Envoyer mon bulletin' }), focusIssues);
    assert.deepEqual(focusIssues, []);
    await yann.keyboard.press('Enter');
    await vote.getByText('Votre bulletin est enregistré.').waitFor();
    await assertFitsPhone(yann);

    // Sofia taps her grades.
    const sofia = await phoneOf('sofia');
    const sofiaVote = sofia.getByRole('region', { name: 'Tour 1 · vote en cours' });
    for (const candidacy of candidacies) {
      await sofiaVote
        .getByRole('group', { name: candidacy.name, exact: true })
        .getByRole('radio', { name: grades[candidacy.sofia], exact: true })
        .check();
    }
    await sofia.screenshot({ path: artifact('election-ballot-360.png'), fullPage: true });
    await sofiaVote.getByRole('button', { name: 'Envoyer mon bulletin' }).click();
    await sofiaVote.getByText('Votre bulletin est enregistré.').waitFor();
    await assertFitsPhone(sofia);

    // A secret ballot is in the box for good: back on the page, no form, the words say so.
    await yann.reload();
    await yann.waitForLoadState('networkidle');
    await vote
      .getByText('Votre bulletin secret est dans l’urne ; il ne peut plus être changé.')
      .waitFor();
    assert.equal(await vote.getByRole('button', { name: /bulletin/ }).count(), 0);
    await vote.getByText('Participation : 2 sur 13 votants inscrits').waitFor();
  });

  test('elections: Antenne Grenoble’s secretary enters the paper count from the election page', async () => {
    const ines = await phoneOf('ines');
    const paper = ines.getByRole('region', { name: 'Bulletins papier · tour 1' });
    const site = paper.getByLabel('Lieu');
    // Her own room only: the other site's count is its secretary's.
    assert.deepEqual((await site.locator('option').allInnerTexts()).map(squash), [
      'Antenne Grenoble',
    ]);
    const fill = async (ballots: string) => {
      await paper.getByLabel('Bulletins dans l’urne').fill(ballots);
      await paper.getByLabel('Dont bulletins blancs').fill('0');
      for (const candidacy of candidacies) {
        const row = paper.getByRole('group', { name: candidacy.name, exact: true });
        for (const [index, grade] of grades.entries()) {
          const count = candidacy.paper[index] ?? 0;
          await row.getByLabel(grade, { exact: true }).fill(count ? String(count) : '');
        }
      }
      await paper.getByRole('button', { name: 'Enregistrer le décompte du lieu' }).click();
    };
    // A slip first: more ballots than the three people present in the room.
    await fill('4');
    await paper
      .getByRole('alert')
      .getByText('Il y a plus de voix que de votants présents ou représentés dans ce lieu.')
      .waitFor();
    await fill('3');
    await paper.getByText('Le décompte du lieu « Antenne Grenoble » est enregistré.').waitFor();
    await assertFitsPhone(ines);

    // Karim voted on paper in the room: the app says so, and offers him no ballot.
    const karim = await phoneOf('karim');
    const vote = karim.getByRole('region', { name: 'Tour 1 · vote en cours' });
    await vote.getByText('Le décompte de votre lieu est saisi', { exact: false }).waitFor();
    assert.equal(await vote.getByRole('button', { name: 'Envoyer mon bulletin' }).count(), 0);
    // The three in Grenoble count as having taken part: 2 in the app + 3 on paper.
    await vote.getByText('Participation : 5 sur 13 votants inscrits').waitFor();
  });

  test('elections: the secretary closes the round; every page shows the seats, who was passed over and why, and the merit profiles', async () => {
    const { secretary } = ready();
    await open(secretary, `/elections/${electionId()}`);
    const manage = secretary.getByRole('region', { name: 'Conduire l’élection' });
    await manage.getByRole('button', { name: 'Clore le tour 1' }).click();
    await secretary.getByText('Le tour est clos ; son résultat est affiché.').waitFor();

    const assertResult = async (page: Page, who: string) => {
      await page.getByText('terminée', { exact: true }).first().waitFor();
      const elected = page.getByRole('region', { name: 'Élu·es', exact: true });
      assert.deepEqual(
        (await elected.getByRole('listitem').allInnerTexts()).map(squash),
        expectedSeats,
        `${who}: the seats`,
      );
      const round = page.getByRole('article', { name: 'Tour 1' });
      // Six present (three per room) of the thirteen members; five ballots (2 app + 3 paper).
      await round.getByText('Participation : 6 sur 13 votants inscrits').waitFor();
      await round.getByText('5 bulletins', { exact: false }).first().waitFor();
      assert.deepEqual(
        (
          await round
            .getByRole('heading', { level: 4, name: 'Élu·es à ce tour' })
            .locator('xpath=following-sibling::ul[1]/li')
            .allInnerTexts()
        ).map(squash),
        expectedSeats,
        `${who}: the round's seats`,
      );
      assert.deepEqual(
        (
          await round
            .getByRole('heading', { level: 4, name: 'Non élu·es malgré leur rang' })
            .locator('xpath=following-sibling::ul[1]/li')
            .allInnerTexts()
        ).map(squash),
        expectedPassedOver,
        `${who}: passed over, and why`,
      );
      assert.deepEqual(
        (
          await round
            .getByRole('heading', { level: 4, name: /^Mêmes mentions majoritaires/ })
            .locator('xpath=following-sibling::ul[1]/li')
            .allInnerTexts()
        ).map(squash),
        expectedTieBreaks,
        `${who}: how the same majority grades were separated`,
      );
      assert.equal(await round.getByText(/tirage au sort/).count(), 0, 'nothing drawn by lot');

      // The bars (drawings, hidden from screen readers): one per name in the method's order,
      // each stretch as wide as its share of the 5 ballots (20 % each).
      const bars = await round.locator('.merit-list > li').evaluateAll((items) =>
        items.map((item) => ({
          line: item.querySelector('p')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
          widths: [...item.querySelectorAll('svg rect')].map((rect) =>
            Math.round(Number(rect.getAttribute('width'))),
          ),
        })),
      );
      assert.deepEqual(
        bars,
        candidacies.map((candidacy, index) => ({
          line:
            `${candidacy.name} · mention majoritaire : ${grades[majorityGrades[index] ?? 6]}` +
            (expectedSeats.some((seat) => seat.startsWith(candidacy.name)) ? ' · élu·e' : ''),
          widths: candidacy.profile.filter((count) => count > 0).map((count) => count * 20),
        })),
        `${who}: the merit bars`,
      );
      // The same figures as a table: rank, name, ballots per grade, majority grade.
      const table = round.getByRole('table', { name: /^Tour 1 : mentions reçues par nom/ });
      const tableRows = await table.locator('tbody tr').evaluateAll((trs) =>
        trs.map((tr) => {
          const cells = [...tr.children].map((cell) => cell.textContent?.trim() ?? '');
          return {
            rank: Number(cells[0]),
            name: cells[1],
            profile: cells.slice(2, -1).map((cell) => Number.parseInt(cell, 10)),
            grade: tr.lastElementChild?.querySelector('strong')?.textContent?.trim(),
          };
        }),
      );
      assert.deepEqual(
        tableRows,
        candidacies.map((candidacy, index) => ({
          rank: index + 1,
          name: candidacy.name,
          profile: [...candidacy.profile],
          grade: grades[majorityGrades[index] ?? 6],
        })),
        `${who}: the merit table`,
      );
      await table.getByRole('row', { name: /Suffrages exprimés\s+5/ }).waitFor();
      // Secret: each room's 2 and 3 ballots are under the minimum group of 5, so merged.
      const bySite = round.getByRole('table', { name: /^Tour 1 par lieu/ });
      await bySite.getByRole('rowheader', { name: 'Autres lieux (2, regroupés)' }).waitFor();
    };

    await assertResult(secretary, 'the secretary');
    await secretary.screenshot({ path: artifact('election-result-1280.png'), fullPage: true });
    for (const key of ['yann', 'sofia', 'ines', 'karim']) {
      const page = await phoneOf(key);
      await assertResult(page, key);
      await assertFitsPhone(page);
    }
    const karim = state.phones.karim;
    assert.ok(karim);
    await karim.screenshot({ path: artifact('election-result-360.png'), fullPage: true });
    await open(secretary, `/assemblies/${ready().assemblyId}/elections`);
    await secretary
      .getByRole('row', { name: new RegExp(title) })
      .getByText('terminée')
      .waitFor();

    for (const context of Object.values(ready().people)) await context.close();
    await secretary.context().close();
  });
}
