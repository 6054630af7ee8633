/**
 * Everything the audit checks that needs no database: how events are hashed and chained, how a
 * closed poll's (or election round's) ballots are digested, what each event says about polls,
 * election rounds, motions and minutes, and the verdict. The server's verify route and the standalone `pnpm audit:verify` both run this
 * module, so a member checking a downloaded chain applies exactly the server's rules.
 *
 * Only node:crypto and the shared contract: no database, no Fastify.
 */
import type { z } from 'zod';
import {
  eventPayloadSchemas,
  eventsOfType,
  type EventType,
  type AuditChainEvent,
  type AuditChainHeader,
  auditChainEventSchema,
  auditChainHeaderSchema,
  type AuditIssue,
  type AuditIssueCode,
  auditIssueCodeSchema,
  type AuditVerification,
  type ChainHead,
  type HeadSource,
  headSourceSchema,
  type PublishedHead,
  type Result,
  type RoundResult,
} from '@cercle/shared';
import {
  canonicalJson,
  type ChainEvent,
  eventHash,
  genesisHash,
  sha256,
} from '../events/event-hash.ts';
import {
  type DigestElectionBallot,
  type DigestSiteCount,
  electionBallotsDigest,
  lotOrder,
  openBallotsForDigest,
  roundResultDigest,
} from '../elections/election-digest.ts';
import { ballotsDigest, type DigestBallot, resultDigest } from '../polls/ballots-digest.ts';

/** The hash of a published minutes text (its Markdown file), recorded at publication. */
export const textHash = sha256;

const issueOrder = auditIssueCodeSchema.options;

function issue(
  code: AuditIssueCode,
  seq: number | null,
  message: string,
  extra: Partial<Omit<AuditIssue, 'code' | 'seq' | 'message'>> = {},
): AuditIssue {
  return { code, seq, message, ...extra };
}

/** Issues in the order a reader needs them: the first broken link first. */
export function sortIssues(issues: AuditIssue[]): AuditIssue[] {
  return issues.toSorted(
    (a, b) =>
      (a.seq ?? Infinity) - (b.seq ?? Infinity) ||
      issueOrder.indexOf(a.code) - issueOrder.indexOf(b.code),
  );
}

const map = eventPayloadSchemas;
const motionId = { motionId: true } as const;

/**
 * What the audit reads of the events it holds records against: the fields it relies on, typed
 * by the event map. An event whose fields do not read says nothing to these checks (it is
 * neither a closing, a publication nor a status); its hash is checked over the raw payload like
 * every other's, so a rewrite shows there.
 */
const auditedFields = {
  'minutes.published': map['minutes.published'].pick({
    minutesId: true,
    coversEventSeq: true,
    coversEventHash: true,
    textHash: true,
  }),
  'minutes.redacted': map['minutes.redacted'].pick({
    minutesId: true,
    previousTextHash: true,
    textHash: true,
  }),
  'poll.created': map['poll.created'].pick({ pollId: true }),
  'poll.opened': map['poll.opened'].pick({ pollId: true, ...motionId }),
  'poll.site_counts': map['poll.site_counts'].pick({ pollId: true, siteId: true, counts: true }),
  'poll.closed': map['poll.closed'].pick({
    pollId: true,
    outcome: true,
    totals: true,
    byCollege: true,
    bySite: true,
    privacy: true,
    electorate: true,
    ballotsDigest: true,
    resultDigest: true,
  }),
  'election.round_opened': map['election.round_opened'].pick({ pollId: true }),
  'election.site_counts': map['election.site_counts'].pick({ pollId: true }),
  'election.round_closed': map['election.round_closed'].pick({
    pollId: true,
    outcome: true,
    elected: true,
    ballotsDigest: true,
    resultDigest: true,
  }),
  'motion.created': map['motion.created'].pick(motionId),
  'motion.submitted': map['motion.submitted'].pick({ ...motionId, status: true }),
  'motion.admitted': map['motion.admitted'].pick({ ...motionId, status: true }),
  'motion.withdrawn': map['motion.withdrawn'].pick({ ...motionId, status: true }),
  'motion.referred': map['motion.referred'].pick({ ...motionId, status: true }),
  'motion.adopted': map['motion.adopted'].pick(motionId),
  'motion.rejected': map['motion.rejected'].pick(motionId),
  'congress.motion_forwarded': map['congress.motion_forwarded'].pick(motionId),
  'congress.composite_made': map['congress.composite_made'].pick({ ...motionId, sourceIds: true }),
} satisfies { [T in EventType]?: z.ZodObject };

