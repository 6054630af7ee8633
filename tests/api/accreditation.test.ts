/**
 * Delegates' accreditation (issue 17): quotas by the meeting's secretary, designation by the
 * antennas' secretaries within them, accreditation at a site's desk, and only accredited
 * delegates present counting and voting; with accreditation off, nothing of it changes a vote.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { assemblies, congressMandates, events, members } from '@cercle/db';
import type { MeetingDelegates, MeetingDetail, MeetingSite } from '@cercle/shared';
import { testAppForThisFile } from '../support/app.ts';
import type { Person } from '../support/assembly-fixture.ts';
import { electionOfMeeting } from '../support/election-meeting.ts';
import { addMember, createAssembly, createUser, signIn } from '../support/fixtures.ts';

const t = testAppForThisFile({ backgroundJobs: false });
const { call } = t;
const hour = 3600_000;

/**
 * A national assembly with two antennas under it, Occitanie (A) and Normandie (B). Each antenna
 * has a secretary, who is not a member of the national assembly, and members who also vote in
 * it; the national assembly has its secretary and a member of no antenna (an observer). The
 * meeting has one site per antenna, each run by a site secretary.
 */
async function federation() {
  const national = await createAssembly(t.app, { kind: 'national', name: 'AG nationale' });
  await t.app.db
    .update(assemblies)
    .set({ supportersToAdmit: 0, quorum: 0.5 })
    .where(eq(assemblies.id, national.id));
  const antenna = async (name: string) => {
    const created = await createAssembly(t.app, { kind: 'antenna', name });
    await t.app.db
      .update(assemblies)
      .set({ parentId: national.id })
      .where(eq(assemblies.id, created.id));
    return created;
  };
  const occitanie = await antenna('MES Occitanie');
  const normandie = await antenna('ARDES Normandie');
  const person = async (
    name: string,
    seats: { assemblyId: string; role?: 'member' | 'secretary' }[],
  ): Promise<Person> => {
    const user = await createUser(t.app, { name });
    for (const seat of seats) await addMember(t.app, seat.assemblyId, user.id, seat.role);
    return { id: user.id, name, cookie: await signIn(t.app, user.email) };
  };
  const nat = { assemblyId: national.id };
  const secretary = await person('Claire Martin', [{ assemblyId: national.id, role: 'secretary' }]);
  const secretaryOfA = await person('Sophie Lefebvre', [
    { assemblyId: occitanie.id, role: 'secretary' },
  ]);
  const secretaryOfB = await person('Nadia Benali', [
    { assemblyId: normandie.id, role: 'secretary' },
  ]);
  const a1 = await person('Thomas Leroy', [{ assemblyId: occitanie.id }, nat]);
  const a2 = await person('Julie Moreau', [{ assemblyId: occitanie.id }, nat]);
  const a3 = await person('Nicolas Fournier', [{ assemblyId: occitanie.id }, nat]);
  const b1 = await person('Julien Dupuis', [{ assemblyId: normandie.id }, nat]);
  const observer = await person('Karim Haddad', [nat]);
  // Members of the antenna who cannot be its delegates: no vote in the national assembly.
  const noVote = await person('Antoine Bonnet', [{ assemblyId: occitanie.id }, nat]);
  await t.app.db
    .update(members)
    .set({ votingRight: false })
    .where(and(eq(members.assemblyId, national.id), eq(members.userId, noVote.id)));
  const deskA = await person('Accueil Montpellier', [nat]);
  const deskB = await person('Accueil Rouen', [nat]);

  const created = await call(secretary, 'POST', `/api/assemblies/${national.id}/meetings`, {
    title: 'Assemblée des délégués',
    mode: 'in_person',
    location: 'Paris',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 3 * hour).toISOString(),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const meetingId = created.body.meeting.id as string;
  const addSite = async (name: string, antennaId: string, siteSecretary: Person) => {
    const added = await call(secretary, 'POST', `/api/meetings/${meetingId}/sites`, {
      name,
      antennaId,
      secretaryId: siteSecretary.id,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    return added.body.meeting.sites.find((site: MeetingSite) => site.name === name) as MeetingSite;
  };
  const siteA = await addSite('Montpellier', occitanie.id, deskA);
  const siteB = await addSite('Rouen', normandie.id, deskB);
  const hall = (created.body.meeting as MeetingDetail).sites[0]!;
  const url = `/api/meetings/${meetingId}`;
  return {
    national,
    occitanie,
    normandie,
    secretary,
    secretaryOfA,
    secretaryOfB,
    a1,
    a2,
    a3,
    b1,
    observer,
    noVote,
    deskA,
    deskB,
    meetingId,
    siteA,
    siteB,
    hall,
    start: () => call(secretary, 'POST', `${url}/start`),
    requireAccreditation: (on = true) =>
      call(secretary, 'PATCH', url, { accreditationRequired: on }),
    setQuotas: (who: Person, quotas: { antennaId: string; seats: number }[]) =>
      call(who, 'PUT', `${url}/delegate-quotas`, { quotas }),
    designate: (who: Person, delegate: Person, antennaId: string) =>
      call(who, 'POST', `${url}/delegates`, { userId: delegate.id, antennaId }),
    withdraw: (who: Person, delegate: Person) =>
      call(who, 'DELETE', `${url}/delegates/${delegate.id}`),
    accredit: (who: Person, delegate: Person, site: MeetingSite) =>
      call(who, 'POST', `${url}/delegates/${delegate.id}/accreditation`, { siteId: site.id }),
    checkIn: (who: Person, site: MeetingSite) =>
      call(who, 'POST', `${url}/attendance`, { code: site.checkInCode }),
    detail: async (who: Person) => (await call(who, 'GET', url)).body.meeting as MeetingDetail,
    rollUp: (who: Person) => call(who, 'GET', `${url}/delegates`),
  };
}

type Federation = Awaited<ReturnType<typeof federation>>;

/** Quotas (A: 2, B: 1) and A's two delegates and B's one designated. */
async function withDelegates(setup: Federation) {
  const { secretary, occitanie, normandie, secretaryOfA, secretaryOfB, a1, a2, b1 } = setup;
  const quotas = await setup.setQuotas(secretary, [
    { antennaId: occitanie.id, seats: 2 },
    { antennaId: normandie.id, seats: 1 },
  ]);
  expect(quotas.status, JSON.stringify(quotas.body)).toBe(200);
  for (const [who, delegate, antennaId] of [
    [secretaryOfA, a1, occitanie.id],
    [secretaryOfA, a2, occitanie.id],
    [secretaryOfB, b1, normandie.id],
  ] as const) {
    const designated = await setup.designate(who, delegate, antennaId);
    expect(designated.status, JSON.stringify(designated.body)).toBe(200);
  }
  return setup;
}

async function meetingPoll(setup: Federation) {
  const motion = await call(setup.a1, 'POST', `/api/assemblies/${setup.national.id}/motions`, {
    title: 'Motion des délégués',
    text: 'Texte.',
    submit: true,
  });
  expect(motion.status, JSON.stringify(motion.body)).toBe(201);
  const poll = await call(setup.secretary, 'POST', '/api/polls', {
    motionId: motion.body.motion.id,
    kind: 'vote',
    rule: 'simple',
    meetingId: setup.meetingId,
  });
  expect(poll.status, JSON.stringify(poll.body)).toBe(201);
  const pollId = poll.body.poll.id as string;
  return {
    motionId: motion.body.motion.id as string,
    pollId,
    open: () => call(setup.secretary, 'POST', `/api/polls/${pollId}/open`),
    close: () => call(setup.secretary, 'POST', `/api/polls/${pollId}/close`),
    vote: (who: Person, choice: string, extra: object = {}) =>
      call(who, 'POST', `/api/polls/${pollId}/ballots`, {
        choice,
        clientBallotId: randomUUID(),
        ...extra,
      }),
  };
}

const eventTypes = async (setup: Federation) =>
  (await t.app.db.select().from(events).where(eq(events.assemblyId, setup.national.id)))
    .filter((row) => (row.payload as { meetingId?: string }).meetingId === setup.meetingId)
    .map((row) => row.type);

describe('quotas', () => {
  it('are set by the meeting’s secretary for the federation’s antennas, never below who is designated', async () => {
    const setup = await withDelegates(await federation());
    const { secretary, secretaryOfA, occitanie, normandie } = setup;

    const byAntenna = await setup.setQuotas(secretaryOfA, [{ antennaId: occitanie.id, seats: 9 }]);
    expect(byAntenna.status).toBe(403);

    const stranger = await createAssembly(t.app, { kind: 'antenna', name: 'Antenne d’ailleurs' });
    const foreign = await setup.setQuotas(secretary, [
      { antennaId: occitanie.id, seats: 2 },
      { antennaId: stranger.id, seats: 1 },
    ]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.field).toBe('quotas.1.antennaId');

    const below = await setup.setQuotas(secretary, [
      { antennaId: occitanie.id, seats: 1 },
      { antennaId: normandie.id, seats: 1 },
    ]);
    expect(below.status).toBe(409);
    expect(below.body.error).toMatchObject({
      code: 'delegates.quota_below_designated',
      field: 'quotas.0.seats',
    });
    const leftOut = await setup.setQuotas(secretary, [{ antennaId: occitanie.id, seats: 3 }]);
    expect(leftOut.status).toBe(409);
    expect(leftOut.body.error.code).toBe('delegates.quota_below_designated');

    const raised = await setup.setQuotas(secretary, [
      { antennaId: occitanie.id, seats: 3 },
      { antennaId: normandie.id, seats: 1 },
    ]);
    expect(raised.status).toBe(200);
    const rollUp: MeetingDelegates = raised.body.delegates;
    expect(rollUp.antennas.map((entry) => [entry.antenna.name, entry.seats])).toEqual([
      ['ARDES Normandie', 1],
      ['MES Occitanie', 3],
    ]);
    expect(rollUp.totals).toEqual({ seats: 4, designated: 3, accredited: 0 });
    expect(rollUp.eligibleAntennas.map((antenna) => antenna.id).sort()).toEqual(
      [occitanie.id, normandie.id].sort(),
    );
    expect(await eventTypes(setup)).toContain('delegate.quotas_set');
  });
});

describe('designation', () => {
  it('is the antenna secretary’s, within the quota, of members who vote in the meeting’s assembly', async () => {
    const setup = await withDelegates(await federation());
    const { secretaryOfA, secretaryOfB, occitanie, normandie, a1, a2, a3, b1, noVote, observer } =
      setup;

    const overQuota = await setup.designate(secretaryOfA, a3, occitanie.id);
    expect(overQuota.status).toBe(409);
    expect(overQuota.body.error).toMatchObject({ code: 'delegates.over_quota', field: 'userId' });

    const byMember = await setup.designate(a1, a3, occitanie.id);
    expect(byMember.status).toBe(403);
    const byOtherAntenna = await setup.designate(secretaryOfB, a3, occitanie.id);
    expect(byOtherAntenna.status).toBe(403);

    const notMember = await setup.designate(secretaryOfB, observer, normandie.id);
    expect(notMember.status).toBe(400);
    expect(notMember.body.error).toMatchObject({ code: 'delegates.not_member', field: 'userId' });

    // A seat freed by a withdrawal; still, a delegate holds the vote where they sit.
    const withdrawn = await setup.withdraw(secretaryOfA, a2);
    expect(withdrawn.status).toBe(200);
    const noVoteRefused = await setup.designate(secretaryOfA, noVote, occitanie.id);
    expect(noVoteRefused.status).toBe(400);
    expect(noVoteRefused.body.error).toMatchObject({
      code: 'delegates.no_voting_right',
      field: 'userId',
    });

    const twice = await setup.designate(secretaryOfA, a1, occitanie.id);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('delegates.already_designated');

    const notAntenna = await setup.designate(secretaryOfA, a3, setup.national.id);
    expect(notAntenna.status).toBe(400);
    expect(notAntenna.body.error.field).toBe('antennaId');

    const othersDelegate = await setup.withdraw(secretaryOfA, b1);
    expect(othersDelegate.status).toBe(403);
    const nobody = await setup.withdraw(secretaryOfA, a3);
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.code).toBe('delegates.not_found');

    const again = await setup.designate(secretaryOfA, a3, occitanie.id);
    expect(again.status).toBe(200);
    const rollUp: MeetingDelegates = again.body.delegates;
    const ofA = rollUp.antennas.find((entry) => entry.antenna.id === occitanie.id)!;
    expect(ofA.delegates.map((delegate) => delegate.person.name)).toEqual([
      'Nicolas Fournier',
      'Thomas Leroy',
    ]);
    expect(ofA.delegates[0]!.designatedBy).toEqual({
      id: secretaryOfA.id,
      name: 'Sophie Lefebvre',
    });
    // The antenna's secretary is offered its voting members not designated yet; B's list is not theirs.
    expect(ofA.candidates!.map((person) => person.name)).toEqual(['Julie Moreau']);
    expect(rollUp.antennas.find((entry) => entry.antenna.id === normandie.id)!.candidates).toBe(
      null,
    );
    expect(rollUp.viewer).toMatchObject({ runs: false, designates: [occitanie.id] });
    const types = await eventTypes(setup);
    expect(types.filter((type) => type === 'delegate.designated')).toHaveLength(4);
    expect(types).toContain('delegate.withdrawn');
  });

  it('shows the roll-up to members and to the secretaries doing their part, no one else', async () => {
    const setup = await withDelegates(await federation());
    expect((await setup.rollUp(setup.secretaryOfB)).status).toBe(200);
    expect((await setup.rollUp(setup.deskA)).body.delegates.viewer.accreditsAt).toEqual([
      setup.siteA.id,
    ]);
    const outsider = await createUser(t.app, { name: 'Personne' });
    const refused = await setup.rollUp({
      id: outsider.id,
      name: outsider.name,
      cookie: await signIn(t.app, outsider.email),
    });
    expect(refused.status).toBe(403);
  });
});

describe('accreditation', () => {
  it('is given at the desk of the delegate’s antenna, or by the meeting’s secretary, and checks them in', async () => {
    const setup = await withDelegates(await federation());
    const { secretary, deskA, deskB, a1, b1, a3, observer, siteA, siteB, hall } = setup;

    const off = await setup.accredit(deskA, a1, siteA);
    expect(off.status).toBe(409);
    expect(off.body.error.code).toBe('delegates.not_required');
    await setup.requireAccreditation();
    await setup.start();

    const wrongSite = await setup.accredit(deskB, a1, siteB);
    expect(wrongSite.status).toBe(403);
    expect(wrongSite.body.error).toMatchObject({ code: 'delegates.wrong_site', field: 'siteId' });
    const notTheirDesk = await setup.accredit(deskB, a1, siteA);
    expect(notTheirDesk.status).toBe(403);
    expect(notTheirDesk.body.error.code).toBe('auth.forbidden');
    const byDelegate = await setup.accredit(a1, a1, siteA);
    expect(byDelegate.status).toBe(403);
    const notDesignated = await setup.accredit(deskA, a3, siteA);
    expect(notDesignated.status).toBe(404);
    expect(notDesignated.body.error.code).toBe('delegates.not_found');

    const accredited = await setup.accredit(deskA, a1, siteA);
    expect(accredited.status, JSON.stringify(accredited.body)).toBe(200);
    // The meeting's secretary accredits anywhere: B's delegate arrived in Paris.
    expect((await setup.accredit(secretary, b1, hall)).status).toBe(200);

    const rollUp: MeetingDelegates = (await setup.rollUp(secretary)).body.delegates;
    const a1Row = rollUp.antennas
      .flatMap((entry) => entry.delegates)
      .find((delegate) => delegate.person.id === a1.id)!;
    expect(a1Row).toMatchObject({
      accreditedBy: { id: deskA.id },
      accreditedSite: { id: siteA.id, name: 'Montpellier' },
      present: true,
      siteId: siteA.id,
    });
    expect(rollUp.totals.accredited).toBe(2);
    expect((await setup.detail(a1)).me).toMatchObject({
      present: true,
      siteId: siteA.id,
      delegate: { antenna: { name: 'MES Occitanie' }, accredited: true },
    });
    expect((await setup.detail(observer)).me.delegate).toBe(null);
    const types = await eventTypes(setup);
    expect(types.filter((type) => type === 'delegate.accredited')).toHaveLength(2);
    expect(types.filter((type) => type === 'attendance.checked_in')).toHaveLength(2);
  });

  it('lets only accredited delegates present count and vote; observers and the unaccredited are refused', async () => {
    const setup = await withDelegates(await federation());
    const { secretary, deskA, a1, a2, b1, observer, siteA, siteB } = setup;
    await setup.requireAccreditation();
    await setup.start();
    const poll = await meetingPoll(setup);

    // Checked in with the room's code: present, but not accredited.
    expect((await setup.checkIn(a2, siteA)).status).toBe(200);
    expect((await setup.checkIn(observer, siteA)).status).toBe(200);
    let quorum = (await setup.detail(secretary)).quorum;
    expect(quorum).toMatchObject({ entitled: 3, present: 0, reached: false });
    const early = await poll.open();
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('meetings.no_quorum');
    expect((await setup.detail(a2)).me.delegate).toMatchObject({ accredited: false });

    await setup.accredit(deskA, a1, siteA);
    await setup.accredit(secretary, b1, siteB);
    quorum = (await setup.detail(secretary)).quorum;
    expect(quorum).toMatchObject({ entitled: 3, present: 2, required: 2, reached: true });
    expect(quorum.bySite[siteA.id]).toEqual({ present: 1, represented: 0 });

    const opened = await poll.open();
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.poll.electorate).toBe(3);

    const unaccredited = await poll.vote(a2, 'no');
    expect(unaccredited.status).toBe(403);
    expect(unaccredited.body.error.code).toBe('delegates.not_accredited');
    const observed = await poll.vote(observer, 'no');
    expect(observed.status).toBe(403);
    expect(observed.body.error.code).toBe('delegates.not_accredited');
    expect((await poll.vote(a1, 'yes')).status).toBe(201);
    expect((await poll.vote(b1, 'no')).status).toBe(201);

    // The electorate was frozen under accreditation: the rule holds until the poll closes.
    const switched = await setup.requireAccreditation(false);
    expect(switched.status).toBe(409);
    expect(switched.body.error).toMatchObject({
      code: 'meetings.invalid_state',
      field: 'accreditationRequired',
    });

    const closed = await poll.close();
    expect(closed.body.poll.result).toMatchObject({
      totals: { yes: 1, no: 1 },
      basis: { electorate: 3, participants: 2 },
    });
  });

  it('passes proxies between delegates only, and a delegate carries another’s vote', async () => {
    const setup = await withDelegates(await federation());
    const { secretary, deskA, a1, a2, b1, observer, siteA } = setup;
    await setup.requireAccreditation();
    await setup.start();
    const poll = await meetingPoll(setup);
    const proxy = (grantor: Person, holder: Person) =>
      call(grantor, 'POST', `/api/meetings/${setup.meetingId}/proxies`, { holderId: holder.id });

    const toObserver = await proxy(a2, observer);
    expect(toObserver.status).toBe(400);
    expect(toObserver.body.error).toMatchObject({ code: 'proxies.invalid', field: 'holderId' });
    const fromObserver = await proxy(observer, a1);
    expect(fromObserver.status).toBe(400);
    expect(fromObserver.body.error).toMatchObject({ code: 'proxies.invalid', field: 'grantorId' });

    expect((await proxy(b1, a1)).status).toBe(201);
    await setup.accredit(deskA, a1, siteA);
    // a1 present and accredited, b1 represented by a1: 2 of 3.
    expect((await setup.detail(secretary)).quorum).toMatchObject({
      present: 1,
      represented: 1,
      reached: true,
    });
    expect((await poll.open()).status).toBe(200);
    expect((await poll.vote(a1, 'yes')).status).toBe(201);
    expect((await poll.vote(a1, 'yes', { onBehalfOf: b1.id })).status).toBe(201);
    const closed = await poll.close();
    expect(closed.body.poll.result.totals.yes).toBe(2);
  });

  it('refuses an unaccredited person’s ballot in an election round too', async () => {
    const setup = await withDelegates(await federation());
    const { secretary, deskA, a1, b1, observer, siteA, national } = setup;
    await setup.requireAccreditation();
    await setup.start();
    await setup.accredit(deskA, a1, siteA);
    await setup.accredit(secretary, b1, siteA);
    await setup.checkIn(observer, siteA);
    const election = await electionOfMeeting(
      { call, secretary, assembly: national, meetingId: setup.meetingId } as never,
      { method: 'plurality', seats: 1 },
      [a1, b1],
    );
    const opened = await election.openRound();
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const refused = await election.vote(observer, { marks: [election.candidateIds[0]!] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('delegates.not_accredited');
    const counted = await election.vote(a1, { marks: [election.candidateIds[0]!] });
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
  });

  it('shows a delegate their antenna’s mandate on the meeting’s motions', async () => {
    const setup = await withDelegates(await federation());
    const poll = await meetingPoll(setup);
    await t.app.db.insert(congressMandates).values({
      motionId: poll.motionId,
      antennaId: setup.occitanie.id,
      mandate: 'against',
      note: 'Sauf si l’amendement 3 passe.',
      recordedBy: setup.secretaryOfA.id,
    });
    expect((await setup.detail(setup.a1)).me.delegate!.mandates).toEqual([
      { motionId: poll.motionId, mandate: 'against', note: 'Sauf si l’amendement 3 passe.' },
    ]);
    expect((await setup.detail(setup.b1)).me.delegate!.mandates).toEqual([]);
  });
});

describe('without accreditation', () => {
  it('changes nothing: every voting member present counts and votes, delegates or not', async () => {
    const setup = await withDelegates(await federation());
    const { secretary, a1, observer, siteA } = setup;
    await setup.start();
    const poll = await meetingPoll(setup);
    await setup.checkIn(a1, siteA);
    await setup.checkIn(observer, siteA);
    const quorum = (await setup.detail(secretary)).quorum;
    // Every voting member of the national assembly: its secretary, a1, a2, a3, b1, the
    // observer and the two desks.
    expect(quorum).toMatchObject({ entitled: 8, present: 2 });
    await t.app.db
      .update(assemblies)
      .set({ quorum: 0 })
      .where(eq(assemblies.id, setup.national.id));
    expect((await poll.open()).status).toBe(200);
    expect((await poll.vote(observer, 'yes')).status).toBe(201);
    expect((await poll.vote(a1, 'yes')).status).toBe(201);
    const absent = await poll.vote(setup.b1, 'yes');
    expect(absent.body.error.code).toBe('meetings.not_present');
    const proxy = await call(setup.a2, 'POST', `/api/meetings/${setup.meetingId}/proxies`, {
      holderId: observer.id,
    });
    expect(proxy.status).toBe(201);
  });
});
