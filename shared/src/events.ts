import { z } from 'zod';
import { mandateSchema, congressPhaseSchema } from './congress.ts';
import {
  choiceSchema,
  mergedCellsSchema,
  outcomeSchema,
  pollKindSchema,
  tallySchema,
  voteRuleSchema,
} from './decisions.ts';
import { seatHolderSchema } from './counting/types.ts';
import {
  attachmentSubjects,
  coauthorStatuses,
  compositeAnswers,
  electionMethods,
  electionSubjects,
} from './enums.ts';
import { idSchema } from './ids.ts';
import { agendaKindSchema } from './meetings.ts';
import { speakingOrderSchema } from './speakers.ts';
import { assemblySettingsSchema } from './organisation.ts';
import { assemblyKindSchema, memberRoleSchema } from './roles.ts';

/*
 * The event log's contract (ARCHITECTURE.md, "Layers and data flows"): every type the server
 * appends, with the payload its writers put in. Writers are typed by it, and every reader
 * (realtime, minutes, notifications, audit) parses what it reads back through it instead of
 * guessing a shape.
 *
 * The schemas check shapes, not the limits of the request bodies: a record says what was done,
 * and must read back whatever the rules of the day allowed. Unknown keys are dropped on reading.
 */

/** An instant as JSON writes a Date, or as a client gave it (with its offset). */
const instantSchema = z.iso.datetime({ offset: true });
const windowSchema = z.object({ opensAt: instantSchema, closesAt: instantSchema });
const membershipSchema = z.object({
  role: memberRoleSchema,
  collegeId: idSchema.nullable(),
  votingRight: z.boolean(),
  organisation: z.string().nullable(),
});
/** Where a membership came from when not from the members page. */
const membershipSourceSchema = z.enum(['import', 'demo']).optional();
const motionEvent = z.object({ motionId: idSchema });
const meetingEvent = z.object({ meetingId: idSchema });
const speakerEvent = meetingEvent.extend({
  itemId: idSchema,
  requestId: idSchema,
  personId: idSchema,
});
const coauthorEvent = motionEvent.extend({ userId: idSchema });
const amendmentEvent = motionEvent.extend({ amendmentId: idSchema });
const decidedMotion = motionEvent.extend({ pollId: idSchema });
const objectionEvent = motionEvent.extend({ objectionId: idSchema });
const electionEvent = z.object({ electionId: idSchema });
const candidacyEvent = electionEvent.extend({
  candidateId: idSchema,
  /** The person standing; null for an option. */
  userId: idSchema.nullable(),
});

const attachmentEvent = z.object({
  attachmentId: idSchema,
  subjectKind: z.enum(attachmentSubjects),
  subjectId: idSchema,
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
});

