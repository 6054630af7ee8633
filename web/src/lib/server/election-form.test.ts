import { updateElectionBodySchema } from '@cercle/shared';
import { describe, expect, it } from 'vitest';
import {
  changedElectionSettings,
  electionApiFieldsFor,
  electionFormValues,
  electionSettingsOf,
  readElectionEditForm,
  readElectionForm,
  reservedField,
  type ElectionFormValues,
} from './election-form.ts';

const context = {
  collegeIds: ['young', 'elders'],
  meetingIds: ['m1'],
  timeZone: 'Europe/Paris',
};

const formOf = (fields: Record<string, string | string[]>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  }
  return form;
};

const people = {
  subject: 'people',
  title: 'Bureau 2027',
  description: '',
  method: 'majority_judgment',
  seats: '6',
  secret: 'on',
};

describe('readElectionForm', () => {
  it('builds an election of people: reserved seats, parity, the call in the assembly’s zone', () => {
    const { body, problems } = readElectionForm(
      formOf({
        ...people,
        [reservedField('young')]: '2',
        [reservedField('elders')]: '0',
        parity: 'on',
        // 18:00 in Paris in March (UTC+1) is 17:00 UTC; in April (UTC+2), 16:00 UTC.
        candidaciesOpenAt: '2027-03-01T18:00',
        candidaciesCloseAt: '2027-04-01T18:00',
        meetingId: 'm1',
        // Fields of other kinds of election are not sent.
        options: 'Lyon\nNantes',
        keep: '3',
      }),
      context,
    );
    expect(problems).toEqual([]);
    expect(body).toEqual({
      subject: 'people',
      title: 'Bureau 2027',
      description: '',
      method: 'majority_judgment',
      seats: 6,
      reserved: [{ collegeId: 'young', seats: 2 }],
      parity: true,
      secret: true,
      meetingId: 'm1',
      candidaciesOpenAt: '2027-03-01T17:00:00.000Z',
      candidaciesCloseAt: '2027-04-01T16:00:00.000Z',
    });
  });

  it('builds a choice among options: one per line, no seats reserved, open ballot if unticked', () => {
    const { body, problems } = readElectionForm(
      formOf({
        subject: 'options',
        title: 'Lieu du congrès',
        method: 'approval',
        seats: '1',
        options: ' Lyon \r\n\r\nNantes\nRennes\n',
        [reservedField('young')]: '1',
        parity: 'on',
      }),
      context,
    );
    expect(problems).toEqual([]);
    expect(body).toMatchObject({
      subject: 'options',
      options: ['Lyon', 'Nantes', 'Rennes'],
      reserved: [],
      parity: false,
      secret: false,
    });
    expect(body).not.toHaveProperty('candidaciesOpenAt');
  });

  it('sends `keep` with the two-round method and the grades with majority judgment only', () => {
    const twoRound = readElectionForm(
      formOf({ ...people, method: 'two_round', keep: '4', grades: 'A\nB\nC' }),
      context,
    );
    expect(twoRound.body).toMatchObject({ keep: 4 });
    expect(twoRound.body).not.toHaveProperty('grades');
    const judged = readElectionForm(formOf({ ...people, grades: 'Oui\nPeut-être\nNon' }), context);
    expect(judged.body).toMatchObject({ grades: ['Oui', 'Peut-être', 'Non'] });
    expect(judged.body).not.toHaveProperty('keep');
  });

  it.each([
    [{ title: 'Bu' }, 'title', 'electionForm.titleLength'],
    [{ method: 'borda' }, 'method', 'electionForm.methodRequired'],
    [{ seats: '0' }, 'seats', 'validation.integerRange'],
    [{ seats: '2,5' }, 'seats', 'validation.integerRange'],
    [{ method: 'plurality', seats: '2' }, 'seats', 'electionForm.pluralityOneSeat'],
    // 4 + 3 = 7 reserved for 6 seats.
    [
      { [reservedField('young')]: '4', [reservedField('elders')]: '3' },
      'reserved-young',
      'electionForm.reservedAboveSeats',
    ],
    [{ [reservedField('elders')]: 'deux' }, 'reserved-elders', 'validation.integerRange'],
    [{ meetingId: 'elsewhere' }, 'meetingId', 'electionForm.meetingUnknown'],
    [{ candidaciesOpenAt: 'demain' }, 'candidaciesOpenAt', 'validation.dateTime'],
    [
      { candidaciesOpenAt: '2027-03-02T10:00', candidaciesCloseAt: '2027-03-01T10:00' },
      'candidaciesCloseAt',
      'electionForm.callCloseAfterOpen',
    ],
    [{ grades: 'Oui\nNon' }, 'grades', 'electionForm.grades'],
    [{ grades: 'Oui\nNon\noui' }, 'grades', 'electionForm.grades'],
    [{ subject: 'things' }, 'subject', 'electionForm.subjectRequired'],
  ])('refuses %j on %s', (change, field, key) => {
    const { body, problems } = readElectionForm(formOf({ ...people, ...change }), context);
    expect(body).toBe(null);
    expect(problems).toContainEqual(expect.objectContaining({ field, key }));
  });

  it('refuses an option twice (whatever the case) or too long', () => {
    const options = { subject: 'options', title: 'Lieu', method: 'plurality', seats: '1' };
    expect(
      readElectionForm(formOf({ ...options, options: 'Lyon\nlyon' }), context).problems,
    ).toEqual([{ field: 'options', key: 'electionForm.optionTwice' }]);
    expect(
      readElectionForm(formOf({ ...options, options: 'x'.repeat(201) }), context).problems,
    ).toEqual([{ field: 'options', key: 'electionForm.optionLength' }]);
  });

  it('gives back the form as typed, to correct it', () => {
    const { values } = readElectionForm(
      formOf({ ...people, title: 'Bu', [reservedField('young')]: '1' }),
      context,
    );
    expect(values).toMatchObject({
      title: 'Bu',
      seats: '6',
      reserved: { young: '1', elders: '' },
      secret: true,
      parity: false,
    });
  });
});

