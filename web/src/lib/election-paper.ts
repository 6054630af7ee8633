// Types only from @cercle/shared: the site count form reads this in the browser too.
import type { ElectionMethod, ElectionSiteCountsBody } from '@cercle/shared';
import { ballotFamily, markLimit } from './elections.ts';
import type { FormProblem } from './forms.ts';

/** The largest count one site may report for one figure (the API's bound). */
export const maxSiteCount = 1_000_000;

// ---- STV paper rankings ------------------------------------------------------------------------

/** A name as typed and as listed compare equal without case, accents or extra spaces. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/\s+/g, ' ')
    .trim();
}

export type RankingLineProblem =
  | { line: number; code: 'count' }
  | { line: number; code: 'empty_name' }
  | { line: number; code: 'unknown_name'; name: string }
  | { line: number; code: 'ambiguous_name'; name: string }
  | { line: number; code: 'twice'; name: string };

export interface PaperRankings {
  /** Each distinct ranking once, most preferred first, with how many ballots gave it. */
  rankings: { ranking: string[]; count: number }[];
  problems: RankingLineProblem[];
}

// An « x » is the sign only before a space: « 3 Xavier » is a missing sign, not « avier ».
const countPrefix = /^(\d+)\s*(?:[×*:]|[xX](?=\s))\s*/u;
const looksCounted = /^\d+\s*(?:[×xX*:]|\s)/u;

/**
 * « 3 × Awa > Bruno > Chloé »: how many ballots, then the names in order, most preferred first.
 * The count may be written « 3 × », « 3 x », « 3 * » or « 3 : »; without one, the line is one
 * ballot. Names are the candidates' as listed, without regard to case, accents or spaces. Empty
 * lines are skipped; the same ranking on two lines adds up.
 */
export function parsePaperRankings(
  text: string,
  candidates: readonly { id: string; label: string }[],
): PaperRankings {
  const byName = new Map<string, string[]>();
  for (const { id, label } of candidates) {
    const key = normaliseName(label);
    byName.set(key, [...(byName.get(key) ?? []), id]);
  }
  const problems: RankingLineProblem[] = [];
  const counts = new Map<string, { ranking: string[]; count: number }>();

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    let rest = raw.trim();
    if (rest === '') return;
    let count = 1;
    const prefix = countPrefix.exec(rest);
    if (prefix) {
      count = Number(prefix[1]);
      rest = rest.slice(prefix[0].length);
    } else if (looksCounted.test(rest)) {
      // « 3 Awa > Bruno »: a number without its sign is more likely a slip than a name.
      problems.push({ line, code: 'count' });
      return;
    }
    if (!Number.isInteger(count) || count < 1 || count > maxSiteCount) {
      problems.push({ line, code: 'count' });
      return;
    }
    const ranking: string[] = [];
    for (const part of rest.split('>')) {
      const name = part.trim();
      if (name === '') {
        problems.push({ line, code: 'empty_name' });
        return;
      }
      const ids = byName.get(normaliseName(name)) ?? [];
      if (ids.length === 0) {
        problems.push({ line, code: 'unknown_name', name });
        return;
      }
      if (ids.length > 1) {
        problems.push({ line, code: 'ambiguous_name', name });
        return;
      }
      if (ranking.includes(ids[0]!)) {
        problems.push({ line, code: 'twice', name });
        return;
      }
      ranking.push(ids[0]!);
    }
    const key = ranking.join('\u0000');
    const seen = counts.get(key);
    if (seen) seen.count += count;
    else counts.set(key, { ranking, count });
  });

  return { rankings: [...counts.values()], problems };
}

// ---- The site count form -----------------------------------------------------------------------

/** The names of the site count form's inputs, shared by the form, its action and the tests. */
export const siteCountFields = {
  site: 'siteId',
  college: 'collegeId',
  ballots: 'ballots',
  blank: 'blank',
  votes: (candidateId: string) => `votes-${candidateId}`,
  grade: (candidateId: string, grade: number) => `profile-${candidateId}-${grade}`,
  rankings: 'rankings',
} as const;

export interface SiteCountSpec {
  method: ElectionMethod;
  /** The seats the round fills: a block or two-round ballot marks that many names at most. */
  seats: number;
  /** The open round's candidates, in ballot order. */
  candidates: readonly { id: string; label: string }[];
  gradeCount: number;
  /** The sites the person may count for. */
  siteIds: readonly string[];
  /** When the assembly weighs its colleges: each count is one college's ballots. */
  collegeIds: readonly string[] | null;
}

type FormLike = Pick<FormData, 'get'>;

