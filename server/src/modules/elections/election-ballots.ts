/**
 * An election round's ballots: what a valid selection is for the method, and where the ballot
 * batcher keeps it (one row per voter for an open round; for a secret round, distinct ballots
 * with how many gave them, and no voter).
 */
import { sql } from 'drizzle-orm';
import { type ElectionSelection, queryRows } from '@cercle/db';
import {
  checkGrades,
  checkRanking,
  checkMarks,
  type ElectionMethod,
  maxMarks,
  type StandingCandidate,
} from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { type BallotStore, inIds } from '../polls/ballot-batcher.ts';

/** The family of ballot a method takes: names marked, a grade per name, or a ranking. */
export function selectionKind(method: ElectionMethod): 'marks' | 'grades' | 'ranking' {
  if (method === 'majority_judgment') return 'grades';
  if (method === 'stv') return 'ranking';
  return 'marks';
}

/**
 * The ballot in its canonical form (marks sorted, grades by name), so that two identical ballots
 * are stored and counted as one kind, or refused with the field at fault. An empty selection is
 * a blank ballot.
 */
export function checkSelection(
  selection: ElectionSelection,
  election: { method: ElectionMethod; seats: number; grades: string[] | null },
  candidateIds: readonly string[],
): ElectionSelection {
  const refuse = (message: string): never => {
    throw new AppError(400, 'ballots.invalid_selection', message, 'selection');
  };
  const kind = selectionKind(election.method);
  const candidates: StandingCandidate[] = candidateIds.map((id) => ({
    id,
    collegeId: null,
    category: null,
  }));
  const context = {
    candidates,
    rules: { seats: election.seats, reserved: [], parity: false },
    tieOrder: [],
  };
  if (kind === 'marks') {
    if (!('marks' in selection)) refuse('This vote takes names marked: { marks: [...] }.');
    const marks = (selection as { marks: string[] }).marks;
    const method = election.method as Exclude<ElectionMethod, 'majority_judgment' | 'stv'>;
    const problem = checkMarks(method, marks, context);
    if (problem?.code === 'too_many') {
      refuse(`At most ${maxMarks(method, election.seats)} name(s) on this ballot.`);
    }
    if (problem) refuse(`Not a candidate of this round, or marked twice: ${problem.candidateId}.`);
    return { marks: [...marks].sort() };
  }
  if (kind === 'grades') {
    if (!('grades' in selection)) refuse('This vote takes a grade per name: { grades: {...} }.');
    const grades = (selection as { grades: Record<string, number> }).grades;
    const problem = checkGrades(grades, context, election.grades?.length ?? 7);
    if (problem) refuse(`Not a candidate of this round, or no such grade: ${problem.candidateId}.`);
    return {
      grades: Object.fromEntries(Object.entries(grades).sort(([a], [b]) => (a < b ? -1 : 1))),
    };
  }
  if (!('ranking' in selection)) refuse('This vote takes a ranking: { ranking: [...] }.');
  const ranking = (selection as { ranking: string[] }).ranking;
  if (checkRanking(ranking, context)) {
    refuse('A ranking names each candidate of this round at most once.');
  }
  return { ranking: [...ranking] };
}

export function isBlank(selection: ElectionSelection) {
  if ('marks' in selection) return selection.marks.length === 0;
  if ('grades' in selection) return Object.keys(selection.grades).length === 0;
  return selection.ranking.length === 0;
}

/** An open election round's ballots, for what the ballot batcher leaves to its store. */
export const selectionStore: BallotStore<ElectionSelection> = {
  async storedAnswers(tx, pollId, voterIds) {
    const rows = await queryRows<{ voter_id: string; selection: ElectionSelection }>(
      tx,
      sql`select voter_id, selection from election_ballots
          where poll_id = ${pollId}
            and voter_id in ${inIds(voterIds)}`,
    );
    return new Map(rows.map((row) => [row.voter_id, row.selection]));
  },

  async change(tx, pollId, ballot) {
    await tx.execute(
      sql`update election_ballots set selection = ${JSON.stringify(ballot.answer)}::jsonb
          where poll_id = ${pollId} and voter_id = ${ballot.voterId}`,
    );
  },
};
