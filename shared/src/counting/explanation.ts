/**
 * Words for how an election round was decided and why each seat went where, in the assembly's
 * language: one source for the pages, the projector, the minutes and the exports, as
 * `result-explanation.ts` is for motions. They read the stored `RoundResult` only (the count each
 * method returns, see the rules at the top of each method's file), never count again.
 *
 * Names are never given a gender: a line reads « Awa Diallo — siège réservé au collège Réseaux,
 * mention majoritaire « Très bien » (1re place du classement). », and where French needs an
 * agreement it uses the inclusive point (« élu·e », « écarté·e »).
 */
import { participantsRequired } from '../quorum.ts';
import type { RoundResult } from '../elections.ts';
import { intlLocales } from '../message-format.ts';
import type { Locale } from '../roles.ts';
import { defaultGradeLabels, type MajorityJudgmentCount } from './majority-judgment.ts';
import type { MarksCount } from './marks.ts';
import type { StvCount, StvStage } from './stv.ts';
import type { TwoRoundCount } from './two-round.ts';
import {
  parityCap,
  type ElectionMethod,
  type PassedOver,
  type SeatAllocation,
  type StandingCandidate,
  type Tie,
} from './types.ts';

/** What the explanation needs besides the stored result: the election's settings and names. */
export interface RoundExplanationContext {
  method: ElectionMethod;
  seats: number;
  reserved: readonly { collegeId: string; seats: number }[];
  parity: boolean;
  /** Majority judgment: the election's own grades; null for the default scale (said in `locale`). */
  grades: readonly string[] | null;
  round: number;
  /** Candidate id → the person's name, or the option's words. */
  names: Readonly<Record<string, string>>;
  /** College id → its name. */
  colleges: Readonly<Record<string, string>>;
  /** 'options': a choice among options (« Option retenue : … »). Default: people. */
  subject?: 'people' | 'options';
  /**
   * The standing candidates as the count received them (college, declared category). Optional:
   * with them, a candidate passed over is told which category or college stopped them.
   */
  candidates?: readonly StandingCandidate[];
}

export interface RoundExplanation {
  /** The method, the seats and their rules, the ballots and the quorum. */
  summary: string;
  /** One line per seat given by this round, in the order they were given. */
  seats: string[];
  /** Everything else that decided: ties, candidates passed over, seats left, the next round, STV's stages. */
  details: string[];
}

// ---- Words ------------------------------------------------------------------------------------

