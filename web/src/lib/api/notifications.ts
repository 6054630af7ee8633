import { notificationListSchema, okSchema, type NotificationList } from '@cercle/shared';
import { requestApi, type ApiResult, type Fetch } from './client.ts';

/** The signed-in member's own notifications, newest first (50 at most), and how many are unread. */
export function listNotifications(fetch: Fetch): Promise<ApiResult<NotificationList>> {
  return requestApi(fetch, {
    method: 'GET',
    path: '/notifications',
    parse: (body) => notificationListSchema.parse(body),
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
