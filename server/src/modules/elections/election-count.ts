/**
 * Counting a closed election round: the ballots cast in the app (one row each, or a secret
 * round's distinct ballots) and the sites' paper counts are put in the method's tally, weighted
 * by college when the assembly weighs its votes, then counted by the pure functions of
 * `@cercle/shared` (counting/). Ties the method leaves are broken by a lot order drawn from the
 * ballots' digest, so anyone holding the ballots can draw it again.
 */
import type { ElectionRow, ElectionSelection } from '@cercle/db';
import {
  countMajorityJudgment,
  countMarks,
  countStv,
  countTwoRound,
  defaultGradeLabels,
  type ElectionCell,
  type ElectionCount,
  mergeSmallCellsOf,
  type GradesTally,
  type MarksTally,
  type RankingsTally,
  type SeatHolder,
  type StandingCandidate,
} from '@cercle/shared';
import { isBlank, selectionKind } from './election-ballots.ts';
import type { DigestSiteCount } from './election-digest.ts';

/** Identical ballots from one college (and site), with how many gave them. */
export interface BallotGroup {
  selection: ElectionSelection;
  collegeId: string | null;
  siteId: string | null;
  count: number;
}

export type SiteCountRow = DigestSiteCount;

// Where the ballots' digest and the lot order drawn from it are made (the audit makes them too).
export { electionBallotsDigest, lotOrder } from './election-digest.ts';

/**
 * Each college's weight per expressed ballot: its share over its expressed ballots, so that every
 * college that expressed itself weighs its share whatever its turnout. Null: not weighted.
 */
function collegeWeights(
  colleges: readonly { id: string; share: number }[] | null,
  groups: readonly BallotGroup[],
  sites: readonly SiteCountRow[],
) {
  if (!colleges?.length) return null;
  const expressed = new Map<string | null, number>();
  for (const group of groups) {
    if (!isBlank(group.selection)) {
      expressed.set(group.collegeId, (expressed.get(group.collegeId) ?? 0) + group.count);
    }
  }
  for (const site of sites) {
    expressed.set(site.collegeId, (expressed.get(site.collegeId) ?? 0) + site.ballots - site.blank);
  }
  const weights = new Map<string | null, number>();
  for (const college of colleges) {
    const n = expressed.get(college.id) ?? 0;
    if (n > 0) weights.set(college.id, college.share / n);
  }
  return weights;
}

function marksTally(
  groups: readonly BallotGroup[],
  sites: readonly SiteCountRow[],
  weightOf: (collegeId: string | null) => number,
): MarksTally {
  const tally: MarksTally = { expressed: 0, blank: 0, votes: {} };
  for (const { selection, collegeId, count } of groups) {
    const marks = 'marks' in selection ? selection.marks : [];
    if (!marks.length) {
      tally.blank += count;
      continue;
    }
    const weight = count * weightOf(collegeId);
    tally.expressed += weight;
    for (const id of marks) tally.votes[id] = (tally.votes[id] ?? 0) + weight;
  }
  for (const site of sites) {
    const weight = weightOf(site.collegeId);
    tally.blank += site.blank;
    tally.expressed += (site.ballots - site.blank) * weight;
    const votes = 'votes' in site.counts ? site.counts.votes : {};
    for (const [id, n] of Object.entries(votes)) {
      tally.votes[id] = (tally.votes[id] ?? 0) + n * weight;
    }
  }
  return tally;
}