type AuditedType = keyof typeof auditedFields;
type AuditedEvent = {
  [T in AuditedType]: {
    type: T;
    seq: number;
    createdAt: Date;
    payload: z.infer<(typeof auditedFields)[T]>;
  };
}[AuditedType];

function audited(events: readonly ChainEvent[]): AuditedEvent[] {
  return events.flatMap((event) => {
    if (!Object.hasOwn(auditedFields, event.type)) return [];
    const type = event.type as AuditedType;
    const parsed = auditedFields[type].safeParse(event.payload);
    if (!parsed.success) return [];
    return [
      { type, seq: event.seq, createdAt: event.createdAt, payload: parsed.data } as AuditedEvent,
    ];
  });
}

/** The heads published minutes name: the last event each covers, as its publication recorded it. */
export function minutesHeads(events: readonly ChainEvent[]): PublishedHead[] {
  return eventsOfType(audited(events), 'minutes.published').flatMap(({ payload, createdAt }) => {
    const { coversEventSeq: seq, coversEventHash: hash } = payload;
    if (seq < 1 || hash === null) return [];
    return [
      {
        seq,
        hash,
        source: 'minutes' as const,
        at: createdAt.toISOString(),
        ref: payload.minutesId,
      },
    ];
  });
}

const headMatches = (stored: string, published: string) =>
  stored === published || (published.length >= 16 && stored.startsWith(published));

const sourceWords: Record<HeadSource, string> = {
  recorded: 'the database’s head row',
  minutes: 'published minutes',
  witness: 'the server’s copy outside the database',
  given: 'the head you gave',
};

/**
 * Walks the chain link by link, then holds it against its recorded head and against every
 * published head (those of published minutes are read from the chain itself). At most one issue
 * per event; for each source of heads, the first that no longer matches (the later ones follow
 * from it, since every hash covers the one before).
 */
export function checkChain({
  assemblyId,
  events,
  recordedHead,
  heads = [],
}: {
  assemblyId: string;
  /** In sequence order. */
  events: readonly ChainEvent[];
  /** The database's head row; undefined when unknown, null when there is none. */
  recordedHead?: ChainHead | null | undefined;
  heads?: readonly PublishedHead[];
}) {
  const issues: AuditIssue[] = [];
  let prevHash = genesisHash(assemblyId);
  let expected = 1;
  for (const event of events) {
    const { seq } = event;
    if (seq !== expected) {
      if (seq > expected) {
        const missing =
          seq - 1 > expected ? `Events #${expected} to #${seq - 1} are` : `Event #${expected} is`;
        issues.push(issue('chain.event_missing', expected, `${missing} missing: deleted.`));
      } else {
        issues.push(issue('chain.link_broken', seq, `Event #${seq} is out of sequence.`));
      }
      // What the gap held is gone; go on from what this event says came before it.
      prevHash = event.prevHash;
    }
    if (event.prevHash !== prevHash) {
      issues.push(
        issue(
          'chain.link_broken',
          seq,
          `Event #${seq} does not follow event #${seq - 1}: events were moved, swapped or replaced.`,
        ),
      );
    } else if (eventHash({ ...event, assemblyId }) !== event.hash) {
      issues.push(
        issue(
          'chain.hash_mismatch',
          seq,
          `Event #${seq} no longer matches its hash: its content (type, author, time or data) was changed.`,
        ),
      );
    }
    prevHash = event.hash;
    expected = seq + 1;
  }

  const stored = new Map(events.map((event) => [event.seq, event.hash]));
  const last = events.at(-1)?.seq ?? 0;
  const tailMissing = (source: HeadSource, seq: number) =>
    issue(
      'chain.tail_missing',
      last + 1,
      `The chain ends at event #${last}, but ${sourceWords[source]} shows it reached #${seq}: its last events were deleted.`,
      { source },
    );

  if (recordedHead === null && last > 0) {
    issues.push(
      issue('chain.head_mismatch', last, 'The chain has events but no recorded head.', {
        source: 'recorded',
      }),
    );
  } else if (recordedHead) {
    if (recordedHead.seq > last) issues.push(tailMissing('recorded', recordedHead.seq));
    else if (recordedHead.seq < last) {
      issues.push(
        issue(
          'chain.head_mismatch',
          recordedHead.seq + 1,
          `The recorded head is event #${recordedHead.seq}, yet events follow it: they were added behind the chain’s back.`,
          { source: 'recorded' },
        ),
      );
    } else if (recordedHead.hash !== stored.get(last)) {
      issues.push(
        issue('chain.head_mismatch', last, `The recorded head does not match event #${last}.`, {
          source: 'recorded',
        }),
      );
    }
  }

  const published = [...minutesHeads(events), ...heads].toSorted((a, b) => a.seq - b.seq);
  const checked = Object.fromEntries(
    headSourceSchema.options.map((source) => [source, 0]),
  ) as Record<HeadSource, number>;
  if (recordedHead) checked.recorded = 1;
  const failed = new Set<HeadSource>();
  let lastMatch = 0;
  for (const head of published) {
    checked[head.source] += 1;
    if (failed.has(head.source)) continue;
    if (head.seq > last) {
      issues.push(tailMissing(head.source, head.seq));
      failed.add(head.source);
      continue;
    }
    const hash = stored.get(head.seq);
    if (hash !== undefined && headMatches(hash, head.hash)) {
      lastMatch = head.seq;
      continue;
    }
    failed.add(head.source);
    issues.push(
      hash === undefined
        ? issue(
            'chain.event_missing',
            head.seq,
            `Event #${head.seq}, named by ${sourceWords[head.source]}, is missing: deleted.`,
            { source: head.source },
          )
        : issue(
            'head.mismatch',
            head.seq,
            `Event #${head.seq} no longer has the hash that ${sourceWords[head.source]}${head.ref ? ` (${head.ref})` : ''} hold${head.source === 'minutes' ? '' : 's'} for it: ` +
              (lastMatch === head.seq - 1
                ? `it was rewritten and the hashes after it recomputed.`
                : `an event after #${lastMatch}, up to #${head.seq}, was rewritten and the hashes recomputed.`),
            { source: head.source, after: lastMatch },
          ),
    );
  }
  return { issues: dedupe(issues), heads: checked };
}

