/**
 * Setting a journey up through the API, where the pages are not the point: motions, meetings,
 * polls and congresses, in the steps the journeys share.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import { congressPhases } from '@cercle/shared';
import { callApi, hour, invitedMember, newAntenna, type ScenarioKit } from './kit.ts';

/** A motion proposed by `author` (the secretary by default) and admitted by the secretary. */
export async function admittedMotion(
  secretary: BrowserContext,
  assemblyId: string,
  motion: { title: string; text: string },
  author: BrowserContext = secretary,
): Promise<string> {
  const { motion: created } = await callApi<{ motion: { id: string } }>(
    author,
    'POST',
    `/api/assemblies/${assemblyId}/motions`,
    { ...motion, submit: true },
  );
  await callApi(secretary, 'POST', `/api/motions/${created.id}/admit`);
  return created.id;
}

export interface StartedMeeting {
  id: string;
  sites: { id: string; name: string; checkInCode: string | null }[];
  /** The check-in code of the site named so; fails when it has none. */
  code: (site: string) => string;
}

/** A meeting the secretary creates (starting in a minute, for three hours) and starts. */
export async function startedMeeting(
  secretary: BrowserContext,
  assemblyId: string,
  meeting: {
    title: string;
    mode: 'online' | 'hybrid';
    antennaIds?: string[];
    location?: string;
  },
): Promise<StartedMeeting> {
  const { meeting: created } = await callApi<{
    meeting: { id: string; sites: StartedMeeting['sites'] };
  }>(secretary, 'POST', `/api/assemblies/${assemblyId}/meetings`, {
    ...meeting,
    startsAt: new Date(Date.now() + 60_000).toISOString(),
    endsAt: new Date(Date.now() + 3 * hour).toISOString(),
  });
  await callApi(secretary, 'POST', `/api/meetings/${created.id}/start`);
  const code = (site: string) => {
    const found = created.sites.find((one) => one.name === site)?.checkInCode;
    assert.ok(found, `the site ${site} has a check-in code`);
    return found;
  };
  return { ...created, code };
}

/** A decision item on the motion, put on the agenda and made the current one; its id. */
export async function currentDecisionItem(
  secretary: BrowserContext,
  meetingId: string,
  item: { title: string; motionId: string; durationMinutes?: number },
): Promise<string> {
  const { meeting } = await callApi<{ meeting: { agenda: { id: string }[] } }>(
    secretary,
    'POST',
    `/api/meetings/${meetingId}/agenda`,
    { kind: 'decision', ...item },
  );
  const itemId = meeting.agenda[0]?.id;
  assert.ok(itemId, 'the agenda has the item');
  await callApi(secretary, 'POST', `/api/meetings/${meetingId}/current-item`, { itemId });
  return itemId;
}

/** Each person checks in at the meeting's site with that code. */
export async function checkIn(
  people: readonly BrowserContext[],
  meetingId: string,
  code: string,
): Promise<void> {
  for (const person of people) {
    await callApi(person, 'POST', `/api/meetings/${meetingId}/attendance`, { code });
  }
}

/** A simple-majority vote on the motion, prepared (not opened); in a meeting when one is named. */
export async function simpleVote(
  secretary: BrowserContext,
  motionId: string,
  options: { meetingId?: string; secret?: boolean } = {},
): Promise<string> {
  const { poll } = await callApi<{ poll: { id: string } }>(secretary, 'POST', '/api/polls', {
    motionId,
    kind: 'vote',
    rule: 'simple',
    ...options,
  });
  return poll.id;
}

/** Each voter answers the poll once. */
export async function castBallots(
  voters: readonly BrowserContext[],
  pollId: string,
  choice: string,
): Promise<void> {
  for (const voter of voters) {
    await callApi(voter, 'POST', `/api/polls/${pollId}/ballots`, {
      choice,
      clientBallotId: randomUUID(),
    });
  }
}

/** A poll opened, answered « yes » by every voter, and closed. */
export async function unanimousYes(
  secretary: BrowserContext,
  pollId: string,
  voters: readonly BrowserContext[],
): Promise<void> {
  await callApi(secretary, 'POST', `/api/polls/${pollId}/open`);
  await castBallots(voters, pollId, 'yes');
  await callApi(secretary, 'POST', `/api/polls/${pollId}/close`);
}

/**
 * A congress under the national assembly whose call for motions opened an hour ago and runs
 * for a day; each later phase lasts a day.
 */
export async function congressCallingForMotions(
  admin: BrowserContext,
  congress: { name: string; code: string; parentId: string },
): Promise<{ id: string; current: string }> {
  const day = 24 * hour;
  const phases = congressPhases.map((phase, index) => ({
    phase,
    opensAt: new Date(index === 0 ? Date.now() - hour : Date.now() + index * day).toISOString(),
    closesAt: new Date(Date.now() + (index + 1) * day).toISOString(),
  }));
  const { congress: created } = await callApi<{ congress: { id: string; current: string } }>(
    admin,
    'POST',
    '/api/congresses',
    { ...congress, phases },
  );
  return created;
}

export interface LiveVote {
  secretary: BrowserContext;
  /** Checked in at the online site, in the order of `voterNames`. */
  voters: BrowserContext[];
  meetingId: string;
  /** The current agenda item, when `agendaItem` named one. */
  itemId: string | undefined;
  pollId: string;
}

/**
 * An antenna of its own holding a live online meeting: a secretary, voters checked in, and an
 * open simple-majority vote on an admitted motion. `who` keeps the people's addresses apart.
 */
export async function liveOnlineVote(
  kit: ScenarioKit,
  setup: {
    antenna: { name: string; codeLetter: string };
    who: string;
    secretaryName: string;
    voterNames: readonly string[];
    motion: { title: string; text: string };
    meetingTitle: string;
    /** The title of a current decision item on the motion, when the journey needs one. */
    agendaItem?: string;
  },
): Promise<LiveVote> {
  const { admin, assemblyId, unique } = await newAntenna(kit, setup.antenna);
  const invite = (name: string, role: 'secretary' | 'member', key: string) =>
    invitedMember(kit, admin, assemblyId, { name, role, who: `${setup.who}.${key}.${unique}` });
  const secretary = await invite(setup.secretaryName, 'secretary', 'secretary');
  const voters: BrowserContext[] = [];
  for (const [index, name] of setup.voterNames.entries()) {
    voters.push(await invite(name, 'member', `voter${index}`));
  }
  await admin.close();

  const motionId = await admittedMotion(secretary, assemblyId, setup.motion);
  const meeting = await startedMeeting(secretary, assemblyId, {
    title: setup.meetingTitle,
    mode: 'online',
  });
  const itemId = setup.agendaItem
    ? await currentDecisionItem(secretary, meeting.id, { title: setup.agendaItem, motionId })
    : undefined;
  await checkIn(voters, meeting.id, meeting.code('En ligne'));
  const pollId = await simpleVote(secretary, motionId, { meetingId: meeting.id });
  await callApi(secretary, 'POST', `/api/polls/${pollId}/open`);
  return { secretary, voters, meetingId: meeting.id, itemId, pollId };
}
