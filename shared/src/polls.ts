import { z } from 'zod';
import { objectionStatuses, pollStatuses } from './enums.ts';
import { storedInteger } from './numbers.ts';
import { choiceSchema, pollKindSchema, resultSchema, voteRuleSchema } from './decisions.ts';
import { idSchema } from './ids.ts';

export const pollStatusSchema = z.enum(pollStatuses);
export type PollStatus = z.infer<typeof pollStatusSchema>;

export const createPollBodySchema = z
  .object({
    motionId: idSchema.optional(),
    amendmentId: idSchema.optional(),
    kind: pollKindSchema,
    /** Required for votes, except the fallback vote after consent rounds (assembly's rule). */
    rule: voteRuleSchema.optional(),
    secret: z.boolean().default(false),
    meetingId: idSchema.optional(),
    /** Asynchronous polls close by themselves at this time. */
    closesAt: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((body) => Boolean(body.motionId) !== Boolean(body.amendmentId), {
    message: 'Give either motionId or amendmentId',
    path: ['motionId'],
  });
export type CreatePollBody = z.input<typeof createPollBodySchema>;

export const pollBallotSchema = z.object({
  voter: z.object({ id: idSchema, name: z.string() }),
  castBy: z.object({ id: idSchema, name: z.string() }).nullable(),
  choice: choiceSchema,
  reason: z.string().nullable(),
});

export const pollSchema = z
  .object({
    id: idSchema,
    assemblyId: idSchema,
    motionId: idSchema,
    amendmentId: idSchema.nullable(),
    motionVersion: z.number().int(),
    kind: pollKindSchema,
    rule: voteRuleSchema.nullable(),
    secret: z.boolean(),
    round: z.number().int(),
    fallback: z.boolean(),
    meetingId: idSchema.nullable(),
    status: pollStatusSchema,
    closesAt: z.iso.datetime().nullable(),
    openedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    /** Frozen at opening. */
    electorate: z.number().int().nullable(),
    quorum: z.number().nullable(),
    /** How many answers are counted (app ballots and show-of-hands counts): live, even for secret polls. */
    participation: z.number().int(),
    /** Live tally for open polls, final result once closed; null while a secret poll is open. */
    result: resultSchema.nullable(),
    /** Who answered what: open (non-secret) polls only. */
    ballots: z.array(pollBallotSchema).nullable(),
    ballotsDigest: z.string().nullable(),
    /**
     * Secret polls: the smallest group a breakdown may show, and whether the whole electorate
     * is smaller than that (then the totals alone may tell who voted what: the secretary is
     * warned before opening). Null for open polls.
     */
    secrecy: z
      .object({ minimumGroup: z.number().int(), electorateBelowMinimum: z.boolean() })
      .nullable(),
    me: z.object({
      entitled: z.boolean(),
      /** I (or my proxy holder) answered in the app. */
      answered: z.boolean(),
      /** The site whose show of hands counts me, if one does: I cannot vote in the app. */
      countedAtSite: idSchema.nullable(),
      /** My own answer, unless the poll is secret. */
      choice: choiceSchema.nullable(),
    }),
  })
  .meta({ id: 'Poll' });
export type Poll = z.infer<typeof pollSchema>;
export const pollResponseSchema = z.object({ poll: pollSchema });
export const pollListSchema = z.object({ polls: z.array(pollSchema) });
export const pollParamsSchema = z.object({ id: idSchema });

export const castBallotBodySchema = z.object({
  choice: choiceSchema,
  /** Mandatory with an objection: the assembly must be able to answer it. */
  reason: z.string().trim().max(5_000).optional(),
  /** Vote carried for another member (proxy), for one meeting. */
  onBehalfOf: idSchema.optional(),
  /** Made by the client once per intended ballot: resending it never counts twice. */
  clientBallotId: z.string().trim().min(8).max(64),
});
export type CastBallotBody = z.input<typeof castBallotBodySchema>;

export const castBallotResponseSchema = z.object({
  /** `already_counted`: this clientBallotId was counted before (a resend); nothing changed. */
  status: z.enum(['counted', 'changed', 'already_counted']),
  choice: choiceSchema,
  participation: z.number().int(),
});
export type CastBallotResponse = z.infer<typeof castBallotResponseSchema>;

export const objectionStatusSchema = z.enum(objectionStatuses);
export const objectionSchema = z
  .object({
    id: idSchema,
    pollId: idSchema,
    motionId: idSchema,
    round: z.number().int(),
    author: z.object({ id: idSchema, name: z.string() }),
    reason: z.string(),
    status: objectionStatusSchema,
    integratedVersion: z.number().int().nullable(),
    resolution: z.string().nullable(),
    resolvedBy: z.object({ id: idSchema, name: z.string() }).nullable(),
    resolvedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Objection' });
export type Objection = z.infer<typeof objectionSchema>;
export const objectionListSchema = z.object({ objections: z.array(objectionSchema) });
export const objectionResponseSchema = z.object({ objection: objectionSchema });

export const updateObjectionBodySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('withdrawn') }),
  z.object({ status: z.literal('ruled_out'), reason: z.string().trim().min(3).max(2_000) }),
  z.object({ status: z.literal('integrated'), version: storedInteger(2) }),
]);
export type UpdateObjectionBody = z.infer<typeof updateObjectionBodySchema>;

/** What a motion's decision process offers next (the web shows the matching button). */
export const nextStepSchema = z.enum([
  'decide_amendments',
  'resolve_objections',
  'consent_round',
  'fallback_vote',
  'none',
]);
