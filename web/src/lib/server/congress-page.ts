import { fail, type ServerLoadEvent } from '@sveltejs/kit';
import type { CurrentUser } from '@cercle/shared';
import type { ApiFailure } from '$lib/api/client.ts';
import { getCongress, listCongressMotions } from '$lib/api/congress.ts';
import type { CongressActionName, CongressActionState } from '$lib/congress.ts';
import { problemFromApi, type FormProblem } from '$lib/forms.ts';
import type { MessageKey, MessageParams } from '$lib/i18n';
import { allows, unwrap } from './guards.ts';

type StateFields = Partial<Omit<CongressActionState, 'action' | 'problems'>>;

export function congressState(
  action: CongressActionName,
  fields: Partial<Omit<CongressActionState, 'action'>> = {},
): CongressActionState {
  return { action, target: null, problems: [], values: {}, notice: null, ...fields };
}

export function congressDone(
  action: CongressActionName,
  target: string | null,
  key: MessageKey,
  params?: MessageParams,
): CongressActionState {
  return congressState(action, { target, notice: { key, ...(params ? { params } : {}) } });
}

export function congressRefused(
  action: CongressActionName,
  status: number,
  problems: FormProblem[],
  fields: StateFields = {},
) {
  return fail(status, congressState(action, { ...fields, problems }));
}

export function congressRefusedByApi(
  action: CongressActionName,
  failure: ApiFailure,
  fields: StateFields = {},
  apiFields: Readonly<Record<string, string>> = {},
) {
  return congressRefused(action, failure.status, [problemFromApi(failure, apiFields)], fields);
}

/**
 * The antennas in whose name this person may act (forward, mandate, amend): those where they
 * may forward (their secretaries), by the same permission the API checks.
 */
export function secretaryAntennas(user: CurrentUser): { id: string; name: string }[] {
  return user.memberships
    .filter(
      (membership) =>
        membership.assemblyKind === 'antenna' &&
        allows(user, 'congress.forward', { assemblyId: membership.assemblyId }),
    )
    .map((membership) => ({ id: membership.assemblyId, name: membership.assemblyName }));
}

/** The congress (its timeline) and its motions: what the motions and publication pages show. */
export async function loadCongressMotions(
  event: Pick<ServerLoadEvent<{ id: string }>, 'fetch' | 'params' | 'url'>,
) {
  const { fetch, params } = event;
  const [congress, motions] = await Promise.all([
    getCongress(fetch, params.id).then((result) => unwrap(result, event)),
    listCongressMotions(fetch, params.id).then((result) => unwrap(result, event)),
  ]);
  return { congress, motions };
}
