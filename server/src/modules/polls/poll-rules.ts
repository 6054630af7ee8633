/**
 * The rules that decide what a poll, a ballot or a site's count may be (ARCHITECTURE.md, "Rules"),
 * as pure functions of what the services read: each throws the refusal the caller answers with.
 */
import type { MotionPollRow } from '@cercle/db';
import {
  type CastBallotBody,
  consentStanceSchema,
  type CreatePollBody,
  isMeetingOver,
  type MeetingStatus,
  type PollKind,
  type SiteCountsBody,
  voteChoiceSchema,
  type VoteRule,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';

export interface PollPlanInput {
  body: CreatePollBody & { secret: boolean };
  /** The poll decides an amendment (rather than its motion). */
  onAmendment: boolean;
  /** The poll decides an antenna's mandate on a congress motion. */
  forMandate: boolean;
  pendingAmendments: number;
  openObjections: number;
  /** Consent rounds already closed on this motion in this assembly. */
  consentRounds: number;
  assembly: { maxConsentRounds: number; fallbackRule: VoteRule; collegeWeighting: boolean };
  /** The meeting the poll is to run in, when it names one (undefined: not found). */
  meeting?: { assemblyId: string; status: MeetingStatus } | undefined;
  assemblyId: string;
  now: Date;
}

export interface PollPlan {
  rule: VoteRule | null;
  fallback: boolean;
  round: number;
  closesAt: Date | null;
}

function invalid(message: string, field: string): never {
  throw new AppError(400, 'validation.invalid', message, field);
}

/**
 * What may come next on a motion: amendments before their motion, no consent round while an
 * objection is open, and after the last consent round, only the fallback vote with the
 * assembly's rule. An antenna's mandate and an amendment follow none of these.
 */
export function planPoll(input: PollPlanInput): PollPlan {
  const { body, assembly } = input;
  let rule = body.rule ?? null;
  let fallback = false;
  if (!input.onAmendment && !input.forMandate) {
    if (input.pendingAmendments) {
      throw new AppError(
        409,
        'polls.amendments_pending',
        'Decide the amendments before the motion.',
      );
    }
    if (input.openObjections) {
      throw new AppError(409, 'polls.objections_open', 'Resolve the open objections first.');
    }
    if (body.kind === 'consent' && input.consentRounds >= assembly.maxConsentRounds) {
      throw new AppError(
        409,
        'polls.consent_rounds_exhausted',
        `No consent after ${input.consentRounds} rounds: the fallback vote decides.`,
        'kind',
      );
    }
    if (body.kind === 'vote' && input.consentRounds > 0) {
      // After consent rounds, a vote is the statutory fallback with the assembly's rule.
      fallback = true;
      rule = assembly.fallbackRule;
    }
  }
  if (body.kind === 'vote' && !rule) invalid('rule: required for a vote', 'rule');
  if (body.kind === 'consent' && body.secret) {
    invalid('A consent round cannot be secret: objections are answered by name.', 'secret');
  }
  if (rule === 'members_absolute' && assembly.collegeWeighting) {
    invalid('members_absolute cannot be weighted by college.', 'rule');
  }
  if (body.meetingId) {
    const meeting = input.meeting;
    if (!meeting || meeting.assemblyId !== input.assemblyId || isMeetingOver(meeting.status)) {
      invalid('No running meeting of this assembly.', 'meetingId');
    }
  }
  const closesAt = body.closesAt ? new Date(body.closesAt) : null;
  if (closesAt && closesAt.getTime() <= input.now.getTime()) {
    invalid('closesAt: must be in the future', 'closesAt');
  }
  return {
    rule: body.kind === 'vote' ? rule : null,
    fallback,
    round: body.kind === 'consent' ? input.consentRounds + 1 : 1,
    closesAt,
  };
}

/** The choices a poll of this kind takes. */
export function choicesOf(kind: PollKind) {
  return kind === 'vote' ? voteChoiceSchema : consentStanceSchema;
}

export type BallotCheck =
  | { accepted: true; voterId: string; reason: string | null }
  /** The deadline passed but the closing job has not run: the caller closes the poll now. */
  | { accepted: false; pastDeadline: true };

/**
 * Whether a ballot may be taken before anyone's entitlement is looked up: a choice the poll
 * takes, a reason with every objection, a proxy only in a meeting, and an open poll.
 */
export function checkBallot(
  poll: Pick<MotionPollRow, 'kind' | 'meetingId' | 'closesAt' | 'status'>,
  body: CastBallotBody,
  casterId: string,
  now: Date,
): BallotCheck {
  const allowed = choicesOf(poll.kind);
  if (!allowed.safeParse(body.choice).success) {
    invalid(`choice: ${allowed.options.join(', ')}`, 'choice');
  }
  const reason = body.reason?.trim() || null;
  if (body.choice === 'objection' && !reason) {
    invalid('reason: an objection needs its reason', 'reason');
  }
  const byProxy = Boolean(body.onBehalfOf && body.onBehalfOf !== casterId);
  if (byProxy && !poll.meetingId) {
    // Proxies are given for one meeting: an asynchronous poll has none.
    throw new AppError(
      403,
      'ballots.no_proxy',
      'Proxies apply to meeting polls only.',
      'onBehalfOf',
    );
  }
  if (poll.closesAt && now.getTime() >= poll.closesAt.getTime() && poll.status === 'open') {
    return { accepted: false, pastDeadline: true };
  }
  if (poll.status === 'closed') throw new AppError(409, 'polls.closed', 'This poll is closed.');
  if (poll.status !== 'open') {
    throw new AppError(409, 'polls.not_open', 'This poll is not open yet.');
  }
  return { accepted: true, voterId: byProxy ? body.onBehalfOf! : casterId, reason };
}

/**
 * The shape of a site's show-of-hands counts: choices the poll takes, each once per college,
 * and with college weighting a college on every row, one of the assembly's.
 */
export function checkSiteCountsShape(
  kind: PollKind,
  counts: SiteCountsBody['counts'],
  colleges: { weighted: boolean; ids: ReadonlySet<string> },
) {
  const allowed = choicesOf(kind);
  const wrong = counts.findIndex((row) => !allowed.safeParse(row.choice).success);
  if (wrong >= 0) invalid(`choice: ${allowed.options.join(', ')}`, `counts.${wrong}.choice`);
  counts.forEach((row, index) => {
    const field = `counts.${index}.collegeId`;
    if (colleges.weighted && !row.collegeId) {
      throw new AppError(
        400,
        'site_counts.college_required',
        'counts: with college weighting, give the count of each college',
        field,
      );
    }
    if (row.collegeId && !colleges.ids.has(row.collegeId)) {
      invalid('No such college in this assembly.', field);
    }
  });
  const seen = new Set<string>();
  counts.forEach((row, index) => {
    const key = `${row.collegeId ?? ''} ${row.choice}`;
    if (seen.has(key)) invalid('counts: each choice once per college', `counts.${index}.choice`);
    seen.add(key);
  });
}

/**
 * A site counts at most the people under its show of hands (present or represented there, not
 * counted in the app), in all and per college. `covered`: how many per college.
 */
export function checkSiteRoom(
  counts: SiteCountsBody['counts'],
  covered: readonly { collegeId: string | null; count: number }[],
) {
  const room = (collegeId: string | null | undefined) =>
    covered
      .filter((row) => collegeId === undefined || row.collegeId === collegeId)
      .reduce((sum, row) => sum + row.count, 0);
  const total = counts.reduce((sum, row) => sum + row.count, 0);
  if (total > room(undefined)) {
    throw new AppError(
      400,
      'site_counts.too_many',
      `At most ${room(undefined)} votes can be counted at this site: the people present or represented there who did not vote in the app.`,
      'counts',
    );
  }
  for (const collegeId of new Set(counts.map((row) => row.collegeId ?? null))) {
    if (collegeId === null) continue;
    const given = counts
      .filter((row) => row.collegeId === collegeId)
      .reduce((sum, row) => sum + row.count, 0);
    if (given > room(collegeId)) {
      throw new AppError(
        400,
        'site_counts.too_many',
        `At most ${room(collegeId)} votes of this college can be counted at this site.`,
        `counts.${counts.findIndex((row) => row.collegeId === collegeId)}.count`,
      );
    }
  }
}