function dedupe(issues: AuditIssue[]) {
  const seen = new Set<string>();
  return issues.filter((item) => {
    const key = `${item.code}:${item.seq}:${item.source ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Which events set a motion's status, and to what (their payload's `status` says it when given). */
const statusSetBy: Partial<Record<AuditedType, string>> = {
  'motion.created': 'draft',
  'motion.submitted': 'submitted',
  'motion.admitted': 'admitted',
  'motion.withdrawn': 'withdrawn',
  'motion.referred': 'referred',
  'motion.adopted': 'adopted',
  'motion.rejected': 'rejected',
  'congress.motion_forwarded': 'admitted',
  'congress.composite_made': 'admitted',
};

/**
 * Each motion's status as the chain tells it, with the event that set it. Opening a poll on an
 * admitted motion of the same assembly schedules it (the `poll.opened` event says so by its
 * place: the motion was admitted, in this chain); a composite merges its sources.
 */
export function motionStatusesFromEvents(events: readonly ChainEvent[]) {
  const statuses = new Map<string, { status: string; seq: number }>();
  for (const event of audited(events)) {
    if (!('motionId' in event.payload)) continue;
    const { motionId } = event.payload;
    const set = statusSetBy[event.type];
    if (set) {
      const said = 'status' in event.payload ? event.payload.status : undefined;
      statuses.set(motionId, { status: said ?? set, seq: event.seq });
    }
    if (event.type === 'congress.composite_made') {
      for (const source of event.payload.sourceIds) {
        statuses.set(source, { status: 'merged', seq: event.seq });
      }
    }
    if (event.type === 'poll.opened' && statuses.get(motionId)?.status === 'admitted') {
      statuses.set(motionId, { status: 'scheduled', seq: event.seq });
    }
  }
  return statuses;
}

export interface HandCount {
  siteId: string;
  collegeId: string | null;
  choice: string;
  count: number;
}

/** A poll of the assembly as the database holds it (ballots and hand counts: open polls only). */
export interface PollRecord {
  id: string;
  secret: boolean;
  status: string;
  result: unknown;
  ballotsDigest: string | null;
  electorateSize: number | null;
  ballots: readonly DigestBallot[];
  handCounts: readonly HandCount[];
}

/** An election round as the database holds it (ballots and site counts: closed open rounds only). */
export interface ElectionRoundRecord {
  id: string;
  secret: boolean;
  status: string;
  result: unknown;
  ballotsDigest: string | null;
  ballots: readonly DigestElectionBallot[];
  siteCounts: readonly DigestSiteCount[];
}

export interface MotionRecord {
  id: string;
  status: string;
}

export interface MinutesRecord {
  id: string;
  status: string;
  text: string;
  textHash: string | null;
  coversEventSeq: number | null;
  coversEventHash: string | null;
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** A hand count as stored or as recorded (where a count without college may leave it out). */
type HandCountRow = Omit<HandCount, 'siteId' | 'collegeId'> & { collegeId?: string | null };

function handCountsOf(counts: readonly HandCountRow[]) {
  return counts
    .map(({ choice, count, collegeId }) => ({ choice, count, collegeId: collegeId ?? null }))
    .toSorted((a, b) =>
      `${a.collegeId ?? ''} ${a.choice}`.localeCompare(`${b.collegeId ?? ''} ${b.choice}`),
    );
}

/**
 * Holds each election round against its `election.round_closed` event: a closed round must have
 * one, an open one none; the stored result must give the recorded result digest (and say the
 * outcome and the seats the event says), with its lot order drawn from the recorded ballots
 * digest; the round's stored ballots digest must be the recorded one, and an open (not secret)
 * round's ballot rows and sites' paper counts must still give it. A secret round's distinct
 * ballots go at its close: its published result, under its digest, is what remains to check.
 */
function checkElectionRounds(
  events: readonly AuditedEvent[],
  rounds: readonly ElectionRoundRecord[],
): AuditIssue[] {
  const issues: AuditIssue[] = [];
  const closings = new Map<string, AuditedEvent & { type: 'election.round_closed' }>();
  const mentions = new Map<string, number>();
  for (const event of events) {
    if (!event.type.startsWith('election.') || !('pollId' in event.payload)) continue;
    mentions.set(event.payload.pollId, event.seq);
    if (event.type === 'election.round_closed') closings.set(event.payload.pollId, event);
  }
  for (const round of rounds) {
    const subject = { kind: 'poll' as const, id: round.id };
    const closing = closings.get(round.id);
    if (round.status !== 'closed') {
      if (closing) {
        issues.push(
          issue(
            'poll.result_mismatch',
            closing.seq,
            `Election round ${round.id} was closed by event #${closing.seq} but is recorded as ${round.status}.`,
            { subject },
          ),
        );
      }
      continue;
    }
    if (!closing) {
      issues.push(
        issue(
          'poll.unrecorded',
          mentions.get(round.id) ?? null,
          `Election round ${round.id} is closed, but no event records its closing.`,
          { subject },
        ),
      );
      continue;
    }
    const said = closing.payload;
    const result =
      round.result !== null && typeof round.result === 'object'
        ? (round.result as Partial<RoundResult>)
        : null;
    const resultIntact =
      result !== null &&
      result.outcome === said.outcome &&
      sameJson(result.count?.seats.elected ?? [], said.elected) &&
      roundResultDigest(result) === said.resultDigest;
    if (!resultIntact) {
      issues.push(
        issue(
          'poll.result_mismatch',
          closing.seq,
          `The stored result of election round ${round.id} differs from the one its closing (event #${closing.seq}) recorded.`,
          { subject },
        ),
      );
    } else if (!sameJson(result.tieOrder, lotOrder(said.ballotsDigest, result.tieOrder ?? []))) {
      // Recorded as it was, but its ties were not broken by the lot its ballots draw.
      issues.push(
        issue(
          'poll.result_mismatch',
          closing.seq,
          `The lot order of election round ${round.id} is not the one drawn from the ballots digest its closing (event #${closing.seq}) recorded.`,
          { subject },
        ),
      );
    }
    const digest = round.secret
      ? round.ballotsDigest
      : electionBallotsDigest(openBallotsForDigest(round.ballots), round.siteCounts);
    if (digest !== said.ballotsDigest || round.ballotsDigest !== said.ballotsDigest) {
      issues.push(
        issue(
          'poll.ballots_mismatch',
          closing.seq,
          round.secret
            ? `The ballots digest stored with secret election round ${round.id} differs from the one its closing (event #${closing.seq}) recorded.`
            : `The ballots of election round ${round.id} (in the app and on the sites' paper counts) no longer give the digest its closing (event #${closing.seq}) recorded: a ballot or a count was changed, added or removed.`,
          { subject },
        ),
      );
    }
  }
  return issues;
}

