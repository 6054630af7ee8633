import {
  defaultGradeLabels,
  type AssemblyDetail,
  type Election,
  type ElectionRound,
} from '@cercle/shared';
import { zonedInputValue, zonedLocalToIso } from '@cercle/shared/time-zones';
import { getAssembly } from '$lib/api/assemblies.ts';
import {
  addCandidacy,
  addOption,
  castElectionBallot,
  getElection,
  openRound,
  recordElectionSiteCounts,
  runElectionStep,
  updateCandidacy,
  withdrawCandidacy,
  type ElectionStep,
} from '$lib/api/elections.ts';
import { getMeeting } from '$lib/api/meetings.ts';
import { searchElectionMembers } from '$lib/api/people-search.ts';
import type { ElectionActionName, ElectionActionState } from '$lib/election-actions.ts';
import { readSiteCountForm } from '$lib/election-paper.ts';
import { readBallotForm, seatsOfRound, type BallotSpec } from '$lib/elections.ts';
import { readText, type FormProblem } from '$lib/forms.ts';
import { actionStates } from '$lib/server/action-state.ts';
import { searchedPeopleIn } from '$lib/server/people-search-param.ts';
import type { MessageKey, MessageParams } from '$lib/i18n';
import { requireUser, unwrap } from '$lib/server/guards.ts';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** Whether the assembly weighs its votes by college (site counts then come per college). */
const weighsColleges = (assembly: AssemblyDetail) =>
  assembly.settings.collegeWeighting && assembly.colleges.length > 0;

/** The round that takes ballots now, if any. */
const openRoundOf = (election: Pick<Election, 'rounds'>) =>
  election.rounds.find((round) => round.status === 'open') ?? null;

/** The grades a majority judgment ballot offers: the election's, or the assembly language's. */
function gradesOf(election: Pick<Election, 'grades'>, language: 'fr' | 'en'): string[] {
  return election.grades ?? [...defaultGradeLabels[language]];
}

/** The round's names, in ballot order, as the ballot and the paper count show them. */
function roundCandidates(election: Election, round: ElectionRound) {
  return round.candidateIds.flatMap((id) => {
    const candidate = election.candidates.find((standing) => standing.id === id);
    return candidate
      ? [{ id, label: candidate.label, hint: candidate.college?.name ?? null }]
      : [{ id, label: id, hint: null }];
  });
}

/** Whether I may answer the round in the app: entitled, not counted at a site, not a sealed ballot. */
const mayAnswer = (round: ElectionRound, secret: boolean) =>
  round.status === 'open' &&
  round.me.entitled &&
  !round.me.countedAtSite &&
  !(secret && round.me.answered);

export const load: PageServerLoad = async (event) => {
  const user = requireUser(event);
  const { fetch, params, url } = event;
  const election = unwrap(await getElection(fetch, params.id), event);
  const manage = election.me.mayManage;
  // Secretaries enter candidacies for members, found by name (an assembly may have thousands):
  // a search without JavaScript comes back as `?candidate=`.
  const [assembly, candidateSearch, meeting] = await Promise.all([
    getAssembly(fetch, election.assemblyId).then((result) => unwrap(result, event)),
    manage && election.subject === 'people'
      ? searchedPeopleIn(url, 'candidate', (query) =>
          searchElectionMembers(fetch, election.id, query),
        )
      : null,
    election.meetingId
      ? getMeeting(fetch, election.meetingId).then((result) => (result.ok ? result.data : null))
      : null,
  ]);
  const timeZone = assembly.settings.timeZone;
  const current = openRoundOf(election);
  // Paper ballots are counted at the sites that are rooms, by their secretary (or the
  // election's secretaries, who may enter any site's count).
  const countingSites =
    meeting && current
      ? meeting.sites
          .filter((site) => !site.online && (manage || site.secretaryId === user.id))
          .map(({ id, name }) => ({ id, name }))
      : [];

  return {
    election,
    timeZone,
    assembly: {
      id: assembly.id,
      name: assembly.name,
      colleges: assembly.colleges.map(({ id, name }) => ({ id, name })),
    },
    grades: gradesOf(election, assembly.settings.language),
    meeting: meeting ? { id: meeting.id, title: meeting.title } : null,
    sites: meeting ? meeting.sites.map(({ id, name }) => ({ id, name })) : [],
    countingSites,
    // With weighting, each site count is one college's ballots.
    countingColleges: weighsColleges(assembly)
      ? assembly.colleges.map(({ id, name }) => ({ id, name }))
      : null,
    candidateSearch,
    currentRound: current
      ? {
          pollId: current.pollId,
          candidates: roundCandidates(election, current),
          seats: seatsOfRound(election, current),
          mayAnswer: mayAnswer(current, election.secret),
        }
      : null,
    // Made once per rendered ballot form: sending the same form again never counts twice.
    clientBallotId:
      current && mayAnswer(current, election.secret) ? globalThis.crypto.randomUUID() : null,
    earliestClosing: zonedInputValue(new Date(), timeZone),
    notice: url.searchParams.get('notice'),
  };
};