const fr = {
  methods: {
    plurality: 'Scrutin majoritaire à un tour',
    block: 'Scrutin plurinominal majoritaire',
    two_round: 'Scrutin majoritaire à deux tours',
    approval: 'Vote par approbation',
    majority_judgment: 'Jugement majoritaire',
    stv: 'Vote unique transférable',
  } satisfies Record<ElectionMethod, string>,
  methodSummaries: {
    plurality:
      'Chaque bulletin désigne un seul nom ; celui que le plus de bulletins désignent l’emporte.',
    block:
      'Chaque bulletin désigne au plus autant de noms qu’il y a de sièges ; les noms les plus désignés prennent les sièges.',
    two_round:
      'Chaque bulletin désigne au plus autant de noms qu’il y a de sièges ; au 1er tour, seul un nom désigné par plus de la moitié des bulletins exprimés est élu, et les sièges restants vont au 2d tour aux noms les plus désignés.',
    approval:
      'Chaque bulletin approuve autant de noms que l’on veut ; les noms les plus approuvés prennent les sièges.',
    majority_judgment:
      'Chaque bulletin donne une mention à chaque nom ; les noms sont classés selon leur mention majoritaire (la mention médiane), et un nom dont la mention majoritaire est la plus basse n’est jamais retenu.',
    stv: 'Chaque bulletin classe les noms par ordre de préférence ; un nom qui atteint le quota est retenu, et les voix qu’il a en trop, comme celles du nom éliminé faute de voix, passent aux préférences suivantes.',
  } satisfies Record<ElectionMethod, string>,
  plural: (count: number) => count >= 2,
  colon: ' : ',
  quote: (text: string) => `« ${text} »`,
  ordinal: (rank: number) => (rank === 1 ? '1re' : `${rank}e`),
  roundOrdinal: (round: number) => (round === 1 ? '1er' : `${round}e`),

  // Summary.
  round: (round: string) => `${round} tour`,
  seatsLeft: (count: string, many: boolean, options: boolean) =>
    options
      ? `${count} ${many ? 'options' : 'option'} encore à retenir`
      : `${count} ${many ? 'sièges restants' : 'siège restant'}`,
  seats: (count: string, many: boolean) => `${count} ${many ? 'sièges' : 'siège'}`,
  optionsToChoose: (count: string, many: boolean) =>
    `${count} ${many ? 'options' : 'option'} à retenir`,
  reservedFirst: (count: string, many: boolean, college: string) =>
    `${count} ${many ? 'réservés' : 'réservé'} au collège ${college}`,
  reservedNext: (count: string, college: string) => `${count} au collège ${college}`,
  including: (seats: string, reserved: string) => `${seats} dont ${reserved}`,
  parity: 'parité',
  weighted: 'voix pondérées par collège',
  ballots: (count: string, many: boolean) => `${count} ${many ? 'bulletins' : 'bulletin'}`,
  blank: (count: string, many: boolean) => `(dont ${count} ${many ? 'blancs' : 'blanc'})`,
  listSeparator: ' ; ',
  participants: (count: string, many: boolean, electorate: string, manyEntitled: boolean) =>
    `${count} ${many ? 'votants' : 'votant'} sur ${electorate} ${manyEntitled ? 'inscrits' : 'inscrit'}`,
  quorumReached: (share: string) => `quorum atteint (${share} requis)`,
  noQuorum: (participants: string, needed: string, share: string, options: boolean) =>
    `Quorum non atteint : ${participants}, il en fallait ${needed} (${share}) ; ${
      options ? 'aucune option n’est retenue' : 'personne n’est élu'
    } à ce tour.`,

  // Seats.
  option: (name: string) => `Option retenue : ${name}`,
  reservedSeat: (college: string) => `siège réservé au collège ${college}`,
  openSeat: 'siège ouvert',
  votesOf: (votes: string, _many: boolean, expressed: string) =>
    `${votes} voix sur ${expressed} exprimés`,
  share: (share: string) => `soit ${share}`,
  weightedShare: (share: string) => `${share} des voix exprimées, pondérées par collège`,
  elected: 'élu·e',
  inRound: (round: string) => `au ${round} tour`,
  withVotes: (what: string) => `avec ${what}`,
  absoluteMajority: (needed: string) => `(majorité absolue : ${needed})`,
  moreThanHalf: (half: string) => `plus de ${half}`,
  relativeMajority: '(majorité relative)',
  majorityGrade: (grade: string, place: string) =>
    `mention majoritaire ${grade} (${place} place du classement)`,
  reachedQuota: (quota: string, stage: string) => `atteint le quota (${quota}) à l’étape ${stage}`,
  withoutQuota: (stage: string, votes: string, quota: string) =>
    `à l’étape ${stage} sans atteindre le quota (${votes} voix sur ${quota}), quand il ne restait plus de concurrent pour les sièges libres`,

  // Details: ties.
  lotTie: (list: string, what: string, outcome: string) =>
    `Égalité parfaite entre ${list} (${what}), départagée par le sort, tiré de l’empreinte des bulletins : ${outcome}.`,
  goesBefore: (first: string, second: string) => `${first} passe devant ${second}`,
  orderDrawn: (order: string) => `ordre retenu : ${order}`,
  sameVotes: (votes: string) => `${votes} voix`,
  sameGrades: 'autant de bulletins à chaque mention',
  gradeTieBreak: (first: string, second: string, grade: string, removal: string, moves: string) =>
    `${first} et ${second} ont la même mention ${grade} ; ${removal}, ${moves}.`,
  removedBallots: (count: string, many: boolean) =>
    `en retirant ${count} ${many ? 'bulletins médians' : 'bulletin médian'} de chacun`,
  removedWeight: (share: string) =>
    `en retirant de chacun les bulletins médians pesant ${share} des voix`,
  removedLittle: 'en retirant un peu des bulletins médians de chacun',
  keeps: (grade: string) => `garde ${grade}`,
  rises: (grade: string) => `monte à ${grade}`,
  falls: (grade: string) => `descend à ${grade}`,
  and: (first: string, second: string) => `${first} et ${second}`,
  stvTie: {
    exclusion: (stage: string, list: string, chosen: string, byLot: boolean) =>
      byLot
        ? `Étape ${stage} : ${list} ont le moins de voix, à égalité, et aucune étape antérieure ne les départage ; le sort, tiré de l’empreinte des bulletins, exclut ${chosen}.`
        : `Étape ${stage} : ${list} ont le moins de voix, à égalité ; ${chosen}, qui en avait moins à une étape antérieure, est exclu·e.`,
    first: (stage: string, list: string, first: string, order: string | null, byLot: boolean) =>
      byLot
        ? `Étape ${stage} : ${list} ont autant de voix, et aucune étape antérieure ne les départage ; le sort, tiré de l’empreinte des bulletins, ${
            order ? `fixe l’ordre : ${order}` : `fait passer ${first} en premier`
          }.`
        : `Étape ${stage} : ${list} ont autant de voix ; ${
            order
              ? `les étapes antérieures fixent l’ordre : ${order}`
              : `${first}, qui en avait plus à une étape antérieure, passe en premier`
          }.`,
  },

  // Details: seats.
  passedOver: (name: string, why: string, stage: string | null) =>
    `${name} est écarté·e${stage ? ` à l’étape ${stage}` : ''} : ${why}.`,
  parityWhy: (category: string | null, cap: string, seats: string) =>
    `une personne élue de plus ${
      category ? `de la catégorie déclarée « ${category} »` : 'de sa catégorie déclarée'
    } dépasserait la parité (${cap} au plus sur ${seats})`,
  noOpenSeat: 'plus de siège ouvert',
  reservedTaken: (college: string | null) =>
    college
      ? `plus de siège ouvert, et les sièges réservés au collège ${college} sont pourvus`
      : 'plus de siège ouvert, et les sièges réservés à son collège sont pourvus',
  vacantReserved: (count: string, many: boolean, college: string) =>
    many
      ? `${count} sièges réservés au collège ${college} restent vacants : pas assez de candidats éligibles.`
      : `${count} siège réservé au collège ${college} reste vacant : pas assez de candidats éligibles.`,
  vacantOpen: (count: string, many: boolean, open: boolean) =>
    many
      ? `${count} sièges${open ? ' ouverts' : ''} restent vacants : pas assez de candidats éligibles.`
      : `${count} siège${open ? ' ouvert' : ''} reste vacant : pas assez de candidats éligibles.`,
  emptyPlaces: (count: string, many: boolean) =>
    many
      ? `${count} places restent vides : pas assez d’options éligibles.`
      : `${count} place reste vide : pas assez d’options éligibles.`,
  noVotes: (list: string) => `Aucune voix pour ${list}.`,
  lowestGrade: (grade: string, list: string) =>
    `Mention majoritaire ${grade} (la plus basse), qui écarte toujours : ${list}.`,

  // Details: two rounds.
  nobodyMajority: (what: string, options: boolean) =>
    `${options ? 'Aucune option n’atteint' : 'Personne n’atteint'} la majorité absolue au 1er tour (${what}).`,
  neededVotes: (votes: string, expressed: string) => `${votes} voix sur ${expressed} exprimés`,
  neededShare: (half: string) => `plus de ${half} des voix exprimées`,
  nextRound: (what: string, list: string, single: boolean) =>
    single
      ? `Second tour pour ${what}, avec un seul nom : ${list}.`
      : `Second tour pour ${what} entre : ${list}.`,

  // Details: STV.
  quota: (quota: string, valid: string, seats: string) =>
    `Quota : ${quota} voix, soit ⌊${valid} bulletins valides ÷ (${seats} + 1)⌋ + 1 (quota de Droop).`,
  stage: (stage: string, what: string, elected: string | null) =>
    `Étape ${stage} — ${what}${elected ? ` ; ${elected}` : ''}.`,
  firstCount: (votes: string) => `premières préférences : ${votes}`,
  surplus: (name: string, surplus: string, value: string) =>
    `${name} : excédent de ${surplus} voix reporté à ${value} par bulletin`,
  exclusion: (name: string, votes: string) =>
    `${name} est exclu·e avec le moins de voix (${votes})`,
  exclusionProtected: (name: string, votes: string, kept: string, many: boolean) =>
    many
      ? `${name} est exclu·e (${votes} voix) : ${kept}, qui n’en ont pas plus, sont gardé·e·s pour des sièges qui en ont besoin`
      : `${name} est exclu·e (${votes} voix) : ${kept}, qui n’en a pas plus, est gardé·e pour un siège qui en a besoin`,
  stagePassedOver: (name: string, reason: PassedOver['reason']) =>
    `${name}, écarté·e (${
      reason === 'parity' ? 'parité' : 'plus de siège libre à sa portée'
    }) : ses bulletins passent aux préférences suivantes`,
  stageElected: (list: string, many: boolean, options: boolean) =>
    `${options ? (many ? 'retenues' : 'retenue') : many ? 'élu·e·s' : 'élu·e'} : ${list}`,
};

