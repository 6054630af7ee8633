import { formatDateTime, type Locale } from '@cercle/shared';
import { message } from './messages/index.ts';

export interface CalendarEvent {
  uid: string;
  title: string;
  description: string;
  location: string;
  startsAt: Date;
  endsAt: Date;
  /** The IANA zone of the event's assembly. */
  timeZone: string;
  url: string;
  cancelled?: boolean;
}

const escapeText = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

const utc = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** RFC 5545 lines are at most 75 octets; longer ones continue on lines starting with a space. */
function fold(line: string) {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = Math.min(start + (start === 0 ? 75 : 74), bytes.length);
    // Never cut a UTF-8 character in two.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end -= 1;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
  }
  return parts.join('\r\n ');
}

/** The description, opening with the time as the assembly says it, its zone named. */
function descriptionOf(event: CalendarEvent, locale: Locale) {
  const when = message(locale, 'calendar.when', {
    when: formatDateTime(event.startsAt, { locale, timeZone: event.timeZone }),
  });
  return event.description ? `${when}\n\n${event.description}` : when;
}

/**
 * An iCalendar file (RFC 5545) that calendar apps import or subscribe to. Times are UTC (`Z`):
 * every app places them right in its reader's own zone, with no VTIMEZONE to get wrong. The
 * assembly's zone is named in each description and, when all events share one, given as the
 * calendar's zone (X-WR-TIMEZONE) for the apps that show a calendar in its own zone.
 */
export function icalendar(
  name: string,
  events: CalendarEvent[],
  { locale, now = new Date() }: { locale: Locale; now?: Date },
) {
  const zones = new Set(events.map((event) => event.timeZone));
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Cercle//AG permanente//FR',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(name)}`,
    ...(zones.size === 1 ? [`X-WR-TIMEZONE:${[...zones][0]}`] : []),
    ...events.flatMap((event) => [
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${utc(now)}`,
      `DTSTART:${utc(event.startsAt)}`,
      `DTEND:${utc(event.endsAt)}`,
      `SUMMARY:${escapeText(event.title)}`,
      `DESCRIPTION:${escapeText(descriptionOf(event, locale))}`,
      `LOCATION:${escapeText(event.location)}`,
      `URL:${event.url}`,
      `STATUS:${event.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
