/**
 * A speaker's clock, the same on the server and in the browser, in a module without zod
 * (`@cercle/shared/speaker-clock`): the pages that show it do not load the schemas.
 */
import type { CurrentSpeaker } from './speaker-list.ts';

/** Seconds left on a speaker's clock (negative once over), by the server's time. */
export function secondsLeft(current: CurrentSpeaker, serverNowMs: number): number {
  const spent = Math.floor((serverNowMs - Date.parse(current.floorGivenAt)) / 1000);
  return current.allottedSeconds - spent;
}

/** The timer warns in the last fifth of the time given, 30 seconds at most. */
export function warningSeconds(allottedSeconds: number): number {
  return Math.min(30, Math.ceil(allottedSeconds / 5));
}