export const eventPayloadSchemas = {
  'assembly.created': z.object({
    kind: assemblyKindSchema,
    name: z.string(),
    code: z.string(),
    settings: assemblySettingsSchema,
  }),
  /** The fields changed, settings flattened among them. */
  'assembly.updated': z.object({
    changes: assemblySettingsSchema.partial().extend({
      name: z.string().optional(),
      code: z.string().optional(),
      description: z.string().optional(),
      parentId: idSchema.nullable().optional(),
    }),
  }),
  'college.created': z.object({ collegeId: idSchema, name: z.string(), share: z.number() }),
  'colleges.replaced': z.object({
    colleges: z.array(z.object({ id: idSchema, name: z.string(), share: z.number() })),
  }),

  'member.added': membershipSchema.extend({ userId: idSchema, source: membershipSourceSchema }),
  'member.updated': z.object({
    userId: idSchema,
    changes: membershipSchema.partial(),
    source: membershipSourceSchema,
  }),
  'member.removed': z.object({ userId: idSchema }),
  /**
   * A person erased their account (GDPR art. 17), appended in every assembly they were a member
   * of: their membership ends with it. Only the id: names are resolved when shown, so the
   * pseudonym appears wherever the person did, and the chain never held their name.
   */
  'user.erased': z.object({ userId: idSchema }),
  'invitation.created': z.object({
    invitationId: idSchema,
    role: memberRoleSchema,
    collegeId: idSchema.nullable(),
  }),
  'invitation.accepted': z.object({ invitationId: idSchema, userId: idSchema }),

  // No title: drafts are private, and events reach every member in real time.
  'motion.created': motionEvent,
  'motion.submitted': motionEvent.extend({
    /** NAT-2026-004 */
    reference: z.string().nullable(),
    /** `admitted` at once when the assembly asks for no supporters. */
    status: z.enum(['submitted', 'admitted']),
  }),
  /** By a secretary (`status`, not automatic) or by reaching the supporters needed. */
  'motion.admitted': motionEvent.extend({
    status: z.literal('admitted').optional(),
    automatic: z.boolean(),
    supporters: z.number().int().optional(),
  }),
  'motion.withdrawn': motionEvent.extend({ status: z.literal('withdrawn') }),
  'motion.referred': motionEvent.extend({ status: z.literal('referred'), referredTo: idSchema }),
  'motion.adopted': decidedMotion,
  'motion.rejected': decidedMotion,
  /** An edit (with its note) or an adopted amendment merged into the text. */
  'motion.version_added': motionEvent.extend({
    version: z.number().int(),
    note: z.string().optional(),
    amendmentId: idSchema.optional(),
  }),
  'motion.supported': motionEvent,
  'motion.support_withdrawn': motionEvent,
  'motion.commented': motionEvent.extend({ commentId: idSchema }),
  /** `userId`: the person asked to co-sign; the event's actor is who asked (author or secretary). */
  'motion.coauthor_invited': coauthorEvent,
  'motion.coauthor_accepted': coauthorEvent,
  'motion.coauthor_declined': coauthorEvent,
  /** An invitation withdrawn, a co-author removed, or one who left (then the actor is `userId`). */
  'motion.coauthor_removed': coauthorEvent.extend({ previousStatus: z.enum(coauthorStatuses) }),
  'amendment.submitted': amendmentEvent.extend({
    baseVersion: z.number().int(),
    /** The antenna a congress amendment is proposed in the name of. */
    onBehalfOf: idSchema.optional(),
  }),
  'amendment.withdrawn': amendmentEvent,
  /** Adopted, but clashing with another adopted amendment: a secretary merges it by hand. */
  'amendment.needs_merge': amendmentEvent,

  'election.created': electionEvent.extend({
    subject: z.enum(electionSubjects),
    title: z.string(),
    method: z.enum(electionMethods),
    seats: z.number().int(),
    meetingId: idSchema.nullable(),
  }),
  /** The settings changed while it was prepared. */
  'election.updated': electionEvent.extend({ changes: z.record(z.string(), z.unknown()) }),
  'election.candidacy_submitted': candidacyEvent.extend({
    /**
     * An option's words; empty for a person since erasure came (GDPR art. 17): a name in the
     * chain could never be erased. Events recorded before hold the person's name.
     */
    label: z.string(),
    enteredBy: idSchema,
  }),
  'election.candidacy_withdrawn': candidacyEvent,
  /** The call closed: the list as the ballot will show it. */
  'election.candidates_published': electionEvent.extend({
    candidates: z.array(
      z.object({ candidateId: idSchema, label: z.string(), collegeId: idSchema.nullable() }),
    ),
  }),
  'election.round_opened': electionEvent.extend({
    pollId: idSchema,
    round: z.number().int(),
    candidateIds: z.array(idSchema),
    electorate: z.number().int(),
  }),
  /** Null counts: a secret round's site counts are published with its result, at its close. */
  'election.site_counts': electionEvent.extend({
    pollId: idSchema,
    siteId: idSchema,
    /** The college these paper ballots are from, when the assembly weighs its colleges. */
    collegeId: idSchema.nullable().optional(),
    ballots: z.number().int(),
    counts: z.record(z.string(), z.unknown()).nullable(),
  }),
  /**
   * A round's close: who it elected, and the digests of its ballots (of its published counts
   * for a secret round) and of its whole result, so the chain covers them.
   */
  'election.round_closed': electionEvent.extend({
    pollId: idSchema,
    round: z.number().int(),
    outcome: z.enum(['counted', 'no_quorum']),
    elected: z.array(seatHolderSchema),
    nextRound: z.boolean(),
    ballotsDigest: z.string(),
    resultDigest: z.string(),
  }),
  'election.cancelled': electionEvent,
  'poll.created': motionEvent.extend({
    pollId: idSchema,
    amendmentId: idSchema.nullable(),
    kind: pollKindSchema,
    rule: voteRuleSchema.nullable(),
  }),
  /** A poll prepared and never opened, deleted by a secretary: its motion is free again. */
  'poll.deleted': motionEvent.extend({
    pollId: idSchema,
    amendmentId: idSchema.nullable(),
  }),
  'poll.opened': motionEvent.extend({
    pollId: idSchema,
    electorate: z.number().int(),
    quorum: z.number(),
  }),
  /** Null counts: a secret poll's hand counts are published merged into its result, at its close. */
  'poll.site_counts': motionEvent.extend({
    pollId: idSchema,
    siteId: idSchema,
    counts: z
      .array(
        z.object({
          choice: choiceSchema,
          count: z.number().int(),
          collegeId: idSchema.nullable().optional(),
        }),
      )
      .nullable(),
  }),
  /** The published result: its digest and the ballots' carry the poll into the chain. */
  'poll.closed': motionEvent.extend({
    pollId: idSchema,
    amendmentId: idSchema.nullable(),
    outcome: outcomeSchema,
    totals: tallySchema,
    byCollege: z.record(idSchema, tallySchema),
    bySite: z.record(idSchema, tallySchema),
    privacy: z
      .object({
        minimumGroup: z.number().int(),
        otherColleges: mergedCellsSchema.nullable(),
        otherSites: mergedCellsSchema.nullable(),
      })
      .optional(),
    electorate: z.number().int().nullable(),
    ballotsDigest: z.string(),
    /** Absent from closings recorded before results were digested. */
    resultDigest: z.string().optional(),
  }),
  'objection.withdrawn': objectionEvent.extend({ status: z.literal('withdrawn') }),
  'objection.ruled_out': objectionEvent.extend({
    status: z.literal('ruled_out'),
    reason: z.string(),
  }),
  'objection.integrated': objectionEvent.extend({
    status: z.literal('integrated'),
    version: z.number().int(),
  }),

  'meeting.created': meetingEvent.extend({ title: z.string(), startsAt: instantSchema }),
  'meeting.updated': meetingEvent.extend({
    changes: z.object({
      title: z.string().optional(),
      location: z.string().optional(),
      startsAt: instantSchema.optional(),
      endsAt: instantSchema.optional(),
      speakingOrder: speakingOrderSchema.optional(),
      speakingSeconds: z.number().int().optional(),
      speakerCategories: z.array(z.string()).optional(),
      accreditationRequired: z.boolean().optional(),
    }),
  }),
  'meeting.started': meetingEvent,
  'meeting.ended': meetingEvent,
  /** A scheduled meeting called off, with the reason members are told. */
  'meeting.cancelled': meetingEvent.extend({ title: z.string(), reason: z.string() }),
  'site.added': meetingEvent.extend({ siteId: idSchema, name: z.string() }),
  'agenda.item_added': meetingEvent.extend({
    itemId: idSchema,
    title: z.string(),
    position: z.number().int(),
  }),
  'agenda.item_updated': meetingEvent.extend({
    itemId: idSchema,
    changes: z.object({
      kind: agendaKindSchema.optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      durationMinutes: z.number().int().optional(),
      motionId: idSchema.nullable().optional(),
      position: z.number().int().optional(),
    }),
  }),
  /** Null: no item is current any more. */
  'agenda.current_changed': meetingEvent.extend({ itemId: idSchema.nullable() }),
  /** The secretary's notes live in the log only: the minutes are drafted from it. */
  'agenda.note_added': meetingEvent.extend({ itemId: idSchema, text: z.string() }),
  'attendance.checked_in': meetingEvent.extend({ userId: idSchema, siteId: idSchema }),
  'attendance.checked_out': meetingEvent.extend({ userId: idSchema }),
  'proxy.given': meetingEvent.extend({
    proxyId: idSchema,
    grantorId: idSchema,
    holderId: idSchema,
  }),
  'proxy.revoked': meetingEvent.extend({ proxyId: idSchema }),
  // The list of speakers. A declared category stays off the log: it may say something personal.
  'speaker.requested': speakerEvent.extend({
    siteId: idSchema.nullable(),
    pointOfOrder: z.boolean(),
  }),
  /** Withdrawn by the person, or removed by a secretary (`removed`). */
  'speaker.withdrawn': speakerEvent.extend({ removed: z.boolean() }),
  'speaker.floor_given': speakerEvent.extend({
    siteId: idSchema.nullable(),
    allottedSeconds: z.number().int(),
  }),
  /** The time spoken, with the site and college it counts for in the minutes. */
  'speaker.floor_ended': speakerEvent.extend({
    siteId: idSchema.nullable(),
    collegeId: idSchema.nullable(),
    pointOfOrder: z.boolean(),
    seconds: z.number().int(),
  }),
  'speaker.list_closed': meetingEvent.extend({ itemId: idSchema }),
  'speaker.list_reopened': meetingEvent.extend({ itemId: idSchema }),
  /** The grantor checked in: their proxy ends by itself (no actor). */
  'proxy.voided': meetingEvent.extend({ proxyId: idSchema, grantorId: idSchema }),
  // Accreditation: quotas by the meeting's secretary, delegates by their antenna's secretary,
  // accreditation at a site's desk (ARCHITECTURE.md, "Rules").
  /** Every antenna's quota as set; an antenna left out has none. */
  'delegate.quotas_set': meetingEvent.extend({
    quotas: z.array(z.object({ antennaId: idSchema, seats: z.number().int() })),
  }),
  'delegate.designated': meetingEvent.extend({ userId: idSchema, antennaId: idSchema }),
  /** `accredited`: the delegate had been accredited, and is no longer. */
  'delegate.withdrawn': meetingEvent.extend({
    userId: idSchema,
    antennaId: idSchema,
    accredited: z.boolean(),
  }),
  'delegate.accredited': meetingEvent.extend({
    userId: idSchema,
    antennaId: idSchema,
    siteId: idSchema,
  }),

  'minutes.drafted': z.object({
    minutesId: idSchema,
    meetingId: idSchema,
    version: z.number().int(),
    correctsId: idSchema.nullable(),
  }),
  /**
   * Published minutes whose text changed after publication, only to replace an erased person's
   * name by their pseudonym: the audit holds the text against the last of these hashes, each
   * chained to the one before it, back to the published one.
   */
  'minutes.redacted': z.object({
    minutesId: idSchema,
    meetingId: idSchema,
    previousTextHash: z.string(),
    textHash: z.string(),
    /** The erased person whose name was replaced. */
    userId: idSchema,
  }),
  'minutes.approved': z.object({ minutesId: idSchema, meetingId: idSchema, textHash: z.string() }),
  /** Carries the head of the chain the minutes cover and the hash of their text. */
  'minutes.published': z.object({
    minutesId: idSchema,
    meetingId: idSchema,
    meetingTitle: z.string(),
    version: z.number().int(),
    correctsId: idSchema.nullable(),
    /** 0 and null when nothing preceded them in the chain. */
    coversEventSeq: z.number().int(),
    coversEventHash: z.string().nullable(),
    textHash: z.string(),
  }),

  /** A file attached to a motion, a meeting or minutes, as received (its type found by content). */
  'attachment.added': attachmentEvent,
  'attachment.removed': attachmentEvent,

  'congress.scheduled': z.object({
    phases: z.array(windowSchema.extend({ phase: congressPhaseSchema })),
  }),
  'congress.phase_moved': z.object({
    phase: congressPhaseSchema,
    from: windowSchema,
    to: windowSchema,
    reason: z.string(),
  }),
  /** `originId`: the antenna's motion; `motionId`: its copy in the congress. */
  'congress.motion_forwarded': motionEvent.extend({
    originId: idSchema,
    antennaId: idSchema,
    /**
     * The copy keeps the original's authors (the event's actor is the secretary who forwarded
     * it). Absent from events written before co-authors existed, when the secretary was author.
     */
    authorId: idSchema.optional(),
    coauthorIds: z.array(idSchema).optional(),
  }),
  /** By the antenna's secretary, or by the antenna's poll on the motion (`pollId`, no actor). */
  'congress.mandate_recorded': motionEvent.extend({
    antennaId: idSchema,
    mandate: mandateSchema,
    pollId: idSchema.optional(),
  }),
  'congress.composite_made': motionEvent.extend({ sourceIds: z.array(idSchema) }),
  'congress.composite_answered': z.object({
    compositeId: idSchema,
    sourceId: idSchema,
    response: z.enum(compositeAnswers),
  }),
} satisfies Record<string, z.ZodObject>;

