/**
 * The elections' API contract: an election of people (candidacies, seats per college, parity)
 * or a choice among options, its rounds (each a poll), its ballots and its count. The counting
 * rules themselves are the pure functions of `counting/`.
 */
import { z } from 'zod';
import { majorityJudgmentCountSchema, gradeLabelsSchema } from './counting/majority-judgment.ts';
import { marksCountSchema } from './counting/marks.ts';
import { stvCountSchema } from './counting/stv.ts';
import { twoRoundCountSchema } from './counting/two-round.ts';
import { electionMethodSchema, seatHolderSchema } from './counting/types.ts';
import { candidacyStatuses, electionStatuses, electionSubjects } from './enums.ts';
import { idSchema } from './ids.ts';
import { pollStatusSchema } from './polls.ts';

export const electionSubjectSchema = z.enum(electionSubjects);
export const electionStatusSchema = z.enum(electionStatuses);
export const candidacyStatusSchema = z.enum(candidacyStatuses);
export type ElectionStatus = z.infer<typeof electionStatusSchema>;

const dateTimeSchema = z.iso.datetime({ offset: true });
const seatCount = z.number().int().min(1).max(500);
const reservedSeatsSchema = z.array(z.object({ collegeId: idSchema, seats: seatCount })).max(20);
const optionLabelSchema = z.string().trim().min(1).max(200);
/** Declared by the candidate if they wish, and used only by the parity rule. */
const categorySchema = z.string().trim().min(1).max(40);

const electionSettingsSchema = z.object({
  title: z.string().trim().min(3).max(200),
  description: z.string().trim().max(20_000),
  method: electionMethodSchema,
  seats: seatCount,
  reserved: reservedSeatsSchema,
  parity: z.boolean(),
  /** Majority judgment: the grades, best first (default: the assembly language's seven). */
  grades: gradeLabelsSchema.nullable(),
  /** Two-round method: how many of round 1's candidates go on (null: every one who still may). */
  keep: seatCount.nullable(),
  secret: z.boolean(),
  meetingId: idSchema.nullable(),
  candidaciesOpenAt: dateTimeSchema.nullable(),
  candidaciesCloseAt: dateTimeSchema.nullable(),
});

/**
 * The rules a set of settings must keep, whether it is new or changed: a plurality vote fills
 * one seat, reserved seats and parity are for people, the call closes after it opens.
 */
function checkSettings(
  settings: Partial<z.infer<typeof electionSettingsSchema>> & { subject?: string },
  ctx: z.RefinementCtx,
  partial = false,
) {
  // A change without `seats` is checked against the stored seats by the server, not here.
  const seats = settings.seats ?? (partial ? Number.POSITIVE_INFINITY : 1);
  if (settings.method === 'plurality' && seats > 1 && settings.seats !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['seats'],
      message: 'A plurality vote fills one seat; choose block, two_round, approval, stv…',
    });
  }
  const reserved = (settings.reserved ?? []).reduce((sum, group) => sum + group.seats, 0);
  if (reserved > seats) {
    ctx.addIssue({ code: 'custom', path: ['reserved'], message: 'More seats reserved than seats' });
  }
  const colleges = (settings.reserved ?? []).map((group) => group.collegeId);
  if (new Set(colleges).size !== colleges.length) {
    ctx.addIssue({ code: 'custom', path: ['reserved'], message: 'A college is listed twice' });
  }
  if (settings.subject === 'options' && (reserved > 0 || settings.parity)) {
    ctx.addIssue({
      code: 'custom',
      path: [reserved > 0 ? 'reserved' : 'parity'],
      message: 'Reserved seats and parity apply to elections of people only',
    });
  }
  if (settings.grades && settings.method && settings.method !== 'majority_judgment') {
    ctx.addIssue({ code: 'custom', path: ['grades'], message: 'Grades are for majority judgment' });
  }
  if (settings.keep && settings.method && settings.method !== 'two_round') {
    ctx.addIssue({ code: 'custom', path: ['keep'], message: 'keep is for the two-round method' });
  }
  if (
    settings.candidaciesOpenAt &&
    settings.candidaciesCloseAt &&
    new Date(settings.candidaciesCloseAt) <= new Date(settings.candidaciesOpenAt)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['candidaciesCloseAt'],
      message: 'The call for candidacies must close after it opens',
    });
  }
}

export const createElectionBodySchema = electionSettingsSchema
  .partial()
  .required({ title: true, method: true })
  .extend({
    subject: electionSubjectSchema,
    description: electionSettingsSchema.shape.description.default(''),
    seats: seatCount.default(1),
    reserved: reservedSeatsSchema.default([]),
    parity: z.boolean().default(false),
    /** Default: secret for people, open for options. */
    secret: z.boolean().optional(),
    /** A choice among options: its options, in the order the ballot shows them. */
    options: z.array(optionLabelSchema).max(100).default([]),
  })
  .strict()
  .superRefine(checkSettings);