/**
 * Compares what the database holds with what the events recorded: each closed poll's result,
 * ballots digest and hand counts with its `poll.closed` and `poll.site_counts` events; each
 * election round with its `election.round_closed` event (see `checkElectionRounds`); each
 * motion's status with the last event that set it; each published minutes' text and hashes with
 * its `minutes.published` event. The chain itself proves those events untouched.
 */
export function checkRecords({
  events,
  polls,
  electionRounds = [],
  motions,
  minutes,
}: {
  events: readonly ChainEvent[];
  polls: readonly PollRecord[];
  electionRounds?: readonly ElectionRoundRecord[];
  motions: readonly MotionRecord[];
  minutes: readonly MinutesRecord[];
}) {
  const issues: AuditIssue[] = checkElectionRounds(audited(events), electionRounds);
  const closings = new Map<string, AuditedEvent & { type: 'poll.closed' }>();
  const mentions = new Map<string, number>();
  const handEvents = new Map<string, AuditedEvent & { type: 'poll.site_counts' }>();
  const publications = new Map<string, AuditedEvent & { type: 'minutes.published' }>();
  /** Erasures that replaced a name in published minutes, in chain order (README, "My data"). */
  const redactions = new Map<string, (AuditedEvent & { type: 'minutes.redacted' })[]>();
  for (const event of audited(events)) {
    if (event.type.startsWith('poll.') && 'pollId' in event.payload) {
      mentions.set(event.payload.pollId, event.seq);
    }
    if (event.type === 'poll.closed') closings.set(event.payload.pollId, event);
    if (event.type === 'poll.site_counts') {
      handEvents.set(`${event.payload.pollId} ${event.payload.siteId}`, event);
    }
    if (event.type === 'minutes.published') publications.set(event.payload.minutesId, event);
    if (event.type === 'minutes.redacted') {
      redactions.set(event.payload.minutesId, [
        ...(redactions.get(event.payload.minutesId) ?? []),
        event,
      ]);
    }
  }

  for (const poll of polls) {
    const subject = { kind: 'poll' as const, id: poll.id };
    const closing = closings.get(poll.id);
    if (poll.status !== 'closed') {
      if (closing) {
        issues.push(
          issue(
            'poll.result_mismatch',
            closing.seq,
            `Poll ${poll.id} was closed by event #${closing.seq} but is recorded as ${poll.status}.`,
            { subject },
          ),
        );
      }
      continue;
    }
    if (!closing) {
      issues.push(
        issue(
          'poll.unrecorded',
          mentions.get(poll.id) ?? null,
          `Poll ${poll.id} is closed, but no event records its closing.`,
          { subject },
        ),
      );
      continue;
    }
    const said = closing.payload;
    const result = poll.result as Result | null;
    const carried = (from: Partial<Record<keyof typeof said, unknown>>) => ({
      outcome: from.outcome,
      totals: from.totals,
      byCollege: from.byCollege,
      bySite: from.bySite,
      privacy: from.privacy ?? null,
    });
    const resultIntact =
      result !== null &&
      typeof result === 'object' &&
      sameJson(carried(result as unknown as Record<string, unknown>), carried(said)) &&
      (said.electorate ?? null) === poll.electorateSize &&
      (typeof said.resultDigest !== 'string' || said.resultDigest === resultDigest(result));
    if (!resultIntact) {
      issues.push(
        issue(
          'poll.result_mismatch',
          closing.seq,
          `The stored result of poll ${poll.id} differs from the one its closing (event #${closing.seq}) recorded.`,
          { subject },
        ),
      );
    }
    const digest = poll.secret
      ? resultIntact
        ? ballotsDigest({ secret: true, result: result! })
        : null
      : ballotsDigest({ secret: false, ballots: poll.ballots });
    if (digest !== said.ballotsDigest || poll.ballotsDigest !== said.ballotsDigest) {
      issues.push(
        issue(
          'poll.ballots_mismatch',
          closing.seq,
          poll.secret
            ? `The published counts of secret poll ${poll.id} no longer give the digest its closing (event #${closing.seq}) recorded.`
            : `The ballots of poll ${poll.id} no longer give the digest its closing (event #${closing.seq}) recorded: a ballot was changed, added or removed.`,
          { subject },
        ),
      );
    }
    // A secret poll's site counts are published merged into its result only (checked above).
    if (poll.secret) continue;
    const sites = new Set(poll.handCounts.map((count) => count.siteId));
    for (const key of handEvents.keys()) {
      if (key.startsWith(`${poll.id} `)) sites.add(key.slice(poll.id.length + 1));
    }
    for (const siteId of sites) {
      const event = handEvents.get(`${poll.id} ${siteId}`);
      const stored = handCountsOf(poll.handCounts.filter((count) => count.siteId === siteId));
      const counts = event?.payload.counts;
      const recorded = counts ? handCountsOf(counts) : null;
      if (recorded && sameJson(stored, recorded)) continue;
      issues.push(
        issue(
          'poll.hand_counts_mismatch',
          event?.seq ?? closing.seq,
          event
            ? `The show-of-hands counts of site ${siteId} in poll ${poll.id} differ from those event #${event.seq} recorded.`
            : `Poll ${poll.id} holds show-of-hands counts for site ${siteId} that no event recorded.`,
          { subject },
        ),
      );
    }
  }

  const implied = motionStatusesFromEvents(events);
  for (const motion of motions) {
    const subject = { kind: 'motion' as const, id: motion.id };
    const said = implied.get(motion.id);
    if (!said) {
      issues.push(
        issue(
          'motion.status_mismatch',
          null,
          `Motion ${motion.id} is in the assembly, but no event records it.`,
          { subject },
        ),
      );
    } else if (said.status !== motion.status) {
      issues.push(
        issue(
          'motion.status_mismatch',
          said.seq,
          `Motion ${motion.id} is recorded as ${motion.status}, but event #${said.seq} made it ${said.status}.`,
          { subject },
        ),
      );
    }
  }

  const rows = new Map(minutes.map((row) => [row.id, row]));
  let publishedMinutes = 0;
  for (const row of minutes) {
    if (row.status !== 'published') continue;
    publishedMinutes += 1;
    const subject = { kind: 'minutes' as const, id: row.id };
    const event = publications.get(row.id);
    if (!event) {
      issues.push(
        issue(
          'minutes.unrecorded',
          null,
          `Minutes ${row.id} are published, but no event records their publication.`,
          { subject },
        ),
      );
      continue;
    }
    const said = event.payload;
    // The text published, or the last redaction of it: each redaction must start from the hash
    // the one before it (or the publication) left, so no text can be slipped in between.
    let expected = { hash: said.textHash, seq: event.seq };
    for (const redaction of redactions.get(row.id) ?? []) {
      if (redaction.payload.previousTextHash !== expected.hash) {
        issues.push(
          issue(
            'minutes.text_mismatch',
            redaction.seq,
            `Event #${redaction.seq} redacts minutes ${row.id} from a text they did not have.`,
            { subject },
          ),
        );
      }
      expected = { hash: redaction.payload.textHash, seq: redaction.seq };
    }
    if (textHash(row.text) !== expected.hash) {
      issues.push(
        issue(
          'minutes.text_mismatch',
          expected.seq,
          `The text of minutes ${row.id} is not the text published by event #${expected.seq}.`,
          { subject },
        ),
      );
    }
    if (
      row.textHash !== expected.hash ||
      row.coversEventSeq !== (said.coversEventSeq ?? null) ||
      row.coversEventHash !== (said.coversEventHash ?? null)
    ) {
      issues.push(
        issue(
          'minutes.record_mismatch',
          event.seq,
          `The hashes stored with minutes ${row.id} differ from those event #${event.seq} recorded.`,
          { subject },
        ),
      );
    }
  }
  for (const [minutesId, event] of publications) {
    if (rows.get(minutesId)?.status === 'published') continue;
    issues.push(
      issue(
        'minutes.record_mismatch',
        event.seq,
        `Minutes ${minutesId}, published by event #${event.seq}, are no longer published.`,
        { subject: { kind: 'minutes', id: minutesId } },
      ),
    );
  }

  return {
    issues,
    checked: {
      polls: [...polls, ...electionRounds].filter((poll) => poll.status === 'closed').length,
      motions: motions.length,
      minutes: publishedMinutes,
    },
  };
}

