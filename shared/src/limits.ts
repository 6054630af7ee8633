/**
 * Numbers the server and the pages share, in a module without zod: the browser imports it
 * without the schemas (`@cercle/shared/limits`).
 */

/** At most this many people answer a search: one types more to find someone else. */
export const personSearchLimit = 20;
