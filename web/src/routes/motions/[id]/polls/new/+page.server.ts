import { fail, redirect } from '@sveltejs/kit';
import { pollKindSchema, voteRuleSchema, type PollKind, type VoteRule } from '@cercle/shared';
import { getAssembly } from '$lib/api/assemblies.ts';
import {
  getMotion,
  listAmendments,
  listMotionObjections,
  listMotionPolls,
} from '$lib/api/motions.ts';
import { createPoll, runPollAction } from '$lib/api/polls.ts';
import { present, problemFromApi, readChecked, readText, type FormProblem } from '$lib/forms.ts';
import { decisionState, motionHeading } from '$lib/motions.ts';
import { zonedInputValue, zonedLocalToIso } from '@cercle/shared/time-zones';
import { assemblyTimeZone } from '$lib/server/assembly-time-zone.ts';
import { forbidden, motionPermissions, requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad } from './$types';

/** What the form shows, as typed. `target` is `motion` or an amendment's id. */
interface PollFormValues {
  target: string;
  kind: PollKind;
  rule: VoteRule;
  secret: boolean;
  closesAt: string;
  openNow: boolean;
}

const pollApiFields = {
  motionId: 'target',
  amendmentId: 'target',
  kind: 'kind',
  rule: 'rule',
  secret: 'secret',
  closesAt: 'closesAt',
};

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url } = event;
  const motion = unwrap(await getMotion(fetch, params.id), event);
  if (!motionPermissions(user, motion.assemblyId).runPolls) forbidden();
  const [assembly, amendments, polls, objections] = await Promise.all([
    getAssembly(fetch, motion.assemblyId).then((result) => unwrap(result, event)),
    listAmendments(fetch, motion.id).then((result) => unwrap(result, event)),
    listMotionPolls(fetch, motion.id).then((result) => unwrap(result, event)),
    listMotionObjections(fetch, motion.id).then((result) => unwrap(result, event)),
  ]);
  const decision = decisionState({
    status: motion.status,
    polls,
    objections,
    amendments,
    settings: assembly.settings,
  });
  const pending = amendments.filter((amendment) => amendment.status === 'submitted');
  const askedFor = url.searchParams.get('amendment');
  // Amendments come first: with some pending, the form starts on the first of them.
  const target = pending.some((amendment) => amendment.id === askedFor)
    ? askedFor!
    : decision.step === 'decide_amendments'
      ? (pending[0]?.id ?? 'motion')
      : 'motion';
  const values: PollFormValues = {
    target,
    // An amendment is usually voted; the motion goes to consent until the rounds run out.
    kind: target !== 'motion' || decision.step === 'fallback_vote' ? 'vote' : 'consent',
    rule: 'simple',
    secret: false,
    closesAt: '',
    openNow: true,
  };

  return {
    motion: motionHeading(motion),
    amendments: pending.map(({ id, label, author }) => ({ id, label, author: author.name })),
    settings: {
      fallbackRule: assembly.settings.fallbackRule,
      maxConsentRounds: assembly.settings.maxConsentRounds,
      quorum: assembly.settings.quorum,
    },
    decision,
    values,
    earliestClosing: zonedInputValue(new Date(), assembly.settings.timeZone),
    timeZone: assembly.settings.timeZone,
  };
};

export const actions: Actions = {
  default: async (event) => {
    requireUser(event);
    const { fetch, params, request } = event;
    const form = await request.formData();
    const kind = pollKindSchema.safeParse(readText(form, 'kind'));
    const rule = voteRuleSchema.safeParse(readText(form, 'rule'));
    const values: PollFormValues = {
      target: readText(form, 'target') || 'motion',
      kind: kind.success ? kind.data : 'consent',
      rule: rule.success ? rule.data : 'simple',
      secret: readChecked(form, 'secret'),
      closesAt: readText(form, 'closesAt'),
      openNow: readChecked(form, 'openNow'),
    };
    const motion = unwrap(await getMotion(fetch, params.id), event);
    const timeZone = await assemblyTimeZone(event, motion.assemblyId);
    const closesAt = values.closesAt ? zonedLocalToIso(values.closesAt, timeZone) : undefined;

    const problems: FormProblem[] = present(
      kind.success ? undefined : { field: 'kind', key: 'validation.pollKind' },
      values.kind === 'consent' && values.secret
        ? { field: 'secret', key: 'validation.secretConsent' }
        : undefined,
      values.closesAt && !closesAt
        ? { field: 'closesAt', key: 'validation.closesAtInvalid' }
        : closesAt && Date.parse(closesAt) <= Date.now()
          ? { field: 'closesAt', key: 'validation.closesAtPast' }
          : undefined,
    );
    if (problems.length > 0) return fail(400, { values, problems });

    const created = await createPoll(fetch, {
      ...(values.target === 'motion' ? { motionId: params.id } : { amendmentId: values.target }),
      kind: values.kind,
      ...(values.kind === 'vote' ? { rule: values.rule, secret: values.secret } : {}),
      ...(closesAt ? { closesAt } : {}),
    });
    if (!created.ok) {
      const problem: FormProblem =
        created.code === 'motions.invalid_state'
          ? { key: 'pollNew.notAdmitted' }
          : problemFromApi(created, pollApiFields);
      return fail(created.status, { values, problems: [problem] });
    }

    let notice = 'pollCreated';
    // A secret poll on fewer voters than the smallest group shown is not opened in passing: the
    // motion page warns next to its open button, and the secretariat opens it knowingly.
    if (values.openNow && created.data.secrecy?.electorateBelowMinimum) {
      notice = 'pollSmallSecret';
    } else if (values.openNow) {
      const opened = await runPollAction(fetch, created.data.id, 'open');
      notice = opened.ok ? 'pollOpened' : 'pollOpenFailed';
    }
    redirect(303, `/motions/${encodeURIComponent(params.id)}?notice=${notice}`);
  },
};
