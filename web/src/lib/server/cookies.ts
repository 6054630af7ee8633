/** Set by the API (lucia); the web app only checks whether it is there. */
export const sessionCookieName = 'cercle_session';

/** The visitor's explicit language choice, set by the language switch. */
export const localeCookieName = 'cercle_locale';
export const localeCookieMaxAgeSeconds = 365 * 24 * 60 * 60;
