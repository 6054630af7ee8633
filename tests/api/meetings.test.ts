import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assemblies, colleges, events, members, newId } from '@cercle/db';
import { explainResult, type MeetingDetail } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import { assemblyWithPeople, type Person } from '../support/assembly-fixture.ts';
import { createAssembly } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;

const hour = 3600_000;

async function liveMeeting(options: Parameters<typeof assemblyWithPeople>[1] = {}) {
  const people = await assemblyWithPeople(t.app, options);
  const occitanie = await createAssembly(t.app, { name: 'MES Occitanie' });
  const normandie = await createAssembly(t.app, { name: 'ARDES Normandie' });
  const created = await call(
    people.secretary,
    'POST',
    `/api/assemblies/${people.assembly.id}/meetings`,
    {
      title: 'AG décentralisée de novembre',
      mode: 'hybrid',
      startsAt: new Date(Date.now() + hour).toISOString(),
      endsAt: new Date(Date.now() + 3 * hour).toISOString(),
      antennaIds: [occitanie.id, normandie.id],
    },
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const meeting: MeetingDetail = created.body.meeting;
  await call(people.secretary, 'POST', `/api/meetings/${meeting.id}/start`);
  const site = (name: string) => meeting.sites.find((s) => s.name === name)!;
  return {
    ...people,
    meeting,
    occ: site('MES Occitanie'),
    nor: site('ARDES Normandie'),
    online: meeting.sites.find((s) => s.online)!,
  };
}

const checkIn = (who: Person, meetingId: string, code: string) =>
  call(who, 'POST', `/api/meetings/${meetingId}/attendance`, { code });

describe('meetings', () => {
  it('creates a decentralised meeting with one site per antenna and online, for secretaries only', async () => {
    const { meeting, voters, assembly } = await liveMeeting();
    expect(meeting.sites.map((s) => [s.name, s.online])).toEqual([
      ['ARDES Normandie', false],
      ['En ligne', true],
      ['MES Occitanie', false],
    ]);
    expect(meeting.sites.every((s) => /^[A-Z2-9]{6}$/.test(s.checkInCode!))).toBe(true);
    const asMember = await call(voters[0]!, 'GET', `/api/meetings/${meeting.id}`);
    expect(
      asMember.body.meeting.sites.every(
        (s: { checkInCode: string | null }) => s.checkInCode === null,
      ),
    ).toBe(true);
    const refused = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
      title: 'Séance sauvage',
      mode: 'online',
      startsAt: new Date().toISOString(),
      endsAt: new Date(Date.now() + hour).toISOString(),
    });
    expect(refused.status).toBe(403);
  });

  it('refuses a meeting that ends before it starts, naming the field', async () => {
    const { secretary, assembly } = await assemblyWithPeople(t.app);
    const response = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
      title: 'À l’envers',
      mode: 'online',
      startsAt: new Date(Date.now() + hour).toISOString(),
      endsAt: new Date().toISOString(),
    });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('endsAt');
  });

  it('keeps an ordered agenda with planned times and records the time actually spent', async () => {
    const { meeting, secretary } = await liveMeeting();
    for (const [title, durationMinutes] of [
      ['Accueil', 10],
      ['Rapport moral', 30],
      ['Motions', 45],
    ] as const) {
      await call(secretary, 'POST', `/api/meetings/${meeting.id}/agenda`, {
        kind: 'debate',
        title,
        durationMinutes,
      });
    }
    let agenda = (await call(secretary, 'GET', `/api/meetings/${meeting.id}/agenda`)).body.meeting
      .agenda;
    const motions = agenda.find((item: { title: string }) => item.title === 'Motions');
    const moved = await call(secretary, 'PATCH', `/api/agenda-items/${motions.id}`, {
      position: 1,
    });
    agenda = moved.body.meeting.agenda;
    expect(agenda.map((item: { title: string }) => item.title)).toEqual([
      'Motions',
      'Accueil',
      'Rapport moral',
    ]);
    const starts = agenda.map((item: { plannedStart: string }) =>
      new Date(item.plannedStart).getTime(),
    );
    expect(starts[1] - starts[0]).toBe(45 * 60_000);
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, {
      itemId: motions.id,
    });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const next = await call(secretary, 'POST', `/api/meetings/${meeting.id}/current-item`, {
      itemId: agenda[1].id,
    });
    const spent = next.body.meeting.agenda.find(
      (item: { id: string }) => item.id === motions.id,
    ).spentSeconds;
    expect(spent).toBeGreaterThanOrEqual(1);
    expect(next.body.meeting.currentItemId).toBe(agenda[1].id);
    await call(secretary, 'POST', `/api/agenda-items/${motions.id}/notes`, {
      text: 'Débat nourri sur le budget.',
    });
    const notes = await t.app.db
      .select()
      .from(events)
      .where(and(eq(events.assemblyId, meeting.assemblyId), eq(events.type, 'agenda.note_added')));
    expect(notes.map((e) => e.payload)).toEqual([
      expect.objectContaining({ itemId: motions.id, text: 'Débat nourri sur le budget.' }),
    ]);
  });

  it('checks people in by the room code or by a secretary, with live quorum per site', async () => {
    const { meeting, secretary, voters, occ, nor } = await liveMeeting({
      voters: 4,
      settings: { quorum: 0.5 },
    });
    const bad = await checkIn(voters[0]!, meeting.id, 'NOPE42');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('meetings.bad_code');
    await checkIn(voters[0]!, meeting.id, occ.checkInCode!.toLowerCase());
    const byHand = await call(secretary, 'POST', `/api/meetings/${meeting.id}/attendance`, {
      userId: voters[1]!.id,
      siteId: nor.id,
    });
    expect(byHand.body.meeting.quorum).toMatchObject({
      entitled: 5,
      present: 2,
      required: 3,
      reached: false,
    });
    expect(
      (
        await call(voters[2]!, 'POST', `/api/meetings/${meeting.id}/attendance`, {
          userId: voters[3]!.id,
          siteId: nor.id,
        })
      ).status,
    ).toBe(403);
    const third = await checkIn(voters[2]!, meeting.id, nor.checkInCode!);
    expect(third.body.meeting.quorum.reached).toBe(true);
    expect(third.body.meeting.me).toMatchObject({ present: true, siteId: nor.id });
    expect(third.body.meeting.sites.find((s: { id: string }) => s.id === nor.id).present).toBe(2);
    const out = await call(voters[2]!, 'DELETE', `/api/meetings/${meeting.id}/attendance`, {});
    expect(out.body.meeting.quorum.present).toBe(2);
  });

  it('exports the meeting as an iCalendar file', async () => {
    const { meeting, voters } = await liveMeeting();
    const response = await t.app.inject({
      url: `/api/meetings/${meeting.id}/calendar.ics`,
      headers: { cookie: voters[0]!.cookie },
    });
    expect(response.headers['content-type']).toMatch(/^text\/calendar/);
    expect(response.body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(response.body).toContain('SUMMARY:AG décentralisée de novembre');
    expect(response.body).toContain(`UID:${meeting.id}@cercle`);
  });
});

