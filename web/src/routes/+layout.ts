import { catalogueScopeOf, loadCatalogue, loadErrorMessages } from '$lib/i18n/messages.ts';
import type { LayoutLoad } from './$types';

/**
 * Fetches the messages of the page's language before anything renders (in the browser): the
 * participant live view only its own, every other page the whole catalogue. Reading `route.id`
 * runs this again when the reader moves to another page, which then gets the whole catalogue.
 * A page answering a form may show a refusal: its words come too (or, should they not arrive,
 * as soon as the page asks for them).
 */
export const load: LayoutLoad = async ({ data, route }) => {
  const scope = catalogueScopeOf(route.id);
  await loadCatalogue(data.locale, scope);
  if (scope !== 'full' && data.answersForm) {
    await loadErrorMessages(data.locale).catch(() => undefined);
  }
  return data;
};