const { state, refused, refusedByApi } = actionStates<ElectionActionName, ElectionActionState>({
  target: null,
  problems: [],
  values: {},
  notice: null,
  ballot: null,
  draft: null,
});

function done(
  action: ElectionActionName,
  key: MessageKey,
  fields: Partial<Omit<ElectionActionState, 'action' | 'notice'>> = {},
  params?: MessageParams,
) {
  return state(action, { ...fields, notice: { key, ...(params ? { params } : {}) } });
}

/** A candidacy's statement (Markdown) and the category declared for parity, as typed. */
function readCandidacy(form: FormData, prefix: string) {
  const values = {
    statement: readText(form, `${prefix}statement`),
    category: readText(form, `${prefix}category`),
  };
  const problems: FormProblem[] = [];
  if (values.statement.length > 10_000) {
    problems.push({ field: `${prefix}statement`, key: 'candidacy.statementTooLong' });
  }
  if (values.category.length > 40) {
    problems.push({ field: `${prefix}category`, key: 'candidacy.categoryTooLong' });
  }
  return { values, problems };
}

/** The buttons that take no input but the election. */
function electionStep(
  action: ElectionActionName & ('publish' | 'closeRound' | 'cancel'),
  step: ElectionStep,
  key: MessageKey,
) {
  return async (event: RequestEvent) => {
    requireUser(event);
    const result = await runElectionStep(event.fetch, event.params.id, step);
    if (!result.ok) return refusedByApi(action, result);
    return done(action, key);
  };
}

