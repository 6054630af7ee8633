/**
 * Majority judgment (« jugement majoritaire », Balinski & Laraki): each voter gives every
 * candidate a grade, and candidates are ranked by their median grade.
 *
 * The rule, in words (the README and the result's explanation say the same):
 * - a ballot grades each candidate; a name left ungraded counts as the lowest grade
 *   (« À rejeter »); a ballot grading nobody is blank: counted, never expressed;
 * - a candidate's majority grade is the best grade that a strict majority of the expressed
 *   ballots give them or better: the median grade, and with an even number of ballots the lower
 *   (worse) of the two middle grades. Example: 4 ballots « Bien, Bien, Passable, Passable » give
 *   « Passable » (2 ballots of 4 say « Bien » or better, not more than half; all 4 say « Passable »
 *   or better);
 * - the better majority grade ranks first. Between two candidates with the same majority grade,
 *   one ballot carrying that grade is removed from each, and their majority grades are compared
 *   again; this is repeated until they differ. Candidates whose ballots are the same grades to the
 *   end are tied: the lot order drawn for this count decides, and the tie is recorded;
 * - the seats go down that order through the seat rule (`allocateSeats`: reserved seats per
 *   college, parity); a candidate whose majority grade is the lowest grade (« À rejeter ») is
 *   never elected, even if seats stay empty.
 *
 * How the removals are computed. Sort one candidate's ballots best grade first. The removals
 * take the lower median, then the ballot just better, then just worse, and so on, growing from
 * the middle outward, the worse side first at the same distance. Two candidates with as many
 * ballots are therefore separated by the difference between their sorted ballots that is nearest
 * to the middle. With the grades counted per grade, that is found from the counts' running sums
 * in a few steps per grade, not one step per ballot: 100,000 ballots cost no more than 10.
 *
 * Weighted ballots (each college's ballots scaled by its share). A ballot of weight w fills a
 * stretch w long in the sorted line, and « removing one ballot » becomes removing weight from the
 * middle, both sides at the same pace, the worse side first at the same distance: the first
 * difference met is still the one nearest to the middle. When every ballot weighs the same, this
 * is exactly the removal of one ballot at a time; with whole counts it is the rule above. The
 * majority grade is then the best grade given (or bettered) by strictly more than half of the
 * weight. Two sums of fractions equal on paper may differ in their last binary digit, so shares
 * closer than 1e-9 of the total are taken as equal.
 */
import { z } from 'zod';
import { idSchema } from '../ids.ts';
import { allocateSeats } from './seats.ts';
import { rankBy } from './ties.ts';
import {
  seatAllocationSchema,
  tieSchema,
  type CountContext,
  type GradesTally,
  type StandingCandidate,
} from './types.ts';

/** The grades a ballot offers by default, best first; the last one is « reject ». */
export const defaultGradeLabels = {
  fr: ['Excellent', 'Très bien', 'Bien', 'Assez bien', 'Passable', 'Insuffisant', 'À rejeter'],
  en: ['Excellent', 'Very good', 'Good', 'Fairly good', 'Passable', 'Insufficient', 'Reject'],
} as const;

/**
 * Grades an election may offer instead, best first: 3 to 10 labels of 1–40 characters, all
 * different (ignoring case and surrounding spaces, so a voter never sees « Bien » twice).
 */
export const gradeLabelsSchema = z
  .array(z.string().trim().min(1).max(40))
  .min(3)
  .max(10)
  .superRefine((labels, ctx) => {
    const seen = new Map<string, number>();
    labels.forEach((label, index) => {
      const key = label.toLocaleLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `The grade "${label}" appears twice`,
        });
      }
      seen.set(key, index);
    });
  });
export type GradeLabels = z.infer<typeof gradeLabelsSchema>;

const sum = (profile: readonly number[]) => profile.reduce((total, count) => total + count, 0);

/** Shares closer than this (as a fraction of the total) are the same share. */
const tolerance = 1e-9;

