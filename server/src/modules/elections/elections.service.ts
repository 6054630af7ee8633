/**
 * Elections of people and choices among options: preparing one (settings, the call for
 * candidacies, options), publishing the list, and its rounds. A round is a poll of kind
 * `election`, so its ballots go through the polls' batcher (frozen electorate, one answer per
 * person, presence and proxies in a meeting, acknowledgement after commit, secret storage); its
 * close counts it with the method's pure function and records the seats it gave.
 */
import { sql } from 'drizzle-orm';
import {
  type Database,
  type ElectionRow,
  type ElectionSelection,
  members,
  type PollRow,
  type User,
} from '@cercle/db';
import {
  type CandidacyBody,
  type CastElectionBallotBody,
  type CreateElectionBody,
  defaultGradeLabels,
  type Election,
  personSearchLimit,
  type ElectionSiteCountsBody,
  type RoundResult,
  type SeatHolder,
  type UpdateElectionBody,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type Actor, allows, requirePermission } from '../../permissions.ts';
import { renderMarkdown } from '../../text/markdown.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { notEntitledRefusal } from '../meetings/accreditation-rules.ts';
import { createMeetingsRepository } from '../meetings/meetings.repository.ts';
import { createMembersRepository } from '../members/members.repository.ts';
import { createBallotBatcher } from '../polls/ballot-batcher.ts';
import { createOpenPollCache } from '../polls/open-polls.ts';
import { requireMeetingReadyToVote } from '../polls/poll-lifecycle.ts';
import { createPollsRepository } from '../polls/polls.repository.ts';
import { checkSelection, selectionStore } from './election-ballots.ts';
import {
  type BallotGroup,
  breakdowns,
  countRound,
  electionBallotsDigest,
  lotOrder,
  protectElectionCells,
  roundOutcome,
} from './election-count.ts';
import { openBallotsForDigest, roundResultDigest, siteCountsForDigest } from './election-digest.ts';
import { checkSiteTally } from './election-site-counts.ts';
import { createElectionsRepository } from './elections.repository.ts';

const notFound = (): never => {
  throw new AppError(404, 'elections.not_found', 'No such election.');
};
const wrongStage = (message: string): never => {
  throw new AppError(409, 'elections.invalid_state', message);
};

/** A date field of a change: unchanged when absent, cleared by null. */
const dateOrKeep = (value: string | null | undefined) =>
  value === undefined ? undefined : value === null ? null : new Date(value);

