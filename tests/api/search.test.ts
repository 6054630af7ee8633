import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assemblies,
  meetings,
  minutes,
  motionComments,
  motions,
  newId,
  searchEntries,
} from '@cercle/db';
import type { SearchResponse, SearchResult } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import type { Person } from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

/** People and texts shared by the tests; each test searches words only its own texts hold. */
let antennaA: { id: string };
let antennaB: { id: string };
let english: { id: string };
let alice: Person;
let bob: Person;
let carol: Person;
let dave: Person;
let secretaryA: Person;
let admin: Person;
let budgetMotionId: string;
let commentId: string;

async function person(
  name: string,
  assemblyId: string | null,
  role: 'member' | 'secretary' = 'member',
  isAdmin = false,
) {
  const user = await createUser(t.app, { name, isAdmin });
  if (assemblyId) await addMember(t.app, assemblyId, user.id, role);
  return { id: user.id, name, cookie: await signIn(t.app, user.email) };
}

async function motion(
  author: Person,
  assemblyId: string,
  title: string,
  text: string,
  submit = true,
) {
  const created = await call(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title,
    text,
    submit,
  });
  expect(created.status).toBe(201);
  return created.body.motion.id as string;
}

async function minutesOf(
  assemblyId: string,
  title: string,
  text: string,
  status: 'draft' | 'published',
) {
  const [meeting] = await t.app.db
    .insert(meetings)
    .values({
      id: newId(),
      assemblyId,
      title,
      mode: 'in_person',
      status: 'ended',
      startsAt: new Date(),
      endsAt: new Date(),
      createdBy: admin.id,
    })
    .returning();
  const id = newId();
  await t.app.db.insert(minutes).values({
    id,
    meetingId: meeting!.id,
    assemblyId,
    version: 1,
    status,
    language: 'fr',
    text,
    createdBy: admin.id,
    ...(status === 'published' ? { publishedAt: new Date(), publishedBy: admin.id } : {}),
  });
  return id;
}

async function search(who: Person, query: Record<string, string>) {
  const response = await call(who, 'GET', `/api/search?${new URLSearchParams(query)}`);
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as SearchResponse;
}

const found = (response: SearchResponse) => response.results.map((result) => result.sourceId);
const text = (result: SearchResult) => result.excerpt.map((part) => part.text).join('');

beforeAll(async () => {
  antennaA = await createAssembly(t.app, { name: 'MES Occitanie' });
  antennaB = await createAssembly(t.app, { name: 'ARDES Normandie' });
  english = await createAssembly(t.app, { kind: 'working_group', name: 'International group' });
  await t.app.db.update(assemblies).set({ supportersToAdmit: 0 });
  await t.app.db
    .update(assemblies)
    .set({ minutesVisibility: 'public' })
    .where(eq(assemblies.id, antennaB.id));
  await t.app.db.update(assemblies).set({ language: 'en' }).where(eq(assemblies.id, english.id));
  admin = await person('Admin National', null, 'member', true);
  secretaryA = await person('Léa Garcia', antennaA.id, 'secretary');
  alice = await person('Alice Martin', antennaA.id);
  bob = await person('Bob Durand', antennaA.id);
  carol = await person('Carol Petit', antennaB.id);
  dave = await person('Dave Smith', english.id);

  budgetMotionId = await motion(
    alice,
    antennaA.id,
    'Répartir les budgets des antennes',
    'La fédération prépare une quinconce de mesures pour les campagnes locales.\n\n' +
      "Elle organise aussi l'élection du bureau régional.",
  );
  const comment = await call(bob, 'POST', `/api/motions/${budgetMotionId}/comments`, {
    text: 'Je soutiens, mais attention au calendrier ornithologique des marais.',
  });
  expect(comment.status).toBe(201);
  commentId = comment.body.comment.id;
  const amendment = await call(bob, 'POST', `/api/motions/${budgetMotionId}/amendments`, {
    proposedText: 'La fédération ajoute un volet cyclable à chaque antenne.',
    rationale: 'Les mobilités douces comptent.',
  });
  expect(amendment.status).toBe(201);
  await motion(
    bob,
    antennaA.id,
    'Brouillon sur le pangolin',
    'Un texte secret sur le pangolin.',
    false,
  );
  await motion(alice, antennaA.id, 'Jardins partagés', 'Un texte sur les potagers collectifs.');
  await motion(
    alice,
    antennaA.id,
    'Locaux de la permanence',
    'Nous voulons des locaux plus grands, et peut-être des jardins sur le toit.',
  );
  await motion(
    carol,
    antennaB.id,
    'Une federation sans accents',
    'Le texte parle de la federation.',
  );
  await motion(
    dave,
    english.id,
    'Housing policies',
    'We are running several campaigns on housing.',
  );
  await minutesOf(
    antennaA.id,
    'AG de printemps',
    'Le rapport hydrographique a été présenté.',
    'published',
  );
  await minutesOf(antennaA.id, 'AG d’été', 'Brouillon du PV : le topinambour.', 'draft');
  await minutesOf(
    antennaB.id,
    'AG de Normandie',
    'Le rapport sur les châtaigneraies est adopté.',
    'published',
  );
});