/**
 * Running shares of a profile: entry g is the share of the ballots giving grade g or better, so
 * the last entry is 1. A profile with no ballot at all reads as every ballot at the lowest grade
 * (nobody graded the candidate, and an ungraded name is « reject »).
 */
function runningShares(profile: readonly number[]): number[] {
  if (profile.length === 0) throw new Error('Majority judgment: a profile needs at least a grade');
  const total = sum(profile);
  if (!(total > 0)) return profile.map((_, grade) => (grade === profile.length - 1 ? 1 : 0));
  let running = 0;
  return profile.map((count, grade) => {
    running += count;
    // The last share is exactly 1, whatever the rounding of the sum on the way.
    return grade === profile.length - 1 ? 1 : running / total;
  });
}

/**
 * The majority grade of a profile (`profile[g]`: how many ballots gave grade g, 0 = best): the
 * best grade g such that the ballots giving g or better weigh strictly more than half of all.
 * With whole ballots sorted best first, that is the ballot at position ⌊n/2⌋ + 1: the middle one
 * when n is odd, the lower (worse) of the two middle ones when n is even.
 *
 * Examples: [1, 1, 1] (n = 3): grade 0 is given by 1 of 3 (not > 1.5), grades 0–1 by 2 → 1.
 * [2, 2, 0] (n = 4): grade 0 by 2 of 4 (not > 2), grades 0–1 by 4 → 1, the lower middle.
 * Weighted [0.5, 0.25, 0.25]: grade 0 by 0.5 of 1 (not > 0.5), grades 0–1 by 0.75 → 1, as for
 * the 4 whole ballots [2, 1, 1]. A profile with no ballot gets the lowest grade.
 */
export function majorityGrade(profile: readonly number[]): number {
  return runningShares(profile).findIndex((share) => share > 0.5 + tolerance);
}

/**
 * How two profiles compare under the removal rule, and why (for the result's explanation).
 * `comparison`: negative when `a` ranks first, positive when `b` does, 0 when their ballots are
 * the same grades to the end. `removed`: how many ballots carrying the majority grade were removed
 * from each before their majority grades differed (0: they differed at once); with weighted
 * ballots, the weight removed from the middle of each (see the top of this file) — when the
 * difference lies on the better side, it shows as soon as a little more than that is removed, as
 * the lower median reads the worse side first (so it may be 0 with equal majority grades).
 * `grades`: the majority grades of a and b then, which decided; null when they never differed.
 */
export interface MajorityJudgmentDifference {
  comparison: number;
  removed: number;
  removedUnit: 'ballots' | 'weight';
  grades: [number, number] | null;
}

/** The grade at a share t strictly inside a stretch of the sorted ballots. */
const gradeAt = (shares: readonly number[], t: number) => {
  const grade = shares.findIndex((share) => share > t);
  return grade === -1 ? shares.length - 1 : grade;
};

const isWhole = (profile: readonly number[]) => profile.every(Number.isInteger);

/**
 * Explains the removal rule between two profiles (see `MajorityJudgmentDifference`). Every
 * profile of a count adds up to the same number of ballots; profiles of different totals are
 * compared as shares of their own total, which keeps the comparison a total preorder.
 */
