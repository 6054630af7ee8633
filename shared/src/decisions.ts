import { z } from 'zod';
import {
  choices,
  choicesByPollKind,
  consentStances,
  outcomes,
  motionPollKinds,
  voteChoices,
  voteRules,
} from './enums.ts';
import { idSchema } from './ids.ts';

export const voteRuleSchema = z.enum(voteRules);
export type VoteRule = z.infer<typeof voteRuleSchema>;

export const pollKindSchema = z.enum(motionPollKinds);
export type PollKind = z.infer<typeof pollKindSchema>;

export const voteChoiceSchema = z.enum(voteChoices);
export type VoteChoice = z.infer<typeof voteChoiceSchema>;

export const consentStanceSchema = z.enum(consentStances);
export type ConsentStance = z.infer<typeof consentStanceSchema>;

export const choiceSchema = z.enum(choices);
export type Choice = z.infer<typeof choiceSchema>;

export const outcomeSchema = z.enum(outcomes);
export type Outcome = z.infer<typeof outcomeSchema>;

const countSchema = z.number().int().min(0);

export const resultInputSchema = z
  .object({
    kind: pollKindSchema,
    /** Required for votes; ignored by consent rounds. */
    rule: voteRuleSchema.optional(),
    quorum: z.number().min(0).max(1),
    /** Entitled voters frozen when the poll opened. */
    electorate: countSchema,
    /** Present + represented for a meeting poll; ballots cast for an asynchronous poll. */
    participants: countSchema,
    /** What `participants` counts, for the words that explain the result. */
    participation: z.enum(['present', 'answered']).optional(),
    /** Present and non-empty: the vote is weighted by college. */
    colleges: z.array(z.object({ id: idSchema, share: z.number().min(0).max(1) })).optional(),
    /** With colleges: every college that expressed itself must also pass the rule. */
    majorityInEveryCollege: z.boolean().optional(),
    /** One entry per choice × college × site; entries for the same choice add up. */
    counts: z.array(
      z.object({
        choice: choiceSchema,
        count: countSchema,
        collegeId: idSchema.nullable().optional(),
        siteId: idSchema.nullable().optional(),
      }),
    ),
  })
  .superRefine((input, ctx) => {
    if (input.kind === 'vote' && input.rule === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rule'], message: 'A vote needs a majority rule' });
    }
    if (input.kind === 'vote' && input.rule === 'members_absolute' && input.colleges?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['rule'],
        message:
          'members_absolute counts entitled members and cannot be weighted by college; ' +
          'choose simple, absolute or two_thirds',
      });
    }
    // Present + represented voters are entitled voters, so they cannot outnumber them. Ballots
    // are not checked against participants: attendance may change between opening and closing.
    if (input.participants > input.electorate) {
      ctx.addIssue({
        code: 'custom',
        path: ['participants'],
        message: 'Participants cannot exceed the electorate',
      });
    }
    const seen = new Set<string>();
    input.colleges?.forEach(({ id }, i) => {
      if (seen.has(id)) {
        ctx.addIssue({ code: 'custom', path: ['colleges', i, 'id'], message: 'Duplicate college' });
      }
      seen.add(id);
    });
    const allowed: readonly Choice[] = choicesByPollKind[input.kind];
    input.counts.forEach(({ choice }, i) => {
      if (!allowed.includes(choice)) {
        ctx.addIssue({
          code: 'custom',
          path: ['counts', i, 'choice'],
          message: `A ${input.kind} poll accepts only ${allowed.join(', ')}`,
        });
      }
    });
  });
export type ResultInput = z.input<typeof resultInputSchema>;

/** Every choice of the poll's kind, 0 when nobody chose it. */
export const tallySchema = z.partialRecord(choiceSchema, countSchema);
export type Tally = z.infer<typeof tallySchema>;

/**
 * The facts the decision was taken on, stored with the result so that every place that shows it
 * can say how it was decided (rule, threshold, share reached, weighting, quorum) without asking
 * the poll again. Absent from results closed before it existed.
 */
