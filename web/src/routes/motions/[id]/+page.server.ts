import { redirect } from '@sveltejs/kit';
import type { Assembly } from '@cercle/shared';
import { getAssembly, listAssemblies } from '$lib/api/assemblies.ts';
import { answerCoauthorInvitation, inviteCoauthor, removeCoauthor } from '$lib/api/coauthors.ts';
import { forwardMotion } from '$lib/api/congress.ts';
import { getMeeting } from '$lib/api/meetings.ts';
import type { ApiResult } from '$lib/api/client.ts';
import {
  addComment,
  getMotion,
  listAmendments,
  listComments,
  listMotionObjections,
  listMotionPolls,
  listVersions,
  proposeAmendment,
  referMotion,
  runMotionAction,
  withdrawAmendment,
  withdrawSupport,
} from '$lib/api/motions.ts';
import { readText } from '$lib/forms.ts';
import { actionStates } from '$lib/server/action-state.ts';
import { attachmentsOf } from '$lib/server/attachment-page.ts';
import type { MessageKey, MessageParams } from '$lib/i18n';
import type { MotionActionName, MotionActionState } from '$lib/motion-actions.ts';
import { openMotionStatuses } from '@cercle/shared/enums';
import { authorMayWithdraw, decisionState } from '$lib/motions.ts';
import { searchCoauthorCandidates } from '$lib/api/people-search.ts';
import { sendBallotForm } from '$lib/server/ballot-form.ts';
import { searchedPeopleIn } from '$lib/server/people-search-param.ts';
import { runPollStep, type PollStep } from '$lib/server/poll-step.ts';
import { secretaryAntennas } from '$lib/server/congress-page.ts';
import { allows, motionPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import { checkMarkdown } from '$lib/server/motion-form.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Used when the motion's own assembly cannot be read (a motion referred elsewhere). */
const defaultConsentRounds = 3;

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url } = event;
  const motion = unwrap(await getMotion(fetch, params.id), event);
  const permissions = motionPermissions(user, motion.assemblyId);
  const mayRefer = permissions.admit && openMotionStatuses.includes(motion.status);
  const [assembly, versions, amendments, polls, objections, comments, referTargets, attachments] =
    await Promise.all([
      getAssembly(fetch, motion.assemblyId),
      listVersions(fetch, motion.id).then((result) => unwrap(result, event)),
      listAmendments(fetch, motion.id).then((result) => unwrap(result, event)),
      listMotionPolls(fetch, motion.id).then((result) => unwrap(result, event)),
      listMotionObjections(fetch, motion.id).then((result) => unwrap(result, event)),
      listComments(fetch, motion.id).then((result) => unwrap(result, event)),
      mayRefer ? listAssemblies(fetch).then(referable(motion.assemblyId)) : [],
      attachmentsOf(fetch, 'motion', motion.id),
    ]);
  const settings = assembly.ok ? assembly.data.settings : null;
  const kind = assembly.ok ? assembly.data.kind : null;
  // An antenna's secretary forwards what the antenna adopted to a congress.
  const forwardable =
    motion.status === 'adopted' &&
    kind === 'antenna' &&
    allows(user, 'congress.forward', { assemblyId: motion.assemblyId });
  // Polls held in meetings break down by site: name the sites of those meetings.
  const meetingIds = [
    ...new Set(polls.flatMap((poll) => (poll.meetingId ? [poll.meetingId] : []))),
  ];
  // Co-authors are asked while the motion is a draft or open (as long as it may be withdrawn).
  const mayInvite = motion.viewer.mayManageCoauthors && authorMayWithdraw(motion.status);
  // Whom to ask is searched for by name (a congress motion's authors may ask any antenna's
  // members): the page lists none, a search without JavaScript comes back as `?coauthor=`.
  const [congresses, meetings, coauthorSearch] = await Promise.all([
    forwardable
      ? listAssemblies(fetch).then(assembliesWhere((assembly) => assembly.kind === 'congress'))
      : [],
    Promise.all(meetingIds.map((id) => getMeeting(fetch, id))),
    mayInvite
      ? searchedPeopleIn(url, 'coauthor', (query) =>
          searchCoauthorCandidates(fetch, motion.id, query),
        )
      : null,
  ]);
  const sites = meetings.flatMap((meeting) =>
    meeting.ok ? meeting.data.sites.map(({ id, name }) => ({ id, name })) : [],
  );

  return {
    // Two columns from 1024 px: the text beside its actions and decision.
    wide: true,
    motion,
    timeZone: motion.timeZone,
    assembly: {
      id: motion.assemblyId,
      name: assembly.ok ? assembly.data.name : motion.assemblyCode,
      colleges: assembly.ok ? assembly.data.colleges.map(({ id, name }) => ({ id, name })) : [],
      fallbackRule: settings?.fallbackRule ?? null,
    },
    // The texts of old versions are for the comparison page; the list needs only who and why.
    versions: versions.map(({ version, note, createdBy, createdAt, amendmentId }) => ({
      version,
      note,
      createdBy,
      createdAt,
      amendmentId,
    })),
    amendments,
    sites,
    polls: polls.map((poll) => ({
      ...poll,
      // Made once per rendered ballot form: sending the same form again never counts twice.
      clientBallotId:
        poll.status === 'open' && poll.me.entitled ? globalThis.crypto.randomUUID() : null,
    })),
    objections,
    comments,
    attachments,
    referTargets,
    congresses,
    // On a congress motion, an antenna's secretary may amend in the antenna's name.
    amendAntennas: kind === 'congress' ? secretaryAntennas(user) : [],
    inCongress: kind === 'congress',
    permissions,
    isAuthor: motion.viewer.isAuthor,
    coauthorInvite: mayInvite
      ? { query: coauthorSearch?.query ?? '', people: coauthorSearch?.people ?? null }
      : null,
    decision: decisionState({
      status: motion.status,
      polls,
      objections,
      amendments,
      settings: { maxConsentRounds: settings?.maxConsentRounds ?? defaultConsentRounds },
    }),
    notice: url.searchParams.get('notice'),
  };
};

