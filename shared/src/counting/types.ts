/**
 * The contract every counting method shares: who stands, which seats are to fill, what was
 * counted, and what a count answers. The methods themselves are pure functions in this folder,
 * each with its tables of cases worked by hand in the `*.test.ts` file next to it.
 *
 * Counts are numbers, not only whole ones: when an assembly weighs its votes by college, each
 * college's ballots are scaled by its share before the count (see `weighting.ts`), and STV
 * transfers carry fractions of a vote.
 */
import { z } from 'zod';
import { electionMethods } from '../enums.ts';
import { idSchema } from '../ids.ts';

export const electionMethodSchema = z.enum(electionMethods);
export type ElectionMethod = z.infer<typeof electionMethodSchema>;

/**
 * One who stands: a person (with the college they belong to, and the category they chose to
 * declare for the parity rule, if any) or an option of a choice (both null).
 */
export const standingCandidateSchema = z.object({
  id: idSchema,
  collegeId: idSchema.nullable(),
  category: z.string().min(1).max(40).nullable(),
});
export type StandingCandidate = z.infer<typeof standingCandidateSchema>;

/**
 * The seats to fill. `reserved`: seats only a member of that college may take (the other seats
 * are open to all). `parity`: at most ⌈seats / 2⌉ of the elected may share one declared
 * category; candidates who declared none are not limited.
 */
export const seatRulesSchema = z
  .object({
    seats: z.number().int().min(1).max(500),
    reserved: z
      .array(z.object({ collegeId: idSchema, seats: z.number().int().min(1).max(500) }))
      .default([]),
    parity: z.boolean().default(false),
  })
  .superRefine((rules, ctx) => {
    const reserved = rules.reserved.reduce((sum, group) => sum + group.seats, 0);
    if (reserved > rules.seats) {
      ctx.addIssue({
        code: 'custom',
        path: ['reserved'],
        message: 'More seats are reserved than there are seats',
      });
    }
    const colleges = rules.reserved.map((group) => group.collegeId);
    if (new Set(colleges).size !== colleges.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['reserved'],
        message: 'A college appears twice among the reserved seats',
      });
    }
  });
export type SeatRules = z.output<typeof seatRulesSchema>;

/** The most elected people one declared category may have under the parity rule. */
export const parityCap = (seats: number) => Math.ceil(seats / 2);

/** An elected candidate and the seat they took: reserved for a college, or open (null). */
export const seatHolderSchema = z.object({
  candidateId: idSchema,
  /** The college whose reserved seat this is; null for an open seat. */
  reservedFor: idSchema.nullable(),
  /** The round that elected them (two-round method, STV); 1 otherwise. */
  round: z.number().int().min(1),
});
export type SeatHolder = z.infer<typeof seatHolderSchema>;

/**
 * Why a candidate the method ranked high enough was not elected: `parity` (one more of their
 * category would pass ⌈seats / 2⌉), `no_seat_left` (their college's reserved seats are taken and
 * no open seat is left).
 */
export const passedOverReasons = ['parity', 'no_seat_left'] as const;
export const passedOverSchema = z.object({
  candidateId: idSchema,
  reason: z.enum(passedOverReasons),
  round: z.number().int().min(1),
});
export type PassedOver = z.infer<typeof passedOverSchema>;

export const seatAllocationSchema = z.object({
  elected: z.array(seatHolderSchema),
  passedOver: z.array(passedOverSchema),
  /** Seats nobody could take (too few eligible candidates), per group (null: open seats). */
  unfilled: z.array(z.object({ reservedFor: idSchema.nullable(), seats: z.number().int().min(1) })),
});
export type SeatAllocation = z.infer<typeof seatAllocationSchema>;

/**
 * Candidates the method's own rule could not separate. `lot`: the order drawn for this count
 * decided (see `tieOrder`); `earlier_round`: STV compared them at the latest earlier round where
 * they differed.
 */
export const tieSchema = z.object({
  candidateIds: z.array(idSchema).min(2),
  decidedBy: z.enum(['lot', 'earlier_round']),
  /** What the tie was for: a rank in the method's order, or an STV exclusion / surplus. */
  about: z.enum(['rank', 'exclusion', 'surplus']),
  round: z.number().int().min(1),
});
export type Tie = z.infer<typeof tieSchema>;

/**
 * What every count receives besides its ballots. `tieOrder` lists every candidate once, in an
 * order drawn by lot for this count (the server derives it from the ballots' digest, so anyone
 * can draw it again); it decides only between candidates the method itself leaves tied.
 * `alreadyElected`: seats filled by an earlier round (two-round method), which count for the
 * reserved seats and the parity rule.
 */
export interface CountContext {
  candidates: readonly StandingCandidate[];
  rules: SeatRules;
  tieOrder: readonly string[];
  alreadyElected?: readonly SeatHolder[];
}

// ---- What was counted, per family of ballots ------------------------------------------------

const amount = z.number().min(0);

/**
 * Ballots that mark names (plurality, block, two-round, approval). `expressed`: ballots with at
 * least one name; `blank`: ballots with none (counted, never expressed).
 */
export const marksTallySchema = z.object({
  expressed: amount,
  blank: amount,
  votes: z.record(idSchema, amount),
});
export type MarksTally = z.infer<typeof marksTallySchema>;

/**
 * Majority judgment: per candidate, how many ballots gave each grade, best grade first
 * (`profiles[id][0]` = « Excellent »). A name left ungraded on a ballot counts as the lowest
 * grade, so every profile adds up to `expressed`. A ballot grading nobody is `blank`.
 */
export const gradesTallySchema = z.object({
  expressed: amount,
  blank: amount,
  profiles: z.record(idSchema, z.array(amount)),
});
export type GradesTally = z.infer<typeof gradesTallySchema>;

/** STV: each distinct ranking (most preferred first) with how many ballots gave it. */
export const rankingsTallySchema = z.object({
  blank: amount,
  rankings: z.array(
    z.object({ ranking: z.array(idSchema).min(1), count: z.number().int().min(1) }),
  ),
});
export type RankingsTally = z.infer<typeof rankingsTallySchema>;
