import { describe, expect, it } from 'vitest';
import {
  eventPayloadProblem,
  type EventPayload,
  eventsOfType,
  type EventType,
  eventTypes,
  parseEvent,
} from './events.ts';
import { congressPhases } from './enums.ts';
import { defaultAssemblySettings } from './organisation.ts';

const at = '2027-03-01T09:00:00.000Z';
const later = '2027-03-15T18:00:00.000Z';
/** One payload of each type, as its writer in server/src puts it in. */
const written: { [T in EventType]: EventPayload<T>[] } = {
  'assembly.created': [
    { kind: 'antenna', name: 'Occitanie', code: 'OCC', settings: defaultAssemblySettings },
  ],
  'assembly.updated': [
    { changes: { name: 'Occitanie-Pyrénées', quorum: 0.3 } },
    { changes: { parentId: null, collegeWeighting: true } },
  ],
  'college.created': [{ collegeId: 'c1', name: 'Salariés', share: 0.25 }],
  'colleges.replaced': [
    {
      colleges: [
        { id: 'c1', name: 'Salariés', share: 0.5 },
        { id: 'c2', name: 'Usagers', share: 0.5 },
      ],
    },
  ],
  'member.added': [
    { userId: 'u1', role: 'member', collegeId: 'c1', votingRight: true, organisation: null },
    {
      userId: 'u2',
      role: 'secretary',
      collegeId: null,
      votingRight: false,
      organisation: 'SCOP Lou',
      source: 'import',
    },
  ],
  'member.updated': [
    { userId: 'u1', changes: { role: 'secretary' } },
    { userId: 'u1', changes: { votingRight: false, collegeId: null }, source: 'import' },
  ],
  'member.removed': [{ userId: 'u1' }],
  'user.erased': [{ userId: 'u1' }],
  'invitation.created': [{ invitationId: 'i1', role: 'member', collegeId: null }],
  'invitation.accepted': [{ invitationId: 'i1', userId: 'u1' }],
  'motion.created': [{ motionId: 'm1' }],
  'motion.submitted': [{ motionId: 'm1', reference: 'OCC-2027-004', status: 'submitted' }],
  'motion.admitted': [
    { motionId: 'm1', status: 'admitted', automatic: false },
    { motionId: 'm1', supporters: 3, automatic: true },
  ],
  'motion.withdrawn': [{ motionId: 'm1', status: 'withdrawn' }],
  'motion.referred': [{ motionId: 'm1', status: 'referred', referredTo: 'wg1' }],
  'motion.adopted': [{ motionId: 'm1', pollId: 'p1' }],
  'motion.rejected': [{ motionId: 'm1', pollId: 'p1' }],
  'motion.version_added': [
    { motionId: 'm1', version: 2, note: 'Coquille' },
    { motionId: 'm1', version: 3, amendmentId: 'a1' },
  ],
  'motion.supported': [{ motionId: 'm1' }],
  'motion.support_withdrawn': [{ motionId: 'm1' }],
  'motion.commented': [{ motionId: 'm1', commentId: 'k1' }],
  'motion.coauthor_invited': [{ motionId: 'm1', userId: 'u2' }],
  'motion.coauthor_accepted': [{ motionId: 'm1', userId: 'u2' }],
  'motion.coauthor_declined': [{ motionId: 'm1', userId: 'u2' }],
  'motion.coauthor_removed': [
    { motionId: 'm1', userId: 'u2', previousStatus: 'invited' },
    { motionId: 'm1', userId: 'u2', previousStatus: 'accepted' },
  ],
  'amendment.submitted': [
    { motionId: 'm1', amendmentId: 'a1', baseVersion: 1 },
    { motionId: 'm1', amendmentId: 'a2', baseVersion: 1, onBehalfOf: 'occ' },
  ],
  'amendment.withdrawn': [{ motionId: 'm1', amendmentId: 'a1' }],
  'amendment.needs_merge': [{ motionId: 'm1', amendmentId: 'a1' }],
  'election.created': [
    {
      electionId: 'e1',
      subject: 'people',
      title: 'Conseil d’administration 2027',
      method: 'majority_judgment',
      seats: 6,
      meetingId: null,
    },
  ],
  'election.updated': [{ electionId: 'e1', changes: { seats: 8, parity: true } }],
  'election.candidacy_submitted': [
    { electionId: 'e1', candidateId: 'k1', userId: 'u1', label: '', enteredBy: 'u1' },
    { electionId: 'e2', candidateId: 'k2', userId: null, label: 'Samedi 12 juin', enteredBy: 's1' },
  ],
  'election.candidacy_withdrawn': [{ electionId: 'e1', candidateId: 'k1', userId: 'u1' }],
  'election.candidates_published': [
    {
      electionId: 'e1',
      candidates: [{ candidateId: 'k1', label: '', collegeId: 'c1' }],
    },
  ],
  'election.round_opened': [
    { electionId: 'e1', pollId: 'p9', round: 1, candidateIds: ['k1', 'k2'], electorate: 40 },
  ],
  'election.site_counts': [
    { electionId: 'e1', pollId: 'p9', siteId: 's1', ballots: 12, counts: null },
    { electionId: 'e2', pollId: 'p8', siteId: 's1', ballots: 3, counts: { votes: { k2: 3 } } },
  ],
  'election.round_closed': [
    {
      electionId: 'e1',
      pollId: 'p9',
      round: 1,
      outcome: 'counted',
      elected: [{ candidateId: 'k1', reservedFor: 'c1', round: 1 }],
      nextRound: false,
      ballotsDigest: 'a'.repeat(64),
      resultDigest: 'b'.repeat(64),
    },
  ],
  'election.cancelled': [{ electionId: 'e1' }],
  'poll.created': [
    { pollId: 'p1', motionId: 'm1', amendmentId: null, kind: 'vote', rule: 'simple' },
    { pollId: 'p2', motionId: 'm1', amendmentId: 'a1', kind: 'consent', rule: null },
  ],
  'poll.deleted': [{ pollId: 'p1', motionId: 'm1', amendmentId: null }],
  'poll.opened': [{ pollId: 'p1', motionId: 'm1', electorate: 40, quorum: 0.25 }],
  'poll.site_counts': [
    {
      pollId: 'p1',
      motionId: 'm1',
      siteId: 's1',
      counts: [
        { choice: 'yes', count: 12, collegeId: 'c1' },
        { choice: 'no', count: 3 },
      ],
    },
    { pollId: 'p1', motionId: 'm1', siteId: 's2', counts: null },
  ],
  'poll.closed': [
    {
      pollId: 'p1',
      motionId: 'm1',
      amendmentId: null,
      outcome: 'adopted',
      totals: { yes: 20, no: 5, abstain: 2 },
      byCollege: {},
      bySite: { s1: { yes: 12, no: 3, abstain: 0 } },
      electorate: 40,
      ballotsDigest: 'ab'.repeat(32),
      resultDigest: 'cd'.repeat(32),
    },
    {
      pollId: 'p2',
      motionId: 'm1',
      amendmentId: null,
      outcome: 'no_quorum',
      totals: { yes: 1 },
      byCollege: {},
      bySite: {},
      privacy: {
        minimumGroup: 5,
        otherColleges: null,
        otherSites: { groups: 2, tally: { yes: 1 } },
      },
      electorate: 40,
      ballotsDigest: 'ef'.repeat(32),
    },
  ],
  'objection.withdrawn': [{ objectionId: 'o1', motionId: 'm1', status: 'withdrawn' }],
  'objection.ruled_out': [
    { objectionId: 'o1', motionId: 'm1', status: 'ruled_out', reason: 'Hors sujet' },
  ],
  'objection.integrated': [{ objectionId: 'o1', motionId: 'm1', status: 'integrated', version: 3 }],
  'meeting.created': [{ meetingId: 'g1', title: 'AG de printemps', startsAt: at }],
  'meeting.updated': [
    { meetingId: 'g1', changes: { location: 'Montpellier', endsAt: '2027-03-01T12:00:00+01:00' } },
  ],
  'meeting.started': [{ meetingId: 'g1' }],
  'meeting.ended': [{ meetingId: 'g1' }],
  'meeting.cancelled': [
    { meetingId: 'g1', title: 'AG de printemps', reason: 'Salle indisponible' },
  ],
  'site.added': [{ meetingId: 'g1', siteId: 's1', name: 'Toulouse' }],
  'agenda.item_added': [{ meetingId: 'g1', itemId: 't1', title: 'Budget', position: 1 }],
  'agenda.item_updated': [
    { meetingId: 'g1', itemId: 't1', changes: { durationMinutes: 30, position: 2 } },
    { meetingId: 'g1', itemId: 't1', changes: { kind: 'decision', motionId: null } },
  ],
  'agenda.current_changed': [
    { meetingId: 'g1', itemId: 't1' },
    { meetingId: 'g1', itemId: null },
  ],
  'agenda.note_added': [{ meetingId: 'g1', itemId: 't1', text: 'Adopté à l’unanimité.' }],
  'attendance.checked_in': [{ meetingId: 'g1', userId: 'u1', siteId: 's1' }],
  'attendance.checked_out': [{ meetingId: 'g1', userId: 'u1' }],
  'proxy.given': [{ meetingId: 'g1', proxyId: 'x1', grantorId: 'u1', holderId: 'u2' }],
  'proxy.revoked': [{ meetingId: 'g1', proxyId: 'x1' }],
  'proxy.voided': [{ meetingId: 'g1', proxyId: 'x1', grantorId: 'u1' }],
  'delegate.quotas_set': [
    { meetingId: 'g1', quotas: [{ antennaId: 'a1', seats: 3 }] },
    { meetingId: 'g1', quotas: [] },
  ],
  'delegate.designated': [{ meetingId: 'g1', userId: 'u1', antennaId: 'a1' }],
  'delegate.withdrawn': [{ meetingId: 'g1', userId: 'u1', antennaId: 'a1', accredited: true }],
  'delegate.accredited': [{ meetingId: 'g1', userId: 'u1', antennaId: 'a1', siteId: 's1' }],
  'speaker.requested': [
    {
      meetingId: 'g1',
      itemId: 'i1',
      requestId: 'r1',
      personId: 'u1',
      siteId: 's1',
      pointOfOrder: false,
    },
    {
      meetingId: 'g1',
      itemId: 'i1',
      requestId: 'r2',
      personId: 'u2',
      siteId: null,
      pointOfOrder: true,
    },
  ],
  'speaker.withdrawn': [
    { meetingId: 'g1', itemId: 'i1', requestId: 'r1', personId: 'u1', removed: false },
  ],
  'speaker.floor_given': [
    {
      meetingId: 'g1',
      itemId: 'i1',
      requestId: 'r1',
      personId: 'u1',
      siteId: 's1',
      allottedSeconds: 180,
    },
  ],
  'speaker.floor_ended': [
    {
      meetingId: 'g1',
      itemId: 'i1',
      requestId: 'r1',
      personId: 'u1',
      siteId: 's1',
      collegeId: null,
      pointOfOrder: false,
      seconds: 95,
    },
  ],
  'speaker.list_closed': [{ meetingId: 'g1', itemId: 'i1' }],
  'speaker.list_reopened': [{ meetingId: 'g1', itemId: 'i1' }],
  'minutes.drafted': [
    { minutesId: 'n1', meetingId: 'g1', version: 1, correctsId: null },
    { minutesId: 'n2', meetingId: 'g1', version: 2, correctsId: 'n1' },
  ],
  'minutes.redacted': [
    { minutesId: 'mn1', meetingId: 'mt1', previousTextHash: 'aa', textHash: 'bb', userId: 'u1' },
  ],
  'minutes.approved': [{ minutesId: 'n1', meetingId: 'g1', textHash: 'aa'.repeat(32) }],
  'minutes.published': [
    {
      minutesId: 'n1',
      meetingId: 'g1',
      meetingTitle: 'AG de printemps',
      version: 1,
      correctsId: null,
      coversEventSeq: 42,
      coversEventHash: 'bb'.repeat(32),
      textHash: 'aa'.repeat(32),
    },
  ],
  'attachment.added': [
    {
      attachmentId: 'f1',
      subjectKind: 'minutes',
      subjectId: 'n1',
      fileName: 'Budget 2027.ods',
      mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
      sizeBytes: 18_432,
      sha256: 'cc'.repeat(32),
    },
  ],
  'attachment.removed': [
    {
      attachmentId: 'f1',
      subjectKind: 'minutes',
      subjectId: 'n1',
      fileName: 'Budget 2027.ods',
      mediaType: 'application/vnd.oasis.opendocument.spreadsheet',
      sizeBytes: 18_432,
      sha256: 'cc'.repeat(32),
    },
  ],
  'congress.scheduled': [
    {
      phases: congressPhases.map((phase, index) => ({
        phase,
        opensAt: `2027-0${index + 1}-01T00:00:00+01:00`,
        closesAt: `2027-0${index + 1}-28T00:00:00+01:00`,
      })),
    },
  ],
  'congress.phase_moved': [
    {
      phase: 'amendments',
      from: { opensAt: at, closesAt: later },
      to: { opensAt: at, closesAt: '2027-03-22T18:00:00.000Z' },
      reason: 'Laisser le temps aux antennes',
    },
  ],
  'congress.motion_forwarded': [
    { motionId: 'm2', originId: 'm1', antennaId: 'occ' },
    { motionId: 'm2', originId: 'm1', antennaId: 'occ', authorId: 'u1', coauthorIds: ['u2'] },
  ],
  'congress.mandate_recorded': [
    { motionId: 'm2', antennaId: 'occ', mandate: 'amend' },
    { motionId: 'm2', antennaId: 'occ', mandate: 'for', pollId: 'p1' },
  ],
  'congress.composite_made': [{ motionId: 'm3', sourceIds: ['m2', 'm4'] }],
  'congress.composite_answered': [{ compositeId: 'm3', sourceId: 'm2', response: 'accepted' }],
};

