import type { ElectionRow, ElectionSiteTally } from '@cercle/db';
import { type ElectionSiteCountsBody, maxMarks } from '@cercle/shared';
import { AppError } from '../../errors.ts';
import { selectionKind } from './election-ballots.ts';

/**
 * A site's paper count in the method's form, checked against what paper ballots can hold:
 * names of this round only; per name no more votes than expressed ballots, and in all no more
 * marks than the ballots allow; a grade profile per name within the expressed ballots (names
 * left ungraded get the lowest grade); rankings that add up to the expressed ballots.
 */
export function checkSiteTally(
  body: ElectionSiteCountsBody,
  election: Pick<ElectionRow, 'method' | 'seats' | 'grades'>,
  candidateIds: readonly string[],
): ElectionSiteTally {
  const refuse = (field: string, message: string): never => {
    throw new AppError(400, 'validation.invalid', `${field}: ${message}`, field);
  };
  const known = new Set(candidateIds);
  const expressed = body.ballots - (body.blank ?? 0);
  const unknown = (ids: readonly string[]) => ids.find((id) => !known.has(id));
  switch (selectionKind(election.method)) {
    case 'marks': {
      const votes = body.votes ?? refuse('votes', 'give the votes per name');
      if (unknown(Object.keys(votes))) refuse('votes', 'a name that is not on this round’s ballot');
      if (Object.values(votes).some((n) => n > expressed)) {
        refuse('votes', 'a name has more votes than there are expressed ballots');
      }
      const limit = maxMarks(
        election.method as Exclude<ElectionRow['method'], 'majority_judgment' | 'stv'>,
        election.seats,
      );
      const marks = Object.values(votes).reduce((sum, n) => sum + n, 0);
      if (limit !== null && marks > expressed * limit) {
        refuse(
          'votes',
          `more names marked than ${expressed} ballot(s) of ${limit} name(s) can hold`,
        );
      }
      return { votes };
    }
    case 'grades': {
      const profiles = body.profiles ?? refuse('profiles', 'give the grades per name');
      const grades = election.grades?.length ?? 7;
      if (unknown(Object.keys(profiles)))
        refuse('profiles', 'a name that is not on this round’s ballot');
      for (const profile of Object.values(profiles)) {
        if (profile.length > grades) refuse('profiles', `at most ${grades} grades per name`);
        if (profile.reduce((sum, n) => sum + n, 0) > expressed) {
          refuse('profiles', 'a name has more grades than there are expressed ballots');
        }
      }
      return { profiles };
    }
    case 'ranking': {
      const rankings = body.rankings ?? refuse('rankings', 'give the rankings with their number');
      for (const { ranking } of rankings) {
        if (unknown(ranking) || new Set(ranking).size !== ranking.length) {
          refuse('rankings', 'a ranking names each candidate of this round at most once');
        }
      }
      if (rankings.reduce((sum, entry) => sum + entry.count, 0) !== expressed) {
        refuse('rankings', 'the rankings must add up to the ballots that are not blank');
      }
      return { rankings: rankings.filter((entry) => entry.count > 0) };
    }
  }
}