export function explainMajorityJudgment(
  a: readonly number[],
  b: readonly number[],
): MajorityJudgmentDifference {
  if (a.length !== b.length) {
    throw new Error(`Majority judgment: profiles of ${a.length} and ${b.length} grades`);
  }
  const sharesA = runningShares(a);
  const sharesB = runningShares(b);
  // Every place where either sorted line changes grade, and the middle: between two neighbours,
  // both lines keep one grade, and the stretch lies wholly on one side of the middle.
  const cuts = [0, 0.5, ...sharesA, ...sharesB].sort((x, y) => x - y);
  let best: { distance: number; worseSide: boolean; gradeA: number; gradeB: number } | null = null;
  for (let index = 1; index < cuts.length; index += 1) {
    const from = cuts[index - 1]!;
    const to = cuts[index]!;
    // A stretch this short is two equal sums rounded differently, not ballots.
    if (to - from <= 4 * tolerance) continue;
    const middle = (from + to) / 2;
    const gradeA = gradeAt(sharesA, middle);
    const gradeB = gradeAt(sharesB, middle);
    if (gradeA === gradeB) continue;
    const worseSide = from >= 0.5;
    const distance = worseSide ? from - 0.5 : 0.5 - to;
    const nearer =
      best === null ||
      distance < best.distance - tolerance ||
      (distance <= best.distance + tolerance && worseSide && !best.worseSide);
    if (nearer) best = { distance, worseSide, gradeA, gradeB };
  }
  const whole = isWhole(a) && isWhole(b);
  const removedUnit = whole ? 'ballots' : 'weight';
  if (best === null) return { comparison: 0, removed: 0, removedUnit, grades: null };
  const total = (sum(a) + sum(b)) / 2;
  // Whole ballots: the removals alternate, the lower median first, so a difference on the better
  // side at distance d (in ballots) shows after 2d + 1 removals, on the worse side after 2d.
  // Weight: the middle is emptied evenly, 2d in all.
  const removed = whole
    ? Math.round(2 * best.distance * total) + (best.worseSide ? 0 : 1)
    : 2 * best.distance * total;
  return {
    comparison: Math.sign(best.gradeA - best.gradeB),
    removed,
    removedUnit,
    grades: [best.gradeA, best.gradeB],
  };
}

/**
 * Compares two profiles for `rankBy`: negative when `a` ranks first, 0 when the removal rule
 * cannot separate them. Better majority grade first; the same majority grade is decided by
 * removing one ballot of it from each, again and again (see the top of this file).
 */
export function compareMajorityJudgment(a: readonly number[], b: readonly number[]): number {
  return explainMajorityJudgment(a, b).comparison;
}

// ---- Ballots ----------------------------------------------------------------------------------

export type GradesProblem = {
  code: 'unknown_candidate' | 'grade_out_of_range';
  candidateId: string;
};

/**
 * Whether one ballot's grades fit the election: null when they do, else the first problem found
 * (a name not standing, or a grade that is not a whole number from 0 to gradeCount − 1). Names
 * left ungraded are allowed (they count as the lowest grade); grading nobody is a blank ballot.
 */
export function checkGrades(
  grades: Readonly<Record<string, number>>,
  context: Pick<CountContext, 'candidates'>,
  gradeCount: number,
): GradesProblem | null {
  const standing = new Set(context.candidates.map((candidate) => candidate.id));
  for (const [candidateId, grade] of Object.entries(grades)) {
    if (!standing.has(candidateId)) return { code: 'unknown_candidate', candidateId };
    if (!Number.isInteger(grade) || grade < 0 || grade >= gradeCount) {
      return { code: 'grade_out_of_range', candidateId };
    }
  }
  return null;
}

/**
 * Adds up ballots into a `GradesTally`. A ballot grading nobody is blank; on any other ballot, a
 * standing name left ungraded gets the lowest grade, so every profile adds up to `expressed`.
 * `weight` (1 by default) scales a ballot when votes are weighted by college. Ballots are checked
 * with `checkGrades` before they are stored, so one that does not pass here is a programming error:
 * it throws rather than be counted wrongly.
 */
export function tallyGrades(
  ballots: readonly { grades: Readonly<Record<string, number>>; weight?: number }[],
  candidateIds: readonly string[],
  gradeCount: number,
): GradesTally {
  if (!Number.isInteger(gradeCount) || gradeCount < 2) {
    throw new Error(`Majority judgment: ${gradeCount} grades, at least 2 are needed`);
  }
  const candidates = candidateIds.map((id) => ({ id, collegeId: null, category: null }));
  const profiles: Record<string, number[]> = {};
  for (const id of candidateIds) profiles[id] = new Array<number>(gradeCount).fill(0);
  let expressed = 0;
  let blank = 0;
  for (const ballot of ballots) {
    const weight = ballot.weight ?? 1;
    if (!Number.isFinite(weight) || weight < 0) {
      throw new Error(`Majority judgment: a ballot weighs ${weight}, not a finite weight ≥ 0`);
    }
    const problem = checkGrades(ballot.grades, { candidates }, gradeCount);
    if (problem) {
      throw new Error(`Majority judgment: a ballot fails ${problem.code} (${problem.candidateId})`);
    }
    if (Object.keys(ballot.grades).length === 0) {
      blank += weight;
      continue;
    }
    expressed += weight;
    for (const id of candidateIds) profiles[id]![ballot.grades[id] ?? gradeCount - 1]! += weight;
  }
  return { expressed, blank, profiles };
}