/** The same payload with one field of the wrong kind. */
function spoiled(payload: object): object {
  const [key, value] = Object.entries(payload)[0]!;
  return { ...payload, [key]: typeof value === 'string' ? 42 : 'spoiled' };
}

const cases = eventTypes.flatMap((type) =>
  (written[type] as object[]).map((payload) => [type, payload] as const),
);

describe('the event map', () => {
  it.each(cases)('reads back %s as its writer puts it in', (type, payload) => {
    // As the database gives it back: JSON, dates as strings.
    const stored = JSON.parse(JSON.stringify(payload)) as unknown;
    const parsed = parseEvent({ seq: 7, type, payload: stored });
    expect(parsed).toEqual({ ok: true, event: { seq: 7, type, payload: stored } });
    expect(eventPayloadProblem(type, payload)).toBeNull();
  });

  it.each(cases)('refuses %s with a field of the wrong kind, or no payload', (type, payload) => {
    expect(parseEvent({ type, payload: spoiled(payload) })).toMatchObject({
      ok: false,
      reason: 'invalid_payload',
    });
    expect(parseEvent({ type, payload: null })).toMatchObject({ ok: false });
  });

  it('says which field is wrong', () => {
    const row = { seq: 3, type: 'poll.opened', payload: { pollId: 'p1', motionId: 'm1' } };
    expect(parseEvent(row)).toEqual({
      ok: false,
      reason: 'invalid_payload',
      message: expect.stringMatching(/^electorate: /),
      row,
    });
  });

  it('refuses a type it does not know, without throwing', () => {
    const row = { type: 'meeting.teleported', payload: { meetingId: 'g1' } };
    expect(parseEvent(row)).toEqual({
      ok: false,
      reason: 'unknown_type',
      message: 'type: meeting.teleported',
      row,
    });
  });

  it('holds a writer to the keys the map names', () => {
    expect(eventPayloadProblem('motion.created', { motionId: 'm1', title: 'Brouillon' })).toBe(
      'title: not in the event map',
    );
    expect(eventPayloadProblem('amendment.submitted', written['amendment.submitted'][0]!)).toBe(
      null,
    );
    // A key left undefined is not written (JSON drops it).
    expect(
      eventPayloadProblem('amendment.submitted', {
        ...written['amendment.submitted'][0]!,
        onBehalfOf: undefined,
      }),
    ).toBeNull();
    expect(eventPayloadProblem('poll.opened', { pollId: 'p1' })).toMatch(/^motionId: /);
  });

  it('picks the events of the types asked for', () => {
    const read = [
      { type: 'meeting.started', payload: { meetingId: 'g1' } },
      { type: 'agenda.note_added', payload: { meetingId: 'g1', itemId: 't1', text: 'Vu.' } },
      { type: 'meeting.ended', payload: { meetingId: 'g1' } },
    ].flatMap((row) => {
      const parsed = parseEvent(row);
      return parsed.ok ? [parsed.event] : [];
    });
    const notes = eventsOfType(read, 'agenda.note_added');
    expect(notes.map((note) => note.payload.text)).toEqual(['Vu.']);
    expect(eventsOfType(read, 'meeting.started', 'meeting.ended')).toHaveLength(2);
  });
});