/** An election of people being prepared, as the API gives it (the fields the edit form reads). */
const bureau = {
  subject: 'people' as const,
  title: 'Bureau 2027',
  description: 'Deux lignes :\nla seconde.',
  method: 'two_round' as const,
  seats: 4,
  reserved: [
    { collegeId: 'young', collegeName: 'Jeunes', seats: 1 },
    { collegeId: 'elders', collegeName: 'Anciens', seats: 2 },
  ],
  parity: true,
  grades: null,
  keep: 3,
  secret: true,
  meetingId: 'ended-meeting',
  // 17:00 UTC is 18:00 in Paris in March (UTC+1); 16:00 UTC is 18:00 in April (UTC+2).
  candidaciesOpenAt: '2027-03-01T17:00:00.000Z',
  candidaciesCloseAt: '2027-04-01T16:00:00.000Z',
};

/** The form a browser sends back for these values, untouched (a textarea's lines end in CRLF). */
function sentBack(values: ElectionFormValues, collegeIds = context.collegeIds) {
  const form = new FormData();
  for (const name of ['title', 'method', 'seats', 'keep', 'meetingId', 'grades'] as const) {
    form.append(name, values[name]);
  }
  form.append('description', values.description.replace(/\n/g, '\r\n'));
  form.append('candidaciesOpenAt', values.candidaciesOpenAt);
  form.append('candidaciesCloseAt', values.candidaciesCloseAt);
  for (const id of collegeIds) form.append(reservedField(id), values.reserved[id] ?? '');
  if (values.parity) form.append('parity', 'on');
  if (values.secret) form.append('secret', 'on');
  return form;
}

/** The edit form's context for an election: the assembly's, with the election's settings now. */
const editContext = (election: Parameters<typeof electionSettingsOf>[0]) => ({
  ...context,
  subject: election.subject,
  current: electionSettingsOf(election),
});

/** The edit form filled from `election`, then `change` typed over it. */
function edited(
  election: Parameters<typeof electionSettingsOf>[0],
  change: Partial<ElectionFormValues>,
) {
  const values = { ...electionFormValues(election, context.timeZone), ...change };
  return readElectionEditForm(sentBack(values), editContext(election));
}

