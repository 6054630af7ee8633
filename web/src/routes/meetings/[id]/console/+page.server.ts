import { fail } from '@sveltejs/kit';
import {
  agendaKindSchema,
  choiceSchema,
  pollKindSchema,
  voteRuleSchema,
  type Choice,
} from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import {
  addAgendaItem,
  addAgendaNote,
  checkIn,
  moveAgendaItem,
  recordSiteCounts,
  runMeetingAction,
  cancelMeeting,
  setCurrentItem,
} from '$lib/api/meetings.ts';
import type { Fetch } from '$lib/api/client.ts';
import { getElection, listElections, openRound, runElectionStep } from '$lib/api/elections.ts';
import { listMeetingMinutes } from '$lib/api/minutes.ts';
import { listAmendments } from '$lib/api/motions.ts';
import { createPoll } from '$lib/api/polls.ts';
import { readChecked, readText } from '$lib/forms.ts';
import { openMotionStatuses } from '@cercle/shared/enums';
import { choicesFor } from '$lib/motions.ts';
import { siteCountField } from '$lib/site-counts.ts';
import { allows, forbidden, requireUser } from '$lib/server/guards.ts';
import {
  draftMinutesAction,
  isConfirmed,
  loadMeeting,
  meetingRefusal,
  meetingState,
  searchedPeople,
} from '$lib/server/meeting-page.ts';
import { runPollStep, type PollStep } from '$lib/server/poll-step.ts';
import { speakerActions } from '$lib/server/speaker-actions.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { meeting, polls, motionTitles, motions, colleges, speakers } = await loadMeeting(event);
  if (!allows(user, 'meeting.run', { assemblyId: meeting.assemblyId })) forbidden();
  const openMotions = motions.filter((motion) => openMotionStatuses.includes(motion.status));
  // Amendments are listed per motion: those of the open motions (to put to a vote) and of the
  // motions already voted here (to name their polls).
  const amendedMotionIds = [
    ...new Set([...openMotions.map((motion) => motion.id), ...polls.map((poll) => poll.motionId)]),
  ];
  const ended = meeting.status === 'ended';
  const [assembly, amendmentLists, elections, minutes, attendeeSearch, speakerSearch] =
    await Promise.all([
      getAssembly(event.fetch, meeting.assemblyId),
      Promise.all(amendedMotionIds.map((id) => listAmendments(event.fetch, id))),
      meetingElections(event.fetch, meeting),
      ended ? listMeetingMinutes(event.fetch, meeting.id) : null,
      // Whom to check in, or to put on the list, is searched for by name: no list of every member.
      searchedPeople(event, 'attendee', 'members'),
      searchedPeople(event, 'speaker', 'members'),
    ]);
  const amendments = amendmentLists.flatMap((result) => (result.ok ? result.data : []));
  const motionLabel = ({ title, reference }: { title: string; reference: string | null }) =>
    reference ? `${reference} · ${title}` : title;
  return {
    wide: true,
    meeting,
    timeZone: meeting.timeZone,
    colleges,
    polls: polls.toReversed(),
    motionTitles,
    amendmentLabels: Object.fromEntries(amendments.map(({ id, label }) => [id, label])),
    speakers,
    elections,
    assemblyName: assembly.ok ? assembly.data.name : '',
    quorumShare: assembly.ok ? assembly.data.settings.quorum : null,
    // With weighting, show-of-hands counts are entered per college: the weighted verdict needs
    // each college's share of yes (a poll's own result says so once it has one).
    collegeWeighting: Boolean(
      assembly.ok && assembly.data.settings.collegeWeighting && colleges.length,
    ),
    motions: openMotions.map((motion) => ({
      id: motion.id,
      label: motionLabel(motion),
      // What may be put to a vote on this motion: its amendments still waiting for a decision.
      amendments: amendments
        .filter((amendment) => amendment.motionId === motion.id && amendment.status === 'submitted')
        .map(({ id, label, author }) => ({ id, label, author: author.name })),
    })),
    attendeeSearch,
    speakerSearch,
    writeMinutes: allows(user, 'minutes.publish', { assemblyId: meeting.assemblyId }),
    minutes: minutes?.ok ? minutes.data : [],
  };
};

/** The elections held in this meeting, with their rounds (not the cancelled ones). */
async function meetingElections(fetch: Fetch, meeting: { id: string; assemblyId: string }) {
  const listed = await listElections(fetch, meeting.assemblyId);
  if (!listed.ok) return [];
  const held = listed.data.filter(
    (election) => election.meetingId === meeting.id && election.status !== 'cancelled',
  );
  const loaded = await Promise.all(held.map((election) => getElection(fetch, election.id)));
  return loaded.flatMap((result) => (result.ok ? [result.data] : []));
}

/**
 * Starts or ends the meeting. Ending it cannot be taken back: it is sent only once confirmed
 * (the page counts down, with a way to cancel, before sending the confirmed form).
 */