describe('search: what is found', () => {
  it('finds a word only in a motion’s body, with the motion’s page and assembly', async () => {
    const response = await search(alice, { q: 'quinconce' });
    expect(response.total).toBe(1);
    const [result] = response.results;
    expect(result).toMatchObject({
      kind: 'motion',
      sourceId: budgetMotionId,
      title: 'Répartir les budgets des antennes',
      assembly: { id: antennaA.id, name: 'MES Occitanie' },
      motion: { id: budgetMotionId },
      path: `/motions/${budgetMotionId}`,
    });
  });

  it('stems French words and folds accents, both ways', async () => {
    expect(found(await search(alice, { q: 'budget' }))).toContain(budgetMotionId);
    expect(found(await search(alice, { q: 'campagne' }))).toContain(budgetMotionId);
    expect(found(await search(alice, { q: 'élections' }))).toContain(budgetMotionId);
    expect(found(await search(alice, { q: 'election' }))).toContain(budgetMotionId);
    // "fédération" in antenna A's text, "federation" in antenna B's: a carol of B sees both ways.
    expect(found(await search(alice, { q: 'federation' }))).toContain(budgetMotionId);
    const accented = await search(carol, { q: 'fédération', kind: 'motion' });
    expect(accented.results.map((result) => result.title)).toEqual(['Une federation sans accents']);
  });

  it('stems an English assembly’s text in English', async () => {
    const runs = await search(dave, { q: 'run policy' });
    expect(runs.results.map((result) => result.title)).toEqual(['Housing policies']);
  });

  it('finds comments, amendments and minutes, with their pages', async () => {
    const [comment] = (await search(alice, { q: 'ornithologique' })).results;
    expect(comment).toMatchObject({
      kind: 'comment',
      sourceId: commentId,
      motion: { id: budgetMotionId, title: 'Répartir les budgets des antennes' },
      path: `/motions/${budgetMotionId}#comment-${commentId}`,
    });
    const [amendment] = (await search(alice, { q: 'cyclable' })).results;
    expect(amendment).toMatchObject({ kind: 'amendment', motion: { id: budgetMotionId } });
    expect(amendment!.path).toMatch(new RegExp(`^/motions/${budgetMotionId}#amendment-`));
    const [minutesFound] = (await search(alice, { q: 'hydrographique' })).results;
    expect(minutesFound).toMatchObject({ kind: 'minutes', title: 'AG de printemps' });
    expect(minutesFound!.path).toBe(`/minutes/${minutesFound!.sourceId}`);
  });

  it('highlights the matched word in the excerpt, as data, not HTML', async () => {
    const [result] = (await search(alice, { q: 'ornithologiques' })).results;
    expect(result!.excerpt).toContainEqual({ text: 'ornithologique', match: true });
    expect(text(result!)).toBe(
      'Je soutiens, mais attention au calendrier ornithologique des marais.',
    );
  });

  it('ranks a title match above a body-only match', async () => {
    const response = await search(alice, { q: 'jardins' });
    expect(response.results.map((result) => result.title)).toEqual([
      'Jardins partagés',
      'Locaux de la permanence',
    ]);
  });
});

