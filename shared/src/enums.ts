/**
 * Every value list the database, the API contract and the web pages share, declared once here.
 * Plain tuples, without zod: the drizzle schema and the browser import them as they are, and
 * the zod schemas of this package are built on them.
 */

/** Role inside one assembly. `admin` is not a member role: it is global (national secretariat). */
export const memberRoles = ['member', 'secretary'] as const;

export const assemblyKinds = ['national', 'antenna', 'working_group', 'congress'] as const;

export const locales = ['fr', 'en'] as const;
/** The language of a page when nothing says otherwise. */
export const defaultLocale: (typeof locales)[number] = 'fr';

/** Who may read an assembly's published minutes. */
export const minutesVisibilities = ['public', 'members'] as const;

/** Who may read an assembly's audit trail in words: its secretaries only, or every member too. */
export const auditVisibilities = ['secretaries', 'members'] as const;

/**
 * Majority rules, applied in decisions.ts: `simple` yes > no; `absolute` yes > half of all ballots;
 * `two_thirds` yes ≥ 2/3 of yes + no; `members_absolute` yes > half of the entitled voters.
 */
export const voteRules = ['simple', 'absolute', 'two_thirds', 'members_absolute'] as const;

/** The polls that decide a motion or an amendment. */
export const motionPollKinds = ['vote', 'consent'] as const;

/** Every poll: `election` is one round of an election (its ballots name candidates or options). */
export const pollKinds = [...motionPollKinds, 'election'] as const;

/**
 * How an election (of people, or a choice among options) is counted; each is a pure function in
 * `counting/`. `plurality`: one name, most votes; `block`: up to one name per seat; `two_round`:
 * absolute majority of expressed ballots in round 1, relative in round 2; `approval`: any number
 * of names; `majority_judgment`: a grade for each; `stv`: a ranking, single transferable vote.
 */
export const electionMethods = [
  'plurality',
  'block',
  'two_round',
  'approval',
  'majority_judgment',
  'stv',
] as const;

/** Whether an election chooses people (candidacies) or one of several options. */
export const electionSubjects = ['people', 'options'] as const;

/**
 * `preparing`: the call for candidacies (people) or the list of options is being drawn up;
 * `published`: the list is final; `voting`: a round is open; `between_rounds`: the two-round
 * method needs a second round; `decided`: every seat is given (or nobody is left).
 */
export const electionStatuses = [
  'preparing',
  'published',
  'voting',
  'between_rounds',
  'decided',
  'cancelled',
] as const;

export const candidacyStatuses = ['standing', 'withdrawn'] as const;

export const pollStatuses = ['created', 'open', 'closed'] as const;

export const voteChoices = ['yes', 'no', 'abstain'] as const;

/** `concern` consents with a recorded concern; `stand_aside` neither consents nor blocks. */
export const consentStances = ['consent', 'concern', 'objection', 'stand_aside'] as const;

/** Every answer a ballot may carry, in the ballot's order: a vote's, then a consent round's. */
export const choices = [...voteChoices, ...consentStances] as const;

/** The answers a poll of each kind offers, in the ballot's order. */
export const choicesByPollKind = { vote: voteChoices, consent: consentStances } as const;

export const outcomes = ['adopted', 'rejected', 'objected', 'no_quorum'] as const;

export const objectionStatuses = ['open', 'integrated', 'withdrawn', 'ruled_out'] as const;

export const motionStatuses = [
  'draft',
  'submitted',
  'admitted',
  'scheduled',
  'adopted',
  'rejected',
  'withdrawn',
  'referred',
  /** Merged into a congress composite, which carries it on. */
  'merged',
] as const;
type MotionStatus = (typeof motionStatuses)[number];

/** Still open to debate: the text may get new versions, members may support and amend it. */
export const openMotionStatuses: readonly MotionStatus[] = ['submitted', 'admitted', 'scheduled'];

/** Decided in the motion's own assembly (a merged motion lives on in its composite). */
export const decidedMotionStatuses: readonly MotionStatus[] = [
  'adopted',
  'rejected',
  'withdrawn',
  'referred',
];

export const amendmentStatuses = ['submitted', 'adopted', 'rejected', 'withdrawn'] as const;

export const meetingModes = ['in_person', 'online', 'hybrid'] as const;

/** `cancelled`: a scheduled meeting called off before it started (with a reason, notified). */
export const meetingStatuses = ['scheduled', 'live', 'ended', 'cancelled'] as const;

export const agendaItemKinds = ['information', 'debate', 'decision', 'election'] as const;

/** How the list of speakers is ordered (the rules are in speakers.ts). */
export const speakingOrders = [
  'arrival',
  'first_time_first',
  'site_rotation',
  'category_alternation',
] as const;

/** A request for the floor: waiting, holding the floor, heard, or withdrawn (by the person or a secretary). */
export const speakerRequestStatuses = ['waiting', 'speaking', 'spoken', 'withdrawn'] as const;

/** Why a proxy stopped counting: its grantor revoked it, or came in person. */
export const proxyEndReasons = ['revoked', 'grantor_present'] as const;

export const minutesStatuses = ['draft', 'approved', 'published'] as const;

/**
 * A congress is prepared in dated phases, in this order. Each phase opens what can be done: acting
 * outside its window is refused with `congress.phase_closed`.
 */
export const congressPhases = [
  'call_for_motions',
  'antenna_deliberation',
  'amendments',
  'compositing',
  'sittings',
  'publication',
] as const;

/** What an antenna tells its delegates to do with a congress motion. */
export const mandates = ['for', 'against', 'amend', 'free'] as const;

/** What a merged motion's author may answer to the composite that carries it on. */
export const compositeAnswers = ['accepted', 'objected'] as const;

/** Where that answer stands: `pending` until the author gives it. */
export const compositeResponses = ['pending', ...compositeAnswers] as const;

export const notificationTypes = [
  'motion.submitted',
  'poll.opened',
  'poll.closing_soon',
  'poll.closed',
  'minutes.published',
  /** Subject: `<congress id>/<phase>`. */
  'congress.phase_opened',
  'congress.deadline_soon',
  /** Subject: the composite. A motion I (co-)signed was merged: I accept it or object. */
  'congress.composite_to_answer',
  /** Subject: the election. A call for candidacies, a round to vote in, a result. */
  'election.call_opened',
  'election.round_opened',
  'election.closing_soon',
  'election.decided',
  /** Subject: the meeting. */
  'meeting.cancelled',
  /** Subject: the motion. Someone asks me to co-sign it. */
  'motion.coauthor_invited',
] as const;

/** A co-author asked to sign a motion answers; only `accepted` co-authors share the author's rights. */
export const coauthorStatuses = ['invited', 'accepted', 'declined'] as const;

/** What a file can be attached to. */
export const attachmentSubjects = ['motion', 'meeting', 'minutes'] as const;

/** Where an attachment's bytes are kept: the data folder, or an S3-compatible store. */
export const attachmentStores = ['disk', 's3'] as const;

/**
 * What the search finds, one row of `search_entries` each: a motion (its current text), an earlier
 * version of it, an amendment, a comment, minutes. Congress texts and decisions are motions too.
 */
export const searchKinds = ['motion', 'motion_version', 'amendment', 'comment', 'minutes'] as const;

/** What the register of decisions lists: every decided motion, amendment and election. */
export const decisionKinds = ['motion', 'amendment', 'election'] as const;

/**
 * What became of it: a motion's or an amendment's final status, `decided` for an election whose
 * seats are given.
 */
export const decisionOutcomes = [
  'adopted',
  'rejected',
  'withdrawn',
  'referred',
  'decided',
] as const;