const maxIssues = 100;

/** The verdict, as the verify route answers it. */
export function auditReport({
  events,
  chain,
  records,
}: {
  events: readonly ChainEvent[];
  chain: ReturnType<typeof checkChain>;
  records?: ReturnType<typeof checkRecords>;
}): AuditVerification {
  const issues = sortIssues([...chain.issues, ...(records?.issues ?? [])]);
  const last = events.at(-1);
  const [first] = issues;
  const altered = new Set(
    issues.flatMap((item) => (item.subject?.kind === 'minutes' ? [item.subject.id] : [])),
  );
  return {
    valid: issues.length === 0,
    events: events.length,
    head: last ? { seq: last.seq, hash: last.hash } : null,
    ...(last ? { headHash: last.hash } : {}),
    ...(first && first.seq !== null ? { brokenAtSeq: first.seq } : {}),
    ...(first ? { reason: first.code } : {}),
    issues: issues.slice(0, maxIssues),
    checked: {
      heads: chain.heads,
      polls: records?.checked.polls ?? 0,
      motions: records?.checked.motions ?? 0,
      minutes: records?.checked.minutes ?? 0,
    },
    minutes: { checked: records?.checked.minutes ?? 0, altered: [...altered] },
  };
}

/**
 * The heads of the server's outside copy worth putting in a download: its latest, and where it
 * first disagrees with the chain, that entry and the last one before it that agrees. With those,
 * the standalone check reaches the verdict the server reaches with the whole copy.
 */