export const resultBasisSchema = z.object({
  kind: pollKindSchema,
  rule: voteRuleSchema.nullable(),
  quorum: z.number().min(0).max(1),
  electorate: countSchema,
  participants: countSchema,
  participation: z.enum(['present', 'answered']),
  weighted: z.boolean(),
  majorityInEveryCollege: z.boolean(),
  /** Unweighted votes: the yes compared with `of` (yes + no, every ballot, or the electorate). */
  yes: countSchema.optional(),
  of: countSchema.optional(),
  /** Weighted votes with a majority required in every college: whether each one had it. */
  everyCollegePassed: z.boolean().optional(),
  /**
   * Weighted votes: each college's share of the vote as it stood when the result was computed
   * (the statutes' shares may change later; the result keeps the ones it was decided with).
   */
  collegeShares: z.record(idSchema, z.number()).optional(),
});
export type ResultBasis = z.infer<typeof resultBasisSchema>;

/** Breakdown cells merged so that no group smaller than the minimum is shown (secret polls). */
export const mergedCellsSchema = z.object({
  /** How many colleges or sites went into the merged cell. */
  groups: z.number().int().min(1),
  tally: tallySchema,
});
export type MergedCells = z.infer<typeof mergedCellsSchema>;

export const resultSchema = z.object({
  outcome: outcomeSchema,
  quorumReached: z.boolean(),
  totals: tallySchema,
  byCollege: z.record(idSchema, tallySchema),
  bySite: z.record(idSchema, tallySchema),
  /** Votes only: yes over the rule's denominator, weighted by college when colleges are given. */
  yesShare: z.number().min(0).max(1).optional(),
  objections: countSchema,
  basis: resultBasisSchema.optional(),
  /**
   * Secret polls: cells of fewer than `minimumGroup` answers are merged into `otherColleges` /
   * `otherSites` (with as many others as it takes for the merged cell to reach the minimum too),
   * so nobody alone or nearly alone in a college or a site has their choice shown.
   */
  privacy: z
    .object({
      minimumGroup: z.number().int().min(1),
      otherColleges: mergedCellsSchema.nullable(),
      otherSites: mergedCellsSchema.nullable(),
    })
    .optional(),
});
export type Result = z.infer<typeof resultSchema>;

type Count = ResultInput['counts'][number];
type WeightedRule = Exclude<VoteRule, 'members_absolute'>;

/**
 * Weighted shares are sums of float products, so a true tie can land a hair above 1/2 and a true
 * two thirds a hair below 2/3. Rounding errors stay near 1e-15; real gaps between distinct
 * results with realistic electorates are far wider than 1e-12.
 */
const EPSILON = 1e-12;

export function computeResult(input: ResultInput): Result {
  const choices = choicesByPollKind[input.kind];
  const totals = tally(input.counts, choices);
  const collegeIds = input.colleges?.map((college) => college.id) ?? [];
  const byCollege = breakdown(input.counts, choices, 'collegeId', collegeIds);
  const bySite = breakdown(input.counts, choices, 'siteId', []);
  const quorumReached = isQuorumReached(input);
  const objections = totals.objection ?? 0;
  const report = { quorumReached, totals, byCollege, bySite, objections };
  const basis: ResultBasis = {
    kind: input.kind,
    rule: input.kind === 'vote' ? (input.rule ?? null) : null,
    quorum: input.quorum,
    electorate: input.electorate,
    participants: input.participants,
    participation: input.participation ?? 'answered',
    weighted: Boolean(input.colleges?.length),
    majorityInEveryCollege: Boolean(input.colleges?.length && input.majorityInEveryCollege),
    ...(input.colleges?.length
      ? { collegeShares: Object.fromEntries(input.colleges.map(({ id, share }) => [id, share])) }
      : {}),
  };

  if (input.kind === 'consent') {
    return { ...report, outcome: quorumReached ? consentOutcome(totals) : 'no_quorum', basis };
  }
  const { adopted, yesShare, ...facts } = decideVote(input, totals, byCollege);
  return {
    ...report,
    outcome: !quorumReached ? 'no_quorum' : adopted ? 'adopted' : 'rejected',
    ...(yesShare === undefined ? {} : { yesShare }),
    basis: { ...basis, ...facts },
  };
}

function isQuorumReached({ quorum, electorate, participants }: ResultInput): boolean {
  if (electorate === 0) return quorum === 0;
  // Division is correctly rounded, so 3 / 30 is the same double as the setting 0.1, whereas
  // 0.1 * 30 is not 3: dividing keeps "exactly at quorum" reached.
  return participants / electorate >= quorum;
}

