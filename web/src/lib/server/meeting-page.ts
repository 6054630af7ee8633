import { getAssembly } from '$lib/api/assemblies.ts';
import { fail, redirect, type RequestEvent, type ServerLoadEvent } from '@sveltejs/kit';
import type { Choice } from '@cercle/shared';
import type { ApiFailure } from '$lib/api/client.ts';
import { getMeeting, getSpeakers, listMeetingPolls } from '$lib/api/meetings.ts';
import { createMinutes } from '$lib/api/minutes.ts';
import { searchPeople, type PersonSearchKind } from '$lib/api/people-search.ts';
import { listMotions } from '$lib/api/motions.ts';
import { problemFromApi, type FormProblem } from '$lib/forms.ts';
import type { MessageKey } from '$lib/i18n';
import { meetingDependency } from '$lib/realtime-logic.ts';
import { sendBallotForm } from './ballot-form.ts';
import { unwrap } from './guards.ts';
import { searchedPeopleIn } from './people-search-param.ts';

/** The answer to a form of a meeting page: which form (and item), and what came of it. */
export interface MeetingActionState {
  action: string;
  target: string | null;
  problems: FormProblem[];
  values: Record<string, string>;
  notice: MessageKey | null;
  /** The answer the server counted for a ballot: its notice names it. */
  counted?: Choice;
  /**
   * A step that cannot be taken back (ending the meeting, closing a poll) was asked for without
   * its confirmation: the page shows the confirmation form. Only pages without JavaScript get
   * here; with it, the page asks in a dialog before sending.
   */
  confirming?: boolean;
}

export function meetingState(
  action: string,
  fields: Partial<Omit<MeetingActionState, 'action'>> = {},
): MeetingActionState {
  return { action, target: null, problems: [], values: {}, notice: null, ...fields };
}

export function meetingRefusal(
  action: string,
  failure: ApiFailure,
  fields: Partial<Omit<MeetingActionState, 'action' | 'problems'>> = {},
  apiFields: Readonly<Record<string, string>> = {},
) {
  return fail(
    failure.status,
    meetingState(action, { ...fields, problems: [problemFromApi(failure, apiFields)] }),
  );
}

/** The meeting, its polls and the titles of the motions they decide: what every view shows. */
export async function loadMeeting(
  event: Pick<ServerLoadEvent<{ id: string }>, 'depends' | 'fetch' | 'params' | 'url'>,
) {
  event.depends(meetingDependency);
  const { fetch, params } = event;
  const [meeting, polls, speakers] = await Promise.all([
    getMeeting(fetch, params.id).then((result) => unwrap(result, event)),
    listMeetingPolls(fetch, params.id).then((result) => unwrap(result, event)),
    getSpeakers(fetch, params.id),
  ]);
  const [motions, assembly] = await Promise.all([
    listMotions(fetch, meeting.assemblyId),
    getAssembly(fetch, meeting.assemblyId),
  ]);
  // Results break down by college as well as by site.
  const colleges = assembly.ok ? assembly.data.colleges.map(({ id, name }) => ({ id, name })) : [];
  const motionTitles: Record<string, string> = {};
  if (motions.ok) {
    for (const motion of motions.data) {
      motionTitles[motion.id] = motion.reference
        ? `${motion.reference} · ${motion.title}`
        : motion.title;
    }
  }
  return {
    meeting,
    polls,
    motionTitles,
    colleges,
    motions: motions.ok ? motions.data : [],
    /** The current item's list of speakers (null if it could not be read: the page still shows). */
    speakers: speakers.ok ? speakers.data : null,
  };
}

/** The ballot form of a meeting page, for me or for someone whose proxy I carry. */
export async function ballotAction(event: RequestEvent) {
  const outcome = await sendBallotForm(event);
  const { target, values } = outcome;
  if (!outcome.ok) {
    return fail(
      outcome.status,
      meetingState('ballot', { target, values, problems: outcome.problems }),
    );
  }
  return meetingState('ballot', {
    target,
    values: {},
    notice: outcome.ballot.status === 'changed' ? 'meeting.ballotChanged' : 'meeting.ballotCounted',
    counted: outcome.ballot.choice,
  });
}

/** The confirmation a step that cannot be taken back carries (see `confirming`). */
export const confirmedField = 'confirmed';

/** Whether the form was sent from its confirmation (the dialog, or the page's second form). */
export function isConfirmed(form: FormData): boolean {
  return form.get(confirmedField) === 'yes';
}

/** Drafts the minutes of an ended meeting and opens them, from the meeting's pages. */
export async function draftMinutesAction(event: RequestEvent<{ id: string }>) {
  const result = await createMinutes(event.fetch, event.params.id, {});
  if (!result.ok) return meetingRefusal('draftMinutes', result);
  redirect(303, `/minutes/${encodeURIComponent(result.data.id)}?notice=drafted`);
}

/** The people search a meeting page's search field sent without JavaScript (`?<param>=…`). */
export function searchedPeople(
  event: Pick<RequestEvent<{ id: string }>, 'fetch' | 'params' | 'url'>,
  param: string,
  kind: PersonSearchKind,
) {
  return searchedPeopleIn(event.url, param, (query) =>
    searchPeople(event.fetch, kind, event.params.id, query),
  );
}