export function witnessHeadsToPublish(
  events: readonly ChainEvent[],
  witness: readonly PublishedHead[],
): PublishedHead[] {
  const stored = new Map(events.map((event) => [event.seq, event.hash]));
  const sorted = witness.toSorted((a, b) => a.seq - b.seq);
  const picked = new Set<PublishedHead>();
  if (sorted.length) picked.add(sorted.at(-1)!);
  let lastAgreeing: PublishedHead | undefined;
  for (const head of sorted) {
    const hash = stored.get(head.seq);
    if (hash !== undefined && headMatches(hash, head.hash)) {
      lastAgreeing = head;
      continue;
    }
    picked.add(head);
    if (lastAgreeing) picked.add(lastAgreeing);
    break;
  }
  return sorted.filter((head) => picked.has(head));
}

/** The download: a header line, then one event per line. */
export function chainFile(header: AuditChainHeader, events: readonly ChainEvent[]): string {
  const lines = [
    JSON.stringify(header),
    ...events.map((event) =>
      JSON.stringify({
        seq: event.seq,
        type: event.type,
        actorId: event.actorId,
        payload: event.payload as Record<string, unknown>,
        createdAt: event.createdAt.toISOString(),
        prevHash: event.prevHash,
        hash: event.hash,
      } satisfies AuditChainEvent),
    ),
  ];
  return `${lines.join('\n')}\n`;
}

export class ChainFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Reads a downloaded chain; a line that is not what the format says is an error naming it. */
export function parseChainFile(text: string): { header: AuditChainHeader; events: ChainEvent[] } {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parse = <S extends z.ZodType>(index: number, schema: S): z.infer<S> => {
    let value: unknown;
    try {
      value = JSON.parse(lines[index]!);
    } catch {
      throw new ChainFileError(index + 1, 'not JSON');
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const [first] = parsed.error.issues;
      throw new ChainFileError(
        index + 1,
        `${first?.path.map(String).join('.') || 'line'}: ${first?.message ?? 'invalid'}`,
      );
    }
    return parsed.data;
  };
  if (!lines.length) throw new ChainFileError(1, 'empty file');
  const header = parse(0, auditChainHeaderSchema);
  const events = lines.slice(1).map((_, index) => {
    const event = parse(index + 1, auditChainEventSchema);
    return { ...event, createdAt: new Date(event.createdAt) };
  });
  return { header, events };
}

/** `42:3fa2…` (see `givenHeadSchema`) as a head to check. */
export function givenHead(text: string): PublishedHead {
  const [seq, hash] = text.split(':');
  return { seq: Number(seq), hash: hash!, source: 'given' };
}