function meetingStep(action: 'start' | 'end') {
  return async (event: RequestEvent) => {
    requireUser(event);
    if (action === 'end' && !isConfirmed(await event.request.formData())) {
      return meetingState(action, { confirming: true });
    }
    const result = await runMeetingAction(event.fetch, event.params.id, action);
    if (!result.ok) return meetingRefusal(action, result);
    return meetingState(action, {
      notice: action === 'start' ? 'console.startedNotice' : 'console.endedNotice',
    });
  };
}

function pollStep(action: PollStep) {
  return async (event: RequestEvent) => {
    requireUser(event);
    // Closing counts and publishes the result: only once confirmed.
    const asked = await event.request.clone().formData();
    if (action === 'closePoll' && !isConfirmed(asked)) {
      return meetingState(action, { target: readText(asked, 'pollId'), confirming: true });
    }
    const { pollId, result, notice } = await runPollStep(event, action);
    if (!result.ok) return meetingRefusal(action, result, { target: pollId });
    return meetingState(action, { target: pollId, notice });
  };
}

/** Opens an election's next round, or closes the open one (once confirmed, as a poll). */
function roundStep(action: 'openRound' | 'closeRound') {
  return async (event: RequestEvent) => {
    requireUser(event);
    const form = await event.request.formData();
    const electionId = readText(form, 'electionId');
    if (action === 'closeRound' && !isConfirmed(form)) {
      return meetingState(action, { target: electionId, confirming: true });
    }
    // In a meeting the secretary closes the round in the room: it needs no closing time.
    const result =
      action === 'openRound'
        ? await openRound(event.fetch, electionId)
        : await runElectionStep(event.fetch, electionId, 'close');
    if (!result.ok) return meetingRefusal(action, result, { target: electionId });
    return meetingState(action, {
      target: electionId,
      notice:
        action === 'openRound'
          ? 'electionManage.roundOpenedNotice'
          : 'electionManage.roundClosedNotice',
    });
  };
}

