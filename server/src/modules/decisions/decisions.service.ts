import {
  type Actor,
  type Decision,
  type DecisionFilters,
  type DecisionListQuery,
  explainResult,
  explainRound,
  type Locale,
  type Result,
  type RoundResult,
  type VoteRule,
} from '@cercle/shared';
import type { Database, PollRow } from '@cercle/db';
import { allows, requirePermission } from '../../permissions.ts';
import { message, messageCount } from '../../text/messages/index.ts';
import { motionReference } from '../motions/motions.service.ts';
import { createDecisionsRepository, type DecisionScope } from './decisions.repository.ts';

const day = 86_400_000;

/** Accents and case aside, so « election » finds « Élection ». */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/**
 * The register of decisions: every decided motion, amendment and election of the assemblies the
 * person may read (members read their assemblies, admins all), newest first, each with its result
 * in the words the minutes and the pages use (`explainResult`, `explainRound`).
 */
export function createDecisionsService({ db }: { db: Database }) {
  const repository = createDecisionsRepository({ db });

  async function readable(permissions: Actor, assemblyId: string | undefined) {
    const all = await repository.assemblies();
    if (assemblyId) {
      requirePermission(
        permissions,
        'assembly.view',
        { assemblyId },
        'You may read the decisions of your own assemblies only.',
      );
    }
    return all.filter((assembly) =>
      allows(permissions, 'assembly.view', { assemblyId: assembly.id }),
    );
  }

  async function collect(
    permissions: Actor,
    filters: DecisionFilters,
    language: Locale,
  ): Promise<{ decisions: Decision[]; assemblies: Awaited<ReturnType<typeof readable>> }> {
    const t = (key: Parameters<typeof message>[1], params?: Parameters<typeof message>[2]) =>
      message(language, key, params);
    const assemblies = await readable(permissions, filters.assemblyId);
    const inScope = filters.assemblyId
      ? assemblies.filter((assembly) => assembly.id === filters.assemblyId)
      : assemblies;
    const assemblyOf = new Map(inScope.map((assembly) => [assembly.id, assembly]));
    const scope: DecisionScope = {
      assemblyIds: [...assemblyOf.keys()],
      ...(filters.from ? { since: new Date(`${filters.from}T00:00:00Z`) } : {}),
      ...(filters.to ? { until: new Date(Date.parse(`${filters.to}T00:00:00Z`) + day) } : {}),
    };
    const wants = (kind: Decision['kind']) => !filters.kind || filters.kind === kind;
    const [motionRows, amendmentRows, electionRows] = await Promise.all([
      wants('motion') ? repository.motions(scope) : [],
      wants('amendment') ? repository.amendments(scope) : [],
      wants('election') ? repository.elections(scope) : [],
    ]);

    const motionIds = [
      ...new Set([...motionRows.map((m) => m.id), ...amendmentRows.map((a) => a.motion.id)]),
    ];
    const polls = await repository.closedPolls(motionIds);
    const electionIds = electionRows.map((election) => election.id);
    const [rounds, candidates, colleges] = await Promise.all([
      repository.electionRounds(electionIds),
      repository.candidates(electionIds),
      repository.colleges([...new Set(electionRows.map((e) => e.assemblyId))]),
    ]);
    // The poll that decided: the motion's (or amendment's) last closed one.
    const decidingPoll = (motionId: string, amendmentId: string | null) =>
      polls.find((poll) => poll.motionId === motionId && poll.amendmentId === amendmentId);
    const consentPolls = polls.filter((poll) => poll.kind === 'consent');
    const integrated = await repository.integratedObjections(consentPolls.map((poll) => poll.id));
    // Objections are raised in one round and integrated before the next: count them over every
    // consent round on the same subject (the motion, or the amendment), not the deciding one only.
    const integratedBefore = (decider: PollRow) => {
      const rounds = new Set(
        consentPolls
          .filter(
            (poll) =>
              poll.motionId === decider.motionId && poll.amendmentId === decider.amendmentId,
          )
          .map((poll) => poll.id),
      );
      return integrated.filter((row) => rounds.has(row.pollId)).length;
    };

    const meetingIds = [
      ...new Set(
        [
          ...motionRows.map((m) => decidingPoll(m.id, null)?.meetingId),
          ...amendmentRows.map((a) => decidingPoll(a.motion.id, a.amendment.id)?.meetingId),
          ...electionRows.map((e) => e.meetingId),
        ].filter((id): id is string => Boolean(id)),
      ),
    ];
    const [meetings, minutes] = await Promise.all([
      repository.meetings(meetingIds),
      repository.publishedMinutes(meetingIds),
    ]);
    const meetingOf = (id: string | null | undefined) => {
      const meeting = id ? meetings.find((row) => row.id === id) : undefined;
      return meeting ? { id: meeting.id, title: meeting.title } : null;
    };
    const minutesOf = (meetingId: string | null | undefined) =>
      (meetingId && minutes.find((row) => row.meetingId === meetingId)?.id) || null;
    const assemblyNames = new Map(assemblies.map((assembly) => [assembly.id, assembly.name]));

    /** How a poll decided, and its result in the app's words. */
    const pollWords = (poll: PollRow | undefined) => {
      if (!poll) return { how: t('register.how.noPoll'), result: '' };
      const rule = poll.rule ? message(language, `voteRule.${poll.rule as VoteRule}`) : '';
      const how =
        poll.kind === 'consent'
          ? integratedBefore(poll)
            ? messageCount(language, 'register.how.integrated', integratedBefore(poll), {
                round: poll.round,
              })
            : t('register.how.consent', { round: poll.round })
          : poll.fallback
            ? t('register.how.fallback', { rule })
            : t(poll.secret ? 'register.how.secretVote' : 'register.how.vote', { rule });
      const result = poll.result ? explainResult(poll.result as Result, language) : '';
      return { how, result };
    };

    const decisions: Decision[] = [];
    const base = (assemblyId: string, decidedAt: Date) => {
      const assembly = assemblyOf.get(assemblyId)!;
      return {
        decidedAt: decidedAt.toISOString(),
        assembly: {
          id: assembly.id,
          name: assembly.name,
          code: assembly.code,
          timeZone: assembly.timeZone,
        },
      };
    };
    for (const motion of motionRows) {
      const assembly = assemblyOf.get(motion.assemblyId)!;
      const reference = motionReference(assembly.code, motion);
      const poll =
        motion.status === 'adopted' || motion.status === 'rejected'
          ? decidingPoll(motion.id, null)
          : undefined;
      const words =
        motion.status === 'withdrawn'
          ? { how: t('register.how.withdrawn'), result: '' }
          : motion.status === 'referred'
            ? {
                how: t('register.how.referred', {
                  assembly: (motion.referredTo && assemblyNames.get(motion.referredTo)) || '—',
                }),
                result: '',
              }
            : pollWords(poll);
      const outcome = motion.status as Decision['outcome'];
      decisions.push({
        kind: 'motion',
        id: motion.id,
        ...base(motion.assemblyId, motion.decidedAt!),
        meeting: meetingOf(poll?.meetingId),
        minutesId: minutesOf(poll?.meetingId),
        subject: reference ? `${reference} — ${motion.title}` : motion.title,
        motion: { id: motion.id, title: motion.title, reference },
        amendment: null,
        election: null,
        outcome,
        outcomeLabel: t(`register.outcome.${outcome}`),
        ...words,
      });
    }
    for (const { amendment, motion } of amendmentRows) {
      const assembly = assemblyOf.get(motion.assemblyId)!;
      const reference = motionReference(assembly.code, motion);
      const motionLabel = reference ? `${reference} — ${motion.title}` : motion.title;
      const poll =
        amendment.status === 'withdrawn' ? undefined : decidingPoll(motion.id, amendment.id);
      const outcome = amendment.status as Decision['outcome'];
      decisions.push({
        kind: 'amendment',
        id: amendment.id,
        ...base(motion.assemblyId, amendment.decidedAt!),
        meeting: meetingOf(poll?.meetingId),
        minutesId: minutesOf(poll?.meetingId),
        subject: t('register.amendmentTo', { rank: amendment.rank, motion: motionLabel }),
        motion: { id: motion.id, title: motion.title, reference },
        amendment: {
          id: amendment.id,
          label: t('register.amendmentLabel', { rank: amendment.rank }),
        },
        election: null,
        outcome,
        outcomeLabel: t(`register.outcome.${outcome}`),
        ...(amendment.status === 'withdrawn'
          ? { how: t('register.how.amendmentWithdrawn'), result: '' }
          : pollWords(poll)),
      });
    }
    const collegeNames = Object.fromEntries(colleges.map((college) => [college.id, college.name]));
    for (const election of electionRows) {
      const electionRounds = rounds.filter((round) => round.electionId === election.id);
      const last = electionRounds[0];
      const names = Object.fromEntries(
        candidates
          .filter((candidate) => candidate.electionId === election.id)
          .map((candidate) => [candidate.id, candidate.label ?? candidate.name ?? '']),
      );
      const words = last?.result
        ? explainRound(
            last.result as RoundResult,
            {
              method: election.method,
              seats: election.seats,
              reserved: election.reserved,
              parity: election.parity,
              grades: election.grades,
              round: last.round,
              names,
              colleges: collegeNames,
              subject: election.subject,
            },
            language,
          )
        : null;
      decisions.push({
        kind: 'election',
        id: election.id,
        ...base(election.assemblyId, election.decidedAt!),
        meeting: meetingOf(election.meetingId),
        minutesId: minutesOf(election.meetingId),
        subject: messageCount(language, 'register.seats', election.seats, {
          title: election.title,
        }),
        motion: null,
        amendment: null,
        election: { id: election.id, title: election.title, seats: election.seats },
        outcome: 'decided',
        outcomeLabel: t('register.outcome.decided'),
        how: messageCount(language, 'register.how.election', electionRounds.length),
        result: words ? [words.summary, ...words.seats].join(' ') : '',
      });
    }

    const query = filters.q ? folded(filters.q) : null;
    const kept = decisions
      .filter((decision) => !filters.outcome || decision.outcome === filters.outcome)
      .filter((decision) => !query || folded(decision.subject).includes(query))
      // Newest first; the same instant keeps a stable order.
      .sort((a, b) => b.decidedAt.localeCompare(a.decidedAt) || a.id.localeCompare(b.id));
    return { decisions: kept, assemblies };
  }

  return {
    async list(permissions: Actor, query: DecisionListQuery, language: Locale) {
      const { decisions, assemblies } = await collect(permissions, query, language);
      return {
        decisions: decisions.slice(query.offset, query.offset + query.limit),
        total: decisions.length,
        limit: query.limit,
        offset: query.offset,
        assemblies: assemblies.map(({ id, name, code }) => ({ id, name, code })),
      };
    },

    /** Every decision that matches, for the exports. */
    async all(permissions: Actor, filters: DecisionFilters, language: Locale) {
      return (await collect(permissions, filters, language)).decisions;
    },
  };
}

export type DecisionsService = ReturnType<typeof createDecisionsService>;