/** The assemblies of the list that `keep` accepts, as a select's options need them. */
function assembliesWhere(keep: (assembly: Assembly) => boolean) {
  return (result: ApiResult<Assembly[]>) =>
    result.ok ? result.data.filter(keep).map(({ id, name, kind }) => ({ id, name, kind })) : [];
}

/** Working groups and congresses, other than the motion's own assembly. */
const referable = (assemblyId: string) =>
  assembliesWhere(
    (assembly) =>
      (assembly.kind === 'working_group' || assembly.kind === 'congress') &&
      assembly.id !== assemblyId,
  );

const { state, refused, refusedByApi } = actionStates<MotionActionName, MotionActionState>({
  target: null,
  problems: [],
  values: {},
  notice: null,
  ballot: null,
});

function done(
  action: MotionActionName,
  key: MessageKey,
  params?: MessageParams,
  target: string | null = null,
) {
  return state(action, { target, notice: { key, ...(params ? { params } : {}) } });
}

/** The motion actions that take no input: one button each. */
function motionStep(
  action: MotionActionName & ('submit' | 'withdraw' | 'admit' | 'support' | 'unsupport'),
  key: MessageKey,
) {
  return async (event: RequestEvent) => {
    requireUser(event);
    const { fetch, params } = event;
    const result =
      action === 'unsupport'
        ? await withdrawSupport(fetch, params.id)
        : await runMotionAction(fetch, params.id, action);
    if (!result.ok) return refusedByApi(action, result);
    return done(action, key, { reference: result.data.reference ?? '' });
  };
}

function pollStep(action: PollStep) {
  return async (event: RequestEvent) => {
    requireUser(event);
    const { pollId, result, notice } = await runPollStep(event, action);
    if (!result.ok) return refusedByApi(action, result, { target: pollId });
    // A deleted poll's card is gone: the page says it at the top instead.
    return done(action, notice, undefined, action === 'deletePoll' ? undefined : pollId);
  };
}