describe('proxies', () => {
  it('caps proxies per holder, forbids chains, and voids a proxy when its grantor arrives', async () => {
    const { meeting, voters, occ } = await liveMeeting({
      voters: 5,
      settings: { maxProxiesPerHolder: 1 },
    });
    const [holder, grantor, second, third] = voters as [Person, Person, Person, Person];
    await checkIn(holder, meeting.id, occ.checkInCode!);
    const given = await call(grantor, 'POST', `/api/meetings/${meeting.id}/proxies`, {
      holderId: holder.id,
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    const capped = await call(second, 'POST', `/api/meetings/${meeting.id}/proxies`, {
      holderId: holder.id,
    });
    expect(capped.status).toBe(409);
    expect(capped.body.error.code).toBe('proxies.cap_reached');
    const chain = await call(third, 'POST', `/api/meetings/${meeting.id}/proxies`, {
      holderId: grantor.id,
    });
    expect(chain.status).toBe(400);
    expect(chain.body.error.code).toBe('proxies.invalid');
    let detail = (await call(holder, 'GET', `/api/meetings/${meeting.id}`)).body.meeting;
    expect(detail.quorum).toMatchObject({ present: 1, represented: 1 });
    expect(detail.me.carrying).toEqual([{ id: grantor.id, name: grantor.name }]);

    await checkIn(grantor, meeting.id, occ.checkInCode!);
    detail = (await call(holder, 'GET', `/api/meetings/${meeting.id}`)).body.meeting;
    expect(detail.quorum).toMatchObject({ present: 2, represented: 0 });
    expect(detail.me.carrying).toEqual([]);
    const list = await call(holder, 'GET', `/api/meetings/${meeting.id}/proxies`);
    expect(list.body.proxies).toEqual([
      expect.objectContaining({ active: false, endReason: 'grantor_present' }),
    ]);
  });
});

describe('live polls', () => {
  async function meetingPoll(options: Parameters<typeof assemblyWithPeople>[1] = {}) {
    const setup = await liveMeeting(options);
    const motion = await call(
      setup.voters[0]!,
      'POST',
      `/api/assemblies/${setup.assembly.id}/motions`,
      {
        title: 'Motion en séance',
        text: 'Texte.',
        submit: true,
      },
    );
    const poll = await call(setup.secretary, 'POST', '/api/polls', {
      motionId: motion.body.motion.id,
      kind: 'vote',
      rule: 'simple',
      meetingId: setup.meeting.id,
    });
    expect(poll.status).toBe(201);
    return { ...setup, pollId: poll.body.poll.id as string };
  }
  const vote = (who: Person, pollId: string, choice: string, extra: object = {}) =>
    call(who, 'POST', `/api/polls/${pollId}/ballots`, {
      choice,
      clientBallotId: randomUUID(),
      ...extra,
    });

  it('opens only with quorum, takes ballots from those present, proxies included', async () => {
    const { meeting, secretary, voters, occ, nor, pollId } = await meetingPoll({
      voters: 4,
      settings: { quorum: 0.5 },
    });
    const early = await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('meetings.no_quorum');
    await checkIn(secretary, meeting.id, occ.checkInCode!);
    await checkIn(voters[0]!, meeting.id, occ.checkInCode!);
    await checkIn(voters[1]!, meeting.id, nor.checkInCode!);
    await call(voters[2]!, 'POST', `/api/meetings/${meeting.id}/proxies`, {
      holderId: voters[0]!.id,
    });
    expect((await call(secretary, 'POST', `/api/polls/${pollId}/open`)).status).toBe(200);

    const absent = await vote(voters[3]!, pollId, 'yes');
    expect(absent.status).toBe(403);
    expect(absent.body.error.code).toBe('meetings.not_present');
    await vote(voters[0]!, pollId, 'yes');
    const byProxy = await vote(voters[0]!, pollId, 'yes', { onBehalfOf: voters[2]!.id });
    expect(byProxy.status).toBe(201);
    const notMine = await vote(voters[1]!, pollId, 'no', { onBehalfOf: voters[3]!.id });
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('ballots.no_proxy');
    await vote(voters[1]!, pollId, 'no');

    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result).toMatchObject({
      outcome: 'adopted',
      totals: { yes: 2, no: 1 },
      bySite: { [occ.id]: { yes: 2 }, [nor.id]: { no: 1 } },
    });
    const carried = closed.body.poll.ballots.find(
      (b: { voter: { id: string } }) => b.voter.id === voters[2]!.id,
    );
    expect(carried.castBy).toEqual({ id: voters[0]!.id, name: voters[0]!.name });
  });

  it('adds a site’s show-of-hands counts, bounded by who is there, and keeps those voters off the app', async () => {
    const { meeting, secretary, voters, occ, nor, pollId } = await meetingPoll({ voters: 4 });
    for (const voter of voters.slice(0, 3)) await checkIn(voter, meeting.id, occ.checkInCode!);
    await checkIn(voters[3]!, meeting.id, nor.checkInCode!);
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    await vote(voters[0]!, pollId, 'yes');
    const tooMany = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
      siteId: occ.id,
      counts: [
        { choice: 'yes', count: 2 },
        { choice: 'no', count: 1 },
      ],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('site_counts.too_many');
    const counted = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
      siteId: occ.id,
      counts: [{ choice: 'no', count: 2 }],
    });
    expect(counted.status).toBe(200);
    const late = await vote(voters[1]!, pollId, 'yes');
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ballots.counted_at_site');
    expect(
      (
        await call(voters[3]!, 'POST', `/api/polls/${pollId}/site-counts`, {
          siteId: nor.id,
          counts: [{ choice: 'yes', count: 1 }],
        })
      ).status,
    ).toBe(403);
    await vote(voters[3]!, pollId, 'yes');
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result).toMatchObject({
      totals: { yes: 2, no: 2 },
      outcome: 'rejected',
      bySite: { [occ.id]: { yes: 1, no: 2 }, [nor.id]: { yes: 1 } },
    });
  });

  it('refuses, once the poll is under way, a voter who left and a proxy taken back', async () => {
    const { meeting, secretary, voters, occ, pollId } = await meetingPoll({ voters: 3 });
    for (const voter of voters) await checkIn(voter, meeting.id, occ.checkInCode!);
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/attendance`, {
      userId: secretary.id,
      siteId: occ.id,
    });
    const out = await call(voters[2]!, 'DELETE', `/api/meetings/${meeting.id}/attendance`);
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    const given = await call(voters[2]!, 'POST', `/api/meetings/${meeting.id}/proxies`, {
      holderId: voters[1]!.id,
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    expect((await vote(voters[0]!, pollId, 'yes')).status).toBe(201);

    // Voter 0 leaves the room and voter 2 takes the proxy back while the poll is open.
    await call(voters[0]!, 'DELETE', `/api/meetings/${meeting.id}/attendance`);
    const left = await vote(voters[0]!, pollId, 'no');
    expect(left.status).toBe(403);
    expect(left.body.error.code).toBe('meetings.not_present');
    const proxyId = given.body.proxies[0].id as string;
    expect((await call(voters[2]!, 'DELETE', `/api/proxies/${proxyId}`)).status).toBe(200);
    const revoked = await vote(voters[1]!, pollId, 'yes', { onBehalfOf: voters[2]!.id });
    expect(revoked.status).toBe(403);
    expect(revoked.body.error).toMatchObject({ code: 'ballots.no_proxy', field: 'onBehalfOf' });
    expect((await vote(voters[1]!, pollId, 'no')).status).toBe(201);

    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.result.totals).toMatchObject({ yes: 1, no: 1 });
  });

  it('counts a person once across sites: voted in the app at one, checked in at another', async () => {
    // The testers' case: 4 people gave 5 answers.
    const { meeting, secretary, voters, occ, nor, pollId } = await meetingPoll({ voters: 3 });
    await checkIn(secretary, meeting.id, nor.checkInCode!);
    await checkIn(voters[0]!, meeting.id, occ.checkInCode!);
    for (const voter of voters.slice(1)) await checkIn(voter, meeting.id, nor.checkInCode!);
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    expect((await vote(voters[0]!, pollId, 'yes')).status).toBe(201);
    // She walks to the other room and checks in there.
    await checkIn(voters[0]!, meeting.id, nor.checkInCode!);
    const fourHands = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
      siteId: nor.id,
      counts: [{ choice: 'no', count: 4 }],
    });
    expect(fourHands.status).toBe(400);
    expect(fourHands.body.error).toMatchObject({ code: 'site_counts.too_many', field: 'counts' });
    const threeHands = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
      siteId: nor.id,
      counts: [{ choice: 'no', count: 3 }],
    });
    expect(threeHands.status).toBe(200);
    // Those under the show of hands are told so, and cannot vote in the app any more,
    // wherever they go.
    const mine = (await call(voters[1]!, 'GET', `/api/polls/${pollId}`)).body.poll.me;
    expect(mine).toMatchObject({ answered: false, countedAtSite: nor.id });
    await checkIn(voters[1]!, meeting.id, occ.checkInCode!);
    const twice = await vote(voters[1]!, pollId, 'yes');
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ballots.counted_at_site');
    expect(
      (
        await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
          siteId: occ.id,
          counts: [{ choice: 'yes', count: 1 }],
        })
      ).body.error.code,
    ).toBe('site_counts.too_many');
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    expect(closed.body.poll.participation).toBe(4);
    expect(closed.body.poll.result.totals).toMatchObject({ yes: 1, no: 3 });
    expect(closed.body.poll.result.basis.participants).toBe(4);
  });

  describe('with college weighting', () => {
    /** Two colleges: the first weighs 80 %, the second 20 %; voters 0–2 and 3–5. */
    async function weightedPoll() {
      const setup = await meetingPoll({ voters: 6 });
      const [heavy, light] = [newId(), newId()];
      await t.app.db.insert(colleges).values([
        { id: heavy, assemblyId: setup.assembly.id, name: 'Structures', share: 0.8 },
        { id: light, assemblyId: setup.assembly.id, name: 'Personnes', share: 0.2 },
      ]);
      for (const [index, voter] of setup.voters.entries()) {
        await t.app.db
          .update(members)
          .set({ collegeId: index < 3 ? heavy : light })
          .where(and(eq(members.assemblyId, setup.assembly.id), eq(members.userId, voter.id)));
      }
      await t.app.db
        .update(assemblies)
        .set({ collegeWeighting: true })
        .where(eq(assemblies.id, setup.assembly.id));
      for (const voter of setup.voters.slice(0, 3))
        await checkIn(voter, setup.meeting.id, setup.occ.checkInCode!);
      for (const voter of setup.voters.slice(3))
        await checkIn(voter, setup.meeting.id, setup.nor.checkInCode!);
      await call(setup.secretary, 'POST', `/api/polls/${setup.pollId}/open`);
      // The light college votes yes in the app.
      for (const voter of setup.voters.slice(3)) await vote(voter, setup.pollId, 'yes');
      return { ...setup, heavy, light };
    }

    it('asks the hand counts of each college, within who is there in it', async () => {
      const { secretary, pollId, occ, heavy, light } = await weightedPoll();
      const noCollege = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: occ.id,
        counts: [{ choice: 'no', count: 3 }],
      });
      expect(noCollege.status).toBe(400);
      expect(noCollege.body.error).toMatchObject({
        code: 'site_counts.college_required',
        field: 'counts.0.collegeId',
      });
      // Nobody of the light college sits at this site.
      const wrongCollege = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: occ.id,
        counts: [{ choice: 'no', count: 1, collegeId: light }],
      });
      expect(wrongCollege.body.error).toMatchObject({
        code: 'site_counts.too_many',
        field: 'counts.0.count',
      });
      const unknown = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: occ.id,
        counts: [{ choice: 'no', count: 1, collegeId: 'no-such-college' }],
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({
        code: 'validation.invalid',
        field: 'counts.0.collegeId',
      });
      const twice = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: occ.id,
        counts: [
          { choice: 'no', count: 1, collegeId: heavy },
          { choice: 'no', count: 1, collegeId: heavy },
        ],
      });
      expect(twice.status).toBe(400);
      expect(twice.body.error).toMatchObject({
        code: 'validation.invalid',
        field: 'counts.1.choice',
      });
      const ok = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
        siteId: occ.id,
        counts: [{ choice: 'no', count: 3, collegeId: heavy }],
      });
      expect(ok.status).toBe(200);
    });

    // [hand counts of the heavy college at its site (yes, no), outcome, weighted yes share]
    const cases: [number, number, string, number][] = [
      [0, 0, 'adopted', 1], // only the light college expressed itself: 100 % yes
      [0, 3, 'rejected', 0.2], // 0.8 × 0 + 0.2 × 1
      [1, 2, 'rejected', 0.8 / 3 + 0.2], // 0.8 × 1/3 + 0.2 × 1 ≈ 46.7 %
      [2, 1, 'adopted', (0.8 * 2) / 3 + 0.2], // ≈ 73.3 %
    ];
    it.each(cases)(
      'decides with the hand counts: %i yes and %i no in the heavy college → %s',
      async (yes, no, outcome, share) => {
        const { secretary, pollId, occ, heavy, meeting } = await weightedPoll();
        if (yes + no) {
          const entered = await call(secretary, 'POST', `/api/polls/${pollId}/site-counts`, {
            siteId: occ.id,
            counts: [
              { choice: 'yes', count: yes, collegeId: heavy },
              { choice: 'no', count: no, collegeId: heavy },
            ],
          });
          expect(entered.status, JSON.stringify(entered.body)).toBe(200);
        }
        const closing = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
        expect(closing.status, JSON.stringify(closing.body)).toBe(200);
        const { result } = closing.body.poll;
        expect(result.outcome).toBe(outcome);
        expect(result.yesShare).toBeCloseTo(share, 9);
        // What is shown is what decided: the totals and the college row hold the hand counts.
        expect(result.totals).toMatchObject({ yes: 3 + yes, no });
        if (yes + no) expect(result.byCollege[heavy]).toMatchObject({ yes, no });
        expect(result.basis).toMatchObject({ weighted: true });
        // And the minutes say it the same way.
        await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
        const minutes = await call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {});
        expect(minutes.body.minutes.text).toContain(
          explainResult(result, 'fr').replace(/\u202f/g, '\u202f'),
        );
      },
    );
  });

  it('never shows a secret poll’s lone voter at a site, in the result, the event or the minutes', async () => {
    const { meeting, secretary, voters, occ, nor } = await meetingPoll({
      voters: 6,
    });
    const motion = await call(voters[0]!, 'POST', `/api/assemblies/${meeting.assemblyId}/motions`, {
      title: 'Vote secret en séance',
      text: 'Texte.',
      submit: true,
    });
    const created = await call(secretary, 'POST', '/api/polls', {
      motionId: motion.body.motion.id,
      kind: 'vote',
      rule: 'simple',
      secret: true,
      meetingId: meeting.id,
    });
    const pollId = created.body.poll.id as string;
    expect(created.body.poll.secrecy).toEqual({ minimumGroup: 5, electorateBelowMinimum: false });
    for (const voter of voters.slice(0, 5)) await checkIn(voter, meeting.id, occ.checkInCode!);
    await checkIn(voters[5]!, meeting.id, nor.checkInCode!);
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    for (const voter of voters.slice(0, 5)) await vote(voter, pollId, 'yes');
    await vote(voters[5]!, pollId, 'no');
    const closed = await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    const result = closed.body.poll.result;
    expect(result.totals).toMatchObject({ yes: 5, no: 1 });
    // The lone voter at Normandie would show with Occitanie's five subtracted: both merge.
    expect(result.bySite).toEqual({});
    expect(result.privacy.otherSites).toEqual({
      groups: 2,
      tally: { yes: 5, no: 1, abstain: 0 },
    });
    const [closing] = await t.app.db
      .select()
      .from(events)
      .where(and(eq(events.assemblyId, meeting.assemblyId), eq(events.type, 'poll.closed')))
      .orderBy(desc(events.seq))
      .limit(1);
    expect((closing!.payload as { bySite: object }).bySite).toEqual({});
    await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
    const minutes = await call(secretary, 'POST', `/api/meetings/${meeting.id}/minutes`, {});
    const text: string = minutes.body.minutes.text;
    expect(text).not.toMatch(/\| ARDES Normandie \| 0 \| 1 \|/);
    expect(text).toContain('| Autres sites regroupés (2) | 5 | 1 | 0 |');
    const exported = await t.app.inject({
      url: `/api/minutes/${minutes.body.minutes.id}/export.md`,
      headers: { cookie: secretary.cookie },
    });
    expect(exported.body).toContain('Autres sites regroupés (2)');
    expect(exported.body).not.toMatch(/\| ARDES Normandie \| 0 \| 1 \|/);
  });

  it('warns the secretary of a secret poll whose whole electorate is below the minimum group', async () => {
    const { secretary, assembly, voters } = await meetingPoll({ voters: 2 });
    const motion = await call(voters[0]!, 'POST', `/api/assemblies/${assembly.id}/motions`, {
      title: 'Petit scrutin secret',
      text: 'Texte.',
      submit: true,
    });
    const created = await call(secretary, 'POST', '/api/polls', {
      motionId: motion.body.motion.id,
      kind: 'vote',
      rule: 'simple',
      secret: true,
    });
    expect(created.body.poll.secrecy).toEqual({ minimumGroup: 5, electorateBelowMinimum: true });
    const opened = await call(secretary, 'POST', `/api/polls/${created.body.poll.id}/open`);
    expect(opened.body.poll.secrecy).toEqual({ minimumGroup: 5, electorateBelowMinimum: true });
  });

  it('does not end a meeting while one of its polls is open', async () => {
    const { meeting, secretary, pollId, occ } = await meetingPoll({ voters: 1 });
    await checkIn(secretary, meeting.id, occ.checkInCode!);
    await call(secretary, 'POST', `/api/polls/${pollId}/open`);
    expect((await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`)).status).toBe(409);
    await call(secretary, 'POST', `/api/polls/${pollId}/close`);
    const ended = await call(secretary, 'POST', `/api/meetings/${meeting.id}/end`);
    expect(ended.body.meeting.status).toBe('ended');
  });
});

