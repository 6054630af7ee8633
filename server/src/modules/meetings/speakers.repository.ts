import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  type Database,
  meetingSites,
  newId,
  speakerRequests,
  type SpeakerRequestRow,
  users,
} from '@cercle/db';

const adders = alias(users, 'adders');

/** A request with the names a list shows. */
export interface SpeakerRequestView {
  request: SpeakerRequestRow;
  personName: string;
  site: { id: string; name: string; online: boolean } | null;
  addedByName: string | null;
}

/** Bind it to a transaction (`createSpeakersRepository({ db: tx })`) to work inside it. */
export function createSpeakersRepository({ db }: { db: Database }) {
  const view = () =>
    db
      .select({
        request: speakerRequests,
        personName: users.name,
        siteId: meetingSites.id,
        siteName: meetingSites.name,
        siteOnline: meetingSites.online,
        addedByName: adders.name,
      })
      .from(speakerRequests)
      .innerJoin(users, eq(users.id, speakerRequests.personId))
      .leftJoin(meetingSites, eq(meetingSites.id, speakerRequests.siteId))
      .leftJoin(adders, eq(adders.id, speakerRequests.addedBy));
  type Row = Awaited<ReturnType<ReturnType<typeof view>['execute']>>[number];
  const toView = (row: Row): SpeakerRequestView => ({
    request: row.request,
    personName: row.personName,
    site:
      row.siteId === null
        ? null
        : { id: row.siteId, name: row.siteName!, online: row.siteOnline ?? false },
    addedByName: row.addedByName,
  });

  return {
    async find(id: string, { lock = false } = {}) {
      const query = db.select().from(speakerRequests).where(eq(speakerRequests.id, id));
      const [row] = await (lock ? query.for('update') : query);
      return row;
    },

    /** The requests of an item still waiting, and every turn given in the meeting (oldest first). */
    async ofList(meetingId: string, itemId: string | null) {
      const rows = await view()
        .where(
          and(
            eq(speakerRequests.meetingId, meetingId),
            inArray(speakerRequests.status, ['waiting', 'speaking', 'spoken']),
          ),
        )
        .orderBy(asc(speakerRequests.requestedAt), asc(speakerRequests.id));
      const views = rows.map(toView);
      return {
        waiting: views.filter(
          (row) => row.request.status === 'waiting' && row.request.itemId === itemId,
        ),
        turns: views
          .filter((row) => row.request.floorGivenAt !== null)
          .sort((a, b) => a.request.floorGivenAt!.getTime() - b.request.floorGivenAt!.getTime()),
      };
    },

    /** Who holds the floor in the meeting, if anyone. */
    async speaking(meetingId: string) {
      const [row] = await db
        .select()
        .from(speakerRequests)
        .where(
          and(eq(speakerRequests.meetingId, meetingId), eq(speakerRequests.status, 'speaking')),
        );
      return row;
    },

    async waitingOf(itemId: string, personId: string, pointOfOrder: boolean) {
      const [row] = await db
        .select()
        .from(speakerRequests)
        .where(
          and(
            eq(speakerRequests.itemId, itemId),
            eq(speakerRequests.personId, personId),
            eq(speakerRequests.pointOfOrder, pointOfOrder),
            inArray(speakerRequests.status, ['waiting', 'speaking']),
          ),
        );
      return row;
    },

    async waiting(itemId: string) {
      return db
        .select()
        .from(speakerRequests)
        .where(and(eq(speakerRequests.itemId, itemId), eq(speakerRequests.status, 'waiting')));
    },

    /** Every turn given in the meeting, oldest first: the history the order reads. */
    async turns(meetingId: string) {
      return db
        .select()
        .from(speakerRequests)
        .where(
          and(eq(speakerRequests.meetingId, meetingId), isNotNull(speakerRequests.floorGivenAt)),
        )
        .orderBy(asc(speakerRequests.floorGivenAt));
    },

    async add(values: Omit<typeof speakerRequests.$inferInsert, 'id'>) {
      const [row] = await db
        .insert(speakerRequests)
        .values({ id: newId(), ...values })
        .returning();
      return row!;
    },

    async update(id: string, values: Partial<typeof speakerRequests.$inferInsert>) {
      await db.update(speakerRequests).set(values).where(eq(speakerRequests.id, id));
    },
  };
}
