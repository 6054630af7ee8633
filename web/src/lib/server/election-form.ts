import {
  createElectionBodySchema,
  electionMethodSchema,
  electionSubjectSchema,
  gradeLabelsSchema,
  type CreateElectionBody,
} from '@cercle/shared';
import { zonedLocalToIso } from '@cercle/shared/time-zones';
import { readChecked, readText, type FormProblem } from '../forms.ts';

/** The creation form as typed, to show it again after a refusal. */
export interface ElectionFormValues {
  subject: string;
  title: string;
  description: string;
  method: string;
  seats: string;
  /** Per college id, the reserved seats as typed. */
  reserved: Record<string, string>;
  parity: boolean;
  keep: string;
  secret: boolean;
  meetingId: string;
  candidaciesOpenAt: string;
  candidaciesCloseAt: string;
  /** One per line. */
  options: string;
  /** One per line, best first; empty: the usual grades. */
  grades: string;
}

/** A new election of people by secret ballot, one seat, by plurality: the usual case. */
export function defaultElectionValues(): ElectionFormValues {
  return {
    subject: 'people',
    title: '',
    description: '',
    method: 'plurality',
    seats: '1',
    reserved: {},
    parity: false,
    keep: '',
    secret: true,
    meetingId: '',
    candidaciesOpenAt: '',
    candidaciesCloseAt: '',
    options: '',
    grades: '',
  };
}

/** The input holding a college's reserved seats. */
export const reservedField = (collegeId: string) => `reserved-${collegeId}`;

/** The API's fields that are also the form's inputs (the API names reserved seats as a whole). */
export const electionApiFields: Record<string, string> = {
  subject: 'subject',
  title: 'title',
  description: 'description',
  method: 'method',
  seats: 'seats',
  parity: 'parity',
  keep: 'keep',
  secret: 'secret',
  meetingId: 'meetingId',
  candidaciesOpenAt: 'candidaciesOpenAt',
  candidaciesCloseAt: 'candidaciesCloseAt',
  options: 'options',
  grades: 'grades',
};

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

const wholeNumber = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : Number.NaN);

/**
 * Reads the creation form into the API's body, with a problem per input the API would refuse.
 * What belongs to the other kind of election is not sent (the form shows both without
 * JavaScript): reserved seats, parity and the call for candidacies are for people, the options
 * for a choice; the grades go with majority judgment only, `keep` with the two-round method.
 * Dates are typed in the assembly's zone.
 */
