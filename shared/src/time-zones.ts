/**
 * Dates in an assembly's time zone (an IANA name such as `Indian/Reunion`), for the server's
 * mails, minutes and feeds and for the web's pages and forms alike. Zod-free: the browser
 * imports it as `@cercle/shared/time-zones`.
 */
import type { Locale } from './roles.ts';
import { intlLocales } from './message-format.ts';

/** The federation started in metropolitan France; an assembly may say otherwise. */
export const defaultTimeZone = 'Europe/Paris';

/** Whether this runtime knows the zone by that exact (canonical) name. */
export function isTimeZone(name: string): boolean {
  try {
    // Intl accepts `europe/paris` and aliases; the stored name must be the canonical spelling.
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone === name;
  } catch {
    return false;
  }
}

/** How a zone is named after a time: its generic name and its offset at that instant. */
function zoneName(locale: Locale, timeZone: string, date: Date) {
  const part = (timeZoneName: 'longGeneric' | 'shortOffset') =>
    new Intl.DateTimeFormat(intlLocales[locale], { timeZone, timeZoneName })
      .formatToParts(date)
      .find((piece) => piece.type === 'timeZoneName')?.value ?? '';
  // « heure de La Réunion, UTC+4 »: the name alone is vague for the Antilles (« heure normale
  // de l'Atlantique »), the offset alone says nothing of summer time; together they read well.
  return `${part('longGeneric')}, ${part('shortOffset')}`;
}

/**
 * « 12 mars 2027 à 18:00 (heure de La Réunion, UTC+4) », "12 March 2027 at 18:00 (Réunion
 * Time, GMT+4)": the zone is always named, since a reader may live in another one.
 */
export function formatDateTime(
  date: Date | string,
  { locale, timeZone }: { locale: Locale; timeZone: string },
): string {
  const instant = new Date(date);
  const wallClock = new Intl.DateTimeFormat(intlLocales[locale], {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(instant);
  return `${wallClock} (${zoneName(locale, timeZone, instant)})`;
}

/** « 12 mars 2027 », the day as the assembly's zone sees it (no zone named: a day needs none). */
export function formatDay(
  date: Date | string,
  { locale, timeZone, weekday = false }: { locale: Locale; timeZone: string; weekday?: boolean },
): string {
  return new Intl.DateTimeFormat(intlLocales[locale], {
    timeZone,
    dateStyle: weekday ? 'full' : 'long',
  }).format(new Date(date));
}

/** « 18:00 » in the zone; the caller names the zone once for several times (minutes). */
export function formatTime(date: Date | string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocales[locale], {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(date));
}

/** The zone's name alone (« heure de La Réunion, UTC+4 ») at an instant, for a heading. */
export function formatZoneName(date: Date | string, timeZone: string, locale: Locale): string {
  return zoneName(locale, timeZone, new Date(date));
}

const hourMs = 3_600_000;
const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The zone's wall-clock time at an instant, as milliseconds of the same fields read as UTC. */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
}

/**
 * The instant (ISO 8601, UTC) of a wall-clock time in a zone, as `<input type="datetime-local">`
 * sends it ("2027-03-12T18:00"), or undefined when the text is not one. In a spring gap (02:30
 * in Paris on the last Sunday of March does not exist) the time moves forward by the gap, as
 * clocks do; in an autumn overlap the first of the two instants is taken.
 */
export function zonedLocalToIso(value: string, timeZone: string): string | undefined {
  const match = localPattern.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => Number(part ?? '0'));
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour ?? 0, minute ?? 0, second ?? 0);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || (hour ?? 0) > 23) {
    return undefined;
  }
  // No zone changes its offset twice within two days: the offsets a day before and a day after
  // are the only candidates. The earlier instant that reads back wins (autumn overlap).
  const offsetAt = (instant: number) => wallClock(instant, timeZone) - instant;
  const before = offsetAt(asUtc - 24 * hourMs);
  const after = offsetAt(asUtc + 24 * hourMs);
  const exact = [asUtc - before, asUtc - after]
    .sort((a, b) => a - b)
    .find((instant) => wallClock(instant, timeZone) === asUtc);
  // In a spring gap: the offset in force just before it, which lands later by the gap.
  return new Date(exact ?? asUtc - before).toISOString();
}

/** An instant as the value of a datetime-local input showing the zone's time ("2027-03-12T18:00"). */
export function zonedInputValue(instant: Date | string, timeZone: string): string {
  return new Date(wallClock(new Date(instant).getTime(), timeZone)).toISOString().slice(0, 16);
}

/** The day of an instant in the zone, as "2027-03-12" (file names, sortable). */
export function isoDayIn(instant: Date | string, timeZone: string): string {
  return zonedInputValue(instant, timeZone).slice(0, 10);
}
