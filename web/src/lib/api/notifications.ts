import {
  digestTimeSchema,
  notificationListSchema,
  okSchema,
  type DigestTime,
  type NotificationList,
} from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/**
 * One page of the signed-in member's own notifications, newest first (50 unless `limit` says
 * otherwise), from `before` (the previous page's `nextCursor`), and how many are unread in all.
 */
export function listNotifications(
  fetch: Fetch,
  page: { before?: string | undefined; limit?: number } = {},
): Promise<ApiResult<NotificationList>> {
  const query = new URLSearchParams();
  if (page.before) query.set('before', page.before);
  if (page.limit) query.set('limit', String(page.limit));
  return requestApi(fetch, {
    method: 'GET',
    path: `/notifications${query.size > 0 ? `?${query}` : ''}`,
    parse: (body) => notificationListSchema.parse(body),
  });
}

/** When the signed-in member's daily digest comes: its hour, in their antenna's zone. */
export function getDigestTime(fetch: Fetch): Promise<ApiResult<DigestTime>> {
  return requestApi(fetch, {
    method: 'GET',
    path: '/notifications/digest-time',
    parse: (body) => digestTimeSchema.parse(body),
  });
}

/** Marks these notifications read, or all of the member's when `ids` is omitted. */
export function markNotificationsRead(
  fetch: Fetch,
  ids?: string[],
): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: '/notifications/read',
    body: ids ? { ids } : {},
    parse: (body) => okSchema.parse(body),
  });
}

/**
 * Stops the daily digest a digest's link was mailed for, signed in or not: the link's secret is
 * the permission.
 */
export function unsubscribeDigest(fetch: Fetch, token: string): Promise<ApiResult<{ ok: true }>> {
  return requestApi(fetch, {
    method: 'POST',
    path: `/unsubscribe/${encodeURIComponent(token)}`,
    parse: (body) => okSchema.parse(body),
  });
}
