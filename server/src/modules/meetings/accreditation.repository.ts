import { and, asc, count, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  assemblies,
  attendance,
  type Database,
  delegateQuotas,
  delegates,
  meetingSites,
  users,
} from '@cercle/db';

const designators = alias(users, 'designators');
const accreditors = alias(users, 'accreditors');

/** Quotas and delegates of meetings. Bind it to a transaction to work inside it. */
export function createAccreditationRepository({ db }: { db: Database }) {
  return {
    async quotas(meetingId: string) {
      return db
        .select({ antennaId: delegateQuotas.antennaId, seats: delegateQuotas.seats })
        .from(delegateQuotas)
        .where(eq(delegateQuotas.meetingId, meetingId));
    },
    async replaceQuotas(meetingId: string, quotas: { antennaId: string; seats: number }[]) {
      await db.delete(delegateQuotas).where(eq(delegateQuotas.meetingId, meetingId));
      const kept = quotas.filter((quota) => quota.seats > 0);
      if (kept.length) {
        await db.insert(delegateQuotas).values(kept.map((quota) => ({ meetingId, ...quota })));
      }
    },
    /** The meeting's delegates with the names the roll-up shows and where they are now. */
    async delegates(meetingId: string) {
      return db
        .select({
          delegate: delegates,
          name: users.name,
          designatedByName: designators.name,
          accreditedByName: accreditors.name,
          accreditedSiteName: meetingSites.name,
          present: attendance.present,
          siteId: attendance.siteId,
        })
        .from(delegates)
        .innerJoin(users, eq(users.id, delegates.userId))
        .innerJoin(designators, eq(designators.id, delegates.designatedBy))
        .leftJoin(accreditors, eq(accreditors.id, delegates.accreditedBy))
        .leftJoin(meetingSites, eq(meetingSites.id, delegates.accreditedSiteId))
        .leftJoin(
          attendance,
          and(eq(attendance.meetingId, meetingId), eq(attendance.userId, delegates.userId)),
        )
        .where(eq(delegates.meetingId, meetingId))
        .orderBy(asc(users.name));
    },
    async delegate(meetingId: string, userId: string) {
      const [row] = await db
        .select({ delegate: delegates, antennaName: assemblies.name })
        .from(delegates)
        .innerJoin(assemblies, eq(assemblies.id, delegates.antennaId))
        .where(and(eq(delegates.meetingId, meetingId), eq(delegates.userId, userId)));
      return row;
    },
    async designatedCount(meetingId: string, antennaId: string) {
      const [row] = await db
        .select({ count: count() })
        .from(delegates)
        .where(and(eq(delegates.meetingId, meetingId), eq(delegates.antennaId, antennaId)));
      return row?.count ?? 0;
    },
    async designate(values: {
      meetingId: string;
      userId: string;
      antennaId: string;
      designatedBy: string;
    }) {
      await db.insert(delegates).values(values);
    },
    async withdraw(meetingId: string, userId: string) {
      await db
        .delete(delegates)
        .where(and(eq(delegates.meetingId, meetingId), eq(delegates.userId, userId)));
    },
    async accredit(meetingId: string, userId: string, accreditedBy: string, siteId: string) {
      await db
        .update(delegates)
        .set({ accreditedAt: new Date(), accreditedBy, accreditedSiteId: siteId })
        .where(and(eq(delegates.meetingId, meetingId), eq(delegates.userId, userId)));
    },
  };
}