describe('search: who finds what', () => {
  it('keeps antenna A’s motions, comments, amendments and members-only minutes from antenna B', async () => {
    for (const q of ['quinconce', 'ornithologique', 'cyclable', 'hydrographique', 'jardins']) {
      expect((await search(carol, { q })).total, q).toBe(0);
    }
  });

  it('shows public published minutes to everyone signed in', async () => {
    const response = await search(alice, { q: 'châtaigneraie' });
    expect(response.results.map((result) => result.assembly.id)).toEqual([antennaB.id]);
  });

  it('shows draft minutes to the assembly’s secretaries and admins only', async () => {
    expect((await search(alice, { q: 'topinambour' })).total).toBe(0);
    expect((await search(secretaryA, { q: 'topinambour' })).total).toBe(1);
    expect((await search(admin, { q: 'topinambour' })).total).toBe(1);
  });

  it('keeps a draft motion its author’s', async () => {
    expect((await search(alice, { q: 'pangolin' })).total).toBe(0);
    expect((await search(secretaryA, { q: 'pangolin' })).total).toBe(0);
    expect((await search(admin, { q: 'pangolin' })).total).toBe(0);
    expect((await search(bob, { q: 'pangolin' })).total).toBe(1);
  });

  it('lets an admin find every assembly’s texts', async () => {
    const response = await search(admin, { q: 'federation', kind: 'motion' });
    expect(response.results.map((result) => result.assembly.id).sort()).toEqual(
      [antennaA.id, antennaB.id].sort(),
    );
  });
});

describe('search: filters', () => {
  it('by assembly, kind, status and dates', async () => {
    const byAssembly = await search(admin, { q: 'federation', assemblyId: antennaB.id });
    expect(byAssembly.results.map((result) => result.assembly.id)).toEqual([antennaB.id]);

    const byKind = await search(alice, { q: 'fédération', kind: 'amendment' });
    expect(byKind.results.map((result) => result.kind)).toEqual(['amendment']);

    const motionStatus = (await search(alice, { q: 'quinconce' })).results[0]!.status;
    expect((await search(alice, { q: 'quinconce', status: motionStatus })).total).toBe(1);
    expect((await search(alice, { q: 'quinconce', status: 'adopted' })).total).toBe(0);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await search(alice, { q: 'quinconce', from: yesterday, to: tomorrow })).total).toBe(1);
    expect((await search(alice, { q: 'quinconce', from: tomorrow })).total).toBe(0);
    expect((await search(alice, { q: 'quinconce', to: yesterday })).total).toBe(0);
    expect((await search(alice, { q: 'quinconce', from: today, to: today })).total).toBe(1);
  });

  it('pages the results and counts them all', async () => {
    const first = await search(alice, { q: 'jardins', limit: '1' });
    const second = await search(alice, { q: 'jardins', limit: '1', offset: '1' });
    const past = await search(alice, { q: 'jardins', limit: '1', offset: '5' });
    expect([first.total, second.total, past.total]).toEqual([2, 2, 2]);
    expect(first.results[0]!.title).toBe('Jardins partagés');
    expect(second.results[0]!.title).toBe('Locaux de la permanence');
    expect(past.results).toEqual([]);
  });
});