type Words = typeof fr;

const en: Words = {
  methods: {
    plurality: 'Plurality (first past the post)',
    block: 'Block vote',
    two_round: 'Two-round system',
    approval: 'Approval voting',
    majority_judgment: 'Majority judgment',
    stv: 'Single transferable vote',
  },
  methodSummaries: {
    plurality: 'Each ballot marks one name; the name marked on the most ballots wins.',
    block:
      'Each ballot marks up to as many names as there are seats; the names marked most often take the seats.',
    two_round:
      'Each ballot marks up to as many names as there are seats; in round 1 only a name marked on more than half of the ballots cast is elected, and the seats left go in round 2 to the names marked most often.',
    approval:
      'Each ballot approves as many names as the voter wishes; the names approved most often take the seats.',
    majority_judgment:
      'Each ballot gives every name a grade; names are ranked by their majority grade (the median grade), and a name whose majority grade is the lowest is never chosen.',
    stv: 'Each ballot ranks names in order of preference; a name that reaches the quota is elected, and its votes beyond the quota, like those of the name excluded for having the fewest, pass to the next preferences.',
  },
  plural: (count: number) => count !== 1,
  colon: ': ',
  quote: (text: string) => `“${text}”`,
  ordinal: englishOrdinal,
  roundOrdinal: (round: number) => String(round),

  round: (round: string) => `round ${round}`,
  seatsLeft: (count: string, many: boolean, options: boolean) =>
    options
      ? `${count} ${many ? 'options' : 'option'} still to choose`
      : `${count} ${many ? 'seats' : 'seat'} left`,
  seats: (count: string, many: boolean) => `${count} ${many ? 'seats' : 'seat'}`,
  optionsToChoose: (count: string, many: boolean) =>
    `${count} ${many ? 'options' : 'option'} to choose`,
  reservedFirst: (count: string, _many: boolean, college: string) =>
    `${count} reserved for the ${college} college`,
  reservedNext: (count: string, college: string) => `${count} for the ${college} college`,
  including: (seats: string, reserved: string) => `${seats} including ${reserved}`,
  parity: 'parity',
  weighted: 'votes weighted by college',
  ballots: (count: string, many: boolean) => `${count} ${many ? 'ballots' : 'ballot'}`,
  blank: (count: string) => `(${count} blank)`,
  listSeparator: '; ',
  participants: (count: string, _many: boolean, electorate: string) =>
    `${count} voted out of ${electorate} entitled`,
  quorumReached: (share: string) => `quorum reached (${share} required)`,
  noQuorum: (participants: string, needed: string, share: string, options: boolean) =>
    `Quorum not reached: ${participants}, ${needed} needed (${share}); ${
      options ? 'no option is chosen' : 'nobody is elected'
    } in this round.`,

  option: (name: string) => `Option chosen: ${name}`,
  reservedSeat: (college: string) => `seat reserved for the ${college} college`,
  openSeat: 'open seat',
  votesOf: (votes: string, many: boolean, expressed: string) =>
    `${votes} ${many ? 'votes' : 'vote'} out of ${expressed} cast`,
  share: (share: string) => `i.e. ${share}`,
  weightedShare: (share: string) => `${share} of the votes cast, weighted by college`,
  elected: 'elected',
  inRound: (round: string) => `in round ${round}`,
  withVotes: (what: string) => `with ${what}`,
  absoluteMajority: (needed: string) => `(absolute majority: ${needed})`,
  moreThanHalf: (half: string) => `more than ${half}`,
  relativeMajority: '(relative majority)',
  majorityGrade: (grade: string, place: string) =>
    `majority grade ${grade} (${place} place in the ranking)`,
  reachedQuota: (quota: string, stage: string) => `reached the quota (${quota}) at stage ${stage}`,
  withoutQuota: (stage: string, votes: string, quota: string) =>
    `at stage ${stage} without reaching the quota (${votes} ${votesWord(votes)} of ${quota}), when no rival was left for the free seats`,

  lotTie: (list: string, what: string, outcome: string) =>
    `A perfect tie between ${list} (${what}), decided by lot drawn from the ballots’ digest: ${outcome}.`,
  goesBefore: (first: string, second: string) => `${first} goes before ${second}`,
  orderDrawn: (order: string) => `order drawn: ${order}`,
  sameVotes: (votes: string) => `${votes} ${votesWord(votes)}`,
  sameGrades: 'as many ballots at every grade',
  gradeTieBreak: (first: string, second: string, grade: string, removal: string, moves: string) =>
    `${first} and ${second} have the same majority grade ${grade}; ${removal}, ${moves}.`,
  removedBallots: (count: string, many: boolean) =>
    `removing ${count} median ${many ? 'ballots' : 'ballot'} from each`,
  removedWeight: (share: string) =>
    `removing from each the median ballots weighing ${share} of the votes`,
  removedLittle: 'removing a little of the median ballots from each',
  keeps: (grade: string) => `keeps ${grade}`,
  rises: (grade: string) => `rises to ${grade}`,
  falls: (grade: string) => `falls to ${grade}`,
  and: (first: string, second: string) => `${first} and ${second}`,
  stvTie: {
    exclusion: (stage: string, list: string, chosen: string, byLot: boolean) =>
      byLot
        ? `Stage ${stage}: ${list} tie for the fewest votes, and no earlier stage separates them; the lot drawn from the ballots’ digest excludes ${chosen}.`
        : `Stage ${stage}: ${list} tie for the fewest votes; ${chosen}, who had fewer at an earlier stage, is excluded.`,
    first: (stage: string, list: string, first: string, order: string | null, byLot: boolean) =>
      byLot
        ? `Stage ${stage}: ${list} have as many votes, and no earlier stage separates them; the lot drawn from the ballots’ digest ${
            order ? `sets the order: ${order}` : `puts ${first} first`
          }.`
        : `Stage ${stage}: ${list} have as many votes; ${
            order
              ? `the earlier stages set the order: ${order}`
              : `${first}, who had more at an earlier stage, goes first`
          }.`,
  },

  passedOver: (name: string, why: string, stage: string | null) =>
    `${name} is passed over${stage ? ` at stage ${stage}` : ''}: ${why}.`,
  parityWhy: (category: string | null, cap: string, seats: string) =>
    `one more elected person of ${
      category ? `the declared category “${category}”` : 'their declared category'
    } would break parity (at most ${cap} of ${seats})`,
  noOpenSeat: 'no open seat is left',
  reservedTaken: (college: string | null) =>
    college
      ? `no open seat is left, and the seats reserved for the ${college} college are taken`
      : 'no open seat is left, and the seats reserved for their college are taken',
  vacantReserved: (count: string, many: boolean, college: string) =>
    `${count} ${many ? 'seats' : 'seat'} reserved for the ${college} college ${many ? 'stay' : 'stays'} vacant: not enough eligible candidates.`,
  vacantOpen: (count: string, many: boolean, open: boolean) =>
    `${count}${open ? ' open' : ''} ${many ? 'seats stay' : 'seat stays'} vacant: not enough eligible candidates.`,
  emptyPlaces: (count: string, many: boolean) =>
    `${count} ${many ? 'places stay' : 'place stays'} empty: not enough eligible options.`,
  noVotes: (list: string) => `No vote for ${list}.`,
  lowestGrade: (grade: string, list: string) =>
    `Majority grade ${grade} (the lowest), which always rules out: ${list}.`,

  nobodyMajority: (what: string, options: boolean) =>
    `${options ? 'No option' : 'Nobody'} reached the absolute majority in round 1 (${what}).`,
  neededVotes: (votes: string, expressed: string) =>
    `${votes} ${votesWord(votes)} out of ${expressed} cast`,
  neededShare: (half: string) => `more than ${half} of the votes cast`,
  nextRound: (what: string, list: string, single: boolean) =>
    single
      ? `Round 2 for ${what}, with a single name: ${list}.`
      : `Round 2 for ${what} between: ${list}.`,

  quota: (quota: string, valid: string, seats: string) =>
    `Quota: ${quota} ${votesWord(quota)}, i.e. ⌊${valid} valid ballots ÷ (${seats} + 1)⌋ + 1 (Droop quota).`,
  stage: (stage: string, what: string, elected: string | null) =>
    `Stage ${stage} — ${what}${elected ? `; ${elected}` : ''}.`,
  firstCount: (votes: string) => `first preferences: ${votes}`,
  surplus: (name: string, surplus: string, value: string) =>
    `${name}’s surplus (${surplus} ${votesWord(surplus)}) transferred at ${value} per ballot`,
  exclusion: (name: string, votes: string) => `${name} excluded with the fewest votes (${votes})`,
  exclusionProtected: (name: string, votes: string, kept: string, many: boolean) =>
    many
      ? `${name} excluded (${votes} ${votesWord(votes)}): ${kept}, who have no more, are kept for seats that need them`
      : `${name} excluded (${votes} ${votesWord(votes)}): ${kept}, who has no more, is kept for a seat that needs them`,
  stagePassedOver: (name: string, reason: PassedOver['reason']) =>
    `${name}, passed over (${
      reason === 'parity' ? 'parity' : 'no seat left they may take'
    }): their ballots pass to the next preferences`,
  stageElected: (list: string, _many: boolean, options: boolean) =>
    `${options ? 'chosen' : 'elected'}: ${list}`,
};