export type SiteCountReading =
  | { ok: true; values: Record<string, string>; body: ElectionSiteCountsBody }
  | { ok: false; values: Record<string, string>; problems: FormProblem[] };

/**
 * Reads a site's paper count: how many ballots, how many blank, and the figures in the method's
 * form. Empty figures are 0. Besides whole numbers, it checks what paper ballots can hold, as the
 * API does: blank ballots within the ballots; no name with more votes than expressed ballots
 * (ballots less blank), nor more names marked in all than those ballots can carry (one each for
 * plurality, one per seat for block and two-round); no name with more grades than expressed
 * ballots (the rest count at the lowest grade, as a name left ungraded does); rankings that add
 * up to the expressed ballots.
 */
export function readSiteCountForm(form: FormLike, spec: SiteCountSpec): SiteCountReading {
  const values: Record<string, string> = {};
  const problems: FormProblem[] = [];
  const read = (name: string) => {
    const value = form.get(name);
    values[name] = typeof value === 'string' ? value.trim() : '';
    return values[name];
  };
  const count = (name: string): number | null => {
    const raw = read(name);
    const number = raw === '' ? 0 : Number(raw);
    if (!Number.isInteger(number) || number < 0 || number > maxSiteCount) {
      problems.push({ field: name, key: 'validation.count' });
      return null;
    }
    return number;
  };

  const siteId = read(siteCountFields.site);
  if (!spec.siteIds.includes(siteId)) {
    problems.push({ field: siteCountFields.site, key: 'siteCount.siteRequired' });
  }
  const collegeId = read(siteCountFields.college);
  if (spec.collegeIds && !spec.collegeIds.includes(collegeId)) {
    problems.push({ field: siteCountFields.college, key: 'siteCount.collegeRequired' });
  }
  const ballots = count(siteCountFields.ballots);
  const blank = count(siteCountFields.blank);
  if (ballots !== null && blank !== null && blank > ballots) {
    problems.push({ field: siteCountFields.blank, key: 'siteCount.blankAboveBallots' });
  }
  const expressed = ballots !== null && blank !== null ? Math.max(0, ballots - blank) : null;
  const body: ElectionSiteCountsBody = {
    siteId,
    ...(spec.collegeIds ? { collegeId } : {}),
    ballots: ballots ?? 0,
    blank: blank ?? 0,
  };
  const tooMany = (field: string, name: string) =>
    problems.push({
      field,
      key: 'siteCount.aboveExpressed',
      params: { name, expressed: expressed ?? 0 },
    });

  switch (ballotFamily(spec.method)) {
    case 'single':
    case 'marks': {
      const votes: Record<string, number> = {};
      let total = 0;
      for (const { id, label } of spec.candidates) {
        const field = siteCountFields.votes(id);
        const figure = count(field);
        if (figure === null) continue;
        votes[id] = figure;
        total += figure;
        if (expressed !== null && figure > expressed) tooMany(field, label);
      }
      const limit = markLimit(spec.method, spec.seats);
      const first = spec.candidates[0];
      if (limit !== null && expressed !== null && first && total > expressed * limit) {
        problems.push({
          field: siteCountFields.votes(first.id),
          key: 'siteCount.marksAboveBallots',
          params: { total, expressed, max: limit },
        });
      }
      body.votes = votes;
      break;
    }
    case 'grades': {
      const profiles: Record<string, number[]> = {};
      for (const { id, label } of spec.candidates) {
        const profile: number[] = [];
        for (let grade = 0; grade < spec.gradeCount; grade += 1) {
          profile.push(count(siteCountFields.grade(id, grade)) ?? 0);
        }
        profiles[id] = profile;
        const total = profile.reduce((sum, figure) => sum + figure, 0);
        if (expressed !== null && total > expressed) tooMany(siteCountFields.grade(id, 0), label);
      }
      body.profiles = profiles;
      break;
    }
    case 'ranking': {
      const parsed = parsePaperRankings(read(siteCountFields.rankings), spec.candidates);
      for (const problem of parsed.problems) {
        problems.push({
          field: siteCountFields.rankings,
          key: `siteCount.rankingLine.${problem.code}`,
          params: { line: problem.line, ...('name' in problem ? { name: problem.name } : {}) },
        });
      }
      const total = parsed.rankings.reduce((sum, ranking) => sum + ranking.count, 0);
      if (parsed.problems.length === 0 && expressed !== null && total !== expressed) {
        problems.push({
          field: siteCountFields.rankings,
          key: 'siteCount.rankingsTotal',
          params: { total, expressed },
        });
      }
      body.rankings = parsed.rankings;
      break;
    }
  }

  return problems.length > 0 ? { ok: false, values, problems } : { ok: true, values, body };
}
