// Types only from @cercle/shared: the election page's components read this in the browser.
import type { ElectionMethod, ElectionSelection, ElectionStatus } from '@cercle/shared';
import type { FormProblem } from './forms.ts';
import type { MessageKey, MessageParams } from './i18n/messages.ts';

/**
 * How a method's ballot reads: `single` one name or blank (plurality), `marks` several names
 * ticked (block, two-round, approval), `grades` a grade for each name (majority judgment),
 * `ranking` the names in order of preference (STV).
 */
export type BallotFamily = 'single' | 'marks' | 'grades' | 'ranking';

export function ballotFamily(method: ElectionMethod): BallotFamily {
  switch (method) {
    case 'plurality':
      return 'single';
    case 'block':
    case 'two_round':
    case 'approval':
      return 'marks';
    case 'majority_judgment':
      return 'grades';
    case 'stv':
      return 'ranking';
  }
}

/**
 * The most names one ballot may mark, as the API's `maxMarks` says (the browser does not load
 * the counting module): one for plurality, one per seat for block and two-round, no limit (null)
 * for approval and for the methods that do not mark names.
 */
export function markLimit(method: ElectionMethod, seats: number): number | null {
  switch (method) {
    case 'plurality':
      return 1;
    case 'block':
    case 'two_round':
      return seats;
    default:
      return null;
  }
}

/** The sentence above a ballot, telling what to do with it (with names, or with options). */
export function ballotInstruction(
  method: ElectionMethod,
  seats: number,
  subject: 'people' | 'options' = 'people',
): { key: MessageKey; params?: MessageParams } {
  const prefix = subject === 'people' ? 'electionBallot' : 'electionBallotOptions';
  switch (method) {
    case 'plurality':
      return { key: `${prefix}.instruction.plurality` };
    case 'block':
    case 'two_round':
      return seats === 1
        ? { key: `${prefix}.instruction.marksOne` }
        : { key: `${prefix}.instruction.marksUpTo`, params: { max: seats } };
    case 'approval':
      return { key: `${prefix}.instruction.approval` };
    case 'majority_judgment':
      return { key: `${prefix}.instruction.majority_judgment` };
    case 'stv':
      return { key: `${prefix}.instruction.stv` };
  }
}

/** An election still takes candidacies or options (nothing published, nothing voted). */
export const isPreparing = (status: ElectionStatus) => status === 'preparing';

/** A secretary may open a round: the list is published, or round 1 called for a round 2. */
export const mayOpenRound = (status: ElectionStatus) =>
  status === 'published' || status === 'between_rounds';

export const isFinished = (status: ElectionStatus) =>
  status === 'decided' || status === 'cancelled';

// ---- The ballot form ---------------------------------------------------------------------------

/** What a ballot form holds, as the page shows it (again after a refusal, or to change it). */
export interface BallotDraft {
  /** Names ticked (plurality: the one chosen). */
  marks: string[];
  /** The blank ballot chosen on purpose. */
  blank: boolean;
  /** Majority judgment: grade index (0 = best) per name graded. */
  grades: Record<string, number>;
  /** STV: the rank chosen per name, as typed ('' or absent: not ranked). */
  ranks: Record<string, string>;
}

export const emptyDraft = (): BallotDraft => ({ marks: [], blank: false, grades: {}, ranks: {} });

/** The form of a ballot already recorded, to change it (open ballots only). */
export function draftFromSelection(selection: ElectionSelection | null): BallotDraft {
  const draft = emptyDraft();
  if (!selection) return draft;
  if ('marks' in selection) {
    draft.marks = [...selection.marks];
    draft.blank = selection.marks.length === 0;
  } else if ('grades' in selection) {
    draft.grades = { ...selection.grades };
    draft.blank = Object.keys(selection.grades).length === 0;
  } else {
    selection.ranking.forEach((id, index) => (draft.ranks[id] = String(index + 1)));
    draft.blank = selection.ranking.length === 0;
  }
  return draft;
}

/** The names of a ballot form, shared by the form, its action and the tests. */
export const ballotFields = {
  mark: 'mark',
  blank: 'blank',
  /** The value of plurality's « vote blanc » radio button. */
  blankChoice: 'blank',
  grade: (candidateId: string) => `grade-${candidateId}`,
  rank: (candidateId: string) => `rank-${candidateId}`,
  /** The id of the ballot's fieldset: refusals about the whole ballot point there. */
  group: (pollId: string) => `ballot-${pollId}`,
} as const;