// ---- The count --------------------------------------------------------------------------------

const amount = z.number().min(0);
const share = z.number().min(0).max(1);
const gradeIndex = z.number().int().min(0);

/** One candidate's line in the result, listed best first. */
export const majorityJudgmentStandingSchema = z.object({
  candidateId: idSchema,
  /** How many ballots gave each grade, best grade first (weighted: may be fractional). */
  profile: z.array(amount),
  /** profile / expressed ballots, per grade; all 0 when nothing was expressed. */
  shares: z.array(share),
  /** Index in `grades` of the majority grade. */
  majorityGrade: gradeIndex,
  /** Share of the ballots giving the majority grade or better (more than half, always). */
  atOrAboveMajorityGrade: share,
  /**
   * Share giving a grade strictly better than the majority grade (Balinski & Laraki's p), and
   * strictly worse (their q). With the same majority grade, the one whose p is greater than
   * their q tends to rank first: they are closer to the next grade up than to the next grade down.
   */
  aboveMajorityGrade: share,
  belowMajorityGrade: share,
  /** 1-based position in the count's order (ties already decided by lot). */
  rank: z.number().int().min(1),
  /** False when the majority grade is the lowest grade: such a candidate is never elected. */
  electable: z.boolean(),
});
export type MajorityJudgmentStanding = z.infer<typeof majorityJudgmentStandingSchema>;

/**
 * How two neighbours in the order with the same majority grade were separated: `removals` —
 * after `removed` ballots carrying the majority grade were taken from each (weight, when the
 * ballots are weighted), the first had majority grade `grades[0]` and the second `grades[1]`;
 * `lot` — their ballots are the same grades to the end, and the lot order decided.
 */
export const majorityJudgmentTieBreakSchema = z.object({
  /** The neighbours, in the order: the first ranks before the second. */
  candidateIds: z.tuple([idSchema, idSchema]),
  majorityGrade: gradeIndex,
  decidedBy: z.enum(['removals', 'lot']),
  removed: amount,
  removedUnit: z.enum(['ballots', 'weight']),
  grades: z.tuple([gradeIndex, gradeIndex]).nullable(),
});
export type MajorityJudgmentTieBreak = z.infer<typeof majorityJudgmentTieBreakSchema>;

export const majorityJudgmentCountSchema = z.object({
  method: z.literal('majority_judgment'),
  /** The grades offered, best first. */
  grades: z.array(z.string()),
  /** Every candidate, in the order below. */
  standings: z.array(majorityJudgmentStandingSchema),
  /** Every candidate, best first: majority grade, then the removal rule, then the lot order. */
  order: z.array(idSchema),
  ties: z.array(tieSchema),
  /** One entry per pair of neighbours in the order sharing a majority grade. */
  tieBreaks: z.array(majorityJudgmentTieBreakSchema),
  seats: seatAllocationSchema,
  expressed: amount,
  blank: amount,
});
export type MajorityJudgmentCount = z.infer<typeof majorityJudgmentCountSchema>;

const isAmount = (value: number) => Number.isFinite(value) && value >= 0;

/**
 * The tally's profile per standing candidate. A candidate missing from the tally was graded by
 * nobody: every expressed ballot counts them at the lowest grade. The server builds tallies with
 * `tallyGrades`, so a profile of the wrong length, for someone not standing, or that does not add
 * up to `expressed`, is a programming error: it throws.
 */
