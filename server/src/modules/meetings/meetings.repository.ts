import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  agendaItems,
  attendance,
  type Database,
  meetings,
  meetingSites,
  members,
  newId,
  polls,
  proxies,
  siteCounts,
  users,
} from '@cercle/db';
import { accreditedOrFree, designatedOrFree } from './voting-presence.ts';

const holders = alias(users, 'holders');

/** Bind it to a transaction (`createMeetingsRepository({ db: tx })`) to work inside it. */
export function createMeetingsRepository({ db }: { db: Database }) {
  return {
    /**
     * Deletes the motion polls prepared for the meeting and never opened (a cancelled meeting's):
     * nothing was asked in them yet. Returns what was deleted, for the events.
     */
    async removePreparedPolls(meetingId: string) {
      return db
        .delete(polls)
        .where(
          and(
            eq(polls.meetingId, meetingId),
            eq(polls.status, 'created'),
            sql`${polls.motionId} is not null`,
          ),
        )
        .returning({ id: polls.id, motionId: polls.motionId, amendmentId: polls.amendmentId });
    },
    async findById(id: string, { lock = false } = {}) {
      const query = db.select().from(meetings).where(eq(meetings.id, id));
      const [meeting] = await (lock ? query.for('update') : query);
      return meeting;
    },
    async list(assemblyId: string) {
      return db
        .select()
        .from(meetings)
        .where(eq(meetings.assemblyId, assemblyId))
        .orderBy(asc(meetings.startsAt));
    },
    async create(values: Omit<typeof meetings.$inferInsert, 'id'>) {
      const [meeting] = await db
        .insert(meetings)
        .values({ id: newId(), ...values })
        .returning();
      return meeting!;
    },
    async update(id: string, values: Partial<typeof meetings.$inferInsert>) {
      const [meeting] = await db
        .update(meetings)
        .set(values)
        .where(eq(meetings.id, id))
        .returning();
      return meeting!;
    },
    async sites(meetingId: string) {
      return db
        .select()
        .from(meetingSites)
        .where(eq(meetingSites.meetingId, meetingId))
        .orderBy(asc(meetingSites.name));
    },
    async site(siteId: string) {
      const [site] = await db.select().from(meetingSites).where(eq(meetingSites.id, siteId));
      return site;
    },
    async siteByCode(meetingId: string, code: string) {
      const [site] = await db
        .select()
        .from(meetingSites)
        .where(
          and(
            eq(meetingSites.meetingId, meetingId),
            eq(meetingSites.checkInCode, code.toUpperCase()),
          ),
        );
      return site;
    },
    async addSite(values: Omit<typeof meetingSites.$inferInsert, 'id'>) {
      const [site] = await db
        .insert(meetingSites)
        .values({ id: newId(), ...values })
        .returning();
      return site!;
    },
    async agenda(meetingId: string) {
      return db
        .select()
        .from(agendaItems)
        .where(eq(agendaItems.meetingId, meetingId))
        .orderBy(asc(agendaItems.position));
    },
    async agendaItem(id: string) {
      const [item] = await db.select().from(agendaItems).where(eq(agendaItems.id, id));
      return item;
    },
    async addAgendaItem(values: Omit<typeof agendaItems.$inferInsert, 'id'>) {
      const [item] = await db
        .insert(agendaItems)
        .values({ id: newId(), ...values })
        .returning();
      return item!;
    },
    async updateAgendaItem(id: string, values: Partial<typeof agendaItems.$inferInsert>) {
      await db.update(agendaItems).set(values).where(eq(agendaItems.id, id));
    },
    async attendanceOf(meetingId: string, userId: string) {
      const [row] = await db
        .select()
        .from(attendance)
        .where(and(eq(attendance.meetingId, meetingId), eq(attendance.userId, userId)));
      return row;
    },
    async checkIn(values: {
      meetingId: string;
      userId: string;
      siteId: string;
      checkedInBy: string;
    }) {
      await db
        .insert(attendance)
        .values(values)
        .onConflictDoUpdate({
          target: [attendance.meetingId, attendance.userId],
          set: {
            siteId: values.siteId,
            present: true,
            checkedInAt: new Date(),
            checkedOutAt: null,
            checkedInBy: values.checkedInBy,
          },
        });
    },
    async checkOut(meetingId: string, userId: string) {
      const rows = await db
        .update(attendance)
        .set({ present: false, checkedOutAt: new Date() })
        .where(
          and(
            eq(attendance.meetingId, meetingId),
            eq(attendance.userId, userId),
            eq(attendance.present, true),
          ),
        )
        .returning();
      return rows.length > 0;
    },
    /**
     * Members with the voting right, whether they are present, and where; only the delegates,
     * present once accredited, in a meeting that requires accreditation. Counted in groups alike
     * (college, site, presence), so that the answer does not grow with the assembly; the people a
     * proxy in force names come one by one, with their id, for the quorum to decide what it counts.
     */
    async presence(meetingId: string, assemblyId: string) {
      const present = sql<boolean>`(coalesce(${attendance.present}, false)
            and ${accreditedOrFree(meetingId, sql`${members.userId}`)})`;
      // The people proxies in force name: a few, read once rather than looked up for each member.
      const named = db
        .selectDistinct({
          userId: sql<string>`unnest(array[${proxies.grantorId}, ${proxies.holderId}])`.as(
            'named_user_id',
          ),
        })
        .from(proxies)
        .where(and(eq(proxies.meetingId, meetingId), isNull(proxies.endedAt)))
        .as('named');
      return (
        db
          .select({
            userId: named.userId,
            collegeId: members.collegeId,
            siteId: attendance.siteId,
            present,
            count: sql<number>`count(*)::int`,
          })
          .from(members)
          .leftJoin(
            attendance,
            and(eq(attendance.meetingId, meetingId), eq(attendance.userId, members.userId)),
          )
          .leftJoin(named, eq(named.userId, members.userId))
          .where(
            and(
              eq(members.assemblyId, assemblyId),
              eq(members.votingRight, true),
              designatedOrFree(meetingId, sql`${members.userId}`),
            ),
          )
          // By position (1 to 4): each expression as selected, written once.
          .groupBy(sql`1, 2, 3, 4`)
      );
    },
    /** The meeting's proxies, with names; only those in force given by `grantorId` if named. */
    async proxies(meetingId: string, grantorId?: string) {
      return db
        .select({ proxy: proxies, grantorName: users.name, holderName: holders.name })
        .from(proxies)
        .innerJoin(users, eq(users.id, proxies.grantorId))
        .innerJoin(holders, eq(holders.id, proxies.holderId))
        .where(
          and(
            eq(proxies.meetingId, meetingId),
            grantorId ? and(eq(proxies.grantorId, grantorId), isNull(proxies.endedAt)) : undefined,
          ),
        )
        .orderBy(asc(proxies.createdAt));
    },
    async activeProxies(meetingId: string) {
      return db
        .select()
        .from(proxies)
        .where(and(eq(proxies.meetingId, meetingId), isNull(proxies.endedAt)));
    },
    async proxy(id: string) {
      const [proxy] = await db.select().from(proxies).where(eq(proxies.id, id));
      return proxy;
    },
    async addProxy(values: { meetingId: string; grantorId: string; holderId: string }) {
      const [proxy] = await db
        .insert(proxies)
        .values({ id: newId(), ...values })
        .returning();
      return proxy!;
    },
    async endProxies(ids: string[], reason: 'revoked' | 'grantor_present') {
      if (!ids.length) return;
      await db
        .update(proxies)
        .set({ endedAt: new Date(), endReason: reason })
        .where(inArray(proxies.id, ids));
    },
    async siteCounts(pollId: string) {
      return db.select().from(siteCounts).where(eq(siteCounts.pollId, pollId));
    },
    async replaceSiteCounts(
      pollId: string,
      siteId: string,
      enteredBy: string,
      counts: {
        choice: (typeof siteCounts.$inferInsert)['choice'];
        count: number;
        collegeId?: string | null | undefined;
      }[],
    ) {
      await db
        .delete(siteCounts)
        .where(and(eq(siteCounts.pollId, pollId), eq(siteCounts.siteId, siteId)));
      await db.insert(siteCounts).values(
        counts.map((c) => ({
          pollId,
          siteId,
          enteredBy,
          choice: c.choice,
          count: c.count,
          collegeId: c.collegeId ?? null,
        })),
      );
    },
  };
}

export type MeetingsRepository = ReturnType<typeof createMeetingsRepository>;