export type CreateElectionBody = z.input<typeof createElectionBodySchema>;

/** Changed while the election is prepared only (the list not yet published). */
export const updateElectionBodySchema = electionSettingsSchema
  .partial()
  .strict()
  .superRefine((settings, ctx) => checkSettings(settings, ctx, true));
export type UpdateElectionBody = z.input<typeof updateElectionBodySchema>;

/** A candidacy: one's own (no `userId`), or a member's entered by a secretary. */
export const candidacyBodySchema = z
  .object({
    userId: idSchema.optional(),
    statement: z.string().trim().max(10_000).default(''),
    category: categorySchema.nullable().default(null),
  })
  .strict();
export type CandidacyBody = z.input<typeof candidacyBodySchema>;

export const updateCandidacyBodySchema = z
  .object({ statement: z.string().trim().max(10_000), category: categorySchema.nullable() })
  .partial()
  .strict();

export const optionBodySchema = z.object({ label: optionLabelSchema }).strict();

/** What an election ballot says; an empty one is a blank ballot. */
export const electionSelectionSchema = z.union([
  z.object({ marks: z.array(idSchema).max(500) }).strict(),
  z.object({ grades: z.record(idSchema, z.number().int().min(0).max(9)) }).strict(),
  z.object({ ranking: z.array(idSchema).max(500) }).strict(),
]);
export type ElectionSelection = z.infer<typeof electionSelectionSchema>;

export const castElectionBallotBodySchema = z
  .object({
    selection: electionSelectionSchema,
    /** A vote carried for another member (proxy), in a meeting. */
    onBehalfOf: idSchema.optional(),
    /** Made by the client once per intended ballot: resending it never counts twice. */
    clientBallotId: z.string().trim().min(8).max(64),
  })
  .strict();
export type CastElectionBallotBody = z.input<typeof castElectionBallotBodySchema>;

export const castElectionBallotResponseSchema = z.object({
  status: z.enum(['counted', 'changed', 'already_counted']),
  selection: electionSelectionSchema,
  participation: z.number().int(),
});

const siteCountNumber = z.number().int().min(0).max(1_000_000);

/**
 * A site's paper ballots (or show of hands) for the open round, entered by its secretary:
 * how many ballots, how many blank, and the counts in the method's form. Entered again, it
 * replaces the site's earlier count.
 */
export const electionSiteCountsBodySchema = z
  .object({
    siteId: idSchema,
    /** When the assembly weighs colleges: the college these ballots are from (one entry each). */
    collegeId: idSchema.nullable().default(null),
    ballots: siteCountNumber,
    blank: siteCountNumber,
    /** Plurality, block, two-round, approval: votes per name. */
    votes: z.record(idSchema, siteCountNumber).optional(),
    /** Majority judgment: per name, how many ballots gave each grade, best first. */
    profiles: z.record(idSchema, z.array(siteCountNumber).max(10)).optional(),
    /** STV: each ranking written on the paper ballots, with how many gave it. */
    rankings: z
      .array(z.object({ ranking: z.array(idSchema).min(1).max(500), count: siteCountNumber }))
      .max(5_000)
      .optional(),
  })
  .strict()
  .refine((body) => body.blank <= body.ballots, {
    path: ['blank'],
    message: 'More blank ballots than ballots',
  });
export type ElectionSiteCountsBody = z.input<typeof electionSiteCountsBodySchema>;

/** A round's count, in its method's form (see `counting/`), with the round's own facts. */
export const electionCountSchema = z.union([
  marksCountSchema,
  twoRoundCountSchema,
  majorityJudgmentCountSchema,
  stvCountSchema,
]);
export type ElectionCount = z.infer<typeof electionCountSchema>;

/**
 * One college's or one site's part of a round: its ballots (blank included), and per name what
 * the method counts: `[votes]` (names marked), the ballots per grade, best first (majority
 * judgment), or `[first preferences]` (STV).
 */
export const electionCellSchema = z.object({
  ballots: z.number().int(),
  blank: z.number().int(),
  byCandidate: z.record(idSchema, z.array(z.number())),
});
export type ElectionCell = z.infer<typeof electionCellSchema>;
const mergedElectionCellsSchema = z.object({
  groups: z.number().int().min(1),
  cell: electionCellSchema,
});

