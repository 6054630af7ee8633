/**
 * Numbers the server and the pages share, in a module without zod: the browser imports it
 * without the schemas (`@cercle/shared/limits`).
 */

/** At most this many people answer a search: one types more to find someone else. */
export const personSearchLimit = 20;

/** The longest search for a person the API takes, in characters. */
export const personSearchQueryMaxLength = 100;