describe('electionFormValues', () => {
  it('fills the edit form with the settings, dates in the assembly’s zone', () => {
    expect(electionFormValues(bureau, 'Europe/Paris')).toEqual({
      subject: 'people',
      title: 'Bureau 2027',
      description: 'Deux lignes :\nla seconde.',
      method: 'two_round',
      seats: '4',
      reserved: { young: '1', elders: '2' },
      parity: true,
      keep: '3',
      secret: true,
      meetingId: 'ended-meeting',
      candidaciesOpenAt: '2027-03-01T18:00',
      candidaciesCloseAt: '2027-04-01T18:00',
      options: '',
      grades: '',
    });
  });

  it('shows the same instants elsewhere in another zone’s time', () => {
    // Montréal is UTC−5 on 1 March 2027 (17:00 UTC → 12:00) and UTC−4 on 1 April (16:00 → 12:00).
    const values = electionFormValues(bureau, 'America/Toronto');
    expect([values.candidaciesOpenAt, values.candidaciesCloseAt]).toEqual([
      '2027-03-01T12:00',
      '2027-04-01T12:00',
    ]);
  });
});

describe('readElectionEditForm', () => {
  it('sends nothing when the form comes back as it was shown', () => {
    const { problems, changes } = edited(bureau, {});
    expect(problems).toEqual([]);
    expect(changes).toEqual({});
  });

  it('keeps a stored instant the form cannot show exactly, while its field is left alone', () => {
    const election = {
      ...bureau,
      // 17:00:30 UTC shows as 18:00 (the input has no seconds).
      candidaciesOpenAt: '2027-03-01T17:00:30.000Z',
      // Paris leaves summer time on Sunday 31 October 2027 at 03:00 (01:00 UTC): 02:30 happens
      // twice, at 00:30 UTC (UTC+2) then 01:30 UTC (UTC+1). Stored: the second; typed back,
      // 02:30 would read as the first.
      candidaciesCloseAt: '2027-10-31T01:30:00.000Z',
    };
    expect(electionFormValues(election, 'Europe/Paris')).toMatchObject({
      candidaciesOpenAt: '2027-03-01T18:00',
      candidaciesCloseAt: '2027-10-31T02:30',
    });
    expect(edited(election, {}).changes).toEqual({});
  });

  it('sends a date typed anew, in the assembly’s zone', () => {
    // 5 March 2027, 09:00 in Paris (UTC+1) is 08:00 UTC.
    expect(edited(bureau, { candidaciesOpenAt: '2027-03-05T09:00' }).changes).toEqual({
      candidaciesOpenAt: '2027-03-05T08:00:00.000Z',
    });
    // Emptied: the call opens as soon as the election exists.
    expect(edited(bureau, { candidaciesOpenAt: '' }).changes).toEqual({ candidaciesOpenAt: null });
  });

  it('sends only the settings changed, and drops what the new method does not use', () => {
    // Two rounds → block vote for 5 seats: `keep` belongs to the two-round method and goes.
    expect(edited(bureau, { method: 'block', seats: '5' }).changes).toEqual({
      method: 'block',
      seats: 5,
      keep: null,
    });
    // To majority judgment with grades of its own (and back to the usual ones: null).
    const judged = edited(bureau, { method: 'majority_judgment', grades: 'Oui\nBof\nNon' });
    expect(judged.changes).toEqual({
      method: 'majority_judgment',
      keep: null,
      grades: ['Oui', 'Bof', 'Non'],
    });
  });

  it('sends the reserved seats as a whole, with the seats, when one college’s seats change', () => {
    // Elders 2 → 1: young 1 + elders 1 = 2 of 4 seats reserved. The seats go along unchanged:
    // the contract checks 2 reserved against the body's seats, counted 1 when absent.
    const { changes } = edited(bureau, { reserved: { young: '1', elders: '1' } });
    expect(changes).toEqual({
      seats: 4,
      reserved: [
        { collegeId: 'young', seats: 1 },
        { collegeId: 'elders', seats: 1 },
      ],
    });
    expect(updateElectionBodySchema.safeParse(changes).success).toBe(true);
    // Listed in another order, the same reserved seats are no change.
    const listedOtherwise = { ...bureau, reserved: bureau.reserved.toReversed() };
    expect(edited(listedOtherwise, {}).changes).toEqual({});
  });

  it('refuses what the creation form refuses, next to the field, and sends nothing', () => {
    // 4 seats by plurality: a plurality vote fills one.
    const plurality = edited(bureau, { method: 'plurality' });
    expect(plurality.changes).toBe(null);
    expect(plurality.problems).toEqual([{ field: 'seats', key: 'electionForm.pluralityOneSeat' }]);
    // 1 + 2 = 3 seats reserved, for 2 seats.
    const fewer = edited(bureau, { seats: '2' });
    expect(fewer.problems).toEqual([
      {
        field: 'reserved-young',
        key: 'electionForm.reservedAboveSeats',
        params: { reserved: 3, seats: 2 },
      },
    ]);
    const closed = edited(bureau, { candidaciesCloseAt: '2027-02-01T18:00' });
    expect(closed.problems).toEqual([
      { field: 'candidaciesCloseAt', key: 'electionForm.callCloseAfterOpen' },
    ]);
  });

  it('lets the election stay in its meeting once ended, but not move to an unknown one', () => {
    // `ended-meeting` is no longer offered (context.meetingIds is ['m1']), yet may stay.
    expect(edited(bureau, {}).problems).toEqual([]);
    expect(edited(bureau, { meetingId: 'm1' }).changes).toEqual({ meetingId: 'm1' });
    expect(edited(bureau, { meetingId: '' }).changes).toEqual({ meetingId: null });
    expect(edited(bureau, { meetingId: 'elsewhere' }).problems).toEqual([
      { field: 'meetingId', key: 'electionForm.meetingUnknown' },
    ]);
  });

  it('keeps the meeting when the form offers none to choose (no select sent)', () => {
    const form = sentBack(electionFormValues(bureau, context.timeZone));
    form.delete('meetingId');
    expect(readElectionEditForm(form, editContext(bureau)).changes).toEqual({});
  });

  it('keeps the subject: a choice among options takes no reserved seats, parity nor call', () => {
    const choice = {
      ...bureau,
      subject: 'options' as const,
      method: 'approval' as const,
      seats: 1,
      reserved: [],
      parity: false,
      keep: null,
      meetingId: null,
      candidaciesOpenAt: null,
      candidaciesCloseAt: null,
    };
    // A hand-made form claiming people, with seats reserved and parity: all ignored.
    const form = sentBack({
      ...electionFormValues(choice, context.timeZone),
      subject: 'people',
      reserved: { young: '1' },
      parity: true,
      candidaciesOpenAt: '2027-03-05T09:00',
    });
    const { values, problems, changes } = readElectionEditForm(form, editContext(choice));
    expect(problems).toEqual([]);
    expect(changes).toEqual({});
    expect(values.subject).toBe('options');
  });
});

