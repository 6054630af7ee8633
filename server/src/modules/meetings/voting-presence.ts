/**
 * Who counts in a meeting's votes, as SQL conditions on a user id column, shared by every query
 * that decides it (presence and quorum, the frozen electorate, the batcher's check, the
 * participants at the close, the sites' show of hands). In a meeting that requires
 * accreditation, only designated delegates are entitled and only accredited ones vote in
 * person; elsewhere both conditions hold for everyone (ARCHITECTURE.md, "Rules").
 */
import { type SQL, sql } from 'drizzle-orm';

const accreditationOff = (meetingId: string | SQL) =>
  sql`not exists (select 1 from meetings am
                  where am.id = ${meetingId} and am.accreditation_required)`;

/** Entitled in the meeting: anyone, or a designated delegate when it accredits. */
export const designatedOrFree = (meetingId: string | SQL, userId: SQL) =>
  sql`(${accreditationOff(meetingId)} or exists (
        select 1 from delegates dd where dd.meeting_id = ${meetingId} and dd.user_id = ${userId}))`;

/**
 * Votes in person once present: anyone, or an accredited delegate when the meeting accredits.
 * The ballot batch's function (`cercle_take_ballots`, migration 0017) applies the same rule in
 * PL/pgSQL: change both together.
 */
export const accreditedOrFree = (meetingId: string | SQL, userId: SQL) =>
  sql`(${accreditationOff(meetingId)} or exists (
        select 1 from delegates ad where ad.meeting_id = ${meetingId} and ad.user_id = ${userId}
          and ad.accredited_at is not null))`;
