/**
 * An election held in a decentralised meeting, through the API as a secretary sets it up: an
 * assembly, a meeting with two sites (each with its own site secretary, a member who is not an
 * assembly secretary), the election tied to the meeting, its list published. People check in at
 * a site with the site's code, give proxies, vote in the app; site secretaries enter their
 * site's paper counts.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { CreateElectionBody, ElectionSiteCountsBody, MeetingSite } from '@cercle/shared';
import { assemblyWithPeople, caller, type Person } from './assembly-fixture.ts';
import type { TestApp } from './app.ts';

const hour = 3600_000;

export type Call = ReturnType<typeof caller>;

/** An assembly of `voters` members, its secretary and two members who will run a site each. */
export async function assemblyForMeetings(t: Pick<TestApp, 'app'>, voters = 8) {
  const people = await assemblyWithPeople(t.app, { voters });
  const secretaryOfA = await people.person('Secrétaire de Montpellier');
  const secretaryOfB = await people.person('Secrétaire de Rouen');
  return { ...people, secretaryOfA, secretaryOfB };
}

/** A new meeting of the assembly with two sites, Montpellier (A) and Rouen (B), live unless not `start`. */
export async function meetingOf(
  t: Pick<TestApp, 'app'>,
  people: Awaited<ReturnType<typeof assemblyForMeetings>>,
  { start = true }: { start?: boolean } = {},
) {
  const call = caller(t.app);
  const { secretary, assembly } = people;
  const created = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/meetings`, {
    title: 'AG décentralisée de printemps',
    mode: 'in_person',
    startsAt: new Date().toISOString(),
    endsAt: new Date(Date.now() + 2 * hour).toISOString(),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const meetingId = created.body.meeting.id as string;
  const addSite = async (name: string, siteSecretary: Person): Promise<MeetingSite> => {
    const added = await call(secretary, 'POST', `/api/meetings/${meetingId}/sites`, {
      name,
      secretaryId: siteSecretary.id,
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    return added.body.meeting.sites.find((site: MeetingSite) => site.name === name);
  };
  const siteA = await addSite('Montpellier', people.secretaryOfA);
  const siteB = await addSite('Rouen', people.secretaryOfB);
  if (start) {
    expect((await call(secretary, 'POST', `/api/meetings/${meetingId}/start`)).status).toBe(200);
  }
  return {
    ...people,
    call,
    meetingId,
    siteA,
    siteB,
    /** Checks in at a site with its code, as a person does on arrival. */
    checkIn: async (who: Person, site: MeetingSite) => {
      const response = await call(who, 'POST', `/api/meetings/${meetingId}/attendance`, {
        code: site.checkInCode,
      });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
    },
    /** The grantor gives their proxy to the holder (answers as the API does). */
    giveProxy: (grantor: Person, holder: Person) =>
      call(grantor, 'POST', `/api/meetings/${meetingId}/proxies`, { holderId: holder.id }),
  };
}

/** A meeting with two sites in a new assembly of `voters` members. */
export async function meetingWithTwoSites(
  t: Pick<TestApp, 'app'>,
  { voters = 8, start = true }: { voters?: number; start?: boolean } = {},
) {
  return meetingOf(t, await assemblyForMeetings(t, voters), { start });
}

export type MeetingWithTwoSites = Awaited<ReturnType<typeof meetingOf>>;

/**
 * An election of the meeting with its list published: `candidates` stand (people, entered by
 * the secretary) or, for a choice among options, `options` are on the ballot. Candidate ids in
 * ballot order.
 */
export async function electionOfMeeting(
  setup: MeetingWithTwoSites,
  body: Omit<CreateElectionBody, 'subject' | 'title'> & {
    subject?: 'people' | 'options';
    title?: string;
  },
  candidates: Person[] = [],
) {
  const { call, secretary, assembly, meetingId } = setup;
  const created = await call(secretary, 'POST', `/api/assemblies/${assembly.id}/elections`, {
    subject: 'people',
    title: 'Conseil d’administration',
    meetingId,
    ...body,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.election.id as string;
  for (const who of candidates) {
    const stood = await call(secretary, 'POST', `/api/elections/${id}/candidacies`, {
      userId: who.id,
    });
    expect(stood.status, JSON.stringify(stood.body)).toBe(201);
  }
  let candidateIds = (created.body.election.candidates as { id: string }[]).map((c) => c.id);
  if ((body.subject ?? 'people') === 'people') {
    const published = await call(secretary, 'POST', `/api/elections/${id}/publish`);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const list = published.body.election.candidates as { id: string; person: { id: string } }[];
    candidateIds = candidates.map((who) => list.find((c) => c.person.id === who.id)!.id);
  }
  const url = `/api/elections/${id}`;
  return {
    id,
    candidateIds,
    openRound: () => call(secretary, 'POST', `${url}/rounds`, {}),
    close: () => call(secretary, 'POST', `${url}/close`),
    view: (who: Person = secretary) => call(who, 'GET', url),
    /** A ballot in the app; resending the same `clientBallotId` must count once. */
    vote: (
      who: Person,
      selection: object,
      extra: { onBehalfOf?: string; clientBallotId?: string } = {},
    ) =>
      call(who, 'POST', `${url}/ballots`, {
        selection,
        clientBallotId: extra.clientBallotId ?? randomUUID(),
        ...(extra.onBehalfOf ? { onBehalfOf: extra.onBehalfOf } : {}),
      }),
    siteCounts: (who: Person, counts: ElectionSiteCountsBody) =>
      call(who, 'POST', `${url}/site-counts`, counts),
  };
}