function gradesTally(
  groups: readonly BallotGroup[],
  sites: readonly SiteCountRow[],
  weightOf: (collegeId: string | null) => number,
  candidateIds: readonly string[],
  gradeCount: number,
): GradesTally {
  const lowest = gradeCount - 1;
  const tally: GradesTally = {
    expressed: 0,
    blank: 0,
    profiles: Object.fromEntries(candidateIds.map((id) => [id, Array<number>(gradeCount).fill(0)])),
  };
  for (const { selection, collegeId, count } of groups) {
    const grades = 'grades' in selection ? selection.grades : {};
    if (!Object.keys(grades).length) {
      tally.blank += count;
      continue;
    }
    const weight = count * weightOf(collegeId);
    tally.expressed += weight;
    // A name left ungraded gets the lowest grade.
    for (const id of candidateIds) tally.profiles[id]![grades[id] ?? lowest]! += weight;
  }
  for (const site of sites) {
    const weight = weightOf(site.collegeId);
    const expressed = site.ballots - site.blank;
    tally.blank += site.blank;
    tally.expressed += expressed * weight;
    const profiles = 'profiles' in site.counts ? site.counts.profiles : {};
    for (const id of candidateIds) {
      const given = profiles[id] ?? [];
      let graded = 0;
      for (let grade = 0; grade < gradeCount; grade += 1) {
        const n = given[grade] ?? 0;
        graded += n;
        tally.profiles[id]![grade]! += n * weight;
      }
      // The paper ballots that left this name ungraded give it the lowest grade.
      tally.profiles[id]![lowest]! += Math.max(0, expressed - graded) * weight;
    }
  }
  return tally;
}

function rankingsTally(
  groups: readonly BallotGroup[],
  sites: readonly SiteCountRow[],
): RankingsTally {
  const counts = new Map<string, { ranking: string[]; count: number }>();
  let blank = 0;
  const add = (ranking: string[], count: number) => {
    const key = ranking.join(' ');
    const entry = counts.get(key);
    if (entry) entry.count += count;
    else counts.set(key, { ranking, count });
  };
  for (const { selection, count } of groups) {
    const ranking = 'ranking' in selection ? selection.ranking : [];
    if (ranking.length) add(ranking, count);
    else blank += count;
  }
  for (const site of sites) {
    blank += site.blank;
    for (const entry of 'rankings' in site.counts ? site.counts.rankings : []) {
      if (entry.count > 0) add(entry.ranking, entry.count);
    }
  }
  // Sorted, so the count never depends on the order ballots arrived in.
  const rankings = [...counts.values()].sort((a, b) =>
    a.ranking.join(' ') < b.ranking.join(' ') ? -1 : 1,
  );
  return { blank, rankings };
}

export interface RoundToCount {
  election: Pick<ElectionRow, 'method' | 'seats' | 'reserved' | 'parity' | 'grades' | 'keep'>;
  /** Counted rounds before this one (two-round method): 0 for a first round. */
  countedBefore: number;
  candidates: readonly StandingCandidate[];
  /** Seats filled by earlier rounds; their holders are among `candidates`. */
  alreadyElected: readonly SeatHolder[];
  /** The round's own candidates (on its ballot). */
  onBallot: readonly string[];
  colleges: readonly { id: string; share: number }[] | null;
  groups: readonly BallotGroup[];
  sites: readonly SiteCountRow[];
  tieOrder: readonly string[];
  language: 'fr' | 'en';
}

/** The method's count of one round. */
export function countRound(round: RoundToCount): ElectionCount {
  const { election } = round;
  const weights = collegeWeights(round.colleges, round.groups, round.sites);
  const weightOf = (collegeId: string | null) => (weights ? (weights.get(collegeId) ?? 0) : 1);
  const context = {
    candidates: round.candidates,
    rules: { seats: election.seats, reserved: election.reserved, parity: election.parity },
    tieOrder: round.tieOrder,
    alreadyElected: round.alreadyElected,
  };
  switch (selectionKind(election.method)) {
    case 'grades': {
      const grades = election.grades ?? defaultGradeLabels[round.language];
      return countMajorityJudgment(
        gradesTally(round.groups, round.sites, weightOf, round.onBallot, grades.length),
        { ...context, grades },
      );
    }
    case 'marks': {
      const tally = marksTally(round.groups, round.sites, weightOf);
      if (election.method === 'two_round') {
        return countTwoRound(round.countedBefore + 1, tally, {
          ...context,
          keep: election.keep ?? 'all',
        });
      }
      return countMarks(election.method as 'plurality' | 'block' | 'approval', tally, context);
    }
    case 'ranking':
      // STV counts whole ballots: an assembly that weighs colleges cannot choose it (refused
      // at the election's creation and at each round's opening).
      return countStv(rankingsTally(round.groups, round.sites), context);
  }
}