export const roundResultSchema = z.object({
  /** `no_quorum`: too few took part; nobody is elected by this round. */
  outcome: z.enum(['counted', 'no_quorum']),
  participants: z.number().int(),
  electorate: z.number().int(),
  quorum: z.number(),
  /** Ballots counted in the app and at the sites, blank included. */
  ballots: z.number().int(),
  weighted: z.boolean(),
  count: electionCountSchema.nullable(),
  /** Per college of the voters (unweighted), and per site of a meeting round. */
  byCollege: z.record(idSchema, electionCellSchema),
  bySite: z.record(idSchema, electionCellSchema),
  /**
   * A secret round: cells under the assembly's minimum group are merged into `other…` (the
   * rule of motion polls), so no small group's ballots can be read. Null for an open round.
   */
  privacy: z
    .object({
      minimumGroup: z.number().int(),
      otherColleges: mergedElectionCellsSchema.nullable(),
      otherSites: mergedElectionCellsSchema.nullable(),
    })
    .nullable(),
  /** The lot order that broke the ties the method left (drawn from the ballots' digest). */
  tieOrder: z.array(idSchema),
});
export type RoundResult = z.infer<typeof roundResultSchema>;

export const electionRoundSchema = z.object({
  pollId: idSchema,
  round: z.number().int(),
  status: pollStatusSchema,
  candidateIds: z.array(idSchema),
  openedAt: z.iso.datetime().nullable(),
  closesAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  electorate: z.number().int().nullable(),
  participation: z.number().int(),
  result: roundResultSchema.nullable(),
  ballotsDigest: z.string().nullable(),
  /** Who voted what: open (non-secret) rounds only, once opened. */
  ballots: z
    .array(
      z.object({
        voter: z.object({ id: idSchema, name: z.string() }),
        castBy: z.object({ id: idSchema, name: z.string() }).nullable(),
        selection: electionSelectionSchema,
      }),
    )
    .nullable(),
  me: z.object({
    entitled: z.boolean(),
    answered: z.boolean(),
    countedAtSite: idSchema.nullable(),
    /** My own ballot, unless the round is secret. */
    selection: electionSelectionSchema.nullable(),
  }),
});
export type ElectionRound = z.infer<typeof electionRoundSchema>;

export const candidateSchema = z.object({
  id: idSchema,
  /** The person standing; null for an option. */
  person: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** An option's words; for a person, their name. */
  label: z.string(),
  statement: z.string(),
  statementHtml: z.string(),
  category: z.string().nullable(),
  college: z.object({ id: idSchema, name: z.string() }).nullable(),
  status: candidacyStatusSchema,
  enteredBy: z.object({ id: idSchema, name: z.string() }),
  createdAt: z.iso.datetime(),
});
export type Candidate = z.infer<typeof candidateSchema>;

export const electionSchema = z
  .object({
    id: idSchema,
    assemblyId: idSchema,
    meetingId: idSchema.nullable(),
    subject: electionSubjectSchema,
    title: z.string(),
    description: z.string(),
    descriptionHtml: z.string(),
    method: electionMethodSchema,
    seats: z.number().int(),
    reserved: z.array(
      z.object({ collegeId: idSchema, collegeName: z.string(), seats: z.number().int() }),
    ),
    parity: z.boolean(),
    grades: z.array(z.string()).nullable(),
    keep: z.number().int().nullable(),
    secret: z.boolean(),
    status: electionStatusSchema,
    candidaciesOpenAt: z.iso.datetime().nullable(),
    candidaciesCloseAt: z.iso.datetime().nullable(),
    /** Candidacies are taken now (people, list not yet published, within the dates). */
    callOpen: z.boolean(),
    publishedAt: z.iso.datetime().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    /** Standing ones first, in ballot order; withdrawn ones after (until publication only). */
    candidates: z.array(candidateSchema),
    rounds: z.array(electionRoundSchema),
    /** Everyone elected so far, with their seat. */
    elected: z.array(seatHolderSchema),
    me: z.object({
      /** My standing candidacy, if any. */
      candidacyId: idSchema.nullable(),
      mayStand: z.boolean(),
      mayManage: z.boolean(),
    }),
  })
  .meta({ id: 'Election' });
export type Election = z.infer<typeof electionSchema>;

export const electionResponseSchema = z.object({ election: electionSchema });
export const electionListSchema = z.object({
  elections: z.array(
    electionSchema.pick({
      id: true,
      assemblyId: true,
      meetingId: true,
      subject: true,
      title: true,
      method: true,
      seats: true,
      status: true,
      candidaciesOpenAt: true,
      candidaciesCloseAt: true,
      callOpen: true,
      publishedAt: true,
      decidedAt: true,
    }),
  ),
});
export const electionParamsSchema = z.object({ id: idSchema });
export const candidateParamsSchema = z.object({ id: idSchema, candidateId: idSchema });
export const openRoundBodySchema = z.object({ closesAt: dateTimeSchema.optional() }).strict();