export interface BallotSpec {
  pollId: string;
  method: ElectionMethod;
  seats: number;
  /** The round's candidates, in ballot order. */
  candidates: readonly { id: string; label: string }[];
  /** Majority judgment: how many grades the ballot offers. */
  gradeCount: number;
}

type FormLike = Pick<FormData, 'get' | 'getAll'>;

const text = (form: FormLike, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export type BallotReading =
  | { ok: true; draft: BallotDraft; selection: ElectionSelection }
  | { ok: false; draft: BallotDraft; problem: FormProblem };

/**
 * Reads a ballot form into the API's selection, refusing what the method does not allow (the
 * API checks again): too many names, a blank ballot with names on it, two names at one rank.
 * An empty ballot is sent only when « vote blanc » was chosen, so that a ballot sent by mistake
 * before choosing anything is not counted blank.
 */
export function readBallotForm(form: FormLike, spec: BallotSpec): BallotReading {
  const family = ballotFamily(spec.method);
  const known = new Set(spec.candidates.map((candidate) => candidate.id));
  const group = ballotFields.group(spec.pollId);
  const draft = emptyDraft();
  const refuse = (problem: FormProblem): BallotReading => ({ ok: false, draft, problem });

  if (family === 'single' || family === 'marks') {
    const picked = form
      .getAll(ballotFields.mark)
      .filter((value): value is string => typeof value === 'string');
    const blankChosen =
      family === 'single'
        ? picked.includes(ballotFields.blankChoice)
        : form.get(ballotFields.blank) !== null;
    draft.marks = [...new Set(picked.filter((id) => id !== ballotFields.blankChoice))];
    draft.blank = blankChosen;
    if (draft.marks.some((id) => !known.has(id))) {
      return refuse({ field: group, key: 'electionBallot.unknownCandidate' });
    }
    if (blankChosen && draft.marks.length > 0) {
      return refuse({ field: group, key: 'electionBallot.blankWithNames' });
    }
    const limit = markLimit(spec.method, spec.seats);
    if (limit !== null && draft.marks.length > limit) {
      return refuse({ field: group, key: 'electionBallot.tooMany', params: { max: limit } });
    }
    if (!blankChosen && draft.marks.length === 0) {
      const key = family === 'single' ? 'electionBallot.chooseOne' : 'electionBallot.chooseSome';
      return refuse({ field: group, key });
    }
    return { ok: true, draft, selection: { marks: draft.marks } };
  }

  draft.blank = form.get(ballotFields.blank) !== null;

  if (family === 'grades') {
    for (const { id } of spec.candidates) {
      const raw = text(form, ballotFields.grade(id));
      if (raw === '') continue;
      const grade = Number(raw);
      if (!Number.isInteger(grade) || grade < 0 || grade >= spec.gradeCount) {
        return refuse({ field: ballotFields.grade(id), key: 'electionBallot.unknownGrade' });
      }
      draft.grades[id] = grade;
    }
    const graded = Object.keys(draft.grades).length;
    if (draft.blank && graded > 0) {
      return refuse({ field: group, key: 'electionBallot.blankWithGrades' });
    }
    if (!draft.blank && graded === 0) {
      return refuse({ field: group, key: 'electionBallot.gradeSome' });
    }
    return { ok: true, draft, selection: { grades: draft.grades } };
  }

  for (const { id } of spec.candidates) {
    const raw = text(form, ballotFields.rank(id));
    if (raw !== '') draft.ranks[id] = raw;
  }
  const ranked = rankingFromRanks(draft.ranks, spec.candidates);
  if (!ranked.ok) {
    const { rank, candidateIds } = ranked;
    const names = candidateIds.map((id) => labelOf(spec.candidates, id)).join(', ');
    return refuse(
      ranked.code === 'duplicate'
        ? {
            field: ballotFields.rank(candidateIds[0]!),
            key: 'electionBallot.duplicateRank',
            params: { rank, names },
          }
        : { field: ballotFields.rank(candidateIds[0]!), key: 'electionBallot.unknownRank' },
    );
  }
  if (draft.blank && ranked.ranking.length > 0) {
    return refuse({ field: group, key: 'electionBallot.blankWithRanking' });
  }
  if (!draft.blank && ranked.ranking.length === 0) {
    return refuse({ field: group, key: 'electionBallot.rankSome' });
  }
  return { ok: true, draft, selection: { ranking: ranked.ranking } };
}

const labelOf = (candidates: readonly { id: string; label: string }[], id: string) =>
  candidates.find((candidate) => candidate.id === id)?.label ?? id;

export type RankingReading =
  | { ok: true; ranking: string[] }
  | { ok: false; code: 'duplicate' | 'invalid'; rank: number; candidateIds: string[] };

/**
 * An STV ranking from the rank chosen for each name (« 1 », « 2 »…; absent: not ranked): the
 * ranked names sorted by rank. Gaps do not matter (1, 2, 4 reads as 1, 2, 3); two names at one
 * rank do, since the ballot would not say which is preferred: the first such rank is refused,
 * with the names sharing it in ballot order.
 */
export function rankingFromRanks(
  ranks: Readonly<Record<string, string>>,
  candidates: readonly { id: string }[],
): RankingReading {
  const byRank = new Map<number, string[]>();
  for (const { id } of candidates) {
    const raw = ranks[id];
    if (raw === undefined || raw === '') continue;
    const rank = Number(raw);
    if (!Number.isInteger(rank) || rank < 1 || rank > candidates.length) {
      return { ok: false, code: 'invalid', rank, candidateIds: [id] };
    }
    byRank.set(rank, [...(byRank.get(rank) ?? []), id]);
  }
  const sorted = [...byRank.entries()].sort(([a], [b]) => a - b);
  const shared = sorted.find(([, ids]) => ids.length > 1);
  if (shared) return { ok: false, code: 'duplicate', rank: shared[0], candidateIds: shared[1] };
  return { ok: true, ranking: sorted.map(([, ids]) => ids[0]!) };
}

/**
 * Ranks given to more than one name, for the form's warning while the voter still chooses:
 * rank → the names' ids (an empty map when every rank is used once).
 */
export function sharedRanks(ranks: Readonly<Record<string, string>>): Map<string, string[]> {
  const byRank = new Map<string, string[]>();
  for (const [id, rank] of Object.entries(ranks)) {
    if (rank !== '') byRank.set(rank, [...(byRank.get(rank) ?? []), id]);
  }
  return new Map([...byRank].filter(([, ids]) => ids.length > 1));
}

/** One line of « what I chose », for the notice after voting and the recorded ballot. */
export type SelectionLine =
  | { kind: 'blank' }
  | { kind: 'mark'; label: string }
  | { kind: 'grade'; label: string; grade: string }
  | { kind: 'rank'; label: string; rank: number };

/**
 * A selection in words, in the ballot's order: the names marked; every name with its grade
 * (ungraded ones with the lowest, as they are counted); the ranking, most preferred first.
 */
export function describeSelection(
  selection: ElectionSelection,
  candidates: readonly { id: string; label: string }[],
  grades: readonly string[],
): SelectionLine[] {
  if ('marks' in selection) {
    if (selection.marks.length === 0) return [{ kind: 'blank' }];
    return candidates
      .filter((candidate) => selection.marks.includes(candidate.id))
      .map((candidate) => ({ kind: 'mark', label: candidate.label }));
  }
  if ('grades' in selection) {
    if (Object.keys(selection.grades).length === 0) return [{ kind: 'blank' }];
    const lowest = grades.length - 1;
    return candidates.map((candidate) => ({
      kind: 'grade',
      label: candidate.label,
      grade: grades[selection.grades[candidate.id] ?? lowest] ?? '?',
    }));
  }
  if (selection.ranking.length === 0) return [{ kind: 'blank' }];
  return selection.ranking.map((id, index) => ({
    kind: 'rank',
    label: labelOf(candidates, id),
    rank: index + 1,
  }));
}

/** How the call for candidacies' dates read: both, one of them, or none (open until published). */
export function callDatesKey(
  openAt: string | null,
  closeAt: string | null,
): 'election.callBetween' | 'election.callFrom' | 'election.callUntil' | 'election.callNoDates' {
  if (openAt && closeAt) return 'election.callBetween';
  if (openAt) return 'election.callFrom';
  if (closeAt) return 'election.callUntil';
  return 'election.callNoDates';
}

/**
 * The seats a round fills, which bound a block or two-round ballot: all of them, except in the
 * two-round method's round 2, which fills what round 1 left (as its count said; else the seats
 * nobody holds yet).
 */
export function seatsOfRound(
  election: {
    method: ElectionMethod;
    seats: number;
    elected: readonly unknown[];
    rounds: readonly {
      round: number;
      result: { count: { method: string; nextRound?: { seats: number } | null } | null } | null;
    }[];
  },
  round: { round: number },
): number {
  if (election.method !== 'two_round' || round.round === 1) return election.seats;
  const previous = election.rounds.find((candidate) => candidate.round === round.round - 1);
  const count = previous?.result?.count;
  if (count?.method === 'two_round' && count.nextRound) return count.nextRound.seats;
  return Math.max(1, election.seats - election.elected.length);
}
