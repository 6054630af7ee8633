/**
 * "What needs me now" (`GET /api/me/todo`): what waits for each person, theirs only, soonest
 * deadline first, and gone once done.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemblies, compositeSources, congressPhases, motions, newId } from '@cercle/db';
import { congressPhases as congressPhaseNames, type TodoItem } from '@cercle/shared';
import { createTestApp, type TestApp } from '../support/app.ts';
import { assemblyWithPeople, caller, type Person } from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

let t: TestApp;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createTestApp({ backgroundJobs: false });
  call = caller(t.app);
}, 60_000);
afterAll(() => t.close());

const hour = 3_600_000;

async function todoOf(who: Person): Promise<TodoItem[]> {
  const answer = await call(who, 'GET', '/api/me/todo');
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items;
}

const lines = (items: TodoItem[]) => items.map((item) => `${item.kind} ${item.title}`);

async function submit(who: Person, assemblyId: string, title: string) {
  const created = await call(who, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title,
    text: 'Texte.',
    submit: true,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.motion.id as string;
}

async function openPoll(secretary: Person, body: object) {
  const created = await call(secretary, 'POST', '/api/polls', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const opened = await call(secretary, 'POST', `/api/polls/${created.body.poll.id}/open`);
  expect(opened.status).toBe(200);
  return created.body.poll.id as string;
}

const vote = (who: Person, pollId: string, choice: string, extra: object = {}) =>
  call(who, 'POST', `/api/polls/${pollId}/ballots`, {
    choice,
    clientBallotId: randomUUID(),
    ...extra,
  });

describe('what needs me now', () => {
  it('lists polls to answer and meetings coming by deadline, then motions to support; done, they go', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    const [ana, ben, cleo] = voters as [Person, Person, Person];
    const later = await submit(ana, assembly.id, 'Budget participatif');
    const sooner = await submit(ben, assembly.id, 'Charte des antennes');
    const laterPoll = await openPoll(secretary, {
      motionId: later,
      kind: 'vote',
      rule: 'simple',
      closesAt: new Date(Date.now() + 72 * hour).toISOString(),
    });
    const soonerPoll = await openPoll(secretary, {
      motionId: sooner,
      kind: 'vote',
      rule: 'simple',
      closesAt: new Date(Date.now() + 24 * hour).toISOString(),
    });
    const meeting = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
      title: 'Conseil d’hiver',
      mode: 'hybrid',
      startsAt: new Date(Date.now() + 36 * hour).toISOString(),
      endsAt: new Date(Date.now() + 39 * hour).toISOString(),
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const meetingId = meeting.body.meeting.id as string;
    // From now on a motion needs two supporters to be admitted.
    await t.app.db
      .update(assemblies)
      .set({ supportersToAdmit: 2 })
      .where(eq(assemblies.id, assembly.id));
    const toSupport = await submit(ana, assembly.id, 'Fonds de solidarité');

    const cleos = await todoOf(cleo);
    expect(lines(cleos)).toEqual([
      'poll Charte des antennes',
      'meeting Conseil d’hiver',
      'poll Budget participatif',
      'support Fonds de solidarité',
    ]);
    const [first, second, , last] = cleos as [TodoItem, TodoItem, TodoItem, TodoItem];
    expect(first).toMatchObject({
      path: `/motions/${sooner}`,
      assembly: { id: assembly.id, name: assembly.name },
      live: false,
    });
    expect(first.number).toMatch(/^[A-Z0-9]+-\d{4}-\d{3}$/);
    expect(Date.parse(first.due!)).toBeGreaterThan(Date.now() + 23 * hour);
    expect(second).toMatchObject({
      path: `/meetings/${meetingId}`,
      calendarPath: `/api/meetings/${meetingId}/calendar.ics`,
    });
    expect(
      (await t.app.inject({ url: second.calendarPath!, headers: { cookie: cleo.cookie } }))
        .statusCode,
    ).toBe(200);
    expect(last).toMatchObject({ path: `/motions/${toSupport}`, count: 2, due: null });

    // The author is not asked to support their own motion, nor to answer a poll they answered.
    expect((await vote(ana, soonerPoll, 'yes')).status).toBe(201);
    expect(lines(await todoOf(ana))).toEqual([
      'meeting Conseil d’hiver',
      'poll Budget participatif',
    ]);
    // Done, it goes: a ballot, a support.
    expect((await vote(cleo, laterPoll, 'no')).status).toBe(201);
    expect((await call(cleo, 'POST', `/api/motions/${toSupport}/support`)).status).toBe(200);
    expect(lines(await todoOf(cleo))).toEqual([
      'poll Charte des antennes',
      'meeting Conseil d’hiver',
    ]);
    // Ben sees the motion short of one supporter now.
    expect((await todoOf(ben)).find((item) => item.kind === 'support')?.count).toBe(1);
  });

  it('shows nothing of another assembly, and refuses the signed-out', async () => {
    const one = await assemblyWithPeople(t.app, { voters: 1 });
    const other = await assemblyWithPeople(t.app, { voters: 1 });
    const motionId = await submit(one.voters[0]!, one.assembly.id, 'Motion d’ailleurs');
    await openPoll(one.secretary, { motionId, kind: 'vote', rule: 'simple' });
    expect(await todoOf(other.voters[0]!)).toEqual([]);
    expect(await todoOf(other.secretary)).toEqual([]);
    expect((await t.app.inject({ url: '/api/me/todo' })).statusCode).toBe(401);
  });

  it('asks authors to answer objections and invitations to be answered; a secretary, the minutes', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app, { voters: 3 });
    const [author, objector, invited] = voters as [Person, Person, Person];
    const motionId = await submit(author, assembly.id, 'Soutenir les antennes');
    const round = await openPoll(secretary, { motionId, kind: 'consent' });
    await vote(objector, round, 'objection', { reason: 'Pas sans évaluation.' });
    await call(secretary, 'POST', `/api/polls/${round}/close`);
    const answer = (await todoOf(author)).find((item) => item.kind === 'objections');
    expect(answer).toMatchObject({ path: `/motions/${motionId}/objections`, count: 1 });
    // Not the objector's to answer.
    expect((await todoOf(objector)).some((item) => item.kind === 'objections')).toBe(false);

    const draft = await submit(author, assembly.id, 'Deuxième motion');
    expect(
      (await call(author, 'POST', `/api/motions/${draft}/coauthors`, { userId: invited.id }))
        .status,
    ).toBe(201);
    expect(lines(await todoOf(invited))).toContain('coauthorship Deuxième motion');
    await call(invited, 'POST', `/api/motions/${draft}/coauthors/me`, { answer: 'accept' });
    const afterAccepting = await todoOf(invited);
    expect(lines(afterAccepting)).not.toContain('coauthorship Deuxième motion');
    // Co-authoring the second motion does not make the first one's objections theirs.
    expect(afterAccepting.some((item) => item.kind === 'objections')).toBe(false);

    const meeting = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
      title: 'Conseil d’automne',
      mode: 'in_person',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + hour).toISOString(),
    });
    const meetingId = meeting.body.meeting.id as string;
    await call(secretary, 'POST', `/api/meetings/${meetingId}/start`);
    // Under way: first on the list, joined now.
    const live = (await todoOf(author))[0]!;
    expect(live).toMatchObject({ kind: 'meeting', live: true, path: `/meetings/${meetingId}` });
    await call(secretary, 'POST', `/api/meetings/${meetingId}/end`);
    const drafted = await call(secretary, 'POST', `/api/meetings/${meetingId}/minutes`, {});
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const minutesId = drafted.body.minutes.id as string;
    expect((await todoOf(secretary)).find((item) => item.kind === 'minutes_approve')).toMatchObject(
      { path: `/minutes/${minutesId}`, title: 'Conseil d’automne' },
    );
    // Members do not approve minutes.
    expect((await todoOf(author)).some((item) => item.kind.startsWith('minutes'))).toBe(false);
    // When the assembly asks for a second person, its writer is not asked to approve it.
    await t.app.db
      .update(assemblies)
      .set({ minutesSecondApproval: true })
      .where(eq(assemblies.id, assembly.id));
    expect(lines(await todoOf(secretary))).not.toContain('minutes_approve Conseil d’automne');
    await t.app.db
      .update(assemblies)
      .set({ minutesSecondApproval: false })
      .where(eq(assemblies.id, assembly.id));
    await call(secretary, 'POST', `/api/minutes/${minutesId}/approve`);
    expect(lines(await todoOf(secretary))).toContain('minutes_publish Conseil d’automne');
  });

  it('asks an antenna’s secretary for the mandates still to give, and authors for their composite', async () => {
    const antenna = await createAssembly(t.app, { name: 'MES Bretagne' });
    const congress = await createAssembly(t.app, { kind: 'congress', name: 'Congrès 2027' });
    const person = async (name: string, assemblyId: string, role: 'member' | 'secretary') => {
      const user = await createUser(t.app, { name });
      await addMember(t.app, assemblyId, user.id, role);
      return { id: user.id, name, cookie: await signIn(t.app, user.email) } satisfies Person;
    };
    const secretary = await person('Secrétaire Bretagne', antenna.id, 'secretary');
    const member = await person('Membre Bretagne', antenna.id, 'member');
    const now = Date.now();
    const closesAt = new Date(now + 48 * hour);
    await t.app.db.insert(congressPhases).values([
      {
        congressId: congress.id,
        phase: 'antenna_deliberation',
        position: congressPhaseNames.indexOf('antenna_deliberation'),
        opensAt: new Date(now - hour),
        closesAt,
      },
      {
        congressId: congress.id,
        phase: 'compositing',
        position: congressPhaseNames.indexOf('compositing'),
        opensAt: closesAt,
        closesAt: new Date(now + 96 * hour),
      },
    ]);
    const congressMotion = (title: string, authorId: string) => ({
      id: newId(),
      assemblyId: congress.id,
      title,
      status: 'submitted' as const,
      authorId,
      submittedAt: new Date(),
    });
    const [first, second, composite] = [
      congressMotion('Fonds de solidarité', secretary.id),
      congressMotion('Monnaies locales', member.id),
      congressMotion('Fonds et monnaies', secretary.id),
    ];
    await t.app.db.insert(motions).values([first, second, composite]);
    await t.app.db
      .insert(compositeSources)
      .values({ compositeId: composite.id, sourceId: second.id });

    const mandate = (await todoOf(secretary)).find((item) => item.kind === 'mandate');
    expect(mandate).toMatchObject({
      title: 'Congrès 2027',
      assembly: { id: antenna.id, name: 'MES Bretagne' },
      count: 3,
      path: `/congresses/${congress.id}/motions`,
      due: closesAt.toISOString(),
    });
    // A member of the antenna gives no mandate; the author of a merged motion answers it.
    const members = await todoOf(member);
    expect(members.some((item) => item.kind === 'mandate')).toBe(false);
    expect(members.find((item) => item.kind === 'composite')).toMatchObject({
      title: 'Fonds et monnaies',
      path: `/congresses/${congress.id}/motions#response-${second.id}`,
    });
  });
});