/** The seats this round's count gave, and whether another round is needed. */
export function roundOutcome(count: ElectionCount) {
  const nextRound = 'nextRound' in count ? count.nextRound : null;
  return { elected: count.seats.elected, nextRound };
}

const emptyCell = (): ElectionCell => ({ ballots: 0, blank: 0, byCandidate: {} });

function addTo(cell: ElectionCell, candidateId: string, values: readonly number[]) {
  const into = (cell.byCandidate[candidateId] ??= Array<number>(values.length).fill(0));
  values.forEach((value, index) => (into[index] = (into[index] ?? 0) + value));
}

/** Adds two cells (merging small groups). */
export function addCells(a: ElectionCell, b: ElectionCell): ElectionCell {
  const sum: ElectionCell = {
    ballots: a.ballots + b.ballots,
    blank: a.blank + b.blank,
    byCandidate: {},
  };
  for (const cell of [a, b]) {
    for (const [id, values] of Object.entries(cell.byCandidate)) addTo(sum, id, values);
  }
  return sum;
}

/**
 * The round per college of the voters and per site, unweighted: each cell's ballots and what
 * each name got there (see `electionCellSchema`).
 */
export function breakdowns(
  round: Pick<RoundToCount, 'election' | 'groups' | 'sites' | 'onBallot' | 'language'>,
) {
  const kind = selectionKind(round.election.method);
  const gradeCount = (round.election.grades ?? defaultGradeLabels[round.language]).length;
  const byCollege: Record<string, ElectionCell> = {};
  const bySite: Record<string, ElectionCell> = {};
  const cellsOf = (collegeId: string | null, siteId: string | null) =>
    [
      collegeId && (byCollege[collegeId] ??= emptyCell()),
      siteId && (bySite[siteId] ??= emptyCell()),
    ].filter((cell): cell is ElectionCell => Boolean(cell));
  for (const { selection, collegeId, siteId, count } of round.groups) {
    for (const cell of cellsOf(collegeId, siteId)) {
      cell.ballots += count;
      if (isBlank(selection)) {
        cell.blank += count;
        continue;
      }
      if ('marks' in selection) for (const id of selection.marks) addTo(cell, id, [count]);
      else if ('ranking' in selection) addTo(cell, selection.ranking[0]!, [count]);
      else {
        for (const id of round.onBallot) {
          const profile = Array<number>(gradeCount).fill(0);
          profile[selection.grades[id] ?? gradeCount - 1] = count;
          addTo(cell, id, profile);
        }
      }
    }
  }
  for (const site of round.sites) {
    for (const cell of cellsOf(site.collegeId, site.siteId)) {
      cell.ballots += site.ballots;
      cell.blank += site.blank;
      const counts = site.counts;
      if ('votes' in counts)
        for (const [id, n] of Object.entries(counts.votes)) addTo(cell, id, [n]);
      else if ('rankings' in counts) {
        for (const { ranking, count } of counts.rankings) addTo(cell, ranking[0]!, [count]);
      } else if (kind === 'grades') {
        const expressed = site.ballots - site.blank;
        for (const id of round.onBallot) {
          const profile = Array.from(
            { length: gradeCount },
            (_, grade) => counts.profiles[id]?.[grade] ?? 0,
          );
          profile[gradeCount - 1]! += Math.max(0, expressed - profile.reduce((a, b) => a + b, 0));
          addTo(cell, id, profile);
        }
      }
    }
  }
  return { byCollege, bySite };
}

/** A secret round's breakdowns as they may be published: small groups merged. */
export function protectElectionCells(cells: ReturnType<typeof breakdowns>, minimumGroup: number) {
  const sizeOf = (cell: ElectionCell) => cell.ballots;
  const colleges = mergeSmallCellsOf(cells.byCollege, minimumGroup, sizeOf, addCells);
  const sites = mergeSmallCellsOf(cells.bySite, minimumGroup, sizeOf, addCells);
  return {
    byCollege: colleges.shown,
    bySite: sites.shown,
    privacy: { minimumGroup, otherColleges: colleges.other, otherSites: sites.other },
  };
}
