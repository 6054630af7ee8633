import { describe, expect, it } from 'vitest';
import { readElectionForm, reservedField } from './election-form.ts';

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
