import type { Outcome, Result, ResultBasis, VoteRule } from './decisions.ts';
import { participantsRequired } from './quorum.ts';
import type { Locale } from './roles.ts';

/**
 * Words for how a result was decided, in the assembly's language. One source for the web pages,
 * the projector, the minutes and the exported documents, so they never tell it differently.
 */
const words = {
  fr: {
    rules: {
      simple: 'Majorité simple',
      absolute: 'Majorité absolue',
      two_thirds: 'Majorité des deux tiers',
      members_absolute: 'Majorité absolue des membres',
    },
    weighted: 'pondérée par collège',
    of: {
      simple: 'exprimés (pour et contre)',
      absolute: 'votes (abstentions comprises)',
      two_thirds: 'exprimés (pour et contre)',
      members_absolute: 'inscrits',
    },
    yesOutOf: (yes: string, of: string, what: string) => `${yes} pour sur ${of} ${what}`,
    share: (share: string) => `soit ${share}`,
    needed: (rule: VoteRule, threshold: string) =>
      rule === 'two_thirds'
        ? `il en fallait au moins ${threshold}`
        : `il en fallait plus de ${threshold}`,
    weightedShare: (share: string) => `${share} de pour, chaque collège pesant selon sa part`,
    nothingExpressed: 'aucune voix exprimée',
    noCollegeExpressed: 'aucun collège ne s’est exprimé',
    everyCollege: (passed: boolean) =>
      passed
        ? 'La majorité, requise dans chaque collège, y est atteinte.'
        : 'La majorité, requise dans chaque collège, manque dans au moins un collège.',
    quorum: (reached: boolean) => (reached ? 'Quorum' : 'Quorum non atteint'),
    participants: (count: string, present: boolean) =>
      present ? `${count} présents ou représentés` : `${count} votants`,
    outOf: (electorate: string) => `sur ${electorate} inscrits`,
    required: (count: string, share: string) => `il en fallait ${count} (${share})`,
    quorumState: (reached: boolean) => (reached ? 'atteint' : 'pas de décision'),
    consent: 'Consentement',
    objections: (count: string) => `${count} objection${count === '1' ? '' : 's'}`,
    noObjection: 'aucune objection',
    among: (count: string) => `sur ${count} positions`,
    noStance: 'aucune position exprimée',
    outcomes: {
      adopted: 'adoption',
      rejected: 'rejet',
      objected: 'pas de consentement, les objections sont à traiter',
      no_quorum: 'pas de décision',
    } satisfies Record<Outcome, string>,
    colon: ' : ',
  },
  en: {
    rules: {
      simple: 'Simple majority',
      absolute: 'Absolute majority',
      two_thirds: 'Two-thirds majority',
      members_absolute: 'Absolute majority of members',
    },
    weighted: 'weighted by college',
    of: {
      simple: 'cast (for and against)',
      absolute: 'votes (abstentions included)',
      two_thirds: 'cast (for and against)',
      members_absolute: 'entitled',
    },
    yesOutOf: (yes: string, of: string, what: string) => `${yes} in favour out of ${of} ${what}`,
    share: (share: string) => `i.e. ${share}`,
    needed: (rule: VoteRule, threshold: string) =>
      rule === 'two_thirds'
        ? `at least ${threshold} was needed`
        : `more than ${threshold} was needed`,
    weightedShare: (share: string) => `${share} in favour, each college weighing its share`,
    nothingExpressed: 'no vote cast for or against',
    noCollegeExpressed: 'no college expressed a view',
    everyCollege: (passed: boolean) =>
      passed
        ? 'The majority, required in every college, is reached in each.'
        : 'The majority, required in every college, is missing in at least one.',
    quorum: (reached: boolean) => (reached ? 'Quorum' : 'Quorum not reached'),
    participants: (count: string, present: boolean) =>
      present ? `${count} present or represented` : `${count} voted`,
    outOf: (electorate: string) => `out of ${electorate} entitled`,
    required: (count: string, share: string) => `${count} needed (${share})`,
    quorumState: (reached: boolean) => (reached ? 'reached' : 'no decision'),
    consent: 'Consent',
    objections: (count: string) => `${count} objection${count === '1' ? '' : 's'}`,
    noObjection: 'no objection',
    among: (count: string) => `among ${count} stances`,
    noStance: 'no stance given',
    outcomes: {
      adopted: 'adopted',
      rejected: 'rejected',
      objected: 'no consent, the objections are to be answered',
      no_quorum: 'no decision',
    } satisfies Record<Outcome, string>,
    colon: ': ',
  },
} as const;