type Schemas = typeof eventPayloadSchemas;
export type EventType = keyof Schemas;
/** What a writer of `T` puts in, and what a reader of `T` gets back. */
export type EventPayload<T extends EventType> = z.infer<Schemas[T]>;

/** One event as a type and its payload; `TypedEvent<'poll.opened' | 'poll.closed'>` narrows. */
export type TypedEvent<T extends EventType = EventType> = {
  [K in T]: { type: K; payload: EventPayload<K> };
}[T];

/** The types whose payload names a meeting (`meetingId`). */
export type MeetingEventType = {
  [T in EventType]: EventPayload<T> extends { meetingId: string } ? T : never;
}[EventType];

export const eventTypes = Object.keys(eventPayloadSchemas) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventPayloadSchemas, type);
}

/** A stored event: its row's other columns are kept as they are. */
interface StoredEvent {
  type: string;
  payload: unknown;
}

/** The row with its type and payload read through the map. */
export type ParsedEvent<R extends StoredEvent, T extends EventType = EventType> = Omit<
  R,
  'type' | 'payload'
> &
  TypedEvent<T>;

/** Why a row did not read: its type is not in the map, or its payload is not the type's. */
export interface UnreadableEvent<R extends StoredEvent> {
  reason: 'unknown_type' | 'invalid_payload';
  /** The first problem, as `path: message`. */
  message: string;
  row: R;
}

