import type { MessageKey } from './fr.ts';

/** English texts. Typed against the French keys: a missing or extra key fails the type check. */
export const en: Record<MessageKey, string> = {
  'typography.colon': ':',
  'typography.quoted': '“{text}”',

  'choice.yes': 'Yes',
  'choice.no': 'No',
  'choice.abstain': 'Abstain',
  'choice.consent': 'Consent',
  'choice.concern': 'Concern',
  'choice.objection': 'Objection',
  'choice.stand_aside': 'Stand aside',

  'meetingMode.in_person': 'in person',
  'meetingMode.online': 'online',
  'meetingMode.hybrid': 'hybrid',

  'agendaItemKind.information': 'information',
  'agendaItemKind.debate': 'debate',
  'agendaItemKind.decision': 'decision',
  'agendaItemKind.election': 'election',

  'pollKind.vote': 'Vote',
  'pollKind.consent': 'Consent decision',

  'voteRule.simple': 'simple majority',
  'voteRule.absolute': 'absolute majority of votes cast',
  'voteRule.two_thirds': 'two-thirds majority',
  'voteRule.members_absolute': 'absolute majority of members',

  'outcome.adopted': 'adopted',
  'outcome.rejected': 'rejected',
  'outcome.objected': 'objection not resolved',
  'outcome.no_quorum': 'quorum not reached',

  'objectionStatus.open': 'unresolved',
  'objectionStatus.integrated': 'integrated',
  'objectionStatus.withdrawn': 'withdrawn',
  'objectionStatus.ruled_out': 'ruled out',

  'mandate.for': 'for',
  'mandate.against': 'against',
  'mandate.amend': 'amend',
  'mandate.free': 'free',

  'compositeResponse.accepted': 'accepted by its author',
  'compositeResponse.objected': 'its author objected',
  'compositeResponse.pending': 'no answer from its author',

  'minutes.title': 'Minutes',
  'minutes.assembly': 'Assembly',
  'calendar.when': 'Assembly time: {when}',
  'minutes.date': 'Date',
  'minutes.from': 'from',
  'minutes.to': 'to',
  'minutes.mode': 'Mode',
  'minutes.sites': 'Sites',
  'minutes.attendance': 'Attendance',
  'minutes.site': 'Site',
  'minutes.college': 'College',
  'minutes.noCollege': 'No college',
  'minutes.present': 'Present',
  'minutes.represented': 'Represented',
  'minutes.total': 'Total',
  'minutes.nobody': 'Nobody checked in to the meeting.',
  'minutes.whoWasThere': 'Who was there',
  'minutes.leftAt': 'left at',
  'minutes.proxies': 'Proxies',
  'minutes.gaveProxy': 'gave a proxy to',
  'minutes.revoked': 'revoked',
  'minutes.voidPresent': 'void: attended in person',
  'minutes.noProxies': 'No proxies.',
  'minutes.agenda': 'Agenda',
  'minutes.planned': 'Planned',
  'minutes.spent': 'Time spent',
  'minutes.minutes': 'min',
  'minutes.linkedMotion': 'Motion',
  'minutes.notes': 'Secretary’s notes',
  'minutes.decisions': 'Decisions',
  'minutes.noDecisions': 'No vote or consent decision during the meeting.',
  'minutes.amendmentTo': 'Amendment',
  'minutes.secret': 'by secret ballot',
  'minutes.open': 'by open ballot',
  'minutes.opened': 'opened at',
  'minutes.closed': 'closed at',
  'minutes.notClosed': 'This poll was not closed during the meeting.',
  'minutes.outcome': 'Outcome',
  'minutes.byCollege': 'By college',
  'minutes.speakers': 'Speakers',
  'minutes.pointOfOrder': 'point of order',
  'minutes.speakingTime': 'Speaking time',
  'minutes.turns': 'Turns',
  'minutes.time': 'Time',
  'minutes.speaker': 'Speaker',
  'minutes.noSite': 'No site',
  'minutes.elections': 'Elections',
  'minutes.electionRound': 'Round {round}',
  'minutes.electionNotClosed': 'This round was not closed during the meeting.',
  'minutes.candidate': 'Candidate',
  'minutes.votes': 'Votes',
  'minutes.share': 'Share',
  'minutes.majorityGrade': 'Majority grade',
  'minutes.rank': 'Rank',
  'minutes.bySite': 'By site',
  'minutes.howDecided': 'Decision',
  'minutes.otherColleges': 'Other colleges, merged ({groups})',
  'minutes.otherSites': 'Other sites, merged ({groups})',
  'minutes.merged':
    'Secret ballot: groups of fewer than {minimum} answers are merged so that nobody can be recognised.',
  'minutes.objections': 'Objections',
  'minutes.inVersion': 'version',
  'minutes.adoptedText': 'Adopted text',
  'minutes.generated': 'Draft made from the meeting’s record, to be read over before approval.',
  'minutes.footerHash': 'hash {hash}',
  'minutes.footerDraft': 'draft',

  'congress.title': 'Adopted texts',
  'congress.none': 'No text has been adopted yet.',
  'congress.forwarded': 'Forwarded by',
  'congress.adoptedThere': 'which had adopted it',
  'congress.composite': 'Composite motion made from',
  'congress.mandates': 'Antennas’ mandates',
  'congress.trail':
    'The congress’s audit trail at this export (last event number: start of its hash)',
  'congress.result': 'Result',

  'pdf.trailHead': 'trail {head}',
  'pdf.page': 'Page {page} of {count}',

  'mail.invitation.subject': 'Invitation to join {assembly} on Cercle',
  'mail.invitation.secretariat': 'The secretariat',
  'mail.invitation.text': `Hello,

{inviter} invites you to join "{assembly}" on Cercle,
the tool of the permanent general assembly.

To accept, open this link:
{link}

This link is valid until {expires}.
If you were not expecting this invitation, ignore this message.`,

  'mail.digest.subject.one': 'Cercle: {count} update in your assemblies',
  'mail.digest.subject.other': 'Cercle: {count} updates in your assemblies',
  'mail.digest.text': `Hello {name},

Here is what happened in your assemblies:

{lines}

To stop this daily summary: {settingsLink}`,
  'mail.digest.line': `- {label}: {title}
  {link}`,
  'notification.motion.submitted': 'New motion',
  'notification.poll.opened': 'Poll open',
  'notification.poll.closing_soon': 'Closes within 24 h, without your answer',
  'notification.poll.closed': 'Result',
  'notification.election.call_opened': 'Call for candidacies',
  'notification.election.round_opened': 'Election: voting is open',
  'notification.election.closing_soon': 'Election: closes within 24 h, without your ballot',
  'notification.election.decided': 'Election result',
  'notification.minutes.published': 'Minutes published',
  'notification.congress.phase_opened': 'Congress: a new phase opens',
  'notification.congress.deadline_soon': 'Congress: the current phase closes within 72 h',

  'mail.passwordReset.subject': 'Cercle: choose a new password',
  'mail.passwordReset.text': `Hello {name},

A new password was requested for your Cercle account.
To choose it, open this link within the next hour:
{link}

The link works once. The new password ends every session you have open.
If you did not ask for this, ignore this message: your password does not change.`,
};