export function createElectionsService({ db }: { db: Database }) {
  const repository = createElectionsRepository({ db });
  const pollsRepository = createPollsRepository({ db });
  const openRounds = createOpenPollCache({ repository: pollsRepository });
  const ballots = createBallotBatcher({ db, store: selectionStore });

  function requireManager(permissions: Actor, election: { assemblyId: string }) {
    requirePermission(
      permissions,
      'election.manage',
      { assemblyId: election.assemblyId },
      'Only a secretary may run an election.',
    );
  }

  async function loadVisible(permissions: Actor, electionId: string) {
    const election = await repository.findById(electionId);
    if (!election) notFound();
    requirePermission(
      permissions,
      'assembly.view',
      { assemblyId: election!.assemblyId },
      'You may not see this election.',
    );
    return election!;
  }

  function callOpen(election: ElectionRow, now = new Date()) {
    return (
      election.subject === 'people' &&
      election.status === 'preparing' &&
      (!election.candidaciesOpenAt || election.candidaciesOpenAt <= now) &&
      (!election.candidaciesCloseAt || now < election.candidaciesCloseAt)
    );
  }

  /** An election as lists show it. */
  function toListed(election: ElectionRow) {
    return {
      id: election.id,
      assemblyId: election.assemblyId,
      meetingId: election.meetingId,
      subject: election.subject,
      title: election.title,
      method: election.method,
      seats: election.seats,
      status: election.status,
      candidaciesOpenAt: election.candidaciesOpenAt?.toISOString() ?? null,
      candidaciesCloseAt: election.candidaciesCloseAt?.toISOString() ?? null,
      callOpen: callOpen(election),
      publishedAt: election.publishedAt?.toISOString() ?? null,
      decidedAt: election.decidedAt?.toISOString() ?? null,
    };
  }

  /** Every seat elected by the counted rounds so far, in order. */
  function electedSoFar(rounds: readonly PollRow[]): SeatHolder[] {
    return rounds.flatMap((round) => {
      const result = round.result as RoundResult | null;
      return result?.count ? result.count.seats.elected : [];
    });
  }

  async function view(viewer: User, permissions: Actor, election: ElectionRow): Promise<Election> {
    const [candidateRows, rounds, colleges] = await Promise.all([
      repository.candidates(election.id),
      repository.rounds(election.id),
      createAssembliesRepository({ db }).listColleges(election.assemblyId),
    ]);
    const collegeName = new Map(colleges.map((college) => [college.id, college.name]));
    const published = election.status !== 'preparing';
    const roundViews = await Promise.all(
      rounds.map(async (round) => {
        const [participation, elector, answer] = await Promise.all([
          pollsRepository.answerCount(round.id),
          pollsRepository.elector(round.id, viewer.id),
          pollsRepository.participation(round.id, viewer.id),
        ]);
        const mine =
          !round.secret && answer?.method === 'app'
            ? await repository.ballotOf(round.id, viewer.id)
            : undefined;
        const named = round.secret ? null : await repository.namedBallots(round.id);
        return {
          pollId: round.id,
          round: round.round,
          status: round.status,
          candidateIds: round.candidateIds ?? [],
          openedAt: round.openedAt?.toISOString() ?? null,
          closesAt: round.closesAt?.toISOString() ?? null,
          closedAt: round.closedAt?.toISOString() ?? null,
          electorate: round.electorateSize,
          participation,
          result: round.status === 'closed' ? (round.result as RoundResult) : null,
          ballotsDigest: round.ballotsDigest,
          ballots:
            named?.map((row) => ({
              voter: { id: row.voterId, name: row.voterName },
              castBy:
                row.castById === null || row.castById === row.voterId
                  ? null
                  : { id: row.castById, name: row.castByName ?? '' },
              selection: row.selection,
            })) ?? null,
          me: {
            entitled: Boolean(elector),
            answered: answer?.method === 'app',
            countedAtSite: answer?.method === 'hands' ? answer.siteId : null,
            selection: mine?.selection ?? null,
          },
        };
      }),
    );
    const mine = candidateRows.find(
      (row) => row.candidate.userId === viewer.id && row.candidate.status === 'standing',
    );
    const candidates = candidateRows
      // Once the list is published, a withdrawn candidacy is history, not part of the list.
      .filter((row) => !published || row.candidate.status === 'standing')
      .sort(
        (a, b) =>
          Number(a.candidate.status !== 'standing') - Number(b.candidate.status !== 'standing'),
      )
      .map(({ candidate, personName, collegeName: college, enteredByName }) => ({
        id: candidate.id,
        person: candidate.userId ? { id: candidate.userId, name: personName ?? '' } : null,
        label: candidate.label ?? personName ?? '',
        statement: candidate.statement,
        statementHtml: renderMarkdown(candidate.statement),
        category: candidate.category,
        college: candidate.collegeId ? { id: candidate.collegeId, name: college ?? '' } : null,
        status: candidate.status,
        enteredBy: { id: candidate.enteredBy, name: enteredByName },
        createdAt: candidate.createdAt.toISOString(),
      }));
    const scope = { assemblyId: election.assemblyId };
    return {
      id: election.id,
      assemblyId: election.assemblyId,
      meetingId: election.meetingId,
      subject: election.subject,
      title: election.title,
      description: election.description,
      descriptionHtml: renderMarkdown(election.description),
      method: election.method,
      seats: election.seats,
      reserved: election.reserved.map((group) => ({
        ...group,
        collegeName: collegeName.get(group.collegeId) ?? '',
      })),
      parity: election.parity,
      grades: election.method === 'majority_judgment' ? election.grades : null,
      keep: election.keep,
      secret: election.secret,
      status: election.status,
      candidaciesOpenAt: election.candidaciesOpenAt?.toISOString() ?? null,
      candidaciesCloseAt: election.candidaciesCloseAt?.toISOString() ?? null,
      callOpen: callOpen(election),
      publishedAt: election.publishedAt?.toISOString() ?? null,
      decidedAt: election.decidedAt?.toISOString() ?? null,
      candidates,
      rounds: roundViews,
      elected: electedSoFar(rounds),
      me: {
        candidacyId: mine?.candidate.id ?? null,
        mayStand: callOpen(election) && !mine && allows(permissions, 'election.stand', scope),
        mayManage: allows(permissions, 'election.manage', scope),
      },
    };
  }

  /** Settings an assembly allows: colleges that exist, a method its weighting can count. */
  async function checkAssemblyFit(
    assemblyId: string,
    settings: { method?: string; reserved?: { collegeId: string }[]; meetingId?: string | null },
  ) {
    const assemblies = createAssembliesRepository({ db });
    const assembly = (await assemblies.findById(assemblyId))!;
    if (settings.method === 'stv' && assembly.collegeWeighting) {
      throw new AppError(
        400,
        'elections.weighting_unsupported',
        'This assembly weighs its votes by college, which STV cannot count.',
        'method',
      );
    }
    if (settings.reserved?.length) {
      const known = new Set((await assemblies.listColleges(assemblyId)).map((c) => c.id));
      const unknown = settings.reserved.find((group) => !known.has(group.collegeId));
      if (unknown) {
        throw new AppError(
          400,
          'colleges.not_found',
          'No such college in this assembly.',
          'reserved',
        );
      }
    }
    if (settings.meetingId) {
      const meeting = await createMeetingsRepository({ db }).findById(settings.meetingId);
      if (!meeting || meeting.assemblyId !== assemblyId) {
        throw new AppError(
          400,
          'meetings.not_found',
          'No such meeting in this assembly.',
          'meetingId',
        );
      }
    }
    return assembly;
  }

  async function withElection<T>(
    electionId: string,
    work: (tx: Database, election: ElectionRow) => Promise<T>,
  ) {
    return db.transaction(async (tx) => {
      const election = await createElectionsRepository({ db: tx }).findById(electionId, {
        lock: true,
      });
      if (!election) notFound();
      return work(tx, election!);
    });
  }

  /** Closes the call: the list of standing candidates is final and published. */
  async function publishIn(tx: Database, election: ElectionRow, actorId: string | null) {
    const elections = createElectionsRepository({ db: tx });
    const rows = (await elections.candidates(election.id)).filter(
      (row) => row.candidate.status === 'standing',
    );
    // A candidate's college is read again now: the list says where they stand on the day.
    for (const { candidate } of rows) {
      if (!candidate.userId) continue;
      const membership = await elections.membership(election.assemblyId, candidate.userId);
      if (membership && membership.collegeId !== candidate.collegeId) {
        await elections.updateCandidate(candidate.id, { collegeId: membership.collegeId });
        candidate.collegeId = membership.collegeId;
      }
    }
    const published = await elections.update(election.id, {
      status: 'published',
      publishedAt: new Date(),
    });
    await createEventsRepository({ db: tx }).append({
      assemblyId: election.assemblyId,
      type: 'election.candidates_published',
      actorId,
      payload: {
        electionId: election.id,
        // A person's name stays out of the chain (it could never be erased from it): the
        // candidate id names them, and their name is read when the list is shown.
        candidates: rows.map(({ candidate }) => ({
          candidateId: candidate.id,
          label: candidate.label ?? '',
          collegeId: candidate.collegeId,
        })),
      },
    });
    return published;
  }

  /** Counts and closes an election's open round, in one transaction; idempotent at deadline. */
  async function closeRound(pollId: string, actorId: string | null) {
    await db.transaction(async (tx) => {
      const polls = createPollsRepository({ db: tx });
      const elections = createElectionsRepository({ db: tx });
      const poll = await polls.findById(pollId, { lock: true });
      if (!poll?.electionId) notFound();
      if (poll!.status === 'closed') {
        if (actorId === null) return;
        throw new AppError(409, 'polls.closed', 'This round is already closed.');
      }
      if (poll!.status !== 'open')
        throw new AppError(409, 'polls.not_open', 'This round is not open.');
      const round = poll!;
      const election = (await elections.findById(round.electionId!, { lock: true }))!;
      const assembly = (await createAssembliesRepository({ db: tx }).findById(
        election.assemblyId,
      ))!;
      const earlier = (await elections.rounds(election.id)).filter(
        (other) => other.id !== round.id && other.status === 'closed',
      );
      const countedBefore = earlier.filter(
        (other) => (other.result as RoundResult | null)?.outcome === 'counted',
      ).length;
      const alreadyElected = electedSoFar(earlier);
      const candidateRows = (await elections.candidates(election.id)).filter(
        (row) =>
          round.candidateIds?.includes(row.candidate.id) ||
          alreadyElected.some((holder) => holder.candidateId === row.candidate.id),
      );
      const candidates = candidateRows.map(({ candidate }) => ({
        id: candidate.id,
        collegeId: candidate.collegeId,
        category: candidate.category,
      }));
      // What was cast: one row per voter for an open round, distinct ballots for a secret one.
      const open = round.secret ? [] : await elections.openBallots(round.id);
      const secret = round.secret ? await elections.secretBallots(round.id) : [];
      const groups: BallotGroup[] = round.secret
        ? secret.map(({ selection, collegeId, siteId, count }) => ({
            selection,
            collegeId,
            siteId,
            count,
          }))
        : open.map(({ selection, collegeId, siteId }) => ({
            selection,
            collegeId,
            siteId,
            count: 1,
          }));
      const sites = siteCountsForDigest(await elections.siteCounts(round.id));
      const digest = electionBallotsDigest(
        round.secret ? secret : openBallotsForDigest(open),
        sites,
      );
      const participants = round.meetingId
        ? await polls.meetingParticipants(round.id, round.meetingId)
        : await polls.answerCount(round.id);
      const electorate = round.electorateSize ?? 0;
      const quorumReached = electorate > 0 && participants / electorate >= (round.quorum ?? 0);
      const tieOrder = lotOrder(
        digest,
        candidates.map((candidate) => candidate.id),
      );
      const ballotCount =
        groups.reduce((sum, group) => sum + group.count, 0) +
        sites.reduce((sum, site) => sum + site.ballots, 0);
      const count = quorumReached
        ? countRound({
            election,
            countedBefore,
            candidates,
            alreadyElected,
            onBallot: round.candidateIds ?? [],
            colleges: round.collegeWeighting ? round.colleges : null,
            groups,
            sites,
            tieOrder,
            language: assembly.language,
          })
        : null;
      const cells = breakdowns({
        election,
        groups,
        sites,
        onBallot: round.candidateIds ?? [],
        language: assembly.language,
      });
      const published = round.secret
        ? protectElectionCells(cells, assembly.secretMinimumGroup)
        : { ...cells, privacy: null };
      const result: RoundResult = {
        outcome: quorumReached ? 'counted' : 'no_quorum',
        participants: Math.min(participants, electorate),
        electorate,
        quorum: round.quorum ?? 0,
        ballots: ballotCount,
        weighted: Boolean(round.collegeWeighting && round.colleges?.length),
        count,
        ...published,
        tieOrder,
      };
      // A secret round's fine records go with its close: its distinct ballots, and what its
      // sites' paper ballots said (a small site's count is one or two people's ballots, which
      // the published result merges). What remains is the published count, the closing event's
      // digests, and how many ballots each site counted (its event says so too).
      if (round.secret) {
        await elections.dropSecretBallots(round.id);
        await elections.keepOnlySiteBallotCounts(round.id);
      }
      await polls.update(round.id, {
        status: 'closed',
        closedAt: new Date(),
        result,
        ballotsDigest: digest,
      });
      const outcome = count ? roundOutcome(count) : { elected: [], nextRound: null };
      const decided = count !== null && !outcome.nextRound;
      await elections.update(election.id, {
        status: decided
          ? 'decided'
          : countedBefore + (count ? 1 : 0) > 0
            ? 'between_rounds'
            : 'published',
        decidedAt: decided ? new Date() : null,
      });
      await createEventsRepository({ db: tx }).append({
        assemblyId: election.assemblyId,
        type: 'election.round_closed',
        actorId,
        payload: {
          electionId: election.id,
          pollId: round.id,
          round: round.round,
          outcome: result.outcome,
          elected: outcome.elected,
          nextRound: Boolean(outcome.nextRound),
          ballotsDigest: digest,
          resultDigest: roundResultDigest(result),
        },
      });
    });
    openRounds.forget(pollId);
  }

  return {
    closeRound,

    async list(viewer: User, permissions: Actor, assemblyId: string) {
      requirePermission(
        permissions,
        'assembly.view',
        { assemblyId },
        'You may not see this assembly.',
      );
      return (await repository.inAssembly(assemblyId)).map(toListed);
    },

    /** The elections held in a meeting (but the cancelled ones), for someone who may attend it. */
    async ofMeeting(meetingId: string) {
      return (await repository.inMeeting(meetingId))
        .filter((election) => election.status !== 'cancelled')
        .map(toListed);
    },

    async get(viewer: User, permissions: Actor, electionId: string) {
      return view(viewer, permissions, await loadVisible(permissions, electionId));
    },

    async create(actor: User, permissions: Actor, assemblyId: string, body: CreateElectionBody) {
      requirePermission(
        permissions,
        'election.manage',
        { assemblyId },
        'Only a secretary may run an election.',
      );
      const input = body as Required<CreateElectionBody>;
      const assembly = await checkAssemblyFit(assemblyId, input);
      const election = await db.transaction(async (tx) => {
        const elections = createElectionsRepository({ db: tx });
        const created = await elections.create({
          assemblyId,
          meetingId: input.meetingId ?? null,
          subject: input.subject,
          title: input.title,
          description: input.description ?? '',
          method: input.method,
          seats: input.seats ?? 1,
          reserved: input.reserved ?? [],
          parity: input.parity ?? false,
          grades:
            input.method === 'majority_judgment'
              ? (input.grades ?? [...defaultGradeLabels[assembly.language]])
              : null,
          keep: input.method === 'two_round' ? (input.keep ?? null) : null,
          secret: input.secret ?? input.subject === 'people',
          candidaciesOpenAt: input.candidaciesOpenAt ? new Date(input.candidaciesOpenAt) : null,
          candidaciesCloseAt: input.candidaciesCloseAt ? new Date(input.candidaciesCloseAt) : null,
          createdBy: actor.id,
        });
        const events = createEventsRepository({ db: tx });
        await events.append({
          assemblyId,
          type: 'election.created',
          actorId: actor.id,
          payload: {
            electionId: created.id,
            subject: created.subject,
            title: created.title,
            method: created.method,
            seats: created.seats,
            meetingId: created.meetingId,
          },
        });
        for (const label of input.options ?? []) {
          const option = await elections.addCandidate({
            electionId: created.id,
            userId: null,
            label,
            enteredBy: actor.id,
          });
          await events.append({
            assemblyId,
            type: 'election.candidacy_submitted',
            actorId: actor.id,
            payload: {
              electionId: created.id,
              candidateId: option.id,
              userId: null,
              label,
              enteredBy: actor.id,
            },
          });
        }
        return created;
      });
      return view(actor, permissions, election);
    },

    async update(actor: User, permissions: Actor, electionId: string, body: UpdateElectionBody) {
      const existing = await loadVisible(permissions, electionId);
      requireManager(permissions, existing);
      await checkAssemblyFit(existing.assemblyId, body);
      const election = await withElection(electionId, async (tx, locked) => {
        if (locked.status !== 'preparing')
          wrongStage('The list is published: the election is set.');
        const merged = { ...locked, ...body };
        const seats = merged.seats;
        const reserved = merged.reserved.reduce((sum, group) => sum + group.seats, 0);
        // The change is checked with what it leaves unchanged; the field named is the one changed.
        if (reserved > seats) {
          const field = body.reserved ? 'reserved' : 'seats';
          throw new AppError(
            400,
            'validation.invalid',
            `${field}: more seats reserved than seats`,
            field,
          );
        }
        if (merged.method === 'plurality' && seats > 1) {
          const field = body.method ? 'method' : 'seats';
          throw new AppError(
            400,
            'validation.invalid',
            `${field}: a plurality vote fills one seat`,
            field,
          );
        }
        const updated = await createElectionsRepository({ db: tx }).update(electionId, {
          ...body,
          candidaciesOpenAt: dateOrKeep(body.candidaciesOpenAt),
          candidaciesCloseAt: dateOrKeep(body.candidaciesCloseAt),
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'election.updated',
          actorId: actor.id,
          payload: { electionId, changes: body },
        });
        return updated;
      });
      return view(actor, permissions, election);
    },

    /**
     * Whom a secretary may enter as a candidate, by name (twenty at most): the assembly's
     * members not standing already. Whether a seat may go to them is checked when entered.
     */
    async membersToEnter(permissions: Actor, electionId: string, text: string) {
      const election = await loadVisible(permissions, electionId);
      requireManager(permissions, election);
      return createMembersRepository({ db }).searchByName(election.assemblyId, text, {
        also: sql`not exists (
          select 1 from candidates c
          where c.election_id = ${electionId} and c.user_id = ${members.userId}
            and c.status = 'standing')`,
        limit: personSearchLimit,
      });
    },

    /**
     * A candidacy: one's own while the call is open, or a member's entered by a secretary while
     * the election is prepared. Eligible: a member of the assembly, of a college that may take
     * one of the seats (a reserved one, or an open one if any).
     */
    async stand(actor: User, permissions: Actor, electionId: string, body: CandidacyBody) {
      const existing = await loadVisible(permissions, electionId);
      const forSomeoneElse = body.userId !== undefined && body.userId !== actor.id;
      if (forSomeoneElse) requireManager(permissions, existing);
      else requirePermission(permissions, 'election.stand', { assemblyId: existing.assemblyId });
      const userId = body.userId ?? actor.id;
      const election = await withElection(electionId, async (tx, locked) => {
        if (locked.subject !== 'people')
          wrongStage('A choice among options takes options, not candidacies.');
        if (locked.status !== 'preparing') {
          throw new AppError(409, 'elections.call_closed', 'The list of candidates is published.');
        }
        if (!forSomeoneElse && !callOpen(locked)) {
          throw new AppError(409, 'elections.call_closed', 'The call for candidacies is not open.');
        }
        const elections = createElectionsRepository({ db: tx });
        const membership = await elections.membership(locked.assemblyId, userId);
        if (!membership) {
          throw new AppError(
            403,
            'candidacies.not_eligible',
            'Only a member of the assembly may stand.',
            'userId',
          );
        }
        const openSeats =
          locked.seats - locked.reserved.reduce((sum, group) => sum + group.seats, 0);
        const reservedForThem = locked.reserved.some(
          (group) => group.collegeId === membership.collegeId,
        );
        if (openSeats === 0 && !reservedForThem) {
          throw new AppError(
            403,
            'candidacies.not_eligible',
            'Every seat is reserved for a college this member does not belong to.',
            'userId',
          );
        }
        const previous = await elections.candidacyOf(electionId, userId);
        if (previous?.status === 'standing') {
          throw new AppError(
            409,
            'candidacies.already_standing',
            'Already standing in this election.',
            'userId',
          );
        }
        const values = {
          statement: body.statement ?? '',
          category: body.category ?? null,
          collegeId: membership.collegeId,
          status: 'standing' as const,
          enteredBy: actor.id,
          withdrawnAt: null,
        };
        let candidateId: string;
        if (previous) {
          // Standing again after a withdrawal: the same candidacy comes back.
          await elections.updateCandidate(previous.id, values);
          candidateId = previous.id;
        } else {
          candidateId = (
            await elections.addCandidate({ electionId, userId, label: null, ...values })
          ).id;
        }
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'election.candidacy_submitted',
          actorId: actor.id,
          payload: {
            electionId,
            candidateId,
            userId,
            // Not the person's name: it could never be erased from the chain (`userId` says who).
            label: '',
            enteredBy: actor.id,
          },
        });
        return locked;
      });
      return view(actor, permissions, election);
    },

    async updateCandidacy(
      actor: User,
      permissions: Actor,
      electionId: string,
      candidateId: string,
      body: { statement?: string; category?: string | null },
    ) {
      const existing = await loadVisible(permissions, electionId);
      const candidate = await repository.findCandidate(electionId, candidateId);
      if (!candidate) throw new AppError(404, 'candidacies.not_found', 'No such candidacy.');
      if (candidate.userId !== actor.id) requireManager(permissions, existing);
      if (existing.status !== 'preparing') wrongStage('The list of candidates is published.');
      await repository.updateCandidate(candidateId, body);
      return view(actor, permissions, existing);
    },

    /** A candidate (or a secretary) withdraws, while no round is open and the election runs. */
    async withdraw(actor: User, permissions: Actor, electionId: string, candidateId: string) {
      const existing = await loadVisible(permissions, electionId);
      const election = await withElection(electionId, async (tx, locked) => {
        const elections = createElectionsRepository({ db: tx });
        const candidate = await elections.findCandidate(electionId, candidateId);
        if (!candidate) throw new AppError(404, 'candidacies.not_found', 'No such candidacy.');
        if (candidate.userId !== actor.id) requireManager(permissions, existing);
        if (candidate.status === 'withdrawn') wrongStage('This candidacy is already withdrawn.');
        // Between two rounds too: a candidate may stand down before round 2 (désistement).
        if (!['preparing', 'published', 'between_rounds'].includes(locked.status)) {
          wrongStage('A round is open or the election is over: a candidacy stays as it is.');
        }
        await elections.updateCandidate(candidateId, {
          status: 'withdrawn',
          withdrawnAt: new Date(),
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'election.candidacy_withdrawn',
          actorId: actor.id,
          payload: { electionId, candidateId, userId: candidate.userId },
        });
        return locked;
      });
      return view(actor, permissions, election);
    },

    async addOption(actor: User, permissions: Actor, electionId: string, label: string) {
      const existing = await loadVisible(permissions, electionId);
      requireManager(permissions, existing);
      const election = await withElection(electionId, async (tx, locked) => {
        if (locked.subject !== 'options') wrongStage('An election of people takes candidacies.');
        if (locked.status !== 'preparing') wrongStage('The list of options is published.');
        const option = await createElectionsRepository({ db: tx }).addCandidate({
          electionId,
          userId: null,
          label,
          enteredBy: actor.id,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'election.candidacy_submitted',
          actorId: actor.id,
          payload: { electionId, candidateId: option.id, userId: null, label, enteredBy: actor.id },
        });
        return locked;
      });
      return view(actor, permissions, election);
    },

    async publish(actor: User, permissions: Actor, electionId: string) {
      const existing = await loadVisible(permissions, electionId);
      requireManager(permissions, existing);
      const election = await withElection(electionId, async (tx, locked) => {
        if (locked.status !== 'preparing') wrongStage('The list is already published.');
        return publishIn(tx, locked, actor.id);
      });
      return view(actor, permissions, election);
    },

    /** The call closed at its date: the list is published by nobody (the background sweep). */
    async publishDueLists(now = new Date()) {
      for (const { id } of await repository.callsDue(now)) {
        await withElection(id, async (tx, locked) => {
          if (locked.status === 'preparing') await publishIn(tx, locked, null);
        });
      }
    },

    async cancel(actor: User, permissions: Actor, electionId: string) {
      const existing = await loadVisible(permissions, electionId);
      requireManager(permissions, existing);
      const election = await withElection(electionId, async (tx, locked) => {
        if (['voting', 'decided', 'cancelled'].includes(locked.status)) {
          wrongStage('A decided, voting or cancelled election cannot be cancelled.');
        }
        const cancelled = await createElectionsRepository({ db: tx }).update(electionId, {
          status: 'cancelled',
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'election.cancelled',
          actorId: actor.id,
          payload: { electionId },
        });
        return cancelled;
      });
      return view(actor, permissions, election);
    },

    /**
     * Opens the next round: round 1 on the published list, a later round (two-round method) on
     * the candidates the count kept. The electorate and the assembly's rules are frozen in it.
     */
    async openRound(
      actor: User,
      permissions: Actor,
      electionId: string,
      body: { closesAt?: string },
    ) {
      const existing = await loadVisible(permissions, electionId);
      requireManager(permissions, existing);
      const assembly = await checkAssemblyFit(existing.assemblyId, { method: existing.method });
      const closesAt = body.closesAt ? new Date(body.closesAt) : null;
      if (!existing.meetingId && !closesAt) {
        throw new AppError(
          400,
          'validation.invalid',
          'closesAt: an asynchronous round needs a closing time',
          'closesAt',
        );
      }
      if (closesAt && closesAt <= new Date()) {
        throw new AppError(
          400,
          'validation.invalid',
          'closesAt: the closing time has passed',
          'closesAt',
        );
      }
      const election = await withElection(electionId, async (tx, locked) => {
        if (locked.status === 'preparing' && locked.subject === 'options') {
          locked = await publishIn(tx, locked, actor.id);
        }
        if (!['published', 'between_rounds'].includes(locked.status)) {
          wrongStage(
            locked.status === 'preparing'
              ? 'Publish the list of candidates first.'
              : 'No round can open now.',
          );
        }
        const elections = createElectionsRepository({ db: tx });
        const polls = createPollsRepository({ db: tx });
        const rounds = await elections.rounds(electionId);
        const counted = rounds.filter(
          (round) => (round.result as RoundResult | null)?.outcome === 'counted',
        );
        const last = counted.at(-1);
        const lastCount = (last?.result as RoundResult | undefined)?.count;
        const standing = (await elections.candidates(electionId))
          .filter((row) => row.candidate.status === 'standing')
          .map((row) => row.candidate.id);
        const candidateIds =
          lastCount && 'nextRound' in lastCount && lastCount.nextRound
            ? lastCount.nextRound.candidateIds.filter((id) => standing.includes(id))
            : standing;
        if (!candidateIds.length) {
          throw new AppError(409, 'elections.too_few_candidates', 'Nobody stands in this round.');
        }
        if (locked.meetingId)
          await requireMeetingReadyToVote(tx, locked.meetingId, assembly.quorum);
        const colleges = assembly.collegeWeighting
          ? (await createAssembliesRepository({ db: tx }).listColleges(locked.assemblyId)).map(
              ({ id, share }) => ({ id, share }),
            )
          : null;
        const poll = await polls.create({
          assemblyId: locked.assemblyId,
          motionId: null,
          electionId,
          candidateIds,
          kind: 'election',
          rule: null,
          secret: locked.secret,
          round: rounds.length + 1,
          meetingId: locked.meetingId,
          closesAt,
          createdBy: actor.id,
        });
        const electorate = await polls.freezeElectorate(
          poll.id,
          locked.assemblyId,
          locked.meetingId,
        );
        // Written now, with nothing in it, so that its row says nothing about the first ballot.
        if (locked.secret) await elections.openSecretBallots(poll.id);
        await polls.update(poll.id, {
          status: 'open',
          openedAt: new Date(),
          quorum: assembly.quorum,
          electorateSize: electorate,
          collegeWeighting: assembly.collegeWeighting,
          majorityInEveryCollege: false,
          colleges,
        });
        const voting = await elections.update(electionId, { status: 'voting' });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'election.round_opened',
          actorId: actor.id,
          payload: { electionId, pollId: poll.id, round: poll.round, candidateIds, electorate },
        });
        return voting;
      });
      return view(actor, permissions, election);
    },

    async closeBy(actor: User, permissions: Actor, electionId: string) {
      const existing = await loadVisible(permissions, electionId);
      requireManager(permissions, existing);
      const open = (await repository.rounds(electionId)).find((round) => round.status === 'open');
      if (!open) throw new AppError(409, 'polls.not_open', 'No round of this election is open.');
      await closeRound(open.id, actor.id);
      return view(actor, permissions, (await repository.findById(electionId))!);
    },

    /** A ballot in the open round: checked, then written by the batcher, acknowledged after commit. */
    async cast(actor: User, permissions: Actor, electionId: string, body: CastElectionBallotBody) {
      const election = await loadVisible(permissions, electionId);
      const rounds = await repository.rounds(electionId);
      const current = rounds.find((round) => round.status === 'open');
      if (!current) throw new AppError(409, 'polls.not_open', 'No round of this election is open.');
      const poll = (await openRounds.find(current.id)) ?? current;
      if (body.onBehalfOf && !poll.meetingId) {
        throw new AppError(
          400,
          'validation.invalid',
          'onBehalfOf: proxies are for meetings',
          'onBehalfOf',
        );
      }
      if (poll.closesAt && poll.closesAt <= new Date()) {
        void closeRound(poll.id, null).catch(() => undefined);
        throw new AppError(409, 'polls.closed', 'This round closed at its deadline.');
      }
      const selection: ElectionSelection = checkSelection(
        body.selection,
        { method: election.method, seats: election.seats, grades: election.grades },
        poll.candidateIds ?? [],
      );
      const voterId = body.onBehalfOf ?? actor.id;
      const elector = await openRounds.elector(poll.id, voterId);
      if (!elector) {
        throw await notEntitledRefusal(
          db,
          poll.meetingId,
          'You are not entitled to vote in this round.',
        );
      }
      const receipt = await ballots.submit(poll, {
        voterId,
        castBy: actor.id,
        answer: selection,
        reason: null,
        clientBallotId: body.clientBallotId,
        collegeId: elector.collegeId,
      });
      return {
        status: receipt.status,
        selection: receipt.answer,
        participation: receipt.participation,
      };
    },

    /**
     * A site's paper ballots for the open round: everyone present or represented at the site and
     * not yet counted goes under them, so they cannot also vote in the app or at another site,
     * and the site's ballots never exceed them.
     */
    async enterSiteCounts(
      actor: User,
      permissions: Actor,
      electionId: string,
      body: ElectionSiteCountsBody,
    ) {
      const election = await loadVisible(permissions, electionId);
      if (!election.meetingId) wrongStage('Only an election held in a meeting takes site counts.');
      const pollId = await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        const polls = createPollsRepository({ db: tx });
        const site = await meetings.site(body.siteId);
        if (!site || site.meetingId !== election.meetingId) {
          throw new AppError(400, 'validation.invalid', 'No such site in this meeting.', 'siteId');
        }
        if (
          site.secretaryId !== actor.id &&
          !allows(permissions, 'election.manage', { assemblyId: election.assemblyId })
        ) {
          throw new AppError(
            403,
            'auth.forbidden',
            'Only this site’s secretary may enter its counts.',
          );
        }
        const open = (await createElectionsRepository({ db: tx }).rounds(electionId)).find(
          (round) => round.status === 'open',
        );
        if (!open) throw new AppError(409, 'polls.not_open', 'No round of this election is open.');
        const round = (await polls.findById(open.id, { lock: true }))!;
        if (round.status !== 'open' || (round.closesAt && round.closesAt <= new Date())) {
          throw new AppError(409, 'polls.closed', 'This round is not open.');
        }
        const weighted = Boolean(round.collegeWeighting && round.colleges?.length);
        if (weighted && !body.collegeId) {
          throw new AppError(
            400,
            'site_counts.college_required',
            'collegeId: this assembly weighs its colleges',
            'collegeId',
          );
        }
        // A college matters only where the round weighs them: elsewhere a site has one count, so
        // that entering it again always replaces it.
        const collegeId = weighted ? body.collegeId! : null;
        if (weighted && !round.colleges!.some((college) => college.id === collegeId)) {
          throw new AppError(
            400,
            'validation.invalid',
            'collegeId: not a college of this assembly',
            'collegeId',
          );
        }
        const counts = checkSiteTally(body, election, round.candidateIds ?? []);
        const covered = await polls.coverSite(round.id, election.meetingId!, site.id);
        // Each (site, college) count holds at most the people of that college the site covers;
        // the counts of a site's colleges never share anyone.
        const room = covered
          .filter((row) => !weighted || row.college_id === collegeId)
          .reduce((sum, row) => sum + row.count, 0);
        if (body.ballots > room) {
          throw new AppError(
            409,
            'site_counts.too_many',
            `More ballots (${body.ballots}) than people present or represented at this site and not counted yet (${room}).`,
            'ballots',
          );
        }
        const elections = createElectionsRepository({ db: tx });
        await elections.replaceSiteCount({
          pollId: round.id,
          siteId: site.id,
          collegeId,
          ballots: body.ballots,
          blank: body.blank,
          counts,
          enteredBy: actor.id,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: election.assemblyId,
          type: 'election.site_counts',
          actorId: actor.id,
          payload: {
            electionId,
            pollId: round.id,
            siteId: site.id,
            collegeId: body.collegeId ?? null,
            ballots: body.ballots,
            counts: round.secret ? null : (counts as Record<string, unknown>),
          },
        });
        return round.id;
      });
      return {
        election: await view(actor, permissions, (await repository.findById(electionId))!),
        pollId,
      };
    },
  };
}

export type ElectionsService = ReturnType<typeof createElectionsService>;
