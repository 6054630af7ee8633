import { emailSchema, passwordSchema, personNameSchema } from '@cercle/shared';
import type { ApiFailure } from './api/client.ts';
import { errorMessageKey, type MessageKey, type MessageParams } from './i18n/messages.ts';

/** One thing wrong with a submitted form; `field` is the input's id (and name). */
export interface FormProblem {
  field?: string;
  key: MessageKey;
  params?: MessageParams;
}

export function readText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** Passwords are taken as typed: spaces count. */
export function readPassword(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

/** A checkbox sends its value only when ticked. */
export function readChecked(form: FormData, name: string): boolean {
  return form.get(name) !== null;
}

/**
 * The API's refusal as a form problem. `fields` lists the API fields that are also input ids,
 * or maps API fields (`settings.quorum`) to input ids (`quorum`).
 */
export function problemFromApi(
  failure: ApiFailure,
  fields: readonly string[] | Readonly<Record<string, string>> = [],
): FormProblem {
  const field = failure.field ? inputIdFor(failure.field, fields) : undefined;
  if (failure.code === 'auth.rate_limited' && failure.retryAfterSeconds) {
    return {
      key: 'login.rateLimitedRetryAfter',
      params: { minutes: Math.max(1, Math.ceil(failure.retryAfterSeconds / 60)) },
    };
  }
  return {
    ...(field ? { field } : {}),
    key: errorMessageKey(failure.code),
    params: { code: failure.code },
  };
}

function inputIdFor(
  apiField: string,
  fields: readonly string[] | Readonly<Record<string, string>>,
): string | undefined {
  if (Array.isArray(fields)) return fields.includes(apiField) ? apiField : undefined;
  return Object.hasOwn(fields, apiField)
    ? (fields as Readonly<Record<string, string>>)[apiField]
    : undefined;
}

export function checkEmail(value: string): FormProblem | undefined {
  if (!value) return { field: 'email', key: 'validation.emailRequired' };
  return emailSchema.safeParse(value).success
    ? undefined
    : { field: 'email', key: 'validation.email' };
}

export function checkName(value: string, field = 'name'): FormProblem | undefined {
  if (!value) return { field, key: 'validation.nameRequired' };
  return personNameSchema.safeParse(value).success
    ? undefined
    : { field, key: 'validation.nameTooLong' };
}

export function checkNewPassword(value: string, field = 'password'): FormProblem | undefined {
  if (!value) return { field, key: 'validation.newPasswordRequired' };
  if (passwordSchema.safeParse(value).success) return undefined;
  return {
    field,
    key: value.length < 10 ? 'validation.passwordTooShort' : 'validation.passwordTooLong',
  };
}

/** The second typing of a new password, which must match the first. */
export function checkPasswordConfirmation(
  password: string,
  confirmation: string,
  field = 'passwordConfirmation',
): FormProblem | undefined {
  if (!confirmation) return { field, key: 'validation.passwordConfirmationRequired' };
  return confirmation === password ? undefined : { field, key: 'validation.passwordMismatch' };
}

export function present(...problems: (FormProblem | undefined)[]): FormProblem[] {
  return problems.filter((problem): problem is FormProblem => problem !== undefined);
}