export type EventParse<R extends StoredEvent> =
  { ok: true; event: ParsedEvent<R> } | ({ ok: false } & UnreadableEvent<R>);

/** Reads a stored event through the map. Never throws: a row that does not fit says why. */
export function parseEvent<R extends StoredEvent>(row: R): EventParse<R> {
  if (!isEventType(row.type)) {
    return { ok: false, reason: 'unknown_type', message: `type: ${row.type}`, row };
  }
  const parsed = eventPayloadSchemas[row.type].safeParse(row.payload);
  if (!parsed.success) {
    const [first] = parsed.error.issues;
    const path = first?.path.map(String).join('.') || 'payload';
    return {
      ok: false,
      reason: 'invalid_payload',
      message: `${path}: ${first?.message ?? 'invalid'}`,
      row,
    };
  }
  return { ok: true, event: { ...row, payload: parsed.data } as ParsedEvent<R> };
}

/**
 * Why `payload` is not what the map says a writer of `type` puts in, or null. Stricter than
 * reading: a key the map does not name is a writer drifting from it.
 */
export function eventPayloadProblem(type: EventType, payload: unknown): string | null {
  const parsed = parseEvent({ type, payload });
  if (!parsed.ok) return parsed.message;
  const schema: z.ZodObject = eventPayloadSchemas[type];
  const unknown = Object.entries(payload as Record<string, unknown>)
    .filter(([key, value]) => value !== undefined && !(key in schema.shape))
    .map(([key]) => key);
  return unknown.length ? `${unknown.join(', ')}: not in the event map` : null;
}

/** The events of the types given, narrowed to them. */
export function eventsOfType<E extends { type: string }, T extends E['type']>(
  events: readonly E[],
  ...types: T[]
): Extract<E, { type: T }>[] {
  return events.filter((event): event is Extract<E, { type: T }> =>
    (types as string[]).includes(event.type),
  );
}
