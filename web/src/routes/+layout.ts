import { loadCatalogue } from '$lib/i18n/messages.ts';
import type { LayoutLoad } from './$types';

/** Fetches the messages of the page's language before anything renders (in the browser). */
export const load: LayoutLoad = async ({ data }) => {
  await loadCatalogue(data.locale);
  return data;
};
