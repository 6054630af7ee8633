import { motionTextSchema, motionTitleSchema } from '@cercle/shared';
import { present, readText, type FormProblem } from '$lib/forms.ts';

/** The motion form as typed: title and Markdown text, and the note of a new version. */
export interface MotionFormValues {
  title: string;
  text: string;
  note: string;
}

/** Inputs named like the API's fields. */
export const motionApiFields = ['title', 'text', 'note'] as const;

/** Markdown is taken as typed (indentation matters); only the ends are trimmed. */
export function readMotionForm(form: FormData): {
  values: MotionFormValues;
  problems: FormProblem[];
} {
  const values = {
    title: readText(form, 'title'),
    text: readText(form, 'text'),
    note: readText(form, 'note'),
  };
  return { values, problems: checkMotion(values) };
}

export function checkMotion(values: MotionFormValues): FormProblem[] {
  return present(
    motionTitleSchema.safeParse(values.title).success
      ? undefined
      : { field: 'title', key: 'validation.motionTitle' },
    checkMarkdown(values.text, 'text'),
    values.note.length > 500 ? { field: 'note', key: 'validation.noteTooLong' } : undefined,
  );
}

/** A motion text, or an amendment's proposed text. */
export function checkMarkdown(text: string, field: string): FormProblem | undefined {
  if (!text) return { field, key: 'validation.motionTextRequired' };
  return motionTextSchema.safeParse(text).success
    ? undefined
    : { field, key: 'validation.motionTextTooLong' };
}