/**
 * How the result was decided, in words: quorum when one applies, then the rule, the share
 * reached and the threshold, weighting when on, and the outcome, e.g. « Majorité des deux
 * tiers : 4 pour sur 7 exprimés (pour et contre), soit 57,1 %, il en fallait au moins 66,7 % —
 * rejet. » Results closed before the basis was stored get the outcome alone.
 */
export function explainResult(result: Result, locale: Locale): string {
  const w = words[locale];
  const number = (value: number) => new Intl.NumberFormat(locale).format(value);
  const percent = (value: number) =>
    new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  const basis = result.basis;
  const outcome = w.outcomes[result.outcome];
  if (!basis) return `${capitalise(outcome)}.`;

  const sentences: string[] = [];
  if (basis.quorum > 0 || !result.quorumReached) {
    const required = participantsRequired(basis.quorum, basis.electorate);
    sentences.push(
      `${w.quorum(result.quorumReached)}${w.colon}${[
        `${w.participants(number(basis.participants), basis.participation === 'present')} ${w.outOf(number(basis.electorate))}`,
        w.required(number(required), percent(basis.quorum)),
      ].join(', ')} — ${w.quorumState(result.quorumReached)}.`,
    );
  }
  if (!result.quorumReached) return sentences.join(' ');

  if (basis.kind === 'consent') sentences.push(consentSentence(result, w, number, outcome));
  else sentences.push(...voteSentences(result, basis, w, number, percent, outcome));
  return sentences.join(' ');
}

type Words = (typeof words)[Locale];

function consentSentence(
  result: Result,
  w: Words,
  number: (value: number) => string,
  outcome: string,
): string {
  const stances = Object.values(result.totals).reduce((sum, count) => sum + (count ?? 0), 0);
  const detail = !stances
    ? w.noStance
    : `${result.objections ? w.objections(number(result.objections)) : w.noObjection} ${w.among(number(stances))}`;
  return `${w.consent}${w.colon}${detail} — ${outcome}.`;
}

function voteSentences(
  result: Result,
  basis: ResultBasis,
  w: Words,
  number: (value: number) => string,
  percent: (value: number) => string,
  outcome: string,
): string[] {
  const rule = basis.rule ?? 'simple';
  const threshold = percent(rule === 'two_thirds' ? 2 / 3 : 1 / 2);
  if (basis.weighted) {
    const detail =
      result.yesShare === undefined
        ? w.noCollegeExpressed
        : `${w.weightedShare(percent(result.yesShare))}, ${w.needed(rule, threshold)}`;
    const sentences = [`${w.rules[rule]} ${w.weighted}${w.colon}${detail} — ${outcome}.`];
    if (basis.majorityInEveryCollege && basis.everyCollegePassed !== undefined) {
      sentences.push(w.everyCollege(basis.everyCollegePassed));
    }
    return sentences;
  }
  const yes = basis.yes ?? result.totals.yes ?? 0;
  const of = basis.of ?? 0;
  const detail = !of
    ? w.nothingExpressed
    : [
        w.yesOutOf(number(yes), number(of), w.of[rule]),
        w.share(percent(yes / of)),
        w.needed(rule, threshold),
      ].join(', ');
  return [`${w.rules[rule]}${w.colon}${detail} — ${outcome}.`];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
