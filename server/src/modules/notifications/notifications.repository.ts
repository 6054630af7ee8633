import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  lt,
  notExists,
  or,
  sql,
  type SQLWrapper,
} from 'drizzle-orm';
import {
  assemblies,
  type Database,
  events,
  meetingSites,
  members,
  elections,
  motionCoauthors,
  motions,
  newId,
  notificationCursor,
  notifications,
  participations,
  pollElectorate,
  polls,
  queryRows,
  unsubscribeTokens,
  users,
} from '@cercle/db';
import type { NotificationType } from '@cercle/shared';

export interface NewNotification {
  userIds: string[];
  assemblyId: string;
  type: NotificationType;
  subjectId: string;
  motionId: string | null;
  /** The election it is about: where the notice links to. */
  electionId?: string | null;
  /** The meeting it is about (a cancelled one): where the notice links to. */
  meetingId?: string | null;
  title: string;
  /** When it happened (the event's time), not when the worker got to it. */
  createdAt?: Date;
}

/**
 * The zone a person's daily digest goes by: that of their antenna (of their first assembly when
 * they belong to none), so that « 7:00 » is their morning. Null when they belong nowhere.
 */
function digestZoneOf(userId: SQLWrapper) {
  return sql<string | null>`(
    select ${assemblies.timeZone} from ${members}
    join ${assemblies} on ${assemblies.id} = ${members.assemblyId}
    where ${members.userId} = ${userId}
    order by (${assemblies.kind} = 'antenna') desc, ${assemblies.id}
    limit 1)`;
}