export function readElectionForm(
  form: FormData,
  context: { collegeIds: readonly string[]; meetingIds: readonly string[]; timeZone: string },
): { values: ElectionFormValues; problems: FormProblem[]; body: CreateElectionBody | null } {
  const values: ElectionFormValues = {
    subject: readText(form, 'subject'),
    title: readText(form, 'title'),
    description: readText(form, 'description'),
    method: readText(form, 'method'),
    seats: readText(form, 'seats'),
    reserved: Object.fromEntries(
      context.collegeIds.map((id) => [id, readText(form, reservedField(id))]),
    ),
    parity: readChecked(form, 'parity'),
    keep: readText(form, 'keep'),
    secret: readChecked(form, 'secret'),
    meetingId: readText(form, 'meetingId'),
    candidaciesOpenAt: readText(form, 'candidaciesOpenAt'),
    candidaciesCloseAt: readText(form, 'candidaciesCloseAt'),
    options: form.get('options') === null ? '' : String(form.get('options')),
    grades: form.get('grades') === null ? '' : String(form.get('grades')),
  };
  const problems: FormProblem[] = [];
  const problem = (field: string, key: FormProblem['key'], params?: FormProblem['params']) =>
    problems.push({ field, key, ...(params ? { params } : {}) });

  const subject = electionSubjectSchema.safeParse(values.subject);
  if (!subject.success) problem('subject', 'electionForm.subjectRequired');
  const people = !subject.success || subject.data === 'people';
  if (values.title.length < 3 || values.title.length > 200) {
    problem('title', 'electionForm.titleLength');
  }
  if (values.description.length > 20_000) problem('description', 'electionForm.descriptionLength');
  const method = electionMethodSchema.safeParse(values.method);
  if (!method.success) problem('method', 'electionForm.methodRequired');

  const seats = wholeNumber(values.seats);
  if (!(seats >= 1 && seats <= 500)) {
    problem('seats', 'validation.integerRange', { min: 1, max: 500 });
  } else if (method.success && method.data === 'plurality' && seats > 1) {
    problem('seats', 'electionForm.pluralityOneSeat');
  }

  const reserved: { collegeId: string; seats: number }[] = [];
  if (people) {
    for (const collegeId of context.collegeIds) {
      const raw = values.reserved[collegeId] ?? '';
      if (raw === '' || raw === '0') continue;
      const number = wholeNumber(raw);
      if (!(number >= 1 && number <= 500)) {
        problem(reservedField(collegeId), 'validation.integerRange', { min: 0, max: 500 });
      } else {
        reserved.push({ collegeId, seats: number });
      }
    }
    const reservedTotal = reserved.reduce((sum, group) => sum + group.seats, 0);
    if (seats >= 1 && reservedTotal > seats) {
      problem(reservedField(reserved[0]!.collegeId), 'electionForm.reservedAboveSeats', {
        reserved: reservedTotal,
        seats,
      });
    }
  }

  const twoRound = method.success && method.data === 'two_round';
  let keep: number | null = null;
  if (twoRound && values.keep !== '') {
    keep = wholeNumber(values.keep);
    if (!(keep >= 1 && keep <= 500))
      problem('keep', 'validation.integerRange', { min: 1, max: 500 });
  }

  const meetingId = values.meetingId === '' ? null : values.meetingId;
  if (meetingId !== null && !context.meetingIds.includes(meetingId)) {
    problem('meetingId', 'electionForm.meetingUnknown');
  }

  let candidaciesOpenAt: string | null = null;
  let candidaciesCloseAt: string | null = null;
  if (people) {
    if (values.candidaciesOpenAt !== '') {
      candidaciesOpenAt = zonedLocalToIso(values.candidaciesOpenAt, context.timeZone) ?? null;
      if (!candidaciesOpenAt) problem('candidaciesOpenAt', 'validation.dateTime');
    }
    if (values.candidaciesCloseAt !== '') {
      candidaciesCloseAt = zonedLocalToIso(values.candidaciesCloseAt, context.timeZone) ?? null;
      if (!candidaciesCloseAt) problem('candidaciesCloseAt', 'validation.dateTime');
      else if (candidaciesOpenAt && candidaciesCloseAt <= candidaciesOpenAt) {
        problem('candidaciesCloseAt', 'electionForm.callCloseAfterOpen');
      }
    }
  }

  const options = people ? [] : lines(values.options);
  if (options.some((option) => option.length > 200)) {
    problem('options', 'electionForm.optionLength');
  } else if (new Set(options.map((option) => option.toLocaleLowerCase())).size < options.length) {
    problem('options', 'electionForm.optionTwice');
  } else if (options.length > 100) {
    problem('options', 'electionForm.optionCount');
  }

  const majorityJudgment = method.success && method.data === 'majority_judgment';
  const grades = majorityJudgment ? lines(values.grades) : [];
  if (grades.length > 0 && !gradeLabelsSchema.safeParse(grades).success) {
    problem('grades', 'electionForm.grades');
  }

  if (problems.length > 0 || !subject.success || !method.success) {
    return { values, problems, body: null };
  }
  const body: CreateElectionBody = {
    subject: subject.data,
    title: values.title,
    description: values.description,
    method: method.data,
    seats,
    reserved,
    parity: people && values.parity,
    secret: values.secret,
    meetingId,
    ...(twoRound ? { keep } : {}),
    ...(grades.length > 0 ? { grades } : {}),
    ...(people ? { candidaciesOpenAt, candidaciesCloseAt } : { options }),
  };
  // The contract's own check, should it ask for more than the form knows.
  const checked = createElectionBodySchema.safeParse(body);
  if (!checked.success) {
    const field = String(checked.error.issues[0]?.path[0] ?? '');
    const input =
      field === 'reserved' && reserved[0]
        ? reservedField(reserved[0].collegeId)
        : electionApiFields[field];
    return {
      values,
      problems: [{ ...(input ? { field: input } : {}), key: 'electionForm.refused' }],
      body: null,
    };
  }
  return { values, problems: [], body };
}