describe('changedElectionSettings', () => {
  const settings = electionSettingsOf(bureau);

  it('reads an instant whatever its notation, and a text whatever its line ends', () => {
    expect(
      changedElectionSettings(settings, {
        ...settings,
        candidaciesOpenAt: '2027-03-01T17:00:00Z',
        description: 'Deux lignes :\r\nla seconde.',
      }),
    ).toEqual({});
  });

  it('gives each changed setting its new value, and no other', () => {
    expect(
      changedElectionSettings(settings, {
        ...settings,
        title: 'Bureau 2028',
        secret: false,
        parity: false,
        candidaciesCloseAt: null,
      }),
    ).toEqual({ title: 'Bureau 2028', secret: false, parity: false, candidaciesCloseAt: null });
  });
});

describe('electionApiFieldsFor', () => {
  it('points a refusal of the reserved seats at the first college given seats', () => {
    const values = { ...electionFormValues(bureau, context.timeZone) };
    expect(electionApiFieldsFor({ ...values, reserved: { young: '', elders: '2' } }).reserved).toBe(
      'reserved-elders',
    );
    expect(electionApiFieldsFor({ ...values, reserved: { young: '0', elders: '' } }).reserved).toBe(
      'reserved-young',
    );
    expect(electionApiFieldsFor({ ...values, reserved: {} })).not.toHaveProperty('reserved');
  });
});