export const actions: Actions = {
  publish: electionStep('publish', 'publish', 'electionManage.publishedNotice'),
  closeRound: electionStep('closeRound', 'close', 'electionManage.roundClosedNotice'),
  cancel: electionStep('cancel', 'cancel', 'electionManage.cancelledNotice'),

  stand: async (event) => {
    requireUser(event);
    const { values, problems } = readCandidacy(await event.request.formData(), 'stand-');
    if (problems.length > 0) return refused('stand', 400, problems, { values });
    const result = await addCandidacy(event.fetch, event.params.id, {
      statement: values.statement,
      category: values.category || null,
    });
    if (!result.ok) {
      return refusedByApi(
        'stand',
        result,
        { values },
        { statement: 'stand-statement', category: 'stand-category' },
      );
    }
    return done('stand', 'candidacy.stoodNotice');
  },

  editCandidacy: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const candidateId = readText(form, 'candidateId');
    const { values, problems } = readCandidacy(form, 'edit-');
    const target = candidateId;
    if (problems.length > 0) return refused('editCandidacy', 400, problems, { target, values });
    const result = await updateCandidacy(event.fetch, event.params.id, candidateId, {
      statement: values.statement,
      category: values.category || null,
    });
    if (!result.ok) {
      return refusedByApi(
        'editCandidacy',
        result,
        { target, values },
        { statement: 'edit-statement', category: 'edit-category' },
      );
    }
    return done('editCandidacy', 'candidacy.savedNotice', { target });
  },

  withdrawCandidacy: async (event) => {
    requireUser(event);
    const candidateId = readText(await event.request.formData(), 'candidateId');
    const result = await withdrawCandidacy(event.fetch, event.params.id, candidateId);
    if (!result.ok) return refusedByApi('withdrawCandidacy', result, { target: candidateId });
    const notice =
      result.data.subject === 'people'
        ? 'candidacy.withdrawnNotice'
        : 'electionManage.optionWithdrawnNotice';
    return done('withdrawCandidacy', notice, { target: candidateId });
  },

  enterCandidacy: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const userId = readText(form, 'enter-userId');
    const read = readCandidacy(form, 'enter-');
    const values = { ...read.values, userId };
    const problems = [
      ...(userId ? [] : [{ field: 'enter-userId', key: 'candidacy.memberRequired' as const }]),
      ...read.problems,
    ];
    if (problems.length > 0) return refused('enterCandidacy', 400, problems, { values });
    const result = await addCandidacy(event.fetch, event.params.id, {
      userId,
      statement: values.statement,
      category: values.category || null,
    });
    if (!result.ok) {
      return refusedByApi(
        'enterCandidacy',
        result,
        { values },
        { userId: 'enter-userId', statement: 'enter-statement', category: 'enter-category' },
      );
    }
    return done('enterCandidacy', 'candidacy.enteredNotice');
  },

  addOption: async (event) => {
    requireUser(event);
    const label = readText(await event.request.formData(), 'optionLabel');
    const values = { optionLabel: label };
    if (!label || label.length > 200) {
      return refused(
        'addOption',
        400,
        [{ field: 'optionLabel', key: 'electionForm.optionLength' }],
        {
          values,
        },
      );
    }
    const result = await addOption(event.fetch, event.params.id, label);
    if (!result.ok) return refusedByApi('addOption', result, { values }, { label: 'optionLabel' });
    return done('addOption', 'electionManage.optionAddedNotice', {}, { label });
  },

  openRound: async (event) => {
    requireUser(event);
    const raw = readText(await event.request.formData(), 'closesAt');
    const values = { closesAt: raw };
    const election = unwrap(await getElection(event.fetch, event.params.id), event);
    const timeZone = unwrap(await getAssembly(event.fetch, election.assemblyId), event).settings
      .timeZone;
    const closesAt = raw ? zonedLocalToIso(raw, timeZone) : undefined;
    if (!raw && !election.meetingId) {
      return refused(
        'openRound',
        400,
        [{ field: 'closesAt', key: 'electionManage.closesAtMissing' }],
        { values },
      );
    }
    if (raw && !closesAt) {
      return refused('openRound', 400, [{ field: 'closesAt', key: 'validation.closesAtInvalid' }], {
        values,
      });
    }
    if (closesAt && Date.parse(closesAt) <= Date.now()) {
      return refused('openRound', 400, [{ field: 'closesAt', key: 'validation.closesAtPast' }], {
        values,
      });
    }
    const result = await openRound(event.fetch, event.params.id, closesAt ? { closesAt } : {});
    if (!result.ok) return refusedByApi('openRound', result, { values }, { closesAt: 'closesAt' });
    return done('openRound', 'electionManage.roundOpenedNotice');
  },

  ballot: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const pollId = readText(form, 'pollId');
    const election = unwrap(await getElection(event.fetch, event.params.id), event);
    const round = openRoundOf(election);
    const assembly = unwrap(await getAssembly(event.fetch, election.assemblyId), event);
    if (!round || round.pollId !== pollId) {
      return refused('ballot', 409, [{ key: 'electionBallot.roundClosed' }], { target: pollId });
    }
    const spec: BallotSpec = {
      pollId,
      method: election.method,
      seats: seatsOfRound(election, round),
      candidates: roundCandidates(election, round),
      gradeCount: gradesOf(election, assembly.settings.language).length,
    };
    const reading = readBallotForm(form, spec);
    if (!reading.ok) {
      return refused('ballot', 400, [reading.problem], { target: pollId, draft: reading.draft });
    }
    const result = await castElectionBallot(event.fetch, election.id, {
      selection: reading.selection,
      // The form always carries one; a missing one (a hand-made request) still counts once.
      clientBallotId: readText(form, 'clientBallotId') || globalThis.crypto.randomUUID(),
    });
    if (!result.ok) {
      return refusedByApi('ballot', result, { target: pollId, draft: reading.draft });
    }
    return state('ballot', { target: pollId, ballot: result.data });
  },

  siteCounts: async (event) => {
    requireUser(event);
    const form = await event.request.formData();
    const election = unwrap(await getElection(event.fetch, event.params.id), event);
    const round = openRoundOf(election);
    if (!round || !election.meetingId) {
      return refused('siteCounts', 409, [{ key: 'electionBallot.roundClosed' }]);
    }
    const [assembly, meeting] = await Promise.all([
      getAssembly(event.fetch, election.assemblyId).then((result) => unwrap(result, event)),
      getMeeting(event.fetch, election.meetingId).then((result) => unwrap(result, event)),
    ]);
    const reading = readSiteCountForm(form, {
      method: election.method,
      seats: seatsOfRound(election, round),
      collegeIds: weighsColleges(assembly) ? assembly.colleges.map((college) => college.id) : null,
      candidates: roundCandidates(election, round),
      gradeCount: gradesOf(election, assembly.settings.language).length,
      // The API decides who may count where; the list only keeps a typo from reaching it.
      siteIds: meeting.sites.filter((site) => !site.online).map((site) => site.id),
    });
    if (!reading.ok) {
      return refused('siteCounts', 400, reading.problems, { values: reading.values });
    }
    const result = await recordElectionSiteCounts(event.fetch, election.id, reading.body);
    if (!result.ok) {
      return refusedByApi(
        'siteCounts',
        result,
        { values: reading.values },
        {
          siteId: 'siteId',
          collegeId: 'collegeId',
          ballots: 'ballots',
          blank: 'blank',
          rankings: 'rankings',
        },
      );
    }
    const site = meeting.sites.find((candidate) => candidate.id === reading.body.siteId);
    return done('siteCounts', 'siteCount.recordedNotice', {}, { site: site?.name ?? '' });
  },
};
