import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { events } from '@cercle/db';
import { notifyFromEvents } from '@cercle/server';
import type { MeetingDetail, Notification } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;
const hour = 3600_000;

async function eventsOf(assemblyId: string, type: string) {
  const rows = await t.app.db
    .select()
    .from(events)
    .where(and(eq(events.assemblyId, assemblyId), eq(events.type, type)));
  return rows.map((row) => ({ actorId: row.actorId, payload: row.payload }));
}

async function admittedMotion(author: Person, assemblyId: string, title = 'Motion à décider') {
  const motion = await call(author, 'POST', `/api/assemblies/${assemblyId}/motions`, {
    title,
    text: 'Texte.',
    submit: true,
  });
  expect(motion.status, JSON.stringify(motion.body)).toBe(201);
  return motion.body.motion.id as string;
}

const preparePoll = (secretary: Person, motionId: string, meetingId?: string) =>
  call(secretary, 'POST', '/api/polls', {
    motionId,
    kind: 'vote',
    rule: 'simple',
    ...(meetingId ? { meetingId } : {}),
  });

describe('deleting a poll that was never opened', () => {
  it('frees its motion for another decision, and is recorded as an event', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app);
    const motionId = await admittedMotion(voters[0]!, assembly.id);
    const prepared = await preparePoll(secretary, motionId);
    expect(prepared.status).toBe(201);
    const pollId = prepared.body.poll.id as string;
    // While it exists, the motion cannot be put to another decision.
    expect((await preparePoll(secretary, motionId)).body.error.code).toBe('polls.already_running');

    const deleted = await call(secretary, 'DELETE', `/api/polls/${pollId}`);
    expect(deleted.status, JSON.stringify(deleted.body)).toBe(200);
    expect((await call(secretary, 'GET', `/api/polls/${pollId}`)).status).toBe(404);
    expect(await eventsOf(assembly.id, 'poll.deleted')).toEqual([
      { actorId: secretary.id, payload: { pollId, motionId, amendmentId: null } },
    ]);
    expect((await preparePoll(secretary, motionId)).status).toBe(201);
  });

  it('refuses an opened poll, a member, another assembly’s secretary, an unknown poll and no one signed in', async () => {
    const { assembly, secretary, voters } = await assemblyWithPeople(t.app);
    const other = await assemblyWithPeople(t.app);
    const pollId = (await preparePoll(secretary, await admittedMotion(voters[0]!, assembly.id)))
      .body.poll.id as string;

    const byMember = await call(voters[1]!, 'DELETE', `/api/polls/${pollId}`);
    expect(byMember.status).toBe(403);
    const byOutsider = await call(other.secretary, 'DELETE', `/api/polls/${pollId}`);
    expect([403, 404]).toContain(byOutsider.status);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/polls/${pollId}` })).statusCode).toBe(
      401,
    );
    const unknown = await call(secretary, 'DELETE', '/api/polls/nope-0000');
    expect(unknown.status).toBe(404);

    expect((await call(secretary, 'POST', `/api/polls/${pollId}/open`)).status).toBe(200);
    const opened = await call(secretary, 'DELETE', `/api/polls/${pollId}`);
    expect(opened.status).toBe(409);
    expect(opened.body.error.code).toBe('polls.invalid_state');
    await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect((await call(secretary, 'DELETE', `/api/polls/${pollId}`)).status).toBe(409);
    expect((await call(secretary, 'GET', `/api/polls/${pollId}`)).status).toBe(200);
    expect(await eventsOf(assembly.id, 'poll.deleted')).toEqual([]);
  });
});

describe('cancelling a meeting', () => {
  async function scheduledMeeting() {
    const people = await assemblyWithPeople(t.app);
    const antenna = await createAssembly(t.app, { name: 'MES Bretagne' });
    const antennaUser = await createUser(t.app, { name: 'Yann Le Goff' });
    await addMember(t.app, antenna.id, antennaUser.id, 'member');
    const antennaMember: Person = {
      id: antennaUser.id,
      name: 'Yann Le Goff',
      cookie: await signIn(t.app, antennaUser.email),
    };
    const created = await call(
      people.secretary,
      'POST',
      `/api/assemblies/${people.assembly.id}/meetings`,
      {
        title: 'AG de printemps',
        mode: 'hybrid',
        startsAt: new Date(Date.now() + 24 * hour).toISOString(),
        endsAt: new Date(Date.now() + 27 * hour).toISOString(),
        antennaIds: [antenna.id],
      },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { ...people, antennaMember, meeting: created.body.meeting as MeetingDetail };
  }

  it('calls off a scheduled meeting with its reason, frees its prepared polls and tells everyone expected', async () => {
    const { assembly, secretary, voters, meeting, antennaMember } = await scheduledMeeting();
    const motionId = await admittedMotion(voters[0]!, assembly.id);
    const prepared = await preparePoll(secretary, motionId, meeting.id);
    expect(prepared.status, JSON.stringify(prepared.body)).toBe(201);

    const cancelled = await call(secretary, 'POST', `/api/meetings/${meeting.id}/cancel`, {
      reason: 'La salle n’est plus disponible',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.meeting).toMatchObject({
      status: 'cancelled',
      cancelReason: 'La salle n’est plus disponible',
    });
    expect(cancelled.body.meeting.cancelledAt).toEqual(expect.any(String));
    expect(await eventsOf(assembly.id, 'meeting.cancelled')).toEqual([
      {
        actorId: secretary.id,
        payload: {
          meetingId: meeting.id,
          title: 'AG de printemps',
          reason: 'La salle n’est plus disponible',
        },
      },
    ]);
    // Its prepared poll is gone with it: the motion can be decided elsewhere.
    expect(await eventsOf(assembly.id, 'poll.deleted')).toEqual([
      expect.objectContaining({ payload: expect.objectContaining({ motionId }) }),
    ]);
    expect((await preparePoll(secretary, motionId)).status).toBe(201);

    await notifyFromEvents(t.app.db, new Date(Date.now() + 10_000));
    const inbox = async (who: Person) =>
      ((await call(who, 'GET', '/api/notifications')).body.notifications as Notification[]).filter(
        (n) => n.type === 'meeting.cancelled',
      );
    for (const who of [voters[0]!, antennaMember]) {
      expect(await inbox(who)).toEqual([
        expect.objectContaining({ meetingId: meeting.id, title: 'AG de printemps' }),
      ]);
    }
    expect(await inbox(secretary)).toEqual([]);

    const ics = await t.app.inject({
      url: `/api/meetings/${meeting.id}/calendar.ics`,
      headers: { cookie: voters[0]!.cookie },
    });
    expect(ics.body).toContain('STATUS:CANCELLED');
  });

  it('refuses a member, a missing reason, a meeting already under way or over, and changes after it', async () => {
    const { secretary, voters, meeting } = await scheduledMeeting();
    const cancel = (who: Person, body: object = { reason: 'Grève des trains' }) =>
      call(who, 'POST', `/api/meetings/${meeting.id}/cancel`, body);

    expect((await cancel(voters[0]!)).status).toBe(403);
    const noReason = await cancel(secretary, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    expect((await cancel(secretary, {})).body.error.field).toBe('reason');

    expect((await cancel(secretary)).status).toBe(200);
    const again = await cancel(secretary);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('meetings.invalid_state');
    expect((await call(secretary, 'POST', `/api/meetings/${meeting.id}/start`)).status).toBe(409);
    const renamed = await call(secretary, 'PATCH', `/api/meetings/${meeting.id}`, {
      title: 'Autre titre',
    });
    expect(renamed.status).toBe(409);
    // Nobody checks in, gives a proxy or adds an item to a meeting that will not take place.
    const site = meeting.sites[0]!;
    for (const [who, method, path, body] of [
      [voters[0]!, 'POST', 'attendance', { code: site.checkInCode }],
      [voters[0]!, 'POST', 'proxies', { holderId: voters[1]!.id }],
      [secretary, 'POST', 'agenda', { kind: 'debate', title: 'Point ajouté' }],
    ] as const) {
      const refused = await call(who, method, `/api/meetings/${meeting.id}/${path}`, body);
      expect(refused.status, path).toBe(409);
      expect(refused.body.error.code, path).toBe('meetings.invalid_state');
    }

    const live = await scheduledMeeting();
    await call(live.secretary, 'POST', `/api/meetings/${live.meeting.id}/start`);
    const underWay = await call(live.secretary, 'POST', `/api/meetings/${live.meeting.id}/cancel`, {
      reason: 'Trop tard',
    });
    expect(underWay.status).toBe(409);
    expect(underWay.body.error.code).toBe('meetings.invalid_state');
  });
});
