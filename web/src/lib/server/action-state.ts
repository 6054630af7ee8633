import { fail } from '@sveltejs/kit';
import type { ApiFailure } from '$lib/api/client.ts';
import { problemFromApi, type FormProblem } from '$lib/forms.ts';

/**
 * What a page's form actions answer, made one way for every page: `state` fills a page's own
 * answer shape from its blank one, `refused` answers a failure with its problems, and
 * `refusedByApi` turns the API's refusal into the problem next to the field it names.
 */
export function actionStates<
  Name extends string,
  State extends { action: Name; problems: FormProblem[] },
>(blank: Omit<State, 'action'>) {
  type Fields = Partial<Omit<State, 'action' | 'problems'>>;
  const state = (action: Name, fields: Partial<Omit<State, 'action'>> = {}): State =>
    ({ ...blank, action, ...fields }) as State;
  const refused = (action: Name, status: number, problems: FormProblem[], fields: Fields = {}) =>
    fail(status, state(action, { ...fields, problems } as Partial<Omit<State, 'action'>>));
  const refusedByApi = (
    action: Name,
    failure: ApiFailure,
    fields: Fields = {},
    apiFields: Readonly<Record<string, string>> = {},
  ) => refused(action, failure.status, [problemFromApi(failure, apiFields)], fields);
  return { state, refused, refusedByApi };
}
