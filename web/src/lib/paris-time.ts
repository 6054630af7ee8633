/**
 * `<input type="datetime-local">` sends a wall-clock time with no zone ("2026-12-06T18:30").
 * The federation meets in France, so the forms read it as Paris time, summer or winter.
 */
const parisZone = 'Europe/Paris';
const hourMs = 3_600_000;
const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: parisZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Paris wall-clock time of an instant, as milliseconds of the same fields read as UTC. */
function parisWallClock(instant: number): number {
  const parts = Object.fromEntries(
    parisParts.formatToParts(new Date(instant)).map((part) => [part.type, part.value]),
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
 * The instant (ISO 8601, UTC) of a Paris wall-clock time, or undefined when the text is not one.
 * In the spring gap (02:30 on the last Sunday of March does not exist) the time moves forward by
 * an hour, as clocks do; in the autumn overlap the first of the two instants is taken.
 */
export function parisLocalToIso(value: string): string | undefined {
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
  // Paris is UTC+2 or UTC+1: the earlier candidate that reads back wins (autumn overlap).
  const exact = [asUtc - 2 * hourMs, asUtc - hourMs].find(
    (instant) => parisWallClock(instant) === asUtc,
  );
  if (exact !== undefined) return new Date(exact).toISOString();
  // In the spring gap: the offset in force just before it, which lands an hour later.
  const before = asUtc - 24 * hourMs;
  return new Date(asUtc - (parisWallClock(before) - before)).toISOString();
}

/** An instant as the value of a datetime-local input showing Paris time ("2026-12-06T18:30"). */
export function parisInputValue(instant: Date): string {
  return new Date(parisWallClock(instant.getTime())).toISOString().slice(0, 16);
}