const words: Record<Locale, Words> = { fr, en };

/** English agrees « vote » with the number as written: 1 vote, 0 votes, 1.5 votes. */
function votesWord(count: string) {
  return count === '1' ? 'vote' : 'votes';
}

function englishOrdinal(rank: number): string {
  const suffix = { one: 'st', two: 'nd', few: 'rd', other: 'th' } as Record<string, string>;
  return `${rank}${suffix[new Intl.PluralRules('en-GB', { type: 'ordinal' }).select(rank)] ?? 'th'}`;
}

/** The method's name, e.g. « Jugement majoritaire ». */
export function methodName(method: ElectionMethod, locale: Locale): string {
  return words[locale].methods[method];
}

/** One sentence saying how the method works, for forms and pages. */
export function methodSummary(method: ElectionMethod, locale: Locale): string {
  return words[locale].methodSummaries[method];
}

// ---- The explanation --------------------------------------------------------------------------

/** What every part of the explanation reads: the words, the formats and the names. */
function toolsFor(context: RoundExplanationContext, locale: Locale, weighted: boolean) {
  const w = words[locale];
  const tag = intlLocales[locale];
  // Five decimals: STV's vote values are exact to five places, and nothing else has more.
  const numberFormat = new Intl.NumberFormat(tag, { maximumFractionDigits: 5 });
  const percentFormat = new Intl.NumberFormat(tag, {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const listFormat = new Intl.ListFormat(tag, { type: 'conjunction' });
  const byId = new Map((context.candidates ?? []).map((candidate) => [candidate.id, candidate]));
  return {
    w,
    locale,
    context,
    /** Votes weighted by college: fractions of a vote, told as shares. */
    weighted,
    options: context.subject === 'options',
    number: (value: number) => numberFormat.format(value),
    percent: (value: number) => percentFormat.format(value),
    list: (items: readonly string[]) => listFormat.format(items),
    name: (id: string) => context.names[id] ?? id,
    names: (ids: readonly string[]) => listFormat.format(ids.map((id) => context.names[id] ?? id)),
    college: (id: string) => context.colleges[id] ?? id,
    candidate: (id: string) => byId.get(id),
  };
}
type Tools = ReturnType<typeof toolsFor>;

/**
 * How the round was decided and why each seat went where (see `RoundExplanation`), e.g.
 * summary « Jugement majoritaire, 6 sièges dont 2 réservés au collège Réseaux et 2 au collège
 * Citoyens, parité. 8 bulletins (dont 1 blanc) ; 8 votants sur 9 inscrits, quorum atteint (25 %
 * requis). », a seat « Awa Diallo — siège réservé au collège Réseaux, mention majoritaire « Très
 * bien » (1re place du classement). », details on ties, candidates passed over, seats left vacant,
 * the next round or STV's stages.
 */
export function explainRound(
  result: RoundResult,
  context: RoundExplanationContext,
  locale: Locale,
): RoundExplanation {
  const t = toolsFor(context, locale, result.weighted);
  const count = result.outcome === 'counted' ? result.count : null;
  const summary = [settingsSentence(t, count), participationSentence(t, result, count)].join(' ');
  if (!count) return { summary, seats: [], details: [] };

  const seats = count.seats.elected.map((holder) => {
    const reason = seatReason(t, count, holder.candidateId, holder.round);
    if (t.options) return `${t.w.option(t.name(holder.candidateId))} — ${reason}.`;
    const seat =
      holder.reservedFor !== null
        ? t.w.reservedSeat(t.college(holder.reservedFor))
        : context.reserved.length > 0
          ? t.w.openSeat
          : null;
    return `${t.name(holder.candidateId)} — ${seat ? `${seat}, ` : ''}${reason}.`;
  });

  const details: string[] = [];
  if (count.method === 'two_round') details.push(...nobodyWithMajority(t, count));
  if (count.method === 'majority_judgment') details.push(...gradeTieBreaks(t, count));
  details.push(...(count.method === 'stv' ? stvTies(t, count) : lotTies(t, count)));
  details.push(...passedOverLines(t, count));
  const goesOn = count.method === 'two_round' && count.nextRound !== null;
  if (!goesOn) details.push(...unfilledLines(t, count));
  if (count.method === 'two_round') details.push(...nextRoundLines(t, count));
  if (count.method === 'stv') details.push(...stvDigest(t, count));
  return { summary, seats, details };
}

type Count = NonNullable<RoundResult['count']>;

const many = (t: Tools, count: number) => t.w.plural(count);

/** « Jugement majoritaire, 6 sièges dont 2 réservés au collège Réseaux, parité. » */
function settingsSentence(t: Tools, count: Count | null): string {
  const { w, context } = t;
  let method = w.methods[context.method];
  if (context.method === 'two_round') {
    const round = count?.method === 'two_round' ? count.round : context.round;
    let what = w.round(w.roundOrdinal(round));
    if (round >= 2 && count) {
      const left =
        count.seats.elected.length + sum(count.seats.unfilled.map((group) => group.seats));
      what += `, ${w.seatsLeft(t.number(left), many(t, left), t.options)}`;
    }
    method += ` (${what})`;
  }
  let seats = t.options
    ? w.optionsToChoose(t.number(context.seats), many(t, context.seats))
    : w.seats(t.number(context.seats), many(t, context.seats));
  if (context.reserved.length > 0) {
    const reserved = context.reserved.map((group, index) =>
      index === 0
        ? w.reservedFirst(t.number(group.seats), many(t, group.seats), t.college(group.collegeId))
        : w.reservedNext(t.number(group.seats), t.college(group.collegeId)),
    );
    seats = w.including(seats, t.list(reserved));
  }
  const parts = [method, seats];
  if (context.parity) parts.push(w.parity);
  // A round without quorum was not counted: weighting changed nothing.
  if (count && t.weighted) parts.push(w.weighted);
  return `${parts.join(', ')}.`;
}

/** « 8 bulletins (dont 1 blanc) ; 8 votants sur 9 inscrits, quorum atteint (25 % requis). » */
function participationSentence(t: Tools, result: RoundResult, count: Count | null): string {
  const { w } = t;
  const participants = w.participants(
    t.number(result.participants),
    many(t, result.participants),
    t.number(result.electorate),
    many(t, result.electorate),
  );
  if (result.outcome === 'no_quorum') {
    const needed = participantsRequired(result.quorum, result.electorate);
    return w.noQuorum(participants, t.number(needed), t.percent(result.quorum), t.options);
  }
  const blank = count?.blank ?? 0;
  let ballots = w.ballots(t.number(result.ballots), many(t, result.ballots));
  if (blank > 0) ballots += ` ${w.blank(t.number(blank), many(t, blank))}`;
  const quorum = result.quorum > 0 ? `, ${w.quorumReached(t.percent(result.quorum))}` : '';
  return `${ballots}${w.listSeparator}${participants}${quorum}.`;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

// ---- Seats ------------------------------------------------------------------------------------

/** Why this candidate took a seat, in the method's terms. */
function seatReason(t: Tools, count: Count, candidateId: string, round: number): string {
  const { w } = t;
  switch (count.method) {
    case 'plurality':
    case 'block':
    case 'approval':
      return votesPhrase(t, count, candidateId);
    case 'two_round': {
      const votes = votesPhrase(t, count, candidateId, false);
      const majority = count.absoluteMajority
        ? w.absoluteMajority(
            count.absoluteMajority.atLeast !== null && !t.weighted
              ? t.number(count.absoluteMajority.atLeast)
              : w.moreThanHalf(t.percent(0.5)),
          )
        : w.relativeMajority;
      const how = `${w.inRound(w.roundOrdinal(count.round))} ${w.withVotes(votes)} ${majority}`;
      return t.options ? how : `${w.elected} ${how}`;
    }
    case 'majority_judgment': {
      const standing = count.standings.find((entry) => entry.candidateId === candidateId);
      const grade = standing ? gradeLabel(t, count, standing.majorityGrade) : '';
      return w.majorityGrade(grade, w.ordinal(standing?.rank ?? 0));
    }
    case 'stv': {
      const stage = count.stages[round - 1];
      const votes = stage?.votes[candidateId] ?? 0;
      if (votes >= count.quota) return w.reachedQuota(t.number(count.quota), t.number(round));
      const how = w.withoutQuota(t.number(round), t.number(votes), t.number(count.quota));
      return t.options ? how : `${w.elected} ${how}`;
    }
  }
}

/**
 * « 6 voix sur 10 exprimés, soit 60 % », or with weighted votes « 60 % des voix exprimées,
 * pondérées par collège » (a weighted count of votes means nothing to a reader; its share does).
 */
function votesPhrase(
  t: Tools,
  count: MarksCount | TwoRoundCount,
  candidateId: string,
  withShare = true,
): string {
  const { w } = t;
  const standing = count.standings.find((entry) => entry.candidateId === candidateId);
  const votes = standing?.votes ?? 0;
  const share = standing?.share ?? 0;
  if (t.weighted) return w.weightedShare(t.percent(share));
  const base = w.votesOf(t.number(votes), many(t, votes), t.number(count.expressed));
  return withShare ? `${base}, ${w.share(t.percent(share))}` : base;
}

/** The grade's label, quoted: the election's own grades, or the default scale in `locale`. */
function gradeLabel(t: Tools, count: MajorityJudgmentCount, grade: number): string {
  const defaults = defaultGradeLabels[t.locale];
  const labels =
    t.context.grades ?? (defaults.length === count.grades.length ? defaults : count.grades);
  return t.w.quote(labels[grade] ?? count.grades[grade] ?? String(grade));
}

// ---- Details ----------------------------------------------------------------------------------

/** Candidates whose place this round decided: elected or passed over. */
function decided(count: Count): Set<string> {
  return new Set([
    ...count.seats.elected.map((holder) => holder.candidateId),
    ...count.seats.passedOver.map((entry) => entry.candidateId),
  ]);
}

/**
 * Ties the lot order decided, among candidates whose place mattered (one of them elected or
 * passed over): a tie among candidates nobody marked changes nothing a reader needs to know.
 */
function lotTies(t: Tools, count: MarksCount | TwoRoundCount | MajorityJudgmentCount): string[] {
  const { w } = t;
  const matters = decided(count);
  return count.ties
    .filter((tie) => tie.decidedBy === 'lot' && tie.candidateIds.some((id) => matters.has(id)))
    .map((tie) => {
      const ids = tie.candidateIds;
      let what: string;
      if (count.method === 'majority_judgment') {
        what = w.sameGrades;
      } else {
        const standing = count.standings.find((entry) => entry.candidateId === ids[0]);
        what = t.weighted
          ? t.percent(standing?.share ?? 0)
          : w.sameVotes(t.number(standing?.votes ?? 0));
      }
      const outcome =
        ids.length === 2
          ? w.goesBefore(t.name(ids[0]!), t.name(ids[1]!))
          : w.orderDrawn(ids.map(t.name).join(', '));
      return w.lotTie(t.names(ids), what, outcome);
    });
}

/**
 * Majority judgment: how the removal rule separated two neighbours with the same majority grade
 * (« A et B ont la même mention « Bien » ; en retirant 2 bulletins médians de chacun, A garde
 * « Bien » et B descend à « Assez bien ». »).
 */
function gradeTieBreaks(t: Tools, count: MajorityJudgmentCount): string[] {
  const { w } = t;
  const matters = decided(count);
  const lines: string[] = [];
  for (const tieBreak of count.tieBreaks) {
    if (tieBreak.decidedBy !== 'removals' || !tieBreak.grades) continue;
    const [first, second] = tieBreak.candidateIds;
    if (!matters.has(first) && !matters.has(second)) continue;
    const grade = tieBreak.majorityGrade;
    const move = (to: number) => {
      const label = gradeLabel(t, count, to);
      return to === grade ? w.keeps(label) : to < grade ? w.rises(label) : w.falls(label);
    };
    const removal =
      tieBreak.removedUnit === 'ballots'
        ? w.removedBallots(t.number(tieBreak.removed), many(t, tieBreak.removed))
        : tieBreak.removed > 0 && count.expressed > 0
          ? w.removedWeight(t.percent(tieBreak.removed / count.expressed))
          : w.removedLittle;
    const moves = w.and(
      `${t.name(first)} ${move(tieBreak.grades[0])}`,
      `${t.name(second)} ${move(tieBreak.grades[1])}`,
    );
    lines.push(
      w.gradeTieBreak(t.name(first), t.name(second), gradeLabel(t, count, grade), removal, moves),
    );
  }
  return lines;
}

/**
 * STV's ties: every exclusion and surplus tie (each changed how the count went on), and the ties
 * in the final order that involve someone elected.
 */
function stvTies(t: Tools, count: StvCount): string[] {
  const { w } = t;
  const matters = decided(count);
  return count.ties
    .filter((tie) => tie.about !== 'rank' || tie.candidateIds.some((id) => matters.has(id)))
    .map((tie: Tie) => {
      const stage = t.number(tie.round);
      const list = t.names(tie.candidateIds);
      const byLot = tie.decidedBy === 'lot';
      if (tie.about === 'exclusion') {
        return w.stvTie.exclusion(stage, list, t.name(tie.candidateIds[0]!), byLot);
      }
      const order = tie.candidateIds.length > 2 ? tie.candidateIds.map(t.name).join(', ') : null;
      return w.stvTie.first(stage, list, t.name(tie.candidateIds[0]!), order, byLot);
    });
}

/** Why each candidate passed over could not take a seat. */
function passedOverLines(t: Tools, count: Count): string[] {
  const { w, context } = t;
  return count.seats.passedOver.map((entry) => {
    const candidate = t.candidate(entry.candidateId);
    let why: string;
    if (entry.reason === 'parity') {
      why = w.parityWhy(
        candidate ? candidate.category : null,
        t.number(parityCap(context.seats)),
        t.number(context.seats),
      );
    } else if (context.reserved.length === 0) {
      why = w.noOpenSeat;
    } else if (!candidate) {
      why = w.reservedTaken(null);
    } else {
      const college = candidate.collegeId;
      const hasReserved = context.reserved.some((group) => group.collegeId === college);
      why = college !== null && hasReserved ? w.reservedTaken(t.college(college)) : w.noOpenSeat;
    }
    const stage = count.method === 'stv' ? t.number(entry.round) : null;
    return w.passedOver(t.name(entry.candidateId), why, stage);
  });
}

/** Seats nobody could take, and who the method could never elect (when that left them empty). */
function unfilledLines(t: Tools, count: Count): string[] {
  const { w, context } = t;
  const groups: SeatAllocation['unfilled'] = count.seats.unfilled;
  if (groups.length === 0) return [];
  const lines = groups.map((group) => {
    const seats = t.number(group.seats);
    const plural = many(t, group.seats);
    if (t.options) return w.emptyPlaces(seats, plural);
    if (group.reservedFor !== null) {
      return w.vacantReserved(seats, plural, t.college(group.reservedFor));
    }
    return w.vacantOpen(seats, plural, context.reserved.length > 0);
  });
  if (count.method === 'majority_judgment') {
    const rejected = count.standings.filter((entry) => !entry.electable);
    if (rejected.length > 0) {
      const lowest = gradeLabel(t, count, count.grades.length - 1);
      lines.push(w.lowestGrade(lowest, t.names(rejected.map((entry) => entry.candidateId))));
    }
  } else if (count.method !== 'stv') {
    const none = count.standings.filter((entry) => entry.votes === 0);
    if (none.length > 0) lines.push(w.noVotes(t.names(none.map((entry) => entry.candidateId))));
  }
  return lines;
}

/** Round 1 where nobody reached the absolute majority: say what it was. */
function nobodyWithMajority(t: Tools, count: TwoRoundCount): string[] {
  const { w } = t;
  const majority = count.absoluteMajority;
  if (!majority || count.seats.elected.length > 0 || count.expressed === 0) return [];
  const what =
    majority.atLeast !== null && !t.weighted
      ? w.neededVotes(t.number(majority.atLeast), t.number(count.expressed))
      : w.neededShare(t.percent(0.5));
  return [w.nobodyMajority(what, t.options)];
}

/** « Second tour pour 2 sièges entre : A, B et C. » */
function nextRoundLines(t: Tools, count: TwoRoundCount): string[] {
  const { w } = t;
  const next = count.nextRound;
  if (!next) return [];
  const what = t.options
    ? w.optionsToChoose(t.number(next.seats), many(t, next.seats))
    : w.seats(t.number(next.seats), many(t, next.seats));
  return [w.nextRound(what, t.names(next.candidateIds), next.candidateIds.length === 1)];
}

/** STV: the quota, then one line per stage (what it did, who was elected at its end). */
function stvDigest(t: Tools, count: StvCount): string[] {
  const { w, context } = t;
  const lines = [w.quota(t.number(count.quota), t.number(count.valid), t.number(context.seats))];
  const place = new Map(count.order.map((id, index) => [id, index]));
  count.stages.forEach((stage: StvStage, index) => {
    const before = count.stages[index - 1];
    const { action } = stage;
    let what: string;
    switch (action.kind) {
      case 'first_count': {
        const ranked = Object.entries(stage.votes).sort(
          ([a, va], [b, vb]) => vb - va || (place.get(a) ?? 0) - (place.get(b) ?? 0),
        );
        what = w.firstCount(
          ranked.map(([id, votes]) => `${t.name(id)} ${t.number(votes)}`).join(', '),
        );
        break;
      }
      case 'surplus':
        what = w.surplus(
          t.name(action.candidateId),
          t.number(action.surplus),
          t.number(action.transferValue),
        );
        break;
      case 'exclusion': {
        // Its votes before the exclusion: at the end of this stage they are 0.
        const votes = t.number(before?.votes[action.candidateId] ?? 0);
        // Kept candidates had no more votes: « the fewest » would then be wrong.
        what = action.protected.length
          ? w.exclusionProtected(
              t.name(action.candidateId),
              votes,
              t.names(action.protected),
              action.protected.length > 1,
            )
          : w.exclusion(t.name(action.candidateId), votes);
        break;
      }
      case 'passed_over':
        what = w.stagePassedOver(t.name(action.candidateId), action.reason);
        break;
    }
    const elected = stage.elected.length
      ? w.stageElected(t.names(stage.elected), stage.elected.length > 1, t.options)
      : null;
    lines.push(w.stage(t.number(stage.number), what, elected));
  });
  return lines;
}
