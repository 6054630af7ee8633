import { okSchema, type EraseAccountBody } from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** The person's downloads (GDPR art. 15, 20): the browser fetches them from the API itself. */
export const myDataDownloads = { json: '/api/me/export.json', html: '/api/me/export.html' };

/** Erases the signed-in person's account; the answer clears their session cookie. */
export function eraseMyAccount(
  fetch: Fetch,
  body: EraseAccountBody,
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/me/erase',
    body,
    parse: (answer) => okSchema.parse(answer),
  });
}
