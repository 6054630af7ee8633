import type { Fetch } from '$lib/api/client.ts';
import { listNotifications } from '$lib/api/notifications.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, fetch, request }) => ({
  user: locals.user,
  locale: locals.locale,
  unreadNotifications: locals.user ? await unreadNotifications(fetch) : null,
  // The page answers a form sent before its scripts ran (or without them): it may show a
  // refusal, whose words a page with its own messages then loads before it renders.
  answersForm: request.method === 'POST',
});

/**
 * The count in the header's notifications link: one API call, only for a signed-in member.
 * Best effort: when the API cannot tell, the link shows no count and the page still renders.
 * SvelteKit runs this again after every form action (the header then shows the new count).
 */
async function unreadNotifications(fetch: Fetch): Promise<number | null> {
  try {
    // The count is all it needs: one notification is the smallest page.
    const result = await listNotifications(fetch, { limit: 1 });
    if (result.ok) return result.data.unread;
    if (result.status !== 401) {
      console.error(`GET /api/notifications failed: ${result.status} ${result.code}`);
    }
  } catch (cause) {
    console.error('GET /api/notifications answered an unexpected body', cause);
  }
  return null;
}