export const actions: Actions = {
  submit: motionStep('submit', 'motion.submittedNotice'),
  withdraw: motionStep('withdraw', 'motion.withdrawnNotice'),
  admit: motionStep('admit', 'motion.admittedNotice'),
  support: motionStep('support', 'motion.supportedNotice'),
  unsupport: motionStep('unsupport', 'motion.unsupportedNotice'),
  openPoll: pollStep('openPoll'),
  closePoll: pollStep('closePoll'),
  deletePoll: pollStep('deletePoll'),

  refer: async (event) => {
    requireUser(event);
    const assemblyId = readText(await event.request.formData(), 'referTo');
    if (!assemblyId) {
      return refused('refer', 400, [{ field: 'referTo', key: 'validation.referTarget' }]);
    }
    const result = await referMotion(event.fetch, event.params.id, assemblyId);
    if (!result.ok) return refusedByApi('refer', result, {}, { assemblyId: 'referTo' });
    return done('refer', 'motion.referredNotice');
  },

  forward: async (event) => {
    requireUser(event);
    const congressId = readText(await event.request.formData(), 'congressId');
    if (!congressId) {
      return refused('forward', 400, [{ field: 'congressId', key: 'validation.congressRequired' }]);
    }
    const result = await forwardMotion(event.fetch, congressId, event.params.id);
    if (!result.ok) return refusedByApi('forward', result, {}, { motionId: 'congressId' });
    redirect(303, `/congresses/${encodeURIComponent(congressId)}/motions?notice=forwarded`);
  },

  inviteCoauthor: async (event) => {
    requireUser(event);
    const userId = readText(await event.request.formData(), 'coauthorId');
    if (!userId) {
      return refused('inviteCoauthor', 400, [
        { field: 'coauthorId', key: 'validation.memberRequired' },
      ]);
    }
    const result = await inviteCoauthor(event.fetch, event.params.id, userId);
    if (!result.ok) return refusedByApi('inviteCoauthor', result, {}, { userId: 'coauthorId' });
    const invited = result.data.coauthors.find((coauthor) => coauthor.id === userId);
    return done('inviteCoauthor', 'coauthors.invitedNotice', { name: invited?.name ?? '' });
  },

  answerCoauthor: async (event) => {
    requireUser(event);
    const answer = readText(await event.request.formData(), 'answer');
    if (answer !== 'accept' && answer !== 'decline') {
      return refused('answerCoauthor', 400, [
        { field: 'answer', key: 'validation.choiceRequired' },
      ]);
    }
    const result = await answerCoauthorInvitation(event.fetch, event.params.id, answer);
    if (!result.ok) return refusedByApi('answerCoauthor', result);
    // Declining a draft closes it to the person: back to the assembly's motions.
    if (answer === 'decline' && result.data.status === 'draft') {
      redirect(303, `/assemblies/${encodeURIComponent(result.data.assemblyId)}/motions`);
    }
    return done(
      'answerCoauthor',
      answer === 'accept' ? 'coauthors.acceptedNotice' : 'coauthors.declinedNotice',
    );
  },

  removeCoauthor: async (event) => {
    const user = requireUser(event);
    const userId = readText(await event.request.formData(), 'userId');
    const result = await removeCoauthor(event.fetch, event.params.id, userId);
    if (!result.ok) return refusedByApi('removeCoauthor', result, { target: userId });
    const leaving = userId === user.id;
    if (leaving && result.data.status === 'draft') {
      redirect(303, `/assemblies/${encodeURIComponent(result.data.assemblyId)}/motions`);
    }
    return done(
      'removeCoauthor',
      leaving ? 'coauthors.leftNotice' : 'coauthors.removedNotice',
      undefined,
      userId,
    );
  },

  comment: async (event) => {
    requireUser(event);
    const text = readText(await event.request.formData(), 'comment');
    const values = { comment: text };
    if (!text || text.length > 10_000) {
      const key = text ? 'validation.commentTooLong' : 'validation.commentRequired';
      return refused('comment', 400, [{ field: 'comment', key }], { values });
    }
    const result = await addComment(event.fetch, event.params.id, text);
    if (!result.ok) return refusedByApi('comment', result, { values }, { text: 'comment' });
    return done('comment', 'comments.addedNotice');
  },

  amend: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const values = {
      proposedText: readText(form, 'proposedText'),
      rationale: readText(form, 'rationale'),
      antennaId: readText(form, 'antennaId'),
    };
    const baseVersion = Number(readText(form, 'baseVersion'));
    const problems = [
      checkMarkdown(values.proposedText, 'proposedText'),
      values.rationale.length > 10_000
        ? { field: 'rationale', key: 'validation.rationaleTooLong' as const }
        : undefined,
    ].filter((problem) => problem !== undefined);
    if (problems.length > 0) return refused('amend', 400, problems, { values });

    const result = await proposeAmendment(event.fetch, event.params.id, {
      proposedText: values.proposedText,
      rationale: values.rationale,
      ...(values.antennaId ? { antennaId: values.antennaId } : {}),
      ...(Number.isInteger(baseVersion) && baseVersion > 0 ? { baseVersion } : {}),
    });
    if (!result.ok) {
      return refusedByApi(
        'amend',
        result,
        { values },
        {
          proposedText: 'proposedText',
          rationale: 'rationale',
          baseVersion: 'proposedText',
          antennaId: 'antennaId',
        },
      );
    }
    return done('amend', 'amendments.proposedNotice', { label: result.data.label });
  },

  withdrawAmendment: async (event) => {
    requireUser(event);
    const amendmentId = readText(await event.request.formData(), 'amendmentId');
    const result = await withdrawAmendment(event.fetch, amendmentId);
    if (!result.ok) return refusedByApi('withdrawAmendment', result, { target: amendmentId });
    return done('withdrawAmendment', 'amendments.withdrawnNotice', undefined, amendmentId);
  },

  ballot: async (event) => {
    requireUser(event);
    const outcome = await sendBallotForm(event);
    const { target, values } = outcome;
    if (!outcome.ok) return refused('ballot', outcome.status, outcome.problems, { target, values });
    return state('ballot', { target, values, ballot: outcome.ballot });
  },
};