export const actions: Actions = {
  ...speakerActions,
  start: meetingStep('start'),
  end: meetingStep('end'),
  openPoll: pollStep('openPoll'),
  closePoll: pollStep('closePoll'),
  deletePoll: pollStep('deletePoll'),
  openRound: roundStep('openRound'),
  closeRound: roundStep('closeRound'),
  draftMinutes: async (event) => {
    requireUser(event);
    return draftMinutesAction(event);
  },

  addItem: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = {
      itemTitle: readText(form, 'itemTitle'),
      itemKind: readText(form, 'itemKind'),
      itemDuration: readText(form, 'itemDuration'),
      itemMotion: readText(form, 'itemMotion'),
    };
    const kind = agendaKindSchema.safeParse(values.itemKind);
    const duration = Number(values.itemDuration || '15');
    const problems = [];
    if (values.itemTitle.length < 2 || values.itemTitle.length > 200) {
      problems.push({ field: 'itemTitle', key: 'validation.itemTitle' as const });
    }
    if (!Number.isInteger(duration) || duration < 1 || duration > 600) {
      problems.push({ field: 'itemDuration', key: 'validation.itemDuration' as const });
    }
    if (problems.length > 0 || !kind.success) {
      return fail(400, meetingState('addItem', { values, problems }));
    }
    const result = await addAgendaItem(event.fetch, event.params.id, {
      kind: kind.data,
      title: values.itemTitle,
      durationMinutes: duration,
      motionId: values.itemMotion || null,
    });
    if (!result.ok) {
      return meetingRefusal(
        'addItem',
        result,
        { values },
        { title: 'itemTitle', durationMinutes: 'itemDuration', motionId: 'itemMotion' },
      );
    }
    return meetingState('addItem', { notice: 'console.itemAddedNotice' });
  },

  moveItem: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const itemId = readText(form, 'itemId');
    const position = Number(readText(form, 'position'));
    if (!Number.isInteger(position) || position < 1) {
      return fail(400, meetingState('moveItem', { target: itemId }));
    }
    const result = await moveAgendaItem(event.fetch, itemId, position);
    if (!result.ok) return meetingRefusal('moveItem', result, { target: itemId });
    return meetingState('moveItem', { target: itemId, notice: 'console.itemMovedNotice' });
  },

  setCurrent: async (event) => {
    requireUser(event);
    const itemId = readText(await event.request.formData(), 'itemId');
    const result = await setCurrentItem(event.fetch, event.params.id, itemId || null);
    if (!result.ok) return meetingRefusal('setCurrent', result, { target: itemId || null });
    return meetingState('setCurrent', { notice: 'console.currentSetNotice' });
  },

  cancel: async (event) => {
    requireUser(event);
    const reason = readText(await event.request.formData(), 'cancelReason');
    const fields = { values: { cancelReason: reason } };
    if (reason.length < 3 || reason.length > 500) {
      return fail(
        400,
        meetingState('cancel', {
          ...fields,
          problems: [{ field: 'cancelReason', key: 'validation.cancelReason' }],
        }),
      );
    }
    const result = await cancelMeeting(event.fetch, event.params.id, reason);
    if (!result.ok) return meetingRefusal('cancel', result, fields, { reason: 'cancelReason' });
    return meetingState('cancel', { notice: 'console.cancelledNotice' });
  },

  note: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const itemId = readText(form, 'itemId');
    const text = readText(form, `note-${itemId}`);
    const fields = { target: itemId, values: { text } };
    if (!text || text.length > 20_000) {
      return fail(
        400,
        meetingState('note', {
          ...fields,
          problems: [{ field: `note-${itemId}`, key: 'validation.noteRequired' }],
        }),
      );
    }
    const result = await addAgendaNote(event.fetch, itemId, text);
    if (!result.ok) return meetingRefusal('note', result, fields, { text: `note-${itemId}` });
    return meetingState('note', { target: itemId, notice: 'console.noteAddedNotice' });
  },

  checkInMember: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = { userId: readText(form, 'userId'), siteId: readText(form, 'siteId') };
    const problems = [];
    if (!values.userId)
      problems.push({ field: 'userId', key: 'validation.memberRequired' as const });
    if (!values.siteId) problems.push({ field: 'siteId', key: 'validation.siteRequired' as const });
    if (problems.length > 0) return fail(400, meetingState('checkInMember', { values, problems }));
    const result = await checkIn(event.fetch, event.params.id, values);
    if (!result.ok) {
      return meetingRefusal(
        'checkInMember',
        result,
        { values },
        { userId: 'userId', siteId: 'siteId' },
      );
    }
    return meetingState('checkInMember', { notice: 'console.checkedInNotice' });
  },

  createPoll: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = {
      pollTarget: readText(form, 'pollTarget'),
      pollKind: readText(form, 'pollKind'),
      pollRule: readText(form, 'pollRule'),
    };
    // `motion:<id>` or `amendment:<id>`: the API takes one or the other.
    const [targetKind, targetId] = values.pollTarget.split(':');
    const target =
      targetId && targetKind === 'motion'
        ? { motionId: targetId }
        : targetId && targetKind === 'amendment'
          ? { amendmentId: targetId }
          : null;
    const kind = pollKindSchema.safeParse(values.pollKind);
    const rule = voteRuleSchema.safeParse(values.pollRule);
    const problems = [];
    if (!target) {
      problems.push({ field: 'pollTarget', key: 'validation.motionRequired' as const });
    }
    if (!kind.success) problems.push({ field: 'pollKind', key: 'validation.pollKind' as const });
    if (problems.length > 0 || !kind.success || !target) {
      return fail(400, meetingState('createPoll', { values, problems }));
    }
    const result = await createPoll(event.fetch, {
      ...target,
      kind: kind.data,
      ...(kind.data === 'vote' && rule.success ? { rule: rule.data } : {}),
      secret: readChecked(form, 'pollSecret'),
      meetingId: event.params.id,
    });
    if (!result.ok) {
      return meetingRefusal(
        'createPoll',
        result,
        { values },
        {
          motionId: 'pollTarget',
          amendmentId: 'pollTarget',
          kind: 'pollKind',
          rule: 'pollRule',
        },
      );
    }
    return meetingState('createPoll', { notice: 'poll.createdNotice' });
  },

  siteCounts: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const pollId = readText(form, 'pollId');
    const siteId = readText(form, 'siteId');
    const kind = pollKindSchema.safeParse(readText(form, 'kind'));
    const target = `${pollId}-${siteId}`;
    // One grid row per college when the assembly weighs them, else one row for the whole site.
    const collegeIds = form
      .getAll('collegeId')
      .filter((id): id is string => typeof id === 'string');
    const counts: { choice: Choice; count: number; collegeId?: string }[] = [];
    const values: Record<string, string> = {};
    /** The API names a bad row by its index (`counts.3.count`): which input it was. */
    const apiFields: Record<string, string> = {};
    let invalid: string | undefined;
    for (const collegeId of collegeIds.length ? collegeIds : [undefined]) {
      for (const choice of choicesFor(kind.success ? kind.data : 'vote')) {
        const field = siteCountField(target, choice, collegeId);
        const raw = readText(form, field);
        values[field] = raw;
        const count = Number(raw || '0');
        if (!Number.isInteger(count) || count < 0) invalid ??= field;
        else if (choiceSchema.safeParse(choice).success) {
          for (const part of ['count', 'choice', 'collegeId']) {
            apiFields[`counts.${counts.length}.${part}`] = field;
          }
          counts.push({ choice, count, ...(collegeId ? { collegeId } : {}) });
        }
      }
    }
    if (invalid) {
      return fail(
        400,
        meetingState('siteCounts', {
          target,
          values,
          problems: [{ field: invalid, key: 'validation.count' }],
        }),
      );
    }
    const result = await recordSiteCounts(event.fetch, pollId, { siteId, counts });
    if (!result.ok) return meetingRefusal('siteCounts', result, { target, values }, apiFields);
    return meetingState('siteCounts', { target, notice: 'console.siteCountsNotice' });
  },
};