function readGradesTally(
  tally: GradesTally,
  candidates: readonly StandingCandidate[],
  gradeCount: number,
): Map<string, number[]> {
  if (!isAmount(tally.expressed) || !isAmount(tally.blank)) {
    throw new Error(
      `Grades tally: expressed (${tally.expressed}) and blank (${tally.blank}) must be finite counts ≥ 0`,
    );
  }
  const lowestOnly = (): number[] =>
    Array.from({ length: gradeCount }, (_, grade) =>
      grade === gradeCount - 1 ? tally.expressed : 0,
    );
  const profiles = new Map(candidates.map((candidate) => [candidate.id, lowestOnly()]));
  for (const [candidateId, profile] of Object.entries(tally.profiles)) {
    if (!profiles.has(candidateId)) {
      throw new Error(`Grades tally: a profile for "${candidateId}", who is not standing`);
    }
    if (profile.length !== gradeCount || !profile.every(isAmount)) {
      throw new Error(
        `Grades tally: "${candidateId}" needs ${gradeCount} counts ≥ 0, has [${profile.join(', ')}]`,
      );
    }
    const total = sum(profile);
    if (Math.abs(total - tally.expressed) > tolerance * Math.max(1, tally.expressed)) {
      throw new Error(
        `Grades tally: "${candidateId}" has ${total} grades for ${tally.expressed} expressed ballots`,
      );
    }
    profiles.set(candidateId, [...profile]);
  }
  return profiles;
}

/** Counts a majority judgment election (see the rule at the top of this file). */
export function countMajorityJudgment(
  tally: GradesTally,
  context: CountContext & { grades: readonly string[] },
): MajorityJudgmentCount {
  const gradeCount = context.grades.length;
  if (gradeCount < 2) throw new Error(`Majority judgment: ${gradeCount} grades, at least 2 needed`);
  const lowest = gradeCount - 1;
  const profiles = readGradesTally(tally, context.candidates, gradeCount);
  const profileOf = (id: string) => profiles.get(id)!;
  const { order, ties } = rankBy(
    [...profiles.keys()],
    (a, b) => compareMajorityJudgment(profileOf(a), profileOf(b)),
    context.tieOrder,
  );
  const gradeOf = new Map(order.map((id) => [id, majorityGrade(profileOf(id))]));
  const shareOf = (count: number) =>
    tally.expressed > 0 ? Math.min(1, count / tally.expressed) : 0;

  const standings = order.map((candidateId, index): MajorityJudgmentStanding => {
    const profile = profileOf(candidateId);
    const grade = gradeOf.get(candidateId)!;
    const above = sum(profile.slice(0, grade));
    const below = sum(profile.slice(grade + 1));
    return {
      candidateId,
      profile,
      shares: profile.map(shareOf),
      majorityGrade: grade,
      atOrAboveMajorityGrade: shareOf(above + profile[grade]!),
      aboveMajorityGrade: shareOf(above),
      belowMajorityGrade: shareOf(below),
      rank: index + 1,
      electable: grade < lowest,
    };
  });

  const tieBreaks: MajorityJudgmentTieBreak[] = [];
  for (let index = 1; index < order.length; index += 1) {
    const first = order[index - 1]!;
    const second = order[index]!;
    const grade = gradeOf.get(first)!;
    if (gradeOf.get(second) !== grade) continue;
    const why = explainMajorityJudgment(profileOf(first), profileOf(second));
    tieBreaks.push({
      candidateIds: [first, second],
      majorityGrade: grade,
      decidedBy: why.grades ? 'removals' : 'lot',
      removed: why.removed,
      removedUnit: why.removedUnit,
      grades: why.grades,
    });
  }

  const holding = new Set((context.alreadyElected ?? []).map((holder) => holder.candidateId));
  const electable = order.filter((id) => gradeOf.get(id)! < lowest && !holding.has(id));
  const seats = allocateSeats(electable, context.candidates, context.rules, {
    alreadyElected: context.alreadyElected,
  });

  return {
    method: 'majority_judgment',
    grades: [...context.grades],
    standings,
    order,
    ties,
    tieBreaks,
    seats,
    expressed: tally.expressed,
    blank: tally.blank,
  };
}
