import { type Database, type PollRow, type User } from '@cercle/db';
import {
  type Actor,
  can,
  type CastBallotBody,
  type CastBallotResponse,
  computeResult,
  meetingQuorum,
  protectSmallGroups,
  consentStanceSchema,
  type CreatePollBody,
  type Objection,
  type Poll,
  type Result,
  type SiteCountsBody,
  type UpdateObjectionBody,
  voteChoiceSchema,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { rebaseText } from '../../text/diff.ts';
import { createAssembliesRepository } from '../assemblies/assemblies.repository.ts';
import { ballotsDigest, resultDigest } from './ballots-digest.ts';
import { requireOpenPhase } from '../congress/congress.phases.ts';
import { createCongressRepository } from '../congress/congress.repository.ts';
import { createEventsRepository } from '../events/events.repository.ts';
import { createMeetingsRepository } from '../meetings/meetings.repository.ts';
import { createMotionsRepository } from '../motions/motions.repository.ts';
import type { MotionsService } from '../motions/motions.service.ts';
import { createBallotBatcher } from './ballot-batcher.ts';
import { createOpenPollCache } from './open-polls.ts';
import { createPollsRepository, type PollsRepository } from './polls.repository.ts';

type ObjectionRowWithNames = Awaited<ReturnType<PollsRepository['objections']>>[number];

function pollNotFound(): never {
  throw new AppError(404, 'polls.not_found', 'No such poll.');
}

function toObjection(row: ObjectionRowWithNames): Objection {
  const { objection } = row;
  return {
    id: objection.id,
    pollId: objection.pollId,
    motionId: objection.motionId,
    round: row.round,
    author: { id: objection.authorId, name: row.authorName },
    reason: objection.reason,
    status: objection.status,
    integratedVersion: objection.integratedVersion,
    resolution: objection.resolution,
    resolvedBy: objection.resolvedBy
      ? { id: objection.resolvedBy, name: row.resolverName ?? '' }
      : null,
    resolvedAt: objection.resolvedAt?.toISOString() ?? null,
    createdAt: objection.createdAt.toISOString(),
  };
}

export function createPollsService({ db, motions }: { db: Database; motions: MotionsService }) {
  const repository = createPollsRepository({ db });
  const ballots = createBallotBatcher({ db });
  const openPolls = createOpenPollCache({ repository });

  /**
   * The poll's full result as computeResult decides it, read inside `tx` (a closing) or live:
   * app ballots (or a secret poll's counters) plus the sites' show-of-hands counts, each with
   * its college, so the weighted verdict, the totals and the breakdowns come from the same counts.
   */
  async function tally(tx: Database, poll: PollRow): Promise<Result> {
    const polls = createPollsRepository({ db: tx });
    // One transaction is one connection: its queries go one after the other.
    const appCounts = poll.secret ? await polls.secretCounts(poll.id) : await polls.counts(poll.id);
    const handCounts = poll.meetingId
      ? await createMeetingsRepository({ db: tx }).siteCounts(poll.id)
      : [];
    // In a meeting, quorum counts who took part (present, represented, or counted before
    // leaving); in an asynchronous poll, who answered.
    const participants = poll.meetingId
      ? await polls.meetingParticipants(poll.id, poll.meetingId)
      : await polls.answerCount(poll.id);
    const weighted = poll.collegeWeighting && poll.colleges?.length;
    return computeResult({
      kind: poll.kind,
      ...(poll.kind === 'vote' ? { rule: poll.rule ?? 'simple' } : {}),
      quorum: poll.quorum ?? 0,
      electorate: poll.electorateSize ?? 0,
      participants: Math.min(participants, poll.electorateSize ?? 0),
      participation: poll.meetingId ? 'present' : 'answered',
      ...(weighted
        ? { colleges: poll.colleges!, majorityInEveryCollege: poll.majorityInEveryCollege ?? false }
        : {}),
      counts: [
        ...appCounts,
        ...handCounts.map(({ choice, count, collegeId, siteId }) => ({
          choice,
          count,
          collegeId,
          siteId,
        })),
      ],
    });
  }

  /**
   * For a secret poll: the smallest group its breakdowns may show, and whether the whole
   * electorate (frozen, or the voting members before opening) is below it, which the secretary
   * is warned of: then even the totals may tell who voted what.
   */
  async function secrecy(poll: PollRow) {
    if (!poll.secret) return null;
    const assembly = (await createAssembliesRepository({ db }).findById(poll.assemblyId))!;
    const electorate =
      poll.electorateSize ?? (await createPollsRepository({ db }).votingMembers(poll.assemblyId));
    return {
      minimumGroup: assembly.secretMinimumGroup,
      electorateBelowMinimum: electorate < assembly.secretMinimumGroup,
    };
  }

  async function view(viewer: User, poll: PollRow): Promise<Poll> {
    const [participation, elector, ballot, secret] = await Promise.all([
      repository.answerCount(poll.id),
      repository.elector(poll.id, viewer.id),
      repository.participation(poll.id, viewer.id),
      secrecy(poll),
    ]);
    const myBallot =
      !poll.secret && ballot?.method === 'app'
        ? await repository.ballotOf(poll.id, viewer.id)
        : undefined;
    const result =
      poll.status === 'closed'
        ? (poll.result as Result)
        : poll.status === 'open' && !poll.secret
          ? await tally(db, poll)
          : null;
    const named =
      !poll.secret && poll.status !== 'created' ? await repository.namedBallots(poll.id) : null;
    return {
      id: poll.id,
      assemblyId: poll.assemblyId,
      motionId: poll.motionId,
      amendmentId: poll.amendmentId,
      motionVersion: poll.motionVersion,
      kind: poll.kind,
      rule: poll.rule,
      secret: poll.secret,
      round: poll.round,
      fallback: poll.fallback,
      meetingId: poll.meetingId,
      status: poll.status,
      closesAt: poll.closesAt?.toISOString() ?? null,
      openedAt: poll.openedAt?.toISOString() ?? null,
      closedAt: poll.closedAt?.toISOString() ?? null,
      electorate: poll.electorateSize,
      quorum: poll.quorum,
      participation,
      result,
      ballots:
        named?.map((row) => ({
          voter: { id: row.voterId!, name: row.voterName },
          castBy:
            row.castById === null || row.castById === row.voterId
              ? null
              : { id: row.castById, name: row.castByName },
          choice: row.choice,
          reason: row.reason,
        })) ?? null,
      ballotsDigest: poll.ballotsDigest,
      secrecy: secret,
      me: {
        entitled: Boolean(elector),
        answered: ballot?.method === 'app',
        countedAtSite: ballot?.method === 'hands' ? ballot.siteId : null,
        choice: myBallot?.choice ?? null,
      },
    };
  }

  async function loadVisible(
    viewer: User,
    permissions: Actor,
    pollId: string,
    find: (id: string) => Promise<PollRow | undefined> = repository.findById,
  ) {
    const poll = await find(pollId);
    if (!poll) pollNotFound();
    if (!can(permissions, 'assembly.view', { assemblyId: poll.assemblyId })) {
      throw new AppError(403, 'auth.forbidden', 'You may not see this poll.');
    }
    return poll;
  }

  function requireSecretary(permissions: Actor, assemblyId: string) {
    if (!can(permissions, 'poll.open', { assemblyId })) {
      throw new AppError(403, 'auth.forbidden', 'Only a secretary may run polls.');
    }
  }

  /**
   * A poll in an antenna's meeting on a congress motion: the antenna deliberates on it during
   * the congress's antenna deliberation, and the poll decides the antenna's mandate.
   */
  async function deliberatingAntenna(
    motion: { assemblyId: string },
    meetingId: string | undefined,
    amendment: unknown,
  ) {
    if (!meetingId || amendment) return null;
    const meeting = await createMeetingsRepository({ db }).findById(meetingId);
    if (!meeting || meeting.assemblyId === motion.assemblyId) return null;
    const assemblies = createAssembliesRepository({ db });
    const congress = await assemblies.findById(motion.assemblyId);
    const antenna = await assemblies.findById(meeting.assemblyId);
    if (congress?.kind !== 'congress' || antenna?.kind !== 'antenna') return null;
    await requireOpenPhase(db, congress, 'antenna_deliberation');
    return antenna;
  }

  /** Applies a closed poll's outcome to its motion or amendment, inside the closing transaction. */
  async function applyOutcome(tx: Database, poll: PollRow, result: Result) {
    const motionsRepository = createMotionsRepository({ db: tx });
    const events = createEventsRepository({ db: tx });
    const now = new Date();
    const decided = (await motionsRepository.findById(poll.motionId))!;
    if (decided.assemblyId !== poll.assemblyId) {
      // An antenna's poll on a congress motion decides the antenna's mandate, not the motion.
      if (result.outcome !== 'adopted' && result.outcome !== 'rejected') return;
      const mandate = result.outcome === 'adopted' ? 'for' : 'against';
      await createCongressRepository({ db: tx }).recordMandate({
        motionId: decided.id,
        antennaId: poll.assemblyId,
        mandate,
        pollId: poll.id,
        recordedBy: null,
      });
      await events.append({
        assemblyId: decided.assemblyId,
        type: 'congress.mandate_recorded',
        actorId: null,
        payload: { motionId: decided.id, antennaId: poll.assemblyId, mandate, pollId: poll.id },
      });
      return;
    }
    if (poll.amendmentId) {
      if (result.outcome === 'no_quorum') return;
      const amendment = (await motionsRepository.findAmendment(poll.amendmentId, { lock: true }))!;
      if (result.outcome !== 'adopted') {
        await motionsRepository.updateAmendment(amendment.id, {
          status: 'rejected',
          decidedAt: now,
        });
        return;
      }
      const motion = (await motionsRepository.findById(poll.motionId, { lock: true }))!;
      const base = await motionsRepository.version(motion.id, amendment.baseVersion);
      const current = await motionsRepository.version(motion.id, motion.currentVersion);
      const text = rebaseText(base!.version.text, amendment.proposedText, current!.version.text);
      if (text === null) {
        // Adopted, but another adopted amendment changed the same lines: a secretary merges by hand.
        await motionsRepository.updateAmendment(amendment.id, {
          status: 'adopted',
          decidedAt: now,
        });
        await events.append({
          assemblyId: poll.assemblyId,
          type: 'amendment.needs_merge',
          actorId: null,
          payload: { motionId: motion.id, amendmentId: amendment.id },
        });
        return;
      }
      const version = motion.currentVersion + 1;
      await motionsRepository.addVersion({
        motionId: motion.id,
        version,
        title: current!.version.title,
        text,
        note: `A${amendment.rank}`,
        amendmentId: amendment.id,
        createdBy: amendment.authorId,
      });
      await motionsRepository.update(motion.id, { currentVersion: version });
      await motionsRepository.updateAmendment(amendment.id, {
        status: 'adopted',
        decidedAt: now,
        resultingVersion: version,
      });
      await events.append({
        assemblyId: poll.assemblyId,
        type: 'motion.version_added',
        actorId: null,
        payload: { motionId: motion.id, version, amendmentId: amendment.id },
      });
      return;
    }
    if (result.outcome === 'adopted' || (result.outcome === 'rejected' && poll.kind === 'vote')) {
      await motionsRepository.update(poll.motionId, { status: result.outcome, decidedAt: now });
      await events.append({
        assemblyId: poll.assemblyId,
        type: `motion.${result.outcome}`,
        actorId: null,
        payload: { motionId: poll.motionId, pollId: poll.id },
      });
    }
    if (result.outcome === 'objected') {
      const raised = await createPollsRepository({ db: tx }).objectionBallots(poll.id);
      await createPollsRepository({ db: tx }).addObjections(
        raised.map((ballot) => ({
          pollId: poll.id,
          motionId: poll.motionId,
          authorId: ballot.voterId!,
          reason: ballot.reason ?? '',
        })),
      );
    }
  }

  async function close(pollId: string, actorId: string | null) {
    await db.transaction(async (tx) => {
      const polls = createPollsRepository({ db: tx });
      const poll = await polls.findById(pollId, { lock: true });
      if (!poll) pollNotFound();
      if (poll.status === 'closed') {
        if (actorId === null) return; // the scheduler raced another instance: nothing to do
        throw new AppError(409, 'polls.closed', 'This poll is already closed.');
      }
      if (poll.status !== 'open')
        throw new AppError(409, 'polls.not_open', 'This poll is not open.');
      const decided = await tally(tx, poll);
      // A secret poll publishes no breakdown cell under the assembly's minimum group; that
      // published form is the one stored, sent in the event and read by minutes and exports.
      const assembly = (await createAssembliesRepository({ db: tx }).findById(poll.assemblyId))!;
      const result = poll.secret
        ? protectSmallGroups(decided, assembly.secretMinimumGroup)
        : decided;
      const digest = poll.secret
        ? ballotsDigest({ secret: true, result })
        : ballotsDigest({ secret: false, ballots: await polls.ballotsForDigest([pollId]) });
      // The fine counters of a secret poll go: only what was published remains.
      if (poll.secret) await polls.dropSecretCounts(pollId);
      const closed = await polls.update(pollId, {
        status: 'closed',
        closedAt: new Date(),
        result,
        ballotsDigest: digest,
      });
      await createEventsRepository({ db: tx }).append({
        assemblyId: poll.assemblyId,
        type: 'poll.closed',
        actorId,
        payload: {
          pollId,
          motionId: poll.motionId,
          amendmentId: poll.amendmentId,
          outcome: result.outcome,
          totals: result.totals,
          byCollege: result.byCollege,
          bySite: result.bySite,
          ...(result.privacy ? { privacy: result.privacy } : {}),
          electorate: poll.electorateSize,
          ballotsDigest: digest,
          // The words of the result (rule, share, quorum) are not in the event: their digest is.
          resultDigest: resultDigest(result),
        },
      });
      await applyOutcome(tx, closed, result);
    });
    openPolls.forget(pollId);
  }

  return {
    view,
    close,

    async get(viewer: User, permissions: Actor, pollId: string) {
      return view(viewer, await loadVisible(viewer, permissions, pollId));
    },

    async forMotion(viewer: User, permissions: Actor, motionId: string) {
      await motions.visible(viewer, permissions, motionId);
      const rows = await repository.forMotion(motionId);
      return Promise.all(rows.map((poll) => view(viewer, poll)));
    },

    /** The polls of a meeting, for someone the caller checked may attend it. */
    async inMeeting(viewer: User, meetingId: string) {
      const rows = await repository.inMeeting(meetingId);
      return Promise.all(rows.map((poll) => view(viewer, poll)));
    },

    /** How many of a meeting's polls are still open (a meeting ends only when none is). */
    openInMeeting(meetingId: string) {
      return repository.openInMeeting(meetingId);
    },

    async hasRunningPoll(motionId: string) {
      const rows = await repository.forMotion(motionId);
      return rows.some((poll) => poll.status !== 'closed');
    },

    /**
     * Prepares a decision on a motion or an amendment. The rules of DESIGN §3 decide what may
     * come next: amendments before their motion, no consent round while an objection is open,
     * and after the last consent round, only the fallback vote.
     */
    async create(actor: User, permissions: Actor, body: CreatePollBody & { secret: boolean }) {
      const motionsRepository = createMotionsRepository({ db });
      const amendment = body.amendmentId
        ? await motionsRepository.findAmendment(body.amendmentId)
        : undefined;
      if (body.amendmentId && !amendment) {
        throw new AppError(404, 'amendments.not_found', 'No such amendment.', 'amendmentId');
      }
      const motionId = amendment?.motionId ?? body.motionId!;
      const motion = await motionsRepository.findById(motionId);
      if (!motion) throw new AppError(404, 'motions.not_found', 'No such motion.', 'motionId');
      const antenna = await deliberatingAntenna(motion, body.meetingId, amendment);
      // The poll belongs to the assembly that decides: the antenna, for its mandate.
      const assemblyId = antenna?.id ?? motion.assemblyId;
      requireSecretary(permissions, assemblyId);
      if (!['admitted', 'scheduled'].includes(motion.status)) {
        throw new AppError(
          409,
          'motions.invalid_state',
          'Only an admitted motion can be put to a decision.',
        );
      }
      if (amendment && amendment.status !== 'submitted') {
        throw new AppError(409, 'amendments.invalid_state', 'This amendment is already decided.');
      }
      if (await repository.running(motionId, amendment?.id ?? null, assemblyId)) {
        throw new AppError(
          409,
          'polls.already_running',
          'A decision on this text is already under way.',
        );
      }
      const assembly = (await createAssembliesRepository({ db }).findById(assemblyId))!;
      const previous = (await repository.forMotion(motionId)).filter(
        (p) => !p.amendmentId && p.assemblyId === assemblyId,
      );
      const consentRounds = previous.filter(
        (p) => p.kind === 'consent' && p.status === 'closed',
      ).length;
      let rule = body.rule ?? null;
      let fallback = false;
      if (!amendment && !antenna) {
        const pending = (await motionsRepository.amendments(motionId)).filter(
          (row) => row.amendment.status === 'submitted',
        );
        if (pending.length) {
          throw new AppError(
            409,
            'polls.amendments_pending',
            'Decide the amendments before the motion.',
          );
        }
        if (await repository.openObjectionCount(motionId)) {
          throw new AppError(409, 'polls.objections_open', 'Resolve the open objections first.');
        }
        if (body.kind === 'consent' && consentRounds >= assembly.maxConsentRounds) {
          throw new AppError(
            409,
            'polls.consent_rounds_exhausted',
            `No consent after ${consentRounds} rounds: the fallback vote decides.`,
            'kind',
          );
        }
        if (body.kind === 'vote' && consentRounds > 0) {
          // After consent rounds, a vote is the statutory fallback with the assembly's rule.
          fallback = true;
          rule = assembly.fallbackRule;
        }
      }
      if (body.kind === 'vote' && !rule)
        throw new AppError(400, 'validation.invalid', 'rule: required for a vote', 'rule');
      if (body.kind === 'consent' && body.secret) {
        throw new AppError(
          400,
          'validation.invalid',
          'A consent round cannot be secret: objections are answered by name.',
          'secret',
        );
      }
      if (rule === 'members_absolute' && assembly.collegeWeighting) {
        throw new AppError(
          400,
          'validation.invalid',
          'members_absolute cannot be weighted by college.',
          'rule',
        );
      }
      if (body.meetingId) {
        const meeting = await createMeetingsRepository({ db }).findById(body.meetingId);
        if (!meeting || meeting.assemblyId !== assemblyId || meeting.status === 'ended') {
          throw new AppError(
            400,
            'validation.invalid',
            'No running meeting of this assembly.',
            'meetingId',
          );
        }
      }
      const closesAt = body.closesAt ? new Date(body.closesAt) : null;
      if (closesAt && closesAt.getTime() <= Date.now()) {
        throw new AppError(
          400,
          'validation.invalid',
          'closesAt: must be in the future',
          'closesAt',
        );
      }
      const poll = await db.transaction(async (tx) => {
        const created = await createPollsRepository({ db: tx }).create({
          assemblyId,
          motionId,
          amendmentId: amendment?.id ?? null,
          motionVersion: motion.currentVersion,
          kind: body.kind,
          rule: body.kind === 'vote' ? rule : null,
          secret: body.secret,
          round: body.kind === 'consent' ? consentRounds + 1 : 1,
          fallback,
          meetingId: body.meetingId ?? null,
          closesAt,
          createdBy: actor.id,
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId,
          type: 'poll.created',
          actorId: actor.id,
          payload: {
            pollId: created.id,
            motionId,
            amendmentId: created.amendmentId,
            kind: created.kind,
            rule: created.rule,
          },
        });
        return created;
      });
      return view(actor, poll);
    },

    async open(actor: User, permissions: Actor, pollId: string) {
      const existing = await loadVisible(actor, permissions, pollId);
      requireSecretary(permissions, existing.assemblyId);
      // A congress decides in its sittings only.
      const assembly = await createAssembliesRepository({ db }).findById(existing.assemblyId);
      await requireOpenPhase(db, assembly!, 'sittings');
      const poll = await db.transaction(async (tx) => {
        const polls = createPollsRepository({ db: tx });
        const locked = (await polls.findById(pollId, { lock: true }))!;
        if (locked.status !== 'created') {
          throw new AppError(
            409,
            locked.status === 'closed' ? 'polls.closed' : 'polls.invalid_state',
            'This poll was already opened.',
          );
        }
        const assemblies = createAssembliesRepository({ db: tx });
        const assembly = (await assemblies.findById(locked.assemblyId))!;
        if (locked.meetingId) {
          const meetings = createMeetingsRepository({ db: tx });
          const meeting = (await meetings.findById(locked.meetingId))!;
          if (meeting.status !== 'live') {
            throw new AppError(
              409,
              'meetings.invalid_state',
              'Start the meeting to open its polls.',
            );
          }
          const voters = await meetings.presence(meeting.id, meeting.assemblyId);
          const proxies = await meetings.activeProxies(meeting.id);
          const quorum = meetingQuorum({ voters, proxies, quorum: assembly.quorum });
          if (!quorum.reached) {
            throw new AppError(
              409,
              'meetings.no_quorum',
              `Quorum not reached: ${quorum.present + quorum.represented} of ${quorum.required} needed.`,
            );
          }
        }
        const electorateSize = await polls.freezeElectorate(pollId, locked.assemblyId);
        // Written now, with nothing in it, so that its row says nothing about the first ballot.
        if (locked.secret) await polls.openSecretCounts(pollId);
        const colleges = assembly.collegeWeighting
          ? (await assemblies.listColleges(locked.assemblyId)).map(({ id, share }) => ({
              id,
              share,
            }))
          : null;
        const opened = await polls.update(pollId, {
          status: 'open',
          openedAt: new Date(),
          quorum: assembly.quorum,
          electorateSize,
          collegeWeighting: assembly.collegeWeighting,
          majorityInEveryCollege: assembly.majorityInEveryCollege,
          colleges,
        });
        const motionsRepository = createMotionsRepository({ db: tx });
        const motion = (await motionsRepository.findById(locked.motionId))!;
        if (motion.status === 'admitted' && motion.assemblyId === locked.assemblyId)
          await motionsRepository.update(motion.id, { status: 'scheduled' });
        await createEventsRepository({ db: tx }).append({
          assemblyId: locked.assemblyId,
          type: 'poll.opened',
          actorId: actor.id,
          payload: {
            pollId,
            motionId: locked.motionId,
            electorate: electorateSize,
            quorum: assembly.quorum,
          },
        });
        return opened;
      });
      return view(actor, poll);
    },

    async closeBy(actor: User, permissions: Actor, pollId: string) {
      const poll = await loadVisible(actor, permissions, pollId);
      requireSecretary(permissions, poll.assemblyId);
      await close(pollId, actor.id);
      return view(actor, (await repository.findById(pollId))!);
    },

    /**
     * One answer per voter, acknowledged only after commit. Resending the same clientBallotId
     * never counts twice; a new one changes an open ballot; a secret ballot cannot change.
     */
    async cast(
      actor: User,
      permissions: Actor,
      pollId: string,
      body: CastBallotBody,
    ): Promise<CastBallotResponse> {
      const poll = await loadVisible(actor, permissions, pollId, openPolls.find);
      const allowed = poll.kind === 'vote' ? voteChoiceSchema : consentStanceSchema;
      if (!allowed.safeParse(body.choice).success) {
        throw new AppError(
          400,
          'validation.invalid',
          `choice: ${allowed.options.join(', ')}`,
          'choice',
        );
      }
      const reason = body.reason?.trim() || null;
      if (body.choice === 'objection' && !reason) {
        throw new AppError(
          400,
          'validation.invalid',
          'reason: an objection needs its reason',
          'reason',
        );
      }
      const byProxy = Boolean(body.onBehalfOf && body.onBehalfOf !== actor.id);
      if (byProxy && !poll.meetingId) {
        // Proxies are given for one meeting: an asynchronous poll has none.
        throw new AppError(
          403,
          'ballots.no_proxy',
          'Proxies apply to meeting polls only.',
          'onBehalfOf',
        );
      }
      const voterId = byProxy ? body.onBehalfOf! : actor.id;
      if (poll.closesAt && Date.now() >= poll.closesAt.getTime() && poll.status === 'open') {
        // The closing job may not have run yet: the deadline holds at the ballot all the same,
        // and the poll closes now rather than at the job's next pass (which retries it if this
        // attempt fails, so its error is not this ballot's).
        void close(pollId, null).catch(() => undefined);
        throw new AppError(409, 'polls.closed', 'This poll closed at its deadline.');
      }
      if (poll.status === 'closed') throw new AppError(409, 'polls.closed', 'This poll is closed.');
      if (poll.status !== 'open') {
        throw new AppError(409, 'polls.not_open', 'This poll is not open yet.');
      }
      const elector = await openPolls.elector(pollId, voterId);
      if (!elector) {
        throw new AppError(
          403,
          'ballots.not_entitled',
          'You are not entitled to answer this poll.',
        );
      }
      return ballots.submit(pollId, {
        voterId,
        castBy: actor.id,
        choice: body.choice,
        reason,
        clientBallotId: body.clientBallotId,
        collegeId: elector.collegeId,
      });
    },

    /**
     * Show-of-hands counts for one site, entered by its secretary. Everyone present or
     * represented at the site and not yet counted goes under its show of hands (a participation
     * by `hands`), so they cannot also vote in the app or be counted at another site; the counts
     * can never exceed who is under it, per college when the assembly weighs colleges.
     */
    async enterSiteCounts(actor: User, permissions: Actor, pollId: string, body: SiteCountsBody) {
      const poll = await loadVisible(actor, permissions, pollId);
      if (!poll.meetingId) {
        throw new AppError(409, 'polls.invalid_state', 'Only meeting polls take site counts.');
      }
      const allowed = poll.kind === 'vote' ? voteChoiceSchema : consentStanceSchema;
      const wrong = body.counts.findIndex((row) => !allowed.safeParse(row.choice).success);
      if (wrong >= 0) {
        throw new AppError(
          400,
          'validation.invalid',
          `choice: ${allowed.options.join(', ')}`,
          `counts.${wrong}.choice`,
        );
      }
      const weighted = Boolean(poll.collegeWeighting && poll.colleges?.length);
      const collegeIds = new Set(
        (await createAssembliesRepository({ db }).listColleges(poll.assemblyId)).map((c) => c.id),
      );
      body.counts.forEach((row, index) => {
        const field = `counts.${index}.collegeId`;
        if (weighted && !row.collegeId) {
          throw new AppError(
            400,
            'site_counts.college_required',
            'counts: with college weighting, give the count of each college',
            field,
          );
        }
        if (row.collegeId && !collegeIds.has(row.collegeId)) {
          throw new AppError(400, 'validation.invalid', 'No such college in this assembly.', field);
        }
      });
      const seen = new Set<string>();
      body.counts.forEach((row, index) => {
        const key = `${row.collegeId ?? ''} ${row.choice}`;
        if (seen.has(key)) {
          throw new AppError(
            400,
            'validation.invalid',
            'counts: each choice once per college',
            `counts.${index}.choice`,
          );
        }
        seen.add(key);
      });
      await db.transaction(async (tx) => {
        const meetings = createMeetingsRepository({ db: tx });
        const polls = createPollsRepository({ db: tx });
        const site = await meetings.site(body.siteId);
        if (!site || site.meetingId !== poll.meetingId) {
          throw new AppError(400, 'validation.invalid', 'No such site in this meeting.', 'siteId');
        }
        if (
          site.secretaryId !== actor.id &&
          !can(permissions, 'meeting.run', { assemblyId: poll.assemblyId })
        ) {
          throw new AppError(
            403,
            'auth.forbidden',
            'Only this site’s secretary may enter its counts.',
          );
        }
        // The lock orders this entry with every ballot batch (they take it in share mode).
        const current = (await polls.findById(pollId, { lock: true }))!;
        if (current.status !== 'open' || (current.closesAt && current.closesAt <= new Date()))
          throw new AppError(409, 'polls.closed', 'This poll is not open.');
        const covered = await polls.coverSite(pollId, poll.meetingId!, site.id);
        const room = (collegeId: string | null | undefined) =>
          covered
            .filter((row) => collegeId === undefined || row.college_id === collegeId)
            .reduce((sum, row) => sum + row.count, 0);
        const total = body.counts.reduce((sum, row) => sum + row.count, 0);
        if (total > room(undefined)) {
          throw new AppError(
            400,
            'site_counts.too_many',
            `At most ${room(undefined)} votes can be counted at this site: the people present or represented there who did not vote in the app.`,
            'counts',
          );
        }
        for (const collegeId of new Set(body.counts.map((row) => row.collegeId ?? null))) {
          if (collegeId === null) continue;
          const given = body.counts
            .filter((row) => row.collegeId === collegeId)
            .reduce((sum, row) => sum + row.count, 0);
          if (given > room(collegeId)) {
            throw new AppError(
              400,
              'site_counts.too_many',
              `At most ${room(collegeId)} votes of this college can be counted at this site.`,
              `counts.${body.counts.findIndex((row) => row.collegeId === collegeId)}.count`,
            );
          }
        }
        await meetings.replaceSiteCounts(pollId, site.id, actor.id, body.counts);
        await createEventsRepository({ db: tx }).append({
          assemblyId: poll.assemblyId,
          type: 'poll.site_counts',
          actorId: actor.id,
          // A secret poll's counts are published at its close only, merged as its result is.
          payload: {
            pollId,
            motionId: poll.motionId,
            siteId: site.id,
            counts: poll.secret ? null : body.counts,
          },
        });
      });
      return view(actor, (await repository.findById(pollId))!);
    },

    async objections(
      viewer: User,
      permissions: Actor,
      where: { motionId?: string; pollId?: string },
    ) {
      if (where.pollId) await loadVisible(viewer, permissions, where.pollId);
      if (where.motionId) await motions.visible(viewer, permissions, where.motionId);
      return (await repository.objections(where)).map(toObjection);
    },

    /** withdrawn by its author; ruled out (with a reason) or integrated (with a version) by a secretary. */
    async updateObjection(
      actor: User,
      permissions: Actor,
      objectionId: string,
      body: UpdateObjectionBody,
    ) {
      const [row] = await repository.objections({ id: objectionId });
      if (!row) throw new AppError(404, 'objections.not_found', 'No such objection.');
      const motion = await motions.visible(actor, permissions, row.objection.motionId);
      if (row.objection.status !== 'open') {
        throw new AppError(409, 'objections.invalid_state', 'This objection is already resolved.');
      }
      if (body.status === 'withdrawn' && row.objection.authorId !== actor.id) {
        throw new AppError(403, 'auth.forbidden', 'Only its author may withdraw an objection.');
      }
      if (body.status !== 'withdrawn') requireSecretary(permissions, motion.assemblyId);
      if (body.status === 'integrated') {
        const poll = (await repository.findById(row.objection.pollId))!;
        if (body.version <= poll.motionVersion || body.version > motion.currentVersion) {
          throw new AppError(
            400,
            'validation.invalid',
            'version: give the new motion version that answers the objection',
            'version',
          );
        }
      }
      await db.transaction(async (tx) => {
        await createPollsRepository({ db: tx }).updateObjection(objectionId, {
          status: body.status,
          resolvedBy: actor.id,
          resolvedAt: new Date(),
          ...(body.status === 'ruled_out' ? { resolution: body.reason } : {}),
          ...(body.status === 'integrated' ? { integratedVersion: body.version } : {}),
        });
        await createEventsRepository({ db: tx }).append({
          assemblyId: motion.assemblyId,
          type: `objection.${body.status}`,
          actorId: actor.id,
          payload: { objectionId, motionId: motion.id, ...body },
        });
      });
      const [updated] = await repository.objections({ id: objectionId });
      return toObjection(updated!);
    },
  };
}

export type PollsService = ReturnType<typeof createPollsService>;
