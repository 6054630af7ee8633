import {
  createElectionBodySchema,
  electionMethodSchema,
  electionSubjectSchema,
  gradeLabelsSchema,
  updateElectionBodySchema,
  type CreateElectionBody,
  type Election,
  type UpdateElectionBody,
} from '@cercle/shared';
import { zonedInputValue, zonedLocalToIso } from '@cercle/shared/time-zones';
import { reservedField, type ElectionFormValues } from '../election-settings.ts';
import { readChecked, readText, type FormProblem } from '../forms.ts';

export { reservedField, type ElectionFormValues } from '../election-settings.ts';

/** Every setting an election keeps, as the API takes it: the update body with each field given. */
export type ElectionSettings = {
  [Field in keyof UpdateElectionBody]-?: Exclude<UpdateElectionBody[Field], undefined>;
};

/** What reading the form needs besides the form: the assembly's colleges, meetings and zone. */
interface FormContext {
  collegeIds: readonly string[];
  meetingIds: readonly string[];
  timeZone: string;
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

/** The settings an election has now, to compare the edited form with. */
export function electionSettingsOf(
  election: Pick<Election, keyof ElectionSettings | 'subject'>,
): ElectionSettings {
  return {
    title: election.title,
    description: election.description,
    method: election.method,
    seats: election.seats,
    reserved: election.reserved.map(({ collegeId, seats }) => ({ collegeId, seats })),
    parity: election.parity,
    grades: election.grades,
    keep: election.keep,
    secret: election.secret,
    meetingId: election.meetingId,
    candidaciesOpenAt: election.candidaciesOpenAt,
    candidaciesCloseAt: election.candidaciesCloseAt,
  };
}

/** The edit form filled with the election's settings; its dates as read in the assembly's zone. */
export function electionFormValues(
  election: Pick<Election, keyof ElectionSettings | 'subject'>,
  timeZone: string,
): ElectionFormValues {
  const dateInput = (instant: string | null) => (instant ? zonedInputValue(instant, timeZone) : '');
  return {
    subject: election.subject,
    title: election.title,
    description: election.description,
    method: election.method,
    seats: String(election.seats),
    reserved: Object.fromEntries(
      election.reserved.map((group) => [group.collegeId, String(group.seats)]),
    ),
    parity: election.parity,
    keep: election.keep === null ? '' : String(election.keep),
    secret: election.secret,
    meetingId: election.meetingId ?? '',
    candidaciesOpenAt: dateInput(election.candidaciesOpenAt),
    candidaciesCloseAt: dateInput(election.candidaciesCloseAt),
    options: '',
    grades: (election.grades ?? []).join('\n'),
  };
}

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

/**
 * The API's fields mapped to the form's inputs for a refusal of these values: reserved seats,
 * one field for the API, point at the first college given seats (else the first college).
 */
export function electionApiFieldsFor(values: ElectionFormValues): Record<string, string> {
  const colleges = Object.keys(values.reserved);
  const reservedCollege =
    colleges.find((id) => !['', '0'].includes(values.reserved[id] ?? '')) ?? colleges[0];
  return {
    ...electionApiFields,
    ...(reservedCollege ? { reserved: reservedField(reservedCollege) } : {}),
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');

const wholeNumber = (raw: string) => (/^\d+$/.test(raw) ? Number(raw) : Number.NaN);

/** The form's inputs as typed (a textarea's lines kept as they are). */
function readValues(form: FormData, collegeIds: readonly string[]): ElectionFormValues {
  return {
    subject: readText(form, 'subject'),
    title: readText(form, 'title'),
    description: readText(form, 'description'),
    method: readText(form, 'method'),
    seats: readText(form, 'seats'),
    reserved: Object.fromEntries(collegeIds.map((id) => [id, readText(form, reservedField(id))])),
    parity: readChecked(form, 'parity'),
    keep: readText(form, 'keep'),
    secret: readChecked(form, 'secret'),
    meetingId: readText(form, 'meetingId'),
    candidaciesOpenAt: readText(form, 'candidaciesOpenAt'),
    candidaciesCloseAt: readText(form, 'candidaciesCloseAt'),
    options: form.get('options') === null ? '' : String(form.get('options')),
    grades: form.get('grades') === null ? '' : String(form.get('grades')),
  };
}

/**
 * The settings both forms share, with a problem per input the API would refuse. What belongs
 * to another kind of election is dropped (the form shows every part without JavaScript):
 * reserved seats, parity and the call for candidacies are for people; the grades go with
 * majority judgment only, `keep` with the two-round method. Dates are typed in the assembly's
 * zone; when editing, a date left as the form showed it keeps its stored instant (the input
 * shows minutes only, and an hour that repeats in autumn reads back as its first instance).
 */
function readSettings(
  values: ElectionFormValues,
  people: boolean,
  context: FormContext & { current?: ElectionSettings },
): { problems: FormProblem[]; settings: ElectionSettings | null } {
  const problems: FormProblem[] = [];
  const problem = (field: string, key: FormProblem['key'], params?: FormProblem['params']) =>
    problems.push({ field, key, ...(params ? { params } : {}) });

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

  // The election's own meeting may stay, even once it is no longer offered.
  const meetingId = values.meetingId === '' ? null : values.meetingId;
  if (
    meetingId !== null &&
    meetingId !== context.current?.meetingId &&
    !context.meetingIds.includes(meetingId)
  ) {
    problem('meetingId', 'electionForm.meetingUnknown');
  }

  const readDate = (field: 'candidaciesOpenAt' | 'candidaciesCloseAt'): string | null => {
    const typed = values[field];
    if (typed === '') return null;
    const stored = context.current?.[field];
    if (stored && zonedInputValue(stored, context.timeZone) === typed) return stored;
    const instant = zonedLocalToIso(typed, context.timeZone);
    if (!instant) problem(field, 'validation.dateTime');
    return instant ?? null;
  };
  let candidaciesOpenAt: string | null = null;
  let candidaciesCloseAt: string | null = null;
  if (people) {
    candidaciesOpenAt = readDate('candidaciesOpenAt');
    candidaciesCloseAt = readDate('candidaciesCloseAt');
    if (
      candidaciesOpenAt &&
      candidaciesCloseAt &&
      Date.parse(candidaciesCloseAt) <= Date.parse(candidaciesOpenAt)
    ) {
      problem('candidaciesCloseAt', 'electionForm.callCloseAfterOpen');
    }
  }

  const majorityJudgment = method.success && method.data === 'majority_judgment';
  const grades = majorityJudgment ? lines(values.grades) : [];
  if (grades.length > 0 && !gradeLabelsSchema.safeParse(grades).success) {
    problem('grades', 'electionForm.grades');
  }

  if (problems.length > 0 || !method.success) return { problems, settings: null };
  return {
    problems,
    settings: {
      title: values.title,
      description: values.description,
      method: method.data,
      seats,
      reserved,
      parity: people && values.parity,
      grades: grades.length > 0 ? grades : null,
      keep,
      secret: values.secret,
      meetingId,
      candidaciesOpenAt,
      candidaciesCloseAt,
    },
  };
}

/** The contract's refusal (should it ask for more than the form knows), next to its input. */
function contractProblem(
  error: { issues: readonly { path: readonly PropertyKey[] }[] },
  reserved: readonly { collegeId: string }[],
): FormProblem {
  const field = String(error.issues[0]?.path[0] ?? '');
  const input =
    field === 'reserved' && reserved[0]
      ? reservedField(reserved[0].collegeId)
      : electionApiFields[field];
  return { ...(input ? { field: input } : {}), key: 'electionForm.refused' };
}

/**
 * Reads the creation form into the API's body, with a problem per input the API would refuse.
 * Besides the settings, a new election is given its subject and, for a choice, its options;
 * what does not apply to the subject and method chosen is not sent.
 */
export function readElectionForm(
  form: FormData,
  context: FormContext,
): { values: ElectionFormValues; problems: FormProblem[]; body: CreateElectionBody | null } {
  const values = readValues(form, context.collegeIds);
  const problems: FormProblem[] = [];

  const subject = electionSubjectSchema.safeParse(values.subject);
  if (!subject.success) problems.push({ field: 'subject', key: 'electionForm.subjectRequired' });
  const people = !subject.success || subject.data === 'people';
  const { problems: settingProblems, settings } = readSettings(values, people, context);
  problems.push(...settingProblems);

  const options = people ? [] : lines(values.options);
  if (options.some((option) => option.length > 200)) {
    problems.push({ field: 'options', key: 'electionForm.optionLength' });
  } else if (new Set(options.map((option) => option.toLocaleLowerCase())).size < options.length) {
    problems.push({ field: 'options', key: 'electionForm.optionTwice' });
  } else if (options.length > 100) {
    problems.push({ field: 'options', key: 'electionForm.optionCount' });
  }

  if (problems.length > 0 || !subject.success || !settings) {
    return { values, problems, body: null };
  }
  const body: CreateElectionBody = {
    subject: subject.data,
    title: settings.title,
    description: settings.description,
    method: settings.method,
    seats: settings.seats,
    reserved: settings.reserved,
    parity: settings.parity,
    secret: settings.secret,
    meetingId: settings.meetingId,
    ...(settings.method === 'two_round' ? { keep: settings.keep } : {}),
    ...(settings.grades ? { grades: settings.grades } : {}),
    ...(people
      ? {
          candidaciesOpenAt: settings.candidaciesOpenAt,
          candidaciesCloseAt: settings.candidaciesCloseAt,
        }
      : { options }),
  };
  const checked = createElectionBodySchema.safeParse(body);
  if (!checked.success) {
    return { values, problems: [contractProblem(checked.error, settings.reserved)], body: null };
  }
  return { values, problems: [], body };
}

/**
 * Reads the edit form of an election being prepared: the same settings as at creation, its
 * subject fixed (it is not in the form) and its options managed on the election page. Gives
 * the changes only: an empty body means nothing changed.
 */
export function readElectionEditForm(
  form: FormData,
  context: FormContext & { subject: Election['subject']; current: ElectionSettings },
): { values: ElectionFormValues; problems: FormProblem[]; changes: UpdateElectionBody | null } {
  const values: ElectionFormValues = {
    ...readValues(form, context.collegeIds),
    subject: context.subject,
    options: '',
    // No meeting offered, no select: the election stays where it is.
    ...(form.has('meetingId') ? {} : { meetingId: context.current.meetingId ?? '' }),
  };
  const { problems, settings } = readSettings(values, context.subject === 'people', context);
  if (!settings) return { values, problems, changes: null };
  const checked = updateElectionBodySchema.safeParse(settings);
  if (!checked.success) {
    return { values, problems: [contractProblem(checked.error, settings.reserved)], changes: null };
  }
  return { values, problems: [], changes: changedElectionSettings(context.current, settings) };
}

const sameLines = (a: string, b: string) => a.replace(/\r\n/g, '\n') === b.replace(/\r\n/g, '\n');
const sameInstant = (a: string | null, b: string | null) =>
  a === null || b === null ? a === b : Date.parse(a) === Date.parse(b);
const reservedKey = (reserved: ElectionSettings['reserved']) =>
  JSON.stringify(
    reserved
      .map(({ collegeId, seats }) => [collegeId, seats])
      .toSorted(([a], [b]) => String(a).localeCompare(String(b))),
  );

/**
 * When two values of a setting are the same: a text whatever its line ends (a browser sends a
 * textarea's as CRLF), reserved seats whatever their order, an instant whatever its notation.
 */
const sameSetting: {
  [Field in keyof ElectionSettings]: (
    a: ElectionSettings[Field],
    b: ElectionSettings[Field],
  ) => boolean;
} = {
  title: Object.is,
  description: sameLines,
  method: Object.is,
  seats: Object.is,
  reserved: (a, b) => reservedKey(a) === reservedKey(b),
  parity: Object.is,
  grades: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  keep: Object.is,
  secret: Object.is,
  meetingId: Object.is,
  candidaciesOpenAt: sameInstant,
  candidaciesCloseAt: sameInstant,
};

/**
 * The settings that differ, with their new values: what the edit sends. One setting goes along
 * unchanged: the seats, with changed reserved seats, because the contract checks the reserved
 * seats against the seats of the same body, and counts one seat when the body gives none.
 */
export function changedElectionSettings(
  before: ElectionSettings,
  after: ElectionSettings,
): UpdateElectionBody {
  const fields = Object.keys(sameSetting) as (keyof ElectionSettings)[];
  const differs = (field: keyof ElectionSettings): boolean =>
    !(sameSetting[field] as (a: unknown, b: unknown) => boolean)(before[field], after[field]) ||
    (field === 'seats' && differs('reserved'));
  return Object.fromEntries(
    fields.filter(differs).map((field) => [field, after[field]]),
  ) as UpdateElectionBody;
}
