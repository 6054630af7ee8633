import {
  meResponseSchema,
  okSchema,
  setupStatusSchema,
  type ChangePasswordBody,
  type CurrentUser,
  type Locale,
  type LoginBody,
  type PasswordResetBody,
  type PasswordResetRequestBody,
  type SetupBody,
  type SetupStatus,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

const parseUser = (body: unknown): CurrentUser => meResponseSchema.parse(body).user;

export function getCurrentUser(fetch: Fetch): Promise<ApiResult<CurrentUser>> {
  return requestApi(fetch, { method: 'GET', path: '/auth/me', parse: parseUser });
}

export function login(fetch: Fetch, body: LoginBody): Promise<ApiResult<CurrentUser>> {
  return requestApi(fetch, { method: 'POST', path: '/auth/login', body, parse: parseUser });
}

export function logout(fetch: Fetch): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/auth/logout',
    parse: (body) => okSchema.parse(body),
  });
}

export function updateMe(
  fetch: Fetch,
  body: { locale?: Locale; name?: string; digestOptOut?: boolean },
): Promise<ApiResult<CurrentUser>> {
  return requestApi(fetch, { method: 'PATCH', path: '/auth/me', body, parse: parseUser });
}

export function getSetupStatus(fetch: Fetch): Promise<ApiResult<SetupStatus>> {
  return requestApi(fetch, {
    method: 'GET',
    path: '/auth/setup',
    parse: (body) => setupStatusSchema.parse(body),
  });
}

export function setupFirstAdmin(fetch: Fetch, body: SetupBody): Promise<ApiResult<CurrentUser>> {
  return requestApi(fetch, { method: 'POST', path: '/auth/setup', body, parse: parseUser });
}

/**
 * A new account starts in the language its creator was reading (the API defaults to French).
 * Best effort: the page still works in the other language if this fails.
 */
export async function keepLocale(fetch: Fetch, user: CurrentUser, locale: Locale): Promise<void> {
  if (user.locale === locale) return;
  const result = await updateMe(fetch, { locale });
  if (!result.ok) console.error(`PATCH /api/auth/me failed: ${result.status} ${result.code}`);
}

export function changePassword(
  fetch: Fetch,
  body: ChangePasswordBody,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/auth/password',
    body,
    parse: (response) => okSchema.parse(response),
  });
}

export function requestPasswordReset(
  fetch: Fetch,
  body: PasswordResetRequestBody,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/auth/password-reset',
    body,
    parse: (response) => okSchema.parse(response),
  });
}

export function completePasswordReset(
  fetch: Fetch,
  body: PasswordResetBody,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/auth/password-reset/complete',
    body,
    parse: (response) => okSchema.parse(response),
  });
}