describe('calendar feed', () => {
  it('serves my meetings at a secret address that a new request retires', async () => {
    const { meeting, voters } = await liveMeeting();
    const feed = await call(voters[0]!, 'POST', '/api/calendar/feed');
    expect(feed.status).toBe(200);
    const path = new URL(feed.body.url).pathname;
    const ics = await t.app.inject({ url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain(`UID:${meeting.id}@cercle`);
    const outsider = await assemblyWithPeople(t.app);
    const theirs = await call(outsider.voters[0]!, 'POST', '/api/calendar/feed');
    expect((await t.app.inject({ url: new URL(theirs.body.url).pathname })).body).not.toContain(
      meeting.id,
    );
    await call(voters[0]!, 'POST', '/api/calendar/feed');
    expect((await t.app.inject({ url: path })).statusCode).toBe(404);
  });
});

describe('meeting refusals', () => {
  it('keeps running the meeting to its secretaries, and proxies to their grantors', async () => {
    const { meeting, voters, secretary, occ } = await liveMeeting({ voters: 3 });
    const [member, grantor, holder] = voters as [Person, Person, Person];
    const url = `/api/meetings/${meeting.id}`;
    for (const [method, path, body] of [
      ['PATCH', url, { title: 'Renommée' }],
      ['POST', `${url}/end`, undefined],
      ['POST', `${url}/agenda`, { kind: 'debate', title: 'Point ajouté' }],
      ['POST', `${url}/current-item`, { itemId: null }],
      ['POST', `${url}/sites`, { name: 'Salle pirate' }],
      ['POST', `${url}/attendance`, { userId: grantor.id, siteId: occ.id }],
      ['DELETE', `${url}/attendance`, { userId: holder.id }],
    ] as const) {
      const response = await call(member, method, path, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    await checkIn(holder, meeting.id, occ.checkInCode!);
    await call(grantor, 'POST', `${url}/proxies`, { holderId: holder.id });
    const [proxy] = (await call(grantor, 'GET', `${url}/proxies`)).body.proxies;
    expect((await call(member, 'DELETE', `/api/proxies/${proxy.id}`)).status).toBe(403);
    expect((await call(grantor, 'DELETE', `/api/proxies/${proxy.id}`)).status).toBe(200);
    expect((await call(grantor, 'DELETE', `/api/proxies/${proxy.id}`)).status).toBe(409);
    expect((await call(secretary, 'GET', '/api/meetings/unknown')).status).toBe(404);
    const outsider = (await assemblyWithPeople(t.app)).voters[0]!;
    expect((await call(outsider, 'GET', url)).status).toBe(403);
    expect((await t.app.inject({ url })).statusCode).toBe(401);
  });
});