describe('search: refusals', () => {
  it.each([
    ['', 'q'],
    ['q=%20%20', 'q'],
    [`q=${'a'.repeat(201)}`, 'q'],
    ['q=x&kind=poll', 'kind'],
    ['q=x&status=lost', 'status'],
    ['q=x&from=2026-13-01', 'from'],
    ['q=x&from=2026-05-02&to=2026-05-01', 'to'],
    ['q=x&limit=0', 'limit'],
    ['q=x&limit=51', 'limit'],
    ['q=x&offset=-1', 'offset'],
  ])('refuses "%s" naming %s', async (query, field) => {
    const response = await call(alice, 'GET', `/api/search?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'validation.invalid', field });
  });

  it('asks to sign in first', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/search?q=budget' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.unauthenticated');
  });
});

describe('search entries follow the texts', () => {
  it('a new version is found as the motion, the earlier text as an earlier version, once', async () => {
    const id = await motion(
      alice,
      antennaA.id,
      'Tarifs solidaires',
      'Premier texte : la cotisation xylophone.',
    );
    expect(found(await search(alice, { q: 'xylophone' }))).toEqual([id]);
    const edited = await call(alice, 'PATCH', `/api/motions/${id}`, {
      text: 'Second texte : la cotisation saxophone.',
    });
    expect(edited.status).toBe(200);
    expect((await search(alice, { q: 'saxophone' })).results).toMatchObject([
      { kind: 'motion', sourceId: id },
    ]);
    const earlier = await search(alice, { q: 'xylophone' });
    expect(earlier.results).toMatchObject([
      {
        kind: 'motion_version',
        sourceId: `${id}:1`,
        version: 1,
        path: `/motions/${id}/diff?from=1&to=2`,
      },
    ]);
    // In both versions: found once, as the current text.
    expect((await search(alice, { q: 'cotisation' })).results).toMatchObject([
      { kind: 'motion', sourceId: id },
    ]);
    // Asked for earlier versions, they come even where the current text has the words too.
    expect(
      (await search(alice, { q: 'cotisation', kind: 'motion_version' })).results,
    ).toMatchObject([{ kind: 'motion_version', sourceId: `${id}:1` }]);
  });

  it('a motion that holds the words now comes before one where they only stood earlier', async () => {
    const then = await motion(alice, antennaA.id, 'Ateliers vélo', 'Réparer les vélos : ocarina.');
    const edited = await call(alice, 'PATCH', `/api/motions/${then}`, {
      text: 'Réparer les vélos ensemble.',
    });
    expect(edited.status).toBe(200);
    // Written after the edit: the newer text, yet the words that stand now rank first.
    const now = await motion(bob, antennaA.id, 'Fanfare', 'Une ocarina pour chaque antenne.');
    const answer = await search(alice, { q: 'ocarina' });
    expect(answer.total).toBe(2);
    expect(answer.results).toMatchObject([
      { kind: 'motion', sourceId: now },
      { kind: 'motion_version', sourceId: `${then}:1`, motion: { id: then } },
    ]);
    expect(text(answer.results[1]!)).toContain('ocarina');
    // Asked for motions, only the text that holds the words now.
    expect(found(await search(alice, { q: 'ocarina', kind: 'motion' }))).toEqual([now]);
    // Words spread over versions find the motion, shown in its current text.
    const spread = await search(alice, { q: 'ocarina ensemble' });
    expect(spread.results).toMatchObject([{ kind: 'motion', sourceId: then }]);
  });

  it('a status change moves the motion between status filters', async () => {
    const id = await motion(
      alice,
      antennaA.id,
      'Ateliers vélo',
      'Des ateliers de réparation de zeppelins.',
    );
    await t.app.db.update(motions).set({ status: 'adopted' }).where(eq(motions.id, id));
    expect(found(await search(alice, { q: 'zeppelin', status: 'adopted' }))).toEqual([id]);
  });

  it('a deleted comment or motion is no longer found', async () => {
    const id = await motion(
      alice,
      antennaA.id,
      'Motion éphémère',
      'Un texte sur les ornithorynques.',
    );
    const comment = await call(bob, 'POST', `/api/motions/${id}/comments`, {
      text: 'Un commentaire sur le kangourou.',
    });
    expect((await search(alice, { q: 'kangourou' })).total).toBe(1);
    await t.app.db.delete(motionComments).where(eq(motionComments.id, comment.body.comment.id));
    expect((await search(alice, { q: 'kangourou' })).total).toBe(0);
    await t.app.db.delete(motions).where(eq(motions.id, id));
    expect((await search(alice, { q: 'ornithorynques' })).total).toBe(0);
    expect(
      await t.app.db.select().from(searchEntries).where(eq(searchEntries.motionId, id)),
    ).toEqual([]);
  });
});
