import { and, asc, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { colleges, events, members, newId } from '@cercle/db';
import type { MeetingSite, SpeakerList } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import type { Person } from '../support/assembly-fixture.ts';
import { meetingWithTwoSites } from '../support/election-meeting.ts';

const t = testAppForThisFile({ backgroundJobs: false });

/**
 * A live meeting with three sites (Montpellier and Rouen, each with a site secretary, and online),
 * a current agenda item, and people checked in: two at Montpellier, two at Rouen, one online.
 */
async function roomWithSpeakers() {
  const setup = await meetingWithTwoSites(t, { voters: 6 });
  const { call, secretary, meetingId, voters } = setup;
  const added = await call(secretary, 'POST', `/api/meetings/${meetingId}/sites`, {
    name: 'En ligne',
    online: true,
  });
  const online: MeetingSite = added.body.meeting.sites.find((site: MeetingSite) => site.online);
  const agenda = await call(secretary, 'POST', `/api/meetings/${meetingId}/agenda`, {
    kind: 'debate',
    title: 'Rapport d’orientation',
    durationMinutes: 30,
  });
  const itemId: string = agenda.body.meeting.agenda[0].id;
  await call(secretary, 'POST', `/api/meetings/${meetingId}/current-item`, { itemId });
  const [montpellier1, montpellier2, rouen1, rouen2, online1] = voters as [
    Person,
    Person,
    Person,
    Person,
    Person,
  ];
  await setup.checkIn(montpellier1, setup.siteA);
  await setup.checkIn(montpellier2, setup.siteA);
  await setup.checkIn(rouen1, setup.siteB);
  await setup.checkIn(rouen2, setup.siteB);
  await setup.checkIn(online1, online);
  const speakersPath = `/api/meetings/${meetingId}/speakers`;
  const ask = (who: Person, body: object = {}) => call(who, 'POST', speakersPath, body);
  const list = async (who: Person = secretary): Promise<SpeakerList> => {
    const response = await call(who, 'GET', speakersPath);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.speakers;
  };
  const give = (requestId?: string) =>
    call(secretary, 'POST', `${speakersPath}/floor`, requestId ? { requestId } : {});
  const queueNames = async () => (await list()).queue.map((entry) => entry.person.name);
  return {
    ...setup,
    online,
    itemId,
    montpellier1,
    montpellier2,
    rouen1,
    rouen2,
    online1,
    speakersPath,
    ask,
    list,
    give,
    queueNames,
  };
}

const speakerEvents = (meetingId: string) =>
  t.app.db
    .select()
    .from(events)
    .where(like(events.type, 'speaker.%'))
    .orderBy(asc(events.seq))
    .then((rows) =>
      rows.filter((row) => (row.payload as { meetingId: string }).meetingId === meetingId),
    );

describe('the list of speakers across sites', () => {
  it('merges requests from every site into one queue, each with its site, in arrival order by default', async () => {
    const room = await roomWithSpeakers();
    expect((await room.ask(room.rouen1)).status).toBe(200);
    expect((await room.ask(room.online1)).status).toBe(200);
    const asked = await room.ask(room.montpellier1);
    expect(asked.status).toBe(200);
    // The answer is the list as it stands: the phone that asked needs no second request.
    const queue = (asked.body.speakers as SpeakerList).queue;
    expect(queue.map((entry) => [entry.person.name, entry.site?.name])).toEqual([
      ['Votant 3', 'Rouen'],
      ['Votant 5', 'En ligne'],
      ['Votant 1', 'Montpellier'],
    ]);
    expect(queue.every((entry) => entry.firstTime && !entry.pointOfOrder)).toBe(true);
    // A participant sees the same list as the secretary.
    expect((await room.list(room.rouen2)).queue.map((entry) => entry.id)).toEqual(
      queue.map((entry) => entry.id),
    );
  });

  it('gives the floor by rotation between sites when the meeting asks for it, and records each turn', async () => {
    const room = await roomWithSpeakers();
    const { call, secretary, meetingId } = room;
    const set = await call(secretary, 'PATCH', `/api/meetings/${meetingId}`, {
      speakingOrder: 'site_rotation',
      speakingSeconds: 120,
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // Montpellier asks three times before anyone else: rotation still alternates the sites.
    await room.ask(room.montpellier1);
    await room.ask(room.montpellier2);
    await room.ask(room.rouen1);
    await room.ask(room.online1);
    expect(await room.queueNames()).toEqual(['Votant 1', 'Votant 3', 'Votant 5', 'Votant 2']);

    const given = await room.give();
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    const afterFirst: SpeakerList = given.body.speakers;
    expect(afterFirst.current?.person.name).toBe('Votant 1');
    expect(afterFirst.current?.site?.name).toBe('Montpellier');
    expect(afterFirst.current?.allottedSeconds).toBe(120);
    // Montpellier was just heard: Rouen, then online, then Montpellier again.
    expect(afterFirst.queue.map((entry) => entry.person.name)).toEqual([
      'Votant 3',
      'Votant 5',
      'Votant 2',
    ]);
    const second: SpeakerList = (await room.give()).body.speakers;
    expect(second.current?.person.name).toBe('Votant 3');
    expect(second.heard.map((entry) => entry.person.name)).toEqual(['Votant 1']);
    expect((await call(secretary, 'POST', `${room.speakersPath}/floor/end`)).status).toBe(200);

    const log = await speakerEvents(meetingId);
    expect(log.map((row) => row.type)).toEqual([
      'speaker.requested',
      'speaker.requested',
      'speaker.requested',
      'speaker.requested',
      'speaker.floor_given',
      'speaker.floor_ended',
      'speaker.floor_given',
      'speaker.floor_ended',
    ]);
    const ended = log.filter((row) => row.type === 'speaker.floor_ended');
    expect(ended.map((row) => row.payload)).toEqual([
      expect.objectContaining({ personId: room.montpellier1.id, siteId: room.siteA.id }),
      expect.objectContaining({ personId: room.rouen1.id, siteId: room.siteB.id }),
    ]);
  });

  it('puts first-time speakers first when the meeting asks for it', async () => {
    const room = await roomWithSpeakers();
    await room.call(room.secretary, 'PATCH', `/api/meetings/${room.meetingId}`, {
      speakingOrder: 'first_time_first',
    });
    await room.ask(room.rouen1);
    await room.give();
    // While one holds the floor, one cannot queue again.
    expect((await room.ask(room.rouen1)).body.error.code).toBe('speakers.already_listed');
    await room.call(room.secretary, 'POST', `${room.speakersPath}/floor/end`);
    await room.ask(room.rouen1);
    await room.ask(room.montpellier1);
    const list = await room.list();
    expect(list.queue.map((entry) => [entry.person.name, entry.firstTime])).toEqual([
      ['Votant 1', true],
      ['Votant 3', false],
    ]);
  });

  it('alternates declared categories, never holding back one who declared none', async () => {
    const room = await roomWithSpeakers();
    const set = await room.call(room.secretary, 'PATCH', `/api/meetings/${room.meetingId}`, {
      speakingOrder: 'category_alternation',
      speakerCategories: ['Femme', 'Homme'],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    await room.ask(room.montpellier1, { category: 'Homme' });
    await room.ask(room.montpellier2, { category: 'Homme' });
    await room.ask(room.rouen1, { category: 'Femme' });
    await room.ask(room.online1);
    expect(await room.queueNames()).toEqual(['Votant 1', 'Votant 3', 'Votant 2', 'Votant 5']);
    const refused = await room.ask(room.rouen2, { category: 'Martien' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'speakers.unknown_category',
      field: 'category',
    });
    // A category stays off the log: it may say something personal.
    const log = await speakerEvents(room.meetingId);
    expect(JSON.stringify(log.map((row) => row.payload))).not.toMatch(/Femme|Homme/);
  });

  it('lets a point of order jump the queue, even once the list is closed', async () => {
    const room = await roomWithSpeakers();
    await room.ask(room.rouen1);
    await room.ask(room.online1);
    const closed = await room.call(room.secretary, 'PUT', `${room.speakersPath}/state`, {
      closed: true,
    });
    expect(closed.status).toBe(200);
    expect(closed.body.speakers.closed).toBe(true);
    const late = await room.ask(room.montpellier1);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('speakers.list_closed');
    const point = await room.ask(room.montpellier1, { pointOfOrder: true });
    expect(point.status).toBe(200);
    expect(
      (point.body.speakers as SpeakerList).queue.map((entry) => [
        entry.person.name,
        entry.pointOfOrder,
      ]),
    ).toEqual([
      ['Votant 1', true],
      ['Votant 3', false],
      ['Votant 5', false],
    ]);
    const reopened = await room.call(room.secretary, 'PUT', `${room.speakersPath}/state`, {
      closed: false,
    });
    expect(reopened.body.speakers.closed).toBe(false);
    expect((await room.ask(room.montpellier2)).status).toBe(200);
  });

  it('lets a site secretary add someone without a phone at their own site, and only there', async () => {
    const room = await roomWithSpeakers();
    const helped = await room.person('Sans Téléphone');
    const added = await room.call(room.secretaryOfA, 'POST', room.speakersPath, {
      personId: helped.id,
      siteId: room.siteA.id,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect((added.body.speakers as SpeakerList).queue[0]).toMatchObject({
      person: { name: 'Sans Téléphone' },
      site: { name: 'Montpellier' },
      addedBy: { id: room.secretaryOfA.id },
    });
    const elsewhere = await room.call(room.secretaryOfA, 'POST', room.speakersPath, {
      personId: room.rouen2.id,
      siteId: room.siteB.id,
    });
    expect(elsewhere.status).toBe(403);
    // Nor may a participant put someone else on the list.
    const byMember = await room.ask(room.rouen1, { personId: room.rouen2.id });
    expect(byMember.status).toBe(403);
    // The site secretary may take off the list someone of their site, not of another.
    const request = (added.body.speakers as SpeakerList).queue[0]!;
    await room.ask(room.rouen1);
    const rouenRequest = (await room.list()).queue.find(
      (entry) => entry.person.id === room.rouen1.id,
    )!;
    expect(
      (await room.call(room.secretaryOfA, 'DELETE', `/api/speaker-requests/${rouenRequest.id}`))
        .status,
    ).toBe(403);
    const removed = await room.call(
      room.secretaryOfA,
      'DELETE',
      `/api/speaker-requests/${request.id}`,
    );
    expect(removed.status).toBe(200);
    const log = await speakerEvents(room.meetingId);
    expect(log.find((row) => row.type === 'speaker.withdrawn')?.payload).toMatchObject({
      personId: helped.id,
      removed: true,
    });
  });

  it('refuses what a participant may not do, with a stable code', async () => {
    const room = await roomWithSpeakers();
    const absent = await room.person('Pas Arrivée');
    const notHere = await room.ask(absent);
    expect(notHere.status).toBe(409);
    expect(notHere.body.error.code).toBe('meetings.not_present');
    expect((await room.ask(room.rouen1)).status).toBe(200);
    const twice = await room.ask(room.rouen1);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('speakers.already_listed');
    // Only the meeting's secretary gives the floor, closes the list or takes the floor back.
    expect((await room.call(room.rouen1, 'POST', `${room.speakersPath}/floor`, {})).status).toBe(
      403,
    );
    expect(
      (await room.call(room.secretaryOfA, 'POST', `${room.speakersPath}/floor`, {})).status,
    ).toBe(403);
    expect(
      (await room.call(room.rouen1, 'PUT', `${room.speakersPath}/state`, { closed: true })).status,
    ).toBe(403);
    // One may not withdraw someone else's request.
    const request = (await room.list()).queue[0]!;
    expect(
      (await room.call(room.rouen2, 'DELETE', `/api/speaker-requests/${request.id}`)).status,
    ).toBe(403);
    expect(
      (await room.call(room.rouen1, 'DELETE', `/api/speaker-requests/${request.id}`)).status,
    ).toBe(200);
    const gone = await room.call(room.secretary, 'POST', `${room.speakersPath}/floor`, {
      requestId: request.id,
    });
    expect(gone.status).toBe(409);
    expect(gone.body.error.code).toBe('speakers.not_waiting');
    const empty = await room.give();
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('speakers.queue_empty');
    const nobody = await room.call(room.secretary, 'POST', `${room.speakersPath}/floor/end`);
    expect(nobody.body.error.code).toBe('speakers.nobody_speaking');
    // Someone of another assembly sees nothing of the list.
    const other = await meetingWithTwoSites(t, { voters: 1 });
    expect((await room.call(other.voters[0]!, 'GET', room.speakersPath)).status).toBe(403);
    // Unknown or foreign references are named, never a 500.
    const noRequest = await room.call(room.rouen1, 'DELETE', `/api/speaker-requests/${newId()}`);
    expect(noRequest.status).toBe(404);
    expect(noRequest.body.error.code).toBe('speakers.not_found');
    const foreignSite = await room.call(room.secretary, 'POST', room.speakersPath, {
      personId: room.rouen2.id,
      siteId: other.siteA.id,
    });
    expect(foreignSite.status).toBe(400);
    expect(foreignSite.body.error.field).toBe('siteId');
    const stranger = await room.call(room.secretary, 'POST', room.speakersPath, {
      personId: other.voters[0]!.id,
    });
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.field).toBe('personId');
    const foreignRequest = await room.call(room.secretary, 'POST', `${room.speakersPath}/floor`, {
      requestId: newId(),
    });
    expect(foreignRequest.status).toBe(400);
    expect(foreignRequest.body.error.field).toBe('requestId');
    // An unknown item is named as the field at fault.
    const unknown = await room.ask(room.rouen2, { itemId: newId() });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('itemId');
  });

  it('asks for nothing before the meeting is in session, and takes the floor back when it ends', async () => {
    const scheduled = await meetingWithTwoSites(t, { start: false });
    const early = await scheduled.call(
      scheduled.secretary,
      'POST',
      `/api/meetings/${scheduled.meetingId}/speakers`,
      {},
    );
    expect(early.status).toBe(409);

    const room = await roomWithSpeakers();
    await room.ask(room.online1);
    await room.give();
    const ended = await room.call(room.secretary, 'POST', `/api/meetings/${room.meetingId}/end`);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const list = await room.list();
    expect(list.current).toBeNull();
    expect(list.heard).toEqual([]); // no item is current once the meeting ended
    const log = await speakerEvents(room.meetingId);
    expect(log.at(-1)).toMatchObject({
      type: 'speaker.floor_ended',
      payload: expect.objectContaining({ personId: room.online1.id }),
    });
    expect((await room.ask(room.online1)).status).toBe(409);
  });

  it('counts a speaker’s time for their college in the log', async () => {
    const room = await roomWithSpeakers();
    const collegeId = newId();
    await t.app.db
      .insert(colleges)
      .values({ id: collegeId, assemblyId: room.assembly.id, name: 'Réseaux', share: 1 });
    await t.app.db
      .update(members)
      .set({ collegeId })
      .where(and(eq(members.assemblyId, room.assembly.id), eq(members.userId, room.rouen1.id)));
    await room.ask(room.rouen1);
    await room.give();
    await room.call(room.secretary, 'POST', `${room.speakersPath}/floor/end`);
    const ended = (await speakerEvents(room.meetingId)).find(
      (row) => row.type === 'speaker.floor_ended',
    );
    expect(ended?.payload).toMatchObject({ collegeId, siteId: room.siteB.id, pointOfOrder: false });
    expect((ended?.payload as { seconds: number }).seconds).toBeGreaterThanOrEqual(0);
  });

  it('puts who spoke, where and how long into the minutes drafted from the log', async () => {
    const room = await roomWithSpeakers();
    await room.ask(room.rouen1);
    await room.ask(room.online1, { pointOfOrder: true });
    await room.give();
    await room.give();
    await room.call(room.secretary, 'POST', `/api/meetings/${room.meetingId}/end`);
    const drafted = await room.call(
      room.secretary,
      'POST',
      `/api/meetings/${room.meetingId}/minutes`,
      {},
    );
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const text = (drafted.body.minutes.text as string).replace(/[\u00a0\u202f]/g, ' ');
    // The point of order was heard first; both turns under the item, then the sums.
    expect(text).toMatch(
      /\*\*Intervenants :\*\* Votant 5 \(En ligne, \d+ s, motion d’ordre\) ; Votant 3 \(Rouen, \d+ s\)/,
    );
    const section = text.slice(text.indexOf('## Temps de parole'));
    expect(section).toMatch(/\| Votant 3 +\| +1 \|/);
    expect(section).toMatch(/\| Rouen +\| +1 \|/);
    expect(section).toMatch(/\| En ligne +\| +1 \|/);
  });

  it('lets one request through when the same person asks twice at once', async () => {
    const room = await roomWithSpeakers();
    const answers = await Promise.all([room.ask(room.rouen1), room.ask(room.rouen1)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect((await room.list()).queue).toHaveLength(1);
  });
});
