// Types only from @cercle/shared: the result components (page and projector) read this in the
// browser.
import type {
  AbsoluteMajority,
  ElectionCount,
  MajorityJudgmentTieBreak,
  PassedOver,
  SeatAllocation,
  SeatHolder,
  Tie,
} from '@cercle/shared';
import type { MessageKey, MessageParams, PluralMessageBase } from './i18n/messages.ts';

/** A sentence still to translate: the components call `t(key, params)`. */
export interface Words {
  key: MessageKey;
  params?: MessageParams;
}

/** A sentence whose words depend on a count: the components call `tCount(base, count, params)`. */
export interface CountedWords {
  base: PluralMessageBase;
  count: number;
  params?: MessageParams;
}

/** Names by id: candidates' labels, or colleges' names. */
export type Names = ReadonlyMap<string, string>;

const nameOf = (names: Names, id: string) => names.get(id) ?? '?';

/** « siège réservé au collège X » or « siège ouvert ». */
export function seatWords(holder: Pick<SeatHolder, 'reservedFor'>, colleges: Names): Words {
  return holder.reservedFor === null
    ? { key: 'electionResult.seatOpen' }
    : {
        key: 'electionResult.seatReserved',
        params: { college: nameOf(colleges, holder.reservedFor) },
      };
}

export function passedOverWords(passed: Pick<PassedOver, 'reason'>): Words {
  return { key: `electionResult.passedOver.${passed.reason}` };
}

/** « 2 sièges réservés au collège X non pourvus », « 1 siège ouvert non pourvu ». */
export function unfilledWords(
  group: SeatAllocation['unfilled'][number],
  colleges: Names,
): CountedWords {
  return group.reservedFor === null
    ? { base: 'electionResult.unfilledOpen', count: group.seats }
    : {
        base: 'electionResult.unfilledReserved',
        count: group.seats,
        params: { college: nameOf(colleges, group.reservedFor) },
      };
}

/** Names joined for a sentence: « Awa, Bruno et Chloé » / "Awa, Bruno and Chloé". */
export function joinNames(names: readonly string[], and: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;
}

/**
 * The ties the method left and the lot decided, in words: « Awa et Bruno, à égalité pour un
 * rang : départagés par tirage au sort ». STV's ties decided by an earlier round say so.
 */
export function tieWords(tie: Tie, candidates: Names, and: string): Words {
  const names = joinNames(
    tie.candidateIds.map((id) => nameOf(candidates, id)),
    and,
  );
  return {
    key:
      tie.decidedBy === 'lot'
        ? `electionResult.tieLot.${tie.about}`
        : `electionResult.tieEarlier.${tie.about}`,
    params: { names },
  };
}

/**
 * How two neighbours with the same majority grade were separated, in words: by removing ballots
 * carrying that grade until their majority grades differed, or (their ballots being the same
 * grades to the end) by lot. `format` writes a number for the page's language.
 */
export function tieBreakWords(
  tieBreak: MajorityJudgmentTieBreak,
  candidates: Names,
  grades: readonly string[],
  format: (value: number) => string = String,
): Words {
  const [first, second] = tieBreak.candidateIds;
  const grade = (index: number) => grades[index] ?? '?';
  const params = {
    first: nameOf(candidates, first),
    second: nameOf(candidates, second),
    grade: grade(tieBreak.majorityGrade),
  };
  if (tieBreak.decidedBy === 'lot' || tieBreak.grades === null) {
    return { key: 'electionResult.tieBreak.lot', params };
  }
  const [firstGrade, secondGrade] = tieBreak.grades;
  const moreParams = {
    ...params,
    firstGrade: grade(firstGrade),
    secondGrade: grade(secondGrade),
  };
  // Nothing (or, weighted, next to nothing) removed: the difference lies at the middle itself.
  if (round(tieBreak.removed) === 0) {
    return { key: 'electionResult.tieBreak.atOnce', params: moreParams };
  }
  if (tieBreak.removedUnit === 'weight') {
    return {
      key: 'electionResult.tieBreak.weight',
      params: { ...moreParams, removed: format(round(tieBreak.removed)) },
    };
  }
  return {
    key:
      tieBreak.removed === 1
        ? 'electionResult.tieBreak.removedOne'
        : 'electionResult.tieBreak.removed',
    params: { ...moreParams, removed: format(tieBreak.removed) },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Round 1 of the two-round method: what a candidate needs. With whole votes, « plus de la moitié
 * des 41 suffrages exprimés, soit au moins 21 voix »; weighted, only « plus de 20,5 ». `format`
 * writes a number for the page's language.
 */
export function absoluteMajorityWords(
  majority: AbsoluteMajority,
  expressed: number,
  format: (value: number) => string = String,
): Words {
  return majority.atLeast === null
    ? {
        key: 'electionResult.absoluteMajorityWeighted',
        params: { half: format(round(majority.moreThan)) },
      }
    : {
        key: 'electionResult.absoluteMajority',
        params: { expressed: format(round(expressed)), atLeast: format(majority.atLeast) },
      };
}

/** One stretch of a merit profile's bar: a grade's share of the expressed ballots. */
export interface MeritSegment {
  grade: number;
  count: number;
  /** Where the stretch starts and how long it is, in percent of the bar (0–100). */
  start: number;
  width: number;
}

/**
 * A merit profile as a bar, best grade on the left: one stretch per grade given at least once,
 * in proportion to its ballots. Empty when nothing was expressed.
 */
export function meritSegments(profile: readonly number[]): MeritSegment[] {
  const total = profile.reduce((sum, count) => sum + count, 0);
  if (!(total > 0)) return [];
  const segments: MeritSegment[] = [];
  let running = 0;
  profile.forEach((count, grade) => {
    if (count > 0) {
      const start = (running / total) * 100;
      running += count;
      // The last stretch ends at exactly 100, whatever the rounding on the way.
      const end = running === total ? 100 : (running / total) * 100;
      segments.push({ grade, count, start, width: end - start });
    }
  });
  return segments;
}

/** The seats a count gave, whatever its method: every count carries a seat allocation. */
export function allocationOf(count: ElectionCount | null): SeatAllocation | null {
  return count?.seats ?? null;
}

/** What the two-round method's round 1 decided about a round 2, in words; null without one. */
export function nextRoundWords(
  count: ElectionCount | null,
  candidates: Names,
  and: string,
): CountedWords | null {
  if (!count || count.method !== 'two_round' || !count.nextRound) return null;
  return {
    base: 'electionResult.nextRound',
    count: count.nextRound.seats,
    params: {
      names: joinNames(
        count.nextRound.candidateIds.map((id) => nameOf(candidates, id)),
        and,
      ),
    },
  };
}

/**
 * The majority grade of a merit profile (counts per grade, best first), as the count defines it:
 * the best grade given, or bettered, by strictly more than half of the ballots (with an even
 * number, the lower of the two middle grades). Null when nobody was graded: nothing to read.
 */
export function majorityGradeOf(profile: readonly number[]): number | null {
  const total = profile.reduce((sum, count) => sum + count, 0);
  if (!(total > 0)) return null;
  let running = 0;
  for (let grade = 0; grade < profile.length; grade += 1) {
    running += profile[grade]!;
    if (running > total / 2) return grade;
  }
  return profile.length - 1;
}
