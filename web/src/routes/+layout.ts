import { catalogueScopeOf, loadCatalogue } from '$lib/i18n/messages.ts';
import type { LayoutLoad } from './$types';

/**
 * Fetches the messages of the page's language before anything renders (in the browser): the
 * participant live view only its own, every other page the whole catalogue. Reading `route.id`
 * runs this again when the reader moves to another page, which then gets the whole catalogue.
 */
export const load: LayoutLoad = async ({ data, route }) => {
  await loadCatalogue(data.locale, catalogueScopeOf(route.id));
  return data;
};
