// No imports: pages that ship to phones read this module (the API modules carry zod).

/** The meeting's iCalendar file, served by the API. */
export function calendarPath(meetingId: string): string {
  return `/api/meetings/${encodeURIComponent(meetingId)}/calendar.ics`;
}