/** Bind it to a transaction (`createNotificationsRepository({ db: tx })`) to work inside it. */
export function createNotificationsRepository({ db }: { db: Database }) {
  return {
    /** Adds one notification per person; a person is never told the same thing twice. */
    async add({ userIds, ...values }: NewNotification) {
      if (!userIds.length) return;
      // One statement whatever the number of people, their ids sent as two arrays: rows built
      // one by one by the query builder (in groups of 1,000, under the 65,535 parameters a
      // statement may carry) cost some 150 MB of short-lived objects for a poll opened before
      // 5,000 members, while their sockets were connecting.
      const ids = userIds.map(() => newId());
      await db.execute(sql`
        insert into notifications
          (id, user_id, assembly_id, type, subject_id, motion_id, election_id, meeting_id, title, created_at)
        select person.id, person.user_id, ${values.assemblyId}, ${values.type}, ${values.subjectId},
          ${values.motionId}, ${values.electionId ?? null}, ${values.meetingId ?? null}, ${values.title},
          coalesce(${values.createdAt?.toISOString() ?? null}::timestamptz, now())
        from unnest(${sql.param(ids)}::text[], ${sql.param(userIds)}::text[]) as person(id, user_id)
        on conflict do nothing`);
    },

    /**
     * One page, newest first, after `before` (a time to the millisecond and an id). Times are
     * compared to the millisecond because the cursor went through a JavaScript date.
     */
    async listFor(userId: string, limit: number, before?: { at: Date; id: string }) {
      const at = sql`date_trunc('milliseconds', ${notifications.createdAt})`;
      return db
        .select({ notification: notifications, timeZone: assemblies.timeZone })
        .from(notifications)
        .innerJoin(assemblies, eq(assemblies.id, notifications.assemblyId))
        .where(
          and(
            eq(notifications.userId, userId),
            before
              ? sql`(${at}, ${notifications.id}) < (${before.at.toISOString()}::timestamptz, ${before.id})`
              : undefined,
          ),
        )
        .orderBy(desc(at), desc(notifications.id))
        .limit(limit);
    },

    async unreadCount(userId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(notifications)
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
      return row?.count ?? 0;
    },

    async markRead(userId: string, ids?: string[]) {
      await db
        .update(notifications)
        .set({ readAt: new Date() })
        .where(
          and(
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            ids ? inArray(notifications.id, ids) : undefined,
          ),
        );
    },

    /** The event log position the worker reached, locked until the transaction ends. */
    async lockCursor() {
      await db.insert(notificationCursor).values({ name: 'events' }).onConflictDoNothing();
      const [cursor] = await db
        .select()
        .from(notificationCursor)
        .where(eq(notificationCursor.name, 'events'))
        .for('update');
      return cursor!.lastEventId;
    },

    async moveCursor(lastEventId: number) {
      await db
        .update(notificationCursor)
        .set({ lastEventId })
        .where(eq(notificationCursor.name, 'events'));
    },

    /** Events after the cursor that are old enough for every earlier transaction to have committed. */
    async eventsAfter(lastEventId: number, settledBefore: Date, limit: number) {
      return db
        .select({
          id: events.id,
          assemblyId: events.assemblyId,
          type: events.type,
          actorId: events.actorId,
          payload: events.payload,
          createdAt: events.createdAt,
        })
        .from(events)
        .where(and(gt(events.id, lastEventId), lt(events.createdAt, settledBefore)))
        .orderBy(asc(events.id))
        .limit(limit);
    },

    async memberIds(assemblyId: string) {
      const rows = await db
        .select({ userId: members.userId })
        .from(members)
        .where(eq(members.assemblyId, assemblyId));
      return rows.map((row) => row.userId);
    },

    /**
     * Who was expected at a meeting: the members of its assembly and, for a decentralised
     * meeting, of the antennas that have a room in it.
     */
    async meetingAudienceIds(meetingId: string, assemblyId: string) {
      const rows = await db
        .selectDistinct({ userId: members.userId })
        .from(members)
        .where(
          or(
            eq(members.assemblyId, assemblyId),
            inArray(
              members.assemblyId,
              db
                .select({ id: meetingSites.antennaId })
                .from(meetingSites)
                .where(
                  and(eq(meetingSites.meetingId, meetingId), isNotNull(meetingSites.antennaId)),
                ),
            ),
          ),
        );
      return rows.map((row) => row.userId);
    },

    async electorateIds(pollId: string) {
      const rows = await db
        .select({ userId: pollElectorate.userId })
        .from(pollElectorate)
        .where(eq(pollElectorate.pollId, pollId));
      return rows.map((row) => row.userId);
    },

    /** The authors and accepted co-authors of these motions, each once. */
    async authorIds(motionIds: readonly string[]) {
      if (!motionIds.length) return [];
      const [authors, coauthors] = await Promise.all([
        db
          .select({ userId: motions.authorId })
          .from(motions)
          .where(inArray(motions.id, [...motionIds])),
        db
          .select({ userId: motionCoauthors.userId })
          .from(motionCoauthors)
          .where(
            and(
              inArray(motionCoauthors.motionId, [...motionIds]),
              eq(motionCoauthors.status, 'accepted'),
            ),
          ),
      ]);
      return [...new Set([...authors, ...coauthors].map((row) => row.userId))];
    },

    async motionTitle(motionId: string) {
      const [row] = await db
        .select({ title: motions.title })
        .from(motions)
        .where(eq(motions.id, motionId));
      return row?.title ?? '';
    },

    async electionTitle(electionId: string) {
      const [row] = await db
        .select({ title: elections.title })
        .from(elections)
        .where(eq(elections.id, electionId));
      return row?.title ?? '';
    },

    /**
     * Open polls and election rounds closing before `until`, with the entitled voters who have
     * not answered yet.
     */
    async closingSoon(now: Date, until: Date) {
      return db
        .select({
          pollId: polls.id,
          assemblyId: polls.assemblyId,
          motionId: polls.motionId,
          electionId: polls.electionId,
          title: sql<string>`coalesce(${motions.title}, ${elections.title}, '')`,
          userId: pollElectorate.userId,
        })
        .from(polls)
        .leftJoin(motions, eq(motions.id, polls.motionId))
        .leftJoin(elections, eq(elections.id, polls.electionId))
        .innerJoin(pollElectorate, eq(pollElectorate.pollId, polls.id))
        .where(
          and(
            eq(polls.status, 'open'),
            gt(polls.closesAt, now),
            lt(polls.closesAt, until),
            notExists(
              db
                .select({ one: sql`1` })
                .from(participations)
                .where(
                  and(
                    eq(participations.pollId, polls.id),
                    eq(participations.voterId, pollElectorate.userId),
                  ),
                ),
            ),
          ),
        );
    },

    /** People due a digest: unmailed notifications, not opted out, none mailed in a day. */
    /**
     * Who has notifications not yet mailed nor read, with what decides whether today's digest is
     * due: when they last got one, their oldest waiting notification, and the time zone their
     * day is counted in (their antenna's, else another assembly of theirs).
     */
    async digestCandidates() {
      const zone = digestZoneOf(users.id);
      return db
        .select({
          id: users.id,
          lastDigestAt: users.lastDigestAt,
          oldestWaiting: sql<Date>`min(${notifications.createdAt})`.mapWith(
            (value: string | Date) => new Date(value),
          ),
          timeZone: zone,
        })
        .from(users)
        .innerJoin(notifications, eq(notifications.userId, users.id))
        .where(
          and(
            eq(users.digestOptOut, false),
            sql`${users.passwordHash} is not null`,
            isNull(notifications.mailedAt),
            isNull(notifications.readAt),
          ),
        )
        .groupBy(users.id);
    },

    /** The zone of one person's digest time (null: the federation's default). */
    async digestZone(userId: string): Promise<string | null> {
      const [row] = await queryRows<{ timeZone: string | null }>(
        db,
        sql`select ${digestZoneOf(sql`${userId}`)} as "timeZone"`,
      );
      return row?.timeZone ?? null;
    },

    async unmailed(userId: string) {
      return db
        .select()
        .from(notifications)
        .where(
          and(
            eq(notifications.userId, userId),
            isNull(notifications.mailedAt),
            isNull(notifications.readAt),
          ),
        )
        .orderBy(asc(notifications.createdAt));
    },

    /**
     * Takes today's digest for a person, atomically: when several instances run the worker,
     * only one of them gets `true`.
     */
    /** Takes today's digest for this person, unless one went out since `since` (any instance). */
    async claimDigest(userId: string, now: Date, since: Date) {
      const claimed = await db
        .update(users)
        .set({ lastDigestAt: now })
        .where(
          and(eq(users.id, userId), or(isNull(users.lastDigestAt), lt(users.lastDigestAt, since))),
        )
        .returning({ id: users.id });
      return claimed.length > 0;
    },

    /** The notifications a digest job promised to mail, oldest first. */
    async byIds(userId: string, ids: string[]) {
      if (!ids.length) return [];
      return db
        .select()
        .from(notifications)
        .where(and(eq(notifications.userId, userId), inArray(notifications.id, ids)))
        .orderBy(asc(notifications.createdAt));
    },

    /** Who a digest goes to, as they are when it is sent. */
    async digestReader(userId: string) {
      const [row] = await db
        .select({
          email: users.email,
          name: users.name,
          locale: users.locale,
          isAdmin: users.isAdmin,
          digestOptOut: users.digestOptOut,
        })
        .from(users)
        .where(eq(users.id, userId));
      return row;
    },

    /** Keeps the hash of a digest's one-click unsubscribe secret. */
    async addUnsubscribeToken(tokenHash: string, userId: string) {
      await db.insert(unsubscribeTokens).values({ tokenHash, userId });
    },

    /** Stops the digest of the person whose link this is; false for an unknown link. */
    async unsubscribe(tokenHash: string): Promise<boolean> {
      const stopped = await db
        .update(users)
        .set({ digestOptOut: true })
        .where(
          sql`${users.id} = (select ${unsubscribeTokens.userId} from ${unsubscribeTokens}
                where ${unsubscribeTokens.tokenHash} = ${tokenHash})`,
        )
        .returning({ id: users.id });
      return stopped.length > 0;
    },

    async markMailed(ids: string[], at: Date) {
      await db.update(notifications).set({ mailedAt: at }).where(inArray(notifications.id, ids));
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