/**
 * Nobody answering is no consent: a round with no stance at all is rejected rather than adopted
 * by silence. Stand-asides and concerns do not block, so they alone adopt.
 */
function consentOutcome(totals: Tally): Outcome {
  if ((totals.objection ?? 0) > 0) return 'objected';
  const stances = consentStanceSchema.options.reduce((sum, s) => sum + (totals[s] ?? 0), 0);
  return stances > 0 ? 'adopted' : 'rejected';
}

function decideVote(
  input: ResultInput,
  totals: Tally,
  byCollege: Record<string, Tally>,
): {
  adopted: boolean;
  yesShare?: number;
  yes?: number;
  of?: number;
  everyCollegePassed?: boolean;
} {
  const { rule, electorate } = input;
  const colleges = input.colleges ?? [];
  if (rule === undefined) throw new Error('A vote needs a majority rule (see resultInputSchema)');

  if (colleges.length === 0) {
    const yes = totals.yes ?? 0;
    const of = rule === 'members_absolute' ? electorate : denominator(rule, totals);
    return {
      adopted: passes(rule, yes, of),
      yes,
      of,
      ...(of > 0 ? { yesShare: yes / of } : {}),
    };
  }
  if (rule === 'members_absolute') {
    throw new Error('members_absolute cannot be weighted by college (see resultInputSchema)');
  }

  // Ballots with no college, or a college missing from `colleges`, stay in the totals but carry
  // no weight: the statutes give voting power to colleges only, and inventing a share for those
  // ballots would dilute every listed college.
  let weightedYes = 0;
  let weight = 0;
  let everyCollegePasses = true;
  for (const { id, share } of colleges) {
    const college = byCollege[id] ?? {};
    const of = denominator(rule, college);
    if (of === 0) continue; // nobody in it expressed a view: renormalise over the others
    const yes = college.yes ?? 0;
    weightedYes += (share * yes) / of;
    weight += share;
    everyCollegePasses &&= passes(rule, yes, of);
  }
  // No weight left (no college expressed a view, or only zero-share ones did): no majority.
  if (weight === 0) return { adopted: false };
  // Float shares (stored as single precision) can put a unanimous vote a hair above 1.
  const yesShare = Math.min(1, Math.max(0, weightedYes / weight));
  const adopted =
    passesShare(rule, yesShare) && (!input.majorityInEveryCollege || everyCollegePasses);
  return {
    adopted,
    yesShare,
    ...(input.majorityInEveryCollege ? { everyCollegePassed: everyCollegePasses } : {}),
  };
}

/** The ballots a rule takes its ratio over (members_absolute uses the electorate instead). */
function denominator(rule: WeightedRule, tally: Tally): number {
  const yesNo = (tally.yes ?? 0) + (tally.no ?? 0);
  return rule === 'absolute' ? yesNo + (tally.abstain ?? 0) : yesNo;
}

/** Integer comparisons only: a tie must never round its way into a majority. */
function passes(rule: VoteRule, yes: number, of: number): boolean {
  if (rule === 'two_thirds') return yes > 0 && 3 * yes >= 2 * of;
  return 2 * yes > of;
}

function passesShare(rule: WeightedRule, yesShare: number): boolean {
  if (rule === 'two_thirds') return yesShare >= 2 / 3 - EPSILON;
  return yesShare > 1 / 2 + EPSILON;
}

function tally(counts: readonly Count[], choices: readonly Choice[]): Tally {
  const totals = new Map<Choice, number>(choices.map((choice) => [choice, 0]));
  for (const { choice, count } of counts) {
    const sum = totals.get(choice);
    if (sum !== undefined) totals.set(choice, sum + count);
  }
  return Object.fromEntries(totals);
}

/** Tallies per college or site; `listed` ids appear even without ballots. */
function breakdown(
  counts: readonly Count[],
  choices: readonly Choice[],
  key: 'collegeId' | 'siteId',
  listed: readonly string[],
): Record<string, Tally> {
  const groups = new Map<string, Count[]>(listed.map((id) => [id, []]));
  for (const count of counts) {
    const id = count[key];
    if (id == null) continue;
    const group = groups.get(id);
    if (group) group.push(count);
    else groups.set(id, [count]);
  }
  // fromEntries defines own properties, so an id such as "__proto__" stays a plain key.
  return Object.fromEntries([...groups].map(([id, group]) => [id, tally(group, choices)]));
}
