/**
 * A participant's live view of a meeting in one call, and the searches that replace the lists of
 * members pages used to carry (issue 19, « pages independent of assembly size »).
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { delegates, meetings, members, newId, users } from '@cercle/db';
import type { MeetingDetail, ParticipantView, PersonSearchResult } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

const hour = 3600_000;

async function liveMeeting() {
  const people = await assemblyWithPeople(t.app, { voters: 4 });
  const created = await call(
    people.secretary,
    'POST',
    `/api/assemblies/${people.assembly.id}/meetings`,
    {
      title: 'AG de printemps',
      mode: 'online',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + 2 * hour).toISOString(),
    },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const meeting: MeetingDetail = created.body.meeting;
  await call(people.secretary, 'POST', `/api/meetings/${meeting.id}/start`);
  const code = meeting.sites[0]!.checkInCode!;
  const checkIn = (who: Person) =>
    call(who, 'POST', `/api/meetings/${meeting.id}/attendance`, { code });
  return { ...people, meeting, checkIn };
}

async function voteOn(secretary: Person, author: Person, assemblyId: string, meetingId: string) {
  const motion = await call(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title: 'Budget participatif',
    text: 'Texte.',
    submit: true,
  });
  const poll = await call(secretary, 'POST', '/api/polls', {
    motionId: motion.body.motion.id,
    kind: 'vote',
    rule: 'simple',
    meetingId,
  });
  const pollId = poll.body.poll.id as string;
  expect((await call(secretary, 'POST', `/api/polls/${pollId}/open`)).status).toBe(200);
  return { motion: motion.body.motion, pollId };
}

const ballot = (who: Person, pollId: string, choice: string, onBehalfOf?: string) =>
  call(who, 'POST', `/api/polls/${pollId}/ballots`, {
    choice,
    clientBallotId: newId(),
    ...(onBehalfOf ? { onBehalfOf } : {}),
  });

describe('the participant view', () => {
  it('answers what the page shows, with the ballots of the people the viewer answers for only', async () => {
    const { assembly, secretary, voters, meeting, checkIn } = await liveMeeting();
    const [ana, bob, cem, dan] = voters as [Person, Person, Person, Person];
    await checkIn(ana);
    await checkIn(bob);
    // Cem, away, gives his vote to Ana; Dan, away too, has given none.
    const given = await call(cem, 'POST', `/api/meetings/${meeting.id}/proxies`, {
      holderId: ana.id,
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const { motion, pollId } = await voteOn(secretary, ana, assembly.id, meeting.id);
    expect((await ballot(ana, pollId, 'yes')).status).toBe(201);
    expect((await ballot(ana, pollId, 'no', cem.id)).status).toBe(201);
    expect((await ballot(bob, pollId, 'abstain')).status).toBe(201);

    const seen = await call(ana, 'GET', `/api/meetings/${meeting.id}/participant-view`);
    expect(seen.status, JSON.stringify(seen.body)).toBe(200);
    const view: ParticipantView = seen.body;
    expect(view.meeting.id).toBe(meeting.id);
    expect(view.meeting.me).toMatchObject({ present: true, carrying: [{ id: cem.id }] });
    expect(view.openPolls.map((poll) => poll.id)).toEqual([pollId]);
    const poll = view.openPolls[0]!;
    expect(poll.participation).toBe(3);
    expect(poll.me).toMatchObject({ entitled: true, answered: true, choice: 'yes' });
    // What Ana's forms show as recorded, and not what Bob answered.
    expect(poll.ballots!.map((entry) => [entry.voter.id, entry.choice]).sort()).toEqual(
      [
        [ana.id, 'yes'],
        [cem.id, 'no'],
      ].sort(),
    );
    expect(view.motionTitles[motion.id]).toMatch(/Budget participatif$/);
    expect(view.lastClosed).toBeNull();
    expect(view.speakers).toMatchObject({ meetingId: meeting.id, itemId: null });
    expect(view.myProxies).toEqual([]);
    // Present: she votes herself, no proxy form.
    expect(view.mayGiveProxy).toBe(false);
    expect(view.minutes).toEqual([]);
    expect(view.attachments).toMatchObject({ attachments: [], canUpload: false });
    expect(view.colleges).toEqual([]);

    const cems = (await call(cem, 'GET', `/api/meetings/${meeting.id}/participant-view`)).body;
    expect(cems.myProxies).toMatchObject([{ holder: { id: ana.id }, active: true }]);
    expect(cems.mayGiveProxy).toBe(false);
    expect(cems.meeting.me.carriedBy).toMatchObject({ id: ana.id });
    const dans = (await call(dan, 'GET', `/api/meetings/${meeting.id}/participant-view`)).body;
    expect(dans.mayGiveProxy).toBe(true);
    expect(dans.openPolls[0].ballots).toEqual([]);

    // Closed, the poll is the last closed one; ended, the meeting shows its minutes.
    expect((await call(secretary, 'POST', `/api/polls/${pollId}/close`)).status).toBe(200);
    expect((await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`)).status).toBe(200);
    const drafted = await call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {});
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const after: ParticipantView = (
      await call(secretary, 'GET', `/api/meetings/${meeting.id}/participant-view`)
    ).body;
    expect(after.openPolls).toEqual([]);
    expect(after.lastClosed).toMatchObject({ id: pollId, status: 'closed' });
    expect(after.lastClosed!.result).not.toBeNull();
    expect(after.speakers).toBeNull();
    expect(after.minutes.map((version) => version.status)).toEqual(['draft']);
    // A draft is for the secretaries; an ended meeting takes no more proxies.
    const danAfter = (await call(dan, 'GET', `/api/meetings/${meeting.id}/participant-view`)).body;
    expect(danAfter.minutes).toEqual([]);
    expect(danAfter.mayGiveProxy).toBe(false);
  });

  it('is for the people who may attend the meeting', async () => {
    const { meeting, voters } = await liveMeeting();
    const url = `/api/meetings/${meeting.id}/participant-view`;
    const stranger = await createUser(t.app, { name: 'Hors Réseau' });
    const outsider: Person = {
      id: stranger.id,
      name: stranger.name,
      cookie: await signIn(t.app, stranger.email),
    };
    const refused = await call(outsider, 'GET', url);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.forbidden');

    // A member of another antenna is a stranger to this one's meetings.
    const elsewhere = await createAssembly(t.app, { name: 'ARDES Normandie' });
    await addMember(t.app, elsewhere.id, stranger.id);
    expect((await call(outsider, 'GET', url)).status).toBe(403);

    const unknown = await call(voters[0]!, 'GET', `/api/meetings/${newId()}/participant-view`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('meetings.not_found');

    const anonymous = await t.app.inject({ method: 'GET', url });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('whom to give a proxy to', () => {
  it('finds members with the voting right by the words of their name, accents aside, never oneself', async () => {
    const { assembly, meeting, voters } = await liveMeeting();
    const [ana] = voters as [Person];
    const named = async (name: string, votingRight = true) => {
      const user = await createUser(t.app, { name, password: null });
      await addMember(t.app, assembly.id, user.id);
      if (!votingRight)
        await t.app.db
          .update(members)
          .set({ votingRight: false })
          .where(eq(members.userId, user.id));
      return user;
    };
    const helene = await named('Hélène Dubœuf');
    await named('Helena Martin');
    await named('Hélène Sans Vote', false);
    const search = (who: Person, q: string) =>
      call(who, 'GET', `/api/meetings/${meeting.id}/proxy-holders?q=${encodeURIComponent(q)}`);

    const found: PersonSearchResult = (await search(ana, 'helene')).body;
    expect(found.people).toEqual([{ id: helene.id, name: 'Hélène Dubœuf' }]);
    // Every word, in any order.
    expect((await search(ana, 'dub HÉL')).body.people).toEqual([found.people[0]]);
    expect((await search(ana, 'hel')).body.people.map((p: { name: string }) => p.name)).toEqual([
      'Helena Martin',
      'Hélène Dubœuf',
    ]);
    // Wildcards are letters like any other.
    expect((await search(ana, '%')).body.people).toEqual([]);
    // Not oneself.
    const votants = (await search(ana, 'votant')).body.people.map((p: { id: string }) => p.id);
    expect(votants).toHaveLength(3);
    expect(votants).not.toContain(ana.id);
  });

  it('answers twenty people at most: one types more to find someone else', async () => {
    const { assembly, meeting, voters } = await liveMeeting();
    const rows = Array.from({ length: 25 }, (_, i) => ({
      id: newId(),
      email: `bulk-${i}-${newId().slice(0, 6)}@example.org`,
      name: `Adhérent ${String(i).padStart(2, '0')}`,
    }));
    await t.app.db.insert(users).values(rows);
    await t.app.db
      .insert(members)
      .values(rows.map((row) => ({ assemblyId: assembly.id, userId: row.id })));
    const url = `/api/meetings/${meeting.id}/proxy-holders`;
    const all = (await call(voters[0]!, 'GET', `${url}?q=adherent`)).body.people;
    expect(all).toHaveLength(20);
    expect(all[0].name).toBe('Adhérent 00');
    expect((await call(voters[0]!, 'GET', `${url}?q=adherent 24`)).body.people).toEqual([
      { id: rows[24]!.id, name: 'Adhérent 24' },
    ]);
    // An empty search lists the first of them, by name.
    expect((await call(voters[0]!, 'GET', url)).body.people).toHaveLength(20);
  });

  it('offers only designated delegates when the meeting accredits', async () => {
    const { meeting, voters, secretary } = await liveMeeting();
    const [ana, bob] = voters as [Person, Person];
    const antenna = await createAssembly(t.app, { name: 'MES Bretagne' });
    await t.app.db
      .update(meetings)
      .set({ accreditationRequired: true })
      .where(eq(meetings.id, meeting.id));
    await t.app.db.insert(delegates).values({
      meetingId: meeting.id,
      userId: bob.id,
      antennaId: antenna.id,
      designatedBy: secretary.id,
    });
    const found = await call(ana, 'GET', `/api/meetings/${meeting.id}/proxy-holders?q=votant`);
    expect(found.body.people).toEqual([{ id: bob.id, name: bob.name }]);
  });

  it('refuses strangers, unknown meetings and over-long searches', async () => {
    const { meeting, voters } = await liveMeeting();
    const stranger = await createUser(t.app, { name: 'Hors Réseau' });
    const outsider: Person = {
      id: stranger.id,
      name: stranger.name,
      cookie: await signIn(t.app, stranger.email),
    };
    const url = `/api/meetings/${meeting.id}/proxy-holders?q=votant`;
    const refused = await call(outsider, 'GET', url);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.forbidden');
    const unknown = await call(voters[0]!, 'GET', `/api/meetings/${newId()}/proxy-holders?q=a`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('meetings.not_found');
    const long = await call(
      voters[0]!,
      'GET',
      `/api/meetings/${meeting.id}/proxy-holders?q=${'a'.repeat(101)}`,
    );
    expect(long.status).toBe(400);
    expect(long.body.error).toMatchObject({ code: 'validation.invalid', field: 'q' });
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });
});

describe('whom a secretary may check in or put on the list of speakers', () => {
  it('finds any member for the meeting’s secretary and a site’s, and refuses the others', async () => {
    const { assembly, meeting, voters, secretary } = await liveMeeting();
    const [ana, bob] = voters as [Person, Person];
    const loic = await createUser(t.app, { name: 'Loïc Sans Téléphone', password: null });
    await addMember(t.app, assembly.id, loic.id);
    // No voting right needed to speak.
    await t.app.db.update(members).set({ votingRight: false }).where(eq(members.userId, loic.id));
    const url = `/api/meetings/${meeting.id}/members?q=loic`;
    const expected = [{ id: loic.id, name: 'Loïc Sans Téléphone' }];
    expect((await call(secretary, 'GET', url)).body.people).toEqual(expected);

    const plain = await call(ana, 'GET', url);
    expect(plain.status).toBe(403);
    expect(plain.body.error.code).toBe('auth.forbidden');

    // Ana runs a room of the meeting: she may add people there.
    const room = await call(secretary, 'POST', `/api/meetings/${meeting.id}/sites`, {
      name: 'Salle de Quimper',
      secretaryId: ana.id,
    });
    expect(room.status, JSON.stringify(room.body)).toBe(200);
    expect((await call(ana, 'GET', url)).body.people).toEqual(expected);
    expect((await call(bob, 'GET', url)).status).toBe(403);

    const unknown = await call(secretary, 'GET', `/api/meetings/${newId()}/members`);
    expect(unknown.status).toBe(404);
    const long = await call(
      secretary,
      'GET',
      `/api/meetings/${meeting.id}/members?q=${'a'.repeat(101)}`,
    );
    expect(long.status).toBe(400);
    expect(long.body.error.field).toBe('q');
  });
});
