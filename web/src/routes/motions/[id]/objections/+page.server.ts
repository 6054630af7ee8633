import { fail } from '@sveltejs/kit';
import type { UpdateObjectionBody } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import {
  getMotion,
  listAmendments,
  listMotionObjections,
  listMotionPolls,
  listVersions,
} from '$lib/api/motions.ts';
import { updateObjection } from '$lib/api/polls.ts';
import { problemFromApi, readText, type FormProblem } from '$lib/forms.ts';
import type { MessageKey } from '$lib/i18n';
import { decisionState, motionHeading } from '$lib/motions.ts';
import { motionPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type ObjectionAction = 'ruleOut' | 'integrate' | 'withdraw';

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params } = event;
  const motion = unwrap(await getMotion(fetch, params.id), event);
  const [assembly, objections, polls, versions, amendments] = await Promise.all([
    getAssembly(fetch, motion.assemblyId).then((result) => unwrap(result, event)),
    listMotionObjections(fetch, motion.id).then((result) => unwrap(result, event)),
    listMotionPolls(fetch, motion.id).then((result) => unwrap(result, event)),
    listVersions(fetch, motion.id).then((result) => unwrap(result, event)),
    listAmendments(fetch, motion.id).then((result) => unwrap(result, event)),
  ]);
  const pollVersion = new Map(polls.map((poll) => [poll.id, poll.motionVersion]));
  return {
    motion: motionHeading(motion),
    timeZone: motion.timeZone,
    objections: objections.map((objection) => {
      const since = pollVersion.get(objection.pollId) ?? motion.currentVersion;
      return {
        ...objection,
        /** The round ran on this version; an integration points at a newer one. */
        pollVersion: since,
        newerVersions: versions
          .filter((version) => version.version > since)
          .map(({ version, note }) => ({ version, note }))
          .toReversed(),
      };
    }),
    decision: decisionState({
      status: motion.status,
      polls,
      objections,
      amendments,
      settings: assembly.settings,
    }),
    fallbackRule: assembly.settings.fallbackRule,
    permissions: motionPermissions(user, motion.assemblyId),
    /** The motion's authors answer objections with a new version, and integrate them. */
    isAuthor: motion.viewer.isAuthor,
    userId: user.id,
  };
};

function answer(
  action: ObjectionAction,
  target: string,
  fields: { problems?: FormProblem[]; values?: Record<string, string>; notice?: MessageKey } = {},
) {
  return {
    action,
    target,
    problems: fields.problems ?? [],
    values: fields.values ?? {},
    notice: fields.notice ?? null,
  };
}

async function decide(
  event: RequestEvent,
  action: ObjectionAction,
  read: (
    form: FormData,
    id: string,
  ) => {
    body?: UpdateObjectionBody;
    problems: FormProblem[];
    values: Record<string, string>;
    apiFields: Record<string, string>;
  },
) {
  requireUser(event);
  const form = await event.request.formData();
  const id = readText(form, 'objectionId');
  const { body, problems, values, apiFields } = read(form, id);
  if (!body || problems.length > 0) return fail(400, answer(action, id, { problems, values }));
  const result = await updateObjection(event.fetch, id, body);
  if (!result.ok) {
    return fail(
      result.status,
      answer(action, id, { problems: [problemFromApi(result, apiFields)], values }),
    );
  }
  const notices: Record<ObjectionAction, MessageKey> = {
    ruleOut: 'objections.ruledOutNotice',
    integrate: 'objections.integratedNotice',
    withdraw: 'objections.withdrawnNotice',
  };
  return answer(action, id, { notice: notices[action] });
}

export const actions: Actions = {
  ruleOut: (event) =>
    decide(event, 'ruleOut', (form, id) => {
      const reason = readText(form, 'reason');
      const field = `reason-${id}`;
      const problems: FormProblem[] =
        reason.length < 3 || reason.length > 2000
          ? [{ field, key: 'validation.ruleOutReason' }]
          : [];
      return {
        body: { status: 'ruled_out', reason },
        problems,
        values: { reason },
        apiFields: { reason: field },
      };
    }),

  integrate: (event) =>
    decide(event, 'integrate', (form, id) => {
      const version = Number(readText(form, 'version'));
      const field = `version-${id}`;
      const problems: FormProblem[] =
        Number.isInteger(version) && version >= 2
          ? []
          : [{ field, key: 'validation.integratedVersion' }];
      return {
        body: { status: 'integrated', version },
        problems,
        values: { version: String(version) },
        apiFields: { version: field },
      };
    }),

  withdraw: (event) =>
    decide(event, 'withdraw', () => ({
      body: { status: 'withdrawn' },
      problems: [],
      values: {},
      apiFields: {},
    })),
};
