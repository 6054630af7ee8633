import { and, eq, gte, inArray } from 'drizzle-orm';
import { assemblies, type Database, meetings, members, users } from '@cercle/db';
import { icalendar } from '../../text/icalendar.ts';
import { hashToken, newSecretToken } from '../../tokens.ts';

/** A feed shows the meetings of the last thirty days and every one to come. */
const feedHistoryMs = 30 * 24 * 3600_000;

/** A per-person iCalendar feed of the meetings of every assembly they belong to. */
export function createCalendarService({ db, publicUrl }: { db: Database; publicUrl: URL }) {
  return {
    /** A new secret address for the person's feed; the previous one stops working. */
    async newFeed(userId: string) {
      const token = newSecretToken();
      await db
        .update(users)
        .set({ calendarToken: hashToken(token) })
        .where(eq(users.id, userId));
      return new URL(`/api/calendar/${token}.ics`, publicUrl).href;
    },

    /** The feed behind a secret token, or null when no one holds it. */
    async feed(token: string) {
      const [owner] = await db
        .select()
        .from(users)
        .where(eq(users.calendarToken, hashToken(token)));
      if (!owner) return null;
      const assemblyIds = (
        await db
          .select({ id: members.assemblyId })
          .from(members)
          .where(eq(members.userId, owner.id))
      ).map((row) => row.id);
      const rows = assemblyIds.length
        ? await db
            .select({ meeting: meetings, timeZone: assemblies.timeZone })
            .from(meetings)
            .innerJoin(assemblies, eq(assemblies.id, meetings.assemblyId))
            .where(
              and(
                inArray(meetings.assemblyId, assemblyIds),
                gte(meetings.endsAt, new Date(Date.now() - feedHistoryMs)),
              ),
            )
        : [];
      return icalendar(
        'Cercle',
        rows.map(({ meeting, timeZone }) => ({
          uid: `${meeting.id}@cercle`,
          title: meeting.title,
          description: '',
          location: meeting.location,
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          timeZone,
          url: new URL(`/meetings/${meeting.id}`, publicUrl).href,
          // A calendar app crosses it out instead of keeping a meeting that will not happen.
          cancelled: meeting.status === 'cancelled',
        })),
        { locale: owner.locale },
      );
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
